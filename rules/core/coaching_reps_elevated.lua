-- Manager scorecard: reps the manager lifted from below 80% of quota before taking over to
-- quota now. Never breached: it is the measure the articles ask managers to be judged by
-- (docs/core-pack.md, "Manager scorecard").

return {
  id = "coaching.reps_elevated",
  title = "Coaching: reps elevated",
  kind = "threshold",
  unit = "count",
  subject = "manager",
  description = "Reports below 80% of quota before the manager took over and at quota since.",

  evaluate = function(manager, ctx)
    local p, m = ctx.params, ctx.metrics
    local n = p.elevated_periods
    local result = { limit = 0, breached = false }

    local before = manager.role_start_date and m.closed_periods_before(manager.role_start_date, n) or {}
    local now = m.last_closed_periods(n)
    local overlap = false
    for _, a in ipairs(before) do
      for _, b in ipairs(now) do overlap = overlap or a.id == b.id end
    end
    if manager.role_start_date == nil or #before < n or overlap then
      result.value = 0
      result.notes = { "insufficient data" }
      result.message = ("%s: not enough closed periods before and since taking the role to compare"):format(manager.name)
      return result
    end

    local elevated = {}
    for _, report in ipairs(m.reports(manager)) do
      local had_quota = true
      for _, period in ipairs(before) do had_quota = had_quota and m.quota(report, period) ~= nil end
      if had_quota and m.mean_attainment(report, before) < p.elevated_pre_max
        and m.sustained(report, n, n, 1.0) then
        elevated[#elevated + 1] = report
      end
    end
    local names = {}
    for i, report in ipairs(elevated) do names[i] = report.name end
    table.sort(names)

    result.value = #elevated
    result.evidence = m.ids(elevated)
    result.message = #elevated == 0
      and ("%s has not yet lifted a report from below %d%% of quota to quota"):format(manager.name, p.elevated_pre_max * 100)
      or ("%s lifted %d report%s to quota: %s"):format(manager.name, #elevated, #elevated == 1 and "" or "s",
                                                       table.concat(names, ", "))
    return result
  end,

  action = "Pair {subject} with a manager who has lifted reps to quota, and agree which report to lift next",
}

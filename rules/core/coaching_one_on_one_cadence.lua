-- Manager scorecard: every report gets a 1-on-1 at least every three weeks
-- (docs/core-pack.md, "Manager scorecard").

return {
  id = "coaching.one_on_one_cadence",
  title = "Coaching: 1-on-1 cadence",
  kind = "threshold",
  unit = "days",
  subject = "manager",
  description = "The longest stretch any report went without a 1-on-1 in the last 90 days.",

  evaluate = function(manager, ctx)
    local p, m = ctx.params, ctx.metrics
    local limit = p.one_on_one_max_gap
    local reports = m.reports(manager)
    if #reports == 0 then
      return { value = nil, limit = limit, breached = false, notes = { "insufficient data" },
               message = manager.name .. " has no active reports" }
    end

    local longest, over, gaps = 0, {}, {}
    for _, report in ipairs(reports) do
      local gap = m.one_on_one_gap(manager, report, p.one_on_one_window_days)
      longest = math.max(longest, gap)
      if gap > limit then
        over[#over + 1] = report
        gaps[#gaps + 1] = ("%s %d days"):format(report.name, gap)
      end
    end
    table.sort(gaps)

    local message
    if #over == 0 then
      message = ("%s met every report at least every %d days (longest gap %d days)"):format(manager.name, limit, longest)
    else
      message = ("%s left %d of %d reports more than %d days without a 1-on-1: %s")
        :format(manager.name, #over, #reports, limit, table.concat(gaps, ", "))
    end
    return { value = longest, limit = limit, breached = longest > limit, evidence = m.ids(over), message = message }
  end,

  action = "Book 1-on-1s this week with {people}, then hold {subject} to a recurring slot at least every {limit}",
}

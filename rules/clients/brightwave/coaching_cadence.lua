-- Brightwave's cadence: every report gets a 1-on-1 or a coaching session at least every two
-- weeks. It replaces core's 1-on-1 cadence, so it keeps core's id, kind and subject.

local coaching = require("lib.coaching")

return {
  id = "coaching.one_on_one_cadence",
  title = "Coaching: time with every report every two weeks",
  kind = "threshold",
  unit = "days",
  subject = "manager",
  description = "The longest stretch any report went without a 1-on-1 or a coaching session.",

  evaluate = function(manager, ctx)
    local p, m = ctx.params, ctx.metrics
    local limit = p.cadence_max_gap
    local reports = m.reports(manager)
    if #reports == 0 then
      return { value = nil, limit = limit, breached = false, notes = { "insufficient data" },
               message = manager.name .. " has no active reports" }
    end

    local longest, over, gaps = 0, {}, {}
    for _, report in ipairs(reports) do
      local gap = coaching.longest_gap(manager, report, p.one_on_one_window_days)
      longest = math.max(longest, gap)
      if gap > limit then
        over[#over + 1] = report
        gaps[#gaps + 1] = ("%s %d days"):format(report.name, gap)
      end
    end
    table.sort(gaps)

    local message
    if #over == 0 then
      message = ("%s spent time with every report at least every %d days"):format(manager.name, limit)
    else
      message = ("%s left %d of %d reports more than %d days without a 1-on-1 or coaching: %s")
        :format(manager.name, #over, #reports, limit, table.concat(gaps, ", "))
    end
    return { value = longest, limit = limit, breached = longest > limit, evidence = m.ids(over), message = message }
  end,
}

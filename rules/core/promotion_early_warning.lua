-- Promotion early warning: in a new manager's first 18 months, a drop of 15% or more in the
-- team's bookings, or two regretted exits, says the promotion is failing (docs/core-pack.md;
-- in "The Promotion That Destroys Teams" revenue fell 23% and two top performers quit in six months).

local format = require("lib.format")

return {
  id = "promotion.early_warning",
  title = "Promotion early warning: new manager's team in trouble",
  kind = "threshold",
  unit = "drop",
  subject = "manager",
  description = "Team bookings before and after the promotion, and regretted exits since.",

  evaluate = function(manager, ctx)
    local p, m = ctx.params, ctx.metrics
    local months = m.months_in_role(manager)
    if months == nil or months >= p.early_warning_months then return nil end  -- not a new manager

    local n = p.early_warning_periods
    local before = m.closed_periods_before(manager.role_start_date, n)
    local after = m.last_closed_periods(n)
    local overlap = false
    for _, a in ipairs(before) do
      for _, b in ipairs(after) do overlap = overlap or a.id == b.id end
    end
    local before_total, before_deals = m.team_bookings(manager, before)
    local after_total, after_deals = m.team_bookings(manager, after)

    local notes, drop = {}, nil
    if overlap or #before < n or #after < n or before_total == 0 then
      notes[1] = "insufficient data: bookings cannot be compared before and after the promotion"
    else
      drop = (before_total - after_total) / before_total
    end

    local exits = m.exits(manager, manager.role_start_date, true)
    local bookings_breached = drop ~= nil and drop >= p.bookings_drop
    local exits_breached = #exits >= p.regretted_exits
    local breached = bookings_breached or exits_breached

    local evidence = {}
    for _, exit in ipairs(exits) do evidence[#evidence + 1] = exit.person.id end
    table.sort(evidence)
    for _, period in ipairs(before) do evidence[#evidence + 1] = period.id end
    for _, period in ipairs(after) do evidence[#evidence + 1] = period.id end
    for _, id in ipairs(m.ids(before_deals)) do evidence[#evidence + 1] = id end
    for _, id in ipairs(m.ids(after_deals)) do evidence[#evidence + 1] = id end

    local parts, bookings = {}, "cannot be compared"
    if drop ~= nil then
      local change = "held steady"
      if drop > 0 then change = ("fell %s"):format(format.share(drop, p.bookings_drop)) end
      if drop < 0 then change = ("rose %s"):format(format.share(-drop)) end
      bookings = ("%s, from %s to %s"):format(change, format.money(before_total), format.money(after_total))
      parts[#parts + 1] = "team bookings " .. bookings
    end
    local exited = ("%d since the promotion"):format(#exits)
    parts[#parts + 1] = ("%d regretted exit%s since the promotion"):format(#exits, #exits == 1 and "" or "s")
    local message = ("%s, %d months in role: %s"):format(manager.name, months, table.concat(parts, "; "))

    local result = {
      value = drop, limit = p.bookings_drop, breached = breached, evidence = evidence, notes = notes,
      conditions = {
        { name = "team bookings", passed = not bookings_breached, value = drop, limit = p.bookings_drop, detail = bookings },
        { name = "regretted exits", passed = not exits_breached, value = #exits, limit = p.regretted_exits, detail = exited },
      },
      message = message .. (breached and " — the promotion is at risk" or ""),
    }
    if breached then result.exposure = p.failure_rate * p.failed_promotion_cost end
    return result
  end,

  action = "Put a support plan around {subject} now: team bookings {value} since the promotion; regretted exits: {people}",
}

-- Brightwave's enablement track: a rep who sells at least as well as the middle of their team
-- and has led an enablement session is ready to coach new hires. Uses core's team_median.

return {
  id = "brightwave.enablement_gate",
  title = "Ready for the enablement track",
  kind = "gate",
  subject = "rep",
  outcomes = { "ready", "not_yet" },
  description = "At or above the team's median attainment, and has led an enablement session.",

  evaluate = function(rep, ctx)
    local p, m = ctx.params, ctx.metrics
    local team = ctx.index.teams_by_id[rep.team_id]
    if team == nil then return nil end

    local periods = m.last_closed_periods(p.enablement_periods)
    local function attainment(person) return m.mean_attainment(person, periods) end
    local median, reps = m.team_median(team, attainment)
    local mine = attainment(rep)
    local led = m.activities(rep, { led_project = true }, p.enablement_lead_days)

    local function percent(x) return x and ("%.0f%%"):format(x * 100) or "none" end
    local sells = mine ~= nil and median ~= nil and mine >= median
    local conditions = {
      { name = "at or above the team median", passed = sells,
        detail = ("%s against a median of %s over %d reps"):format(percent(mine), percent(median), reps) },
      { name = "led an enablement session", passed = #led > 0,
        detail = ("%d in the last %d days"):format(#led, p.enablement_lead_days) },
    }
    local reasons = {}
    if not sells then reasons[#reasons + 1] = "raise attainment to the middle of the team" end
    if #led == 0 then reasons[#reasons + 1] = "lead an enablement session for the team" end

    local outcome = #reasons == 0 and "ready" or "not_yet"
    return { outcome = outcome, conditions = conditions, reasons = reasons,
             message = ("%s is %s for the enablement track"):format(rep.name, outcome == "ready" and "ready" or "not yet ready") }
  end,
}

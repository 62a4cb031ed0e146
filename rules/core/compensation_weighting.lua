-- Compensation weighting: a manager's variable pay weighted toward team attainment and
-- retention, the team weight rising over the months after promotion (docs/core-pack.md,
-- "Compensation weighting", from both articles named there).

local format = require("lib.format")

-- The payout multiplier for a blended score: nothing below the floor, linear up to 100%,
-- accelerated above it, capped.
local function multiplier(blended, p)
  if blended < p.payout_floor then return 0 end
  if blended <= 1 then return blended end
  return math.min(1 + p.payout_accelerator * (blended - 1), p.payout_cap)
end

return {
  id = "compensation.weighting",
  title = "Compensation weighting: team, retention and personal",
  kind = "weighting",
  subject = "manager",
  description = "Weights by months in role, components on the last closed period, payout curve.",

  evaluate = function(manager, ctx)
    local p, m = ctx.params, ctx.metrics
    local notes = {}
    local period = m.last_closed_periods(1)[1]

    local months = m.months_in_role(manager)
    if months == nil then
      months = 0
      notes[#notes + 1] = "insufficient data: no role_start_date, weights as for a new manager"
    end
    local team_weight = p.team_weight_base
      + p.team_weight_ramp * math.min(months, p.team_weight_ramp_months) / p.team_weight_ramp_months
    local weights = { team = team_weight, retention = p.retention_weight, personal = 1 - team_weight - p.retention_weight }

    local personal, team
    if period ~= nil then
      personal = m.attainment(manager, period)
      team = m.team_attainment(manager, period)
    else
      notes[#notes + 1] = "insufficient data: no closed period to pay on"
    end
    if personal == nil then
      -- no quota in the payout period: the personal weight goes to the team
      weights.team, weights.personal = weights.team + weights.personal, 0
      if period ~= nil then notes[#notes + 1] = "no personal quota in the payout period: its weight goes to the team" end
    end
    if team == nil then notes[#notes + 1] = "insufficient data: no report has a quota in the payout period" end
    local retention, leavers, no_data = m.retention(manager, p.retention_days)
    if no_data then notes[#notes + 1] = "insufficient data: no reports and no leavers, retention counts as 100%" end

    local cap = p.component_cap
    local components = {
      personal = math.min(personal or 0, cap),
      team = math.min(team or 0, cap),
      retention = math.min(retention, cap),
    }
    local blended = weights.team * components.team + weights.retention * components.retention
      + weights.personal * components.personal
    local factor = multiplier(blended, p)
    local payout = manager.target_incentive and manager.target_incentive * factor

    local evidence = {}
    if period then evidence[1] = period.id end
    for _, leaver in ipairs(leavers) do evidence[#evidence + 1] = leaver.person.id end

    local message = ("%s, %d months in role: team %s x %s, retention %s x %s, personal %s x %s = %s blended")
      :format(manager.name, months,
              format.percent(weights.team), format.share(components.team),
              format.percent(weights.retention), format.share(components.retention),
              format.percent(weights.personal), format.share(components.personal),
              format.share(blended))
    if payout then
      message = message .. ("; payout %s (%s of the %s target)")
        :format(format.money(payout), format.share(factor), format.money(manager.target_incentive))
    end
    return {
      weights = weights, components = components, blended = blended, payout = payout, multiplier = factor,
      evidence = evidence, notes = notes, message = message,
    }
  end,

  action = "Pay {subject} {payout}: {multiplier} of target on a blended score of {blended}",
}

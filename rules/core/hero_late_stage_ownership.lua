-- Hero-Manager: a manager who is primary owner of more than 20% of the team's late-stage deals
-- is closing for the team instead of building it (docs/core-pack.md, "Hero-Manager thresholds").

local format = require("lib.format")

return {
  id = "hero.late_stage_ownership",
  title = "Hero-Manager: owns too many late-stage deals",
  kind = "threshold",
  subject = "manager",
  description = "Share of the team's late-stage deals the manager owns as primary owner.",

  evaluate = function(manager, ctx)
    local limit = ctx.params.late_share_limit
    local share, owned, late = ctx.metrics.late_stage_share(manager)

    if #late < ctx.params.min_late_deals then
      return {
        value = share, limit = limit, breached = false, severity = "none",
        evidence = ctx.metrics.ids(owned),
        notes = { "insufficient data" },
        message = ("%s's team has %d late-stage deals, fewer than the %d needed to judge ownership")
          :format(manager.name, #late, ctx.params.min_late_deals),
      }
    end

    local breached = share > limit
    local severity = "none"
    if share > ctx.params.late_share_high_factor * limit then
      severity = "high"
    elseif breached then
      severity = "medium"
    end

    return {
      value = share, limit = limit, breached = breached, severity = severity,
      evidence = ctx.metrics.ids(owned),
      message = ("%s is primary owner of %d of %d late-stage deals (%s), %s the %s limit")
        :format(manager.name, #owned, #late, format.share(share, limit),
                format.against(share, limit), format.percent(limit)),
    }
  end,

  -- what to do about a breach: {deals} are the late-stage deals the manager owns
  action = "Hand {deals} back to the reps who worked them, and coach {subject} to lead the close instead of owning it",
}

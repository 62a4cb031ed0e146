-- Hero-Manager: a manager personally involved in 80% of the team's deals is a bottleneck even
-- when someone else is the owner of record (docs/core-pack.md, "Hero-Manager thresholds").

local format = require("lib.format")

return {
  id = "hero.involvement",
  title = "Hero-Manager: involved in too many deals",
  kind = "threshold",
  subject = "manager",
  description = "Share of the team's recent deals the manager owns or sits on in any role.",

  evaluate = function(manager, ctx)
    local limit = ctx.params.involvement_limit
    local days = ctx.params.involvement_days
    local share, involved, window = ctx.metrics.involvement(manager, days)

    if #window < ctx.params.min_involvement_deals then
      return {
        value = share, limit = limit, breached = false, severity = "none",
        evidence = ctx.metrics.ids(involved),
        notes = { "insufficient data" },
        message = ("%s's team has %d open or recently closed deals, fewer than the %d needed to judge involvement")
          :format(manager.name, #window, ctx.params.min_involvement_deals),
      }
    end

    local breached = share >= limit
    return {
      value = share, limit = limit, breached = breached,
      severity = breached and "medium" or "none",
      evidence = ctx.metrics.ids(involved),
      message = ("%s is involved in %d of %d open or recently closed deals (%s), %s the %s limit")
        :format(manager.name, #involved, #window, format.share(share, limit),
                format.against(share, limit), format.percent(limit)),
    }
  end,

  action = "Step {subject} back from {deals}: let the reps run them, and coach in deal reviews instead of sitting on the deal",
}

-- Manager scorecard: a pipeline where more than a quarter of the open deals have sat in their
-- stage for over 45 days is stalled (docs/core-pack.md, "Manager scorecard").

local format = require("lib.format")

return {
  id = "pipeline.stalled_deals",
  title = "Pipeline: stalled deals",
  kind = "threshold",
  subject = "manager",
  description = "Share of the team's open deals that have not moved stage for too long.",

  evaluate = function(manager, ctx)
    local p, m = ctx.params, ctx.metrics
    local limit = p.stalled_share_limit
    local share, stalled, open = m.stalled_share(manager, p.stall_days)
    if #open == 0 then
      return { value = 0, limit = limit, breached = false, notes = { "insufficient data" },
               message = manager.name .. "'s team has no open deals" }
    end
    return {
      value = share, limit = limit, breached = share > limit, evidence = m.ids(stalled),
      message = ("%d of %d open deals on %s's team have not moved stage in over %d days (%s), %s the %s limit")
        :format(#stalled, #open, manager.name, p.stall_days, format.share(share, limit),
                format.against(share, limit), format.percent(limit)),
    }
  end,

  action = "Review {deals} with their owners at {subject}'s next pipeline meeting: move each one forward or close it out",
}

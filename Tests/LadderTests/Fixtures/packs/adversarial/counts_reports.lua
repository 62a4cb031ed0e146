return {
  id = "ok.counts_reports",
  title = "Counts a manager's reports",
  kind = "threshold",
  unit = "count",
  subject = "manager",
  evaluate = function(manager, ctx)
    local n = #(ctx.index.reports_by_manager[manager.id] or {})
    return { value = n, limit = ctx.params.minimum, breached = n < ctx.params.minimum,
             evidence = { manager.id }, message = manager.name .. " has " .. n .. " reports" }
  end,
}

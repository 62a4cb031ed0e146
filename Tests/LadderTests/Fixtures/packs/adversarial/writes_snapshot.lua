return {
  id = "bad.writes_snapshot", title = "Writes the snapshot", kind = "threshold", subject = "manager",
  evaluate = function(manager)
    manager.name = "Someone else"
  end,
}

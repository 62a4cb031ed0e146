local counter = require("lib.counter")
counter.bump()  -- the file's top level: it must run once per Lua state

return {
  id = "test.top_level_runs",
  title = "How often this file's top level ran in this state",
  kind = "threshold",
  unit = "count",
  subject = "rep",
  evaluate = function()
    return { value = counter.runs(), limit = 1, breached = counter.runs() > 1 }
  end,
}

return {
  id = "bad.loops_forever", title = "Loops", kind = "threshold", subject = "rep",
  evaluate = function()
    while true do end
  end,
}

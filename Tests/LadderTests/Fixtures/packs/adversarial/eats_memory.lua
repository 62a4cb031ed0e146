return {
  id = "bad.eats_memory", title = "Eats memory", kind = "threshold", subject = "manager",
  evaluate = function()
    local t = {}
    for i = 1, 1e9 do t[i] = ("x"):rep(100) .. i end
  end,
}

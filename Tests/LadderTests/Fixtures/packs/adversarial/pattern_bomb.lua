return {
  id = "bad.pattern_bomb", title = "Pattern bomb", kind = "threshold", subject = "manager",
  evaluate = function()
    local s = ("a"):rep(5000)
    return s:find(".-.-.-.-b")
  end,
}

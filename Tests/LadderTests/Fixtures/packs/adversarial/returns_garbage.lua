return {
  id = "bad.returns_garbage", title = "Returns garbage", kind = "threshold", subject = "manager",
  evaluate = function()
    return { value = 1, limit = "twenty", breached = false }
  end,
}

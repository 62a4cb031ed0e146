return {
  id = "bad.escapes", title = "Tries io", kind = "threshold", subject = "manager",
  evaluate = function()
    return io.open("/etc/passwd")
  end,
}

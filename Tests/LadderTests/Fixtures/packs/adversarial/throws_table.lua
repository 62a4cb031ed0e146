return {
  id = "bad.throws_table", title = "Throws a table", kind = "gate", subject = "rep",
  outcomes = { "ready" },
  evaluate = function(rep)
    error({ code = "no_assessment", message = "no assessment for " .. rep.id })
  end,
}

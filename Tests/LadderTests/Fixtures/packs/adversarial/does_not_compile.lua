return {
  id = "bad.does_not_compile"
  title = "Missing comma",
}

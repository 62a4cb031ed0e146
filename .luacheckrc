-- Rule packs run in Ladder's sandbox (docs/sandbox.md): flag what the sandbox does not offer.
std = "lua54"
unused_args = false
not_globals = { "io", "os", "debug", "package", "dofile", "loadfile", "print", "rawset", "warn" }
max_line_length = 130

/// A Lua source compiled once, as bytecode with its debug information (file names and lines).
/// Plain bytes, so one compilation serves every state of the process; only ``LuaState`` makes
/// chunks, and scripts can never load bytecode themselves.
public struct LuaChunk: Sendable, Equatable {
    /// The name errors show, e.g. `rules/core/hero_involvement.lua`.
    public let name: String
    let bytecode: [UInt8]
}

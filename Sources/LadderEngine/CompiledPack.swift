import LadderModel
import LadderPacks
import LuaBridge

/// A rule pack compiled once: the bytecode of every Lua file, shared by the Lua states of every
/// worker and of every evaluation that uses it (a pack test's cases, a parameter sweep). Each
/// state loads the bytecode and runs a rule file's top level once; nothing compiles again.
public final class CompiledPack: Sendable {
    public let pack: RulePack
    /// Bytecode by file, relative to the pack folder (`lib/metrics.lua`); a file that does not
    /// compile is missing here and listed in ``compileFailures``.
    let chunks: [String: LuaChunk]
    /// One `declaration` failure per file that does not compile, with its line.
    let compileFailures: [RuleFailure]

    /// Compiles every Lua file of the pack but its tests. Nothing runs.
    public init(_ pack: RulePack) {
        self.pack = pack
        var chunks: [String: LuaChunk] = [:]
        var failures: [RuleFailure] = []
        let state: LuaState?
        do { state = try LuaState(texts: .rules) } catch { state = nil }
        for file in pack.sources.keys.sorted() where !file.hasPrefix("tests/") {
            let chunkName = pack.chunkName(file)
            do {
                guard let state else { throw LuaError.stateUnavailable }
                chunks[file] = try state.compile(pack.sources[file]!, chunkName: chunkName)
            } catch {
                failures.append(RuleFailure(error, pack: pack.manifest, rule: nil, file: chunkName, subject: nil))
            }
        }
        self.chunks = chunks
        self.compileFailures = failures
    }

    /// The lines that hold code in each compiled file, by chunk name: what coverage counts against.
    public var codeLines: [String: Set<Int>] {
        Dictionary(uniqueKeysWithValues: chunks.values.map { ($0.name, $0.codeLines) })
    }
}

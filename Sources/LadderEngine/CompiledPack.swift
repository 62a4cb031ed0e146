import LadderModel
import LadderPacks
import LuaBridge

/// A rule pack compiled once: the bytecode of every Lua file, shared by the Lua states of every
/// worker and of every evaluation that uses it (a pack test's cases, a parameter sweep). Each
/// state loads the bytecode and runs a rule file's top level once; nothing compiles again.
public final class CompiledPack: Sendable {
    public let pack: RulePack
    /// Bytecode by layer and file (`lib/metrics.lua` of `core`); a file that does not compile is
    /// missing here and listed in ``compileFailures``.
    let chunks: [RulePack.LayerFile: LuaChunk]
    /// One `declaration` failure per file that does not compile, with its line.
    let compileFailures: [RuleFailure]

    /// Compiles every Lua file of every layer but their tests. Nothing runs.
    public init(_ pack: RulePack) {
        self.pack = pack
        var chunks: [RulePack.LayerFile: LuaChunk] = [:]
        var failures: [RuleFailure] = []
        let state: LuaState?
        do { state = try LuaState(texts: .rules) } catch { state = nil }
        for (index, layer) in pack.layers.enumerated() {
            for file in layer.sources.keys.sorted() where !file.hasPrefix("tests/") {
                let chunkName = layer.chunkName(file)
                do {
                    guard let state else { throw LuaError.stateUnavailable }
                    chunks[.init(layer: index, file: file)] = try state.compile(layer.sources[file]!, chunkName: chunkName)
                } catch {
                    failures.append(RuleFailure(error, pack: layer.name, rule: nil, file: chunkName, subject: nil))
                }
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

import Foundation
import LadderModel
import LadderPacks
import LadderSnapshots
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

    private init(pack: RulePack, chunks: [RulePack.LayerFile: LuaChunk], compileFailures: [RuleFailure]) {
        self.pack = pack
        self.chunks = chunks
        self.compileFailures = compileFailures
    }

    /// This pack with one file's source replaced (a mutant), compiling only that file; the
    /// other files' bytecode is shared.
    /// - Throws: the compile error, when the new source does not compile.
    public func replacing(_ file: RulePack.LayerFile, source: String, limits: RuleLimits) throws -> CompiledPack {
        let pack = pack.replacing(file, source: source, limits: limits)
        var chunks = chunks
        chunks[file] = try LuaState(texts: .rules).compile(source, chunkName: pack.chunkName(file))
        return CompiledPack(pack: pack, chunks: chunks, compileFailures: compileFailures)
    }

    /// The lines that hold code in each compiled file, by chunk name: what coverage counts against.
    public var codeLines: [String: Set<Int>] {
        Dictionary(uniqueKeysWithValues: chunks.values.map { ($0.name, $0.codeLines) })
    }
}

/// What a pack declares, read without a client's data: for `ladder check` and `ladder pack show`.
public struct PackDeclarations: Sendable {
    /// In the order they run, each with the layer whose file declares it.
    public var rules: [DeclaredRule]
    /// Files that do not compile or declare, and helpers that do not load.
    public var failures: [RuleFailure]
    /// `disable:` and `replace:` entries that do not fit the rules below them.
    public var problems: [String]
}

public struct DeclaredRule: Sendable {
    public var declaration: RuleDeclaration
    /// Index into ``RulePack/layers``.
    public var layer: Int
    /// Where `evaluate` starts.
    public var location: String
    /// The layer whose rule of the same id it replaces.
    public var replaces: Int?
}

extension CompiledPack {
    /// The Lua release rules run on ("Lua 5.4.6"): part of a recorded run's provenance.
    public static var luaRelease: String { LuaState.release }

    /// Runs every rule file's top level in a state holding an empty snapshot, and reads the
    /// declarations.
    /// - Throws: ``LuaError`` when no Lua state can be had.
    public func declarations() throws -> PackDeclarations {
        let parameters = ParameterSet(pack.parameters.map {
            .init(name: $0.name, value: $0.value, defaultValue: $0.parameter.defaultValue, setBy: $0.setBy)
        })
        let session = try RuleSession(compiled: self, loaded: Self.emptySnapshot, parameters: parameters, coverage: false)
        return PackDeclarations(rules: session.rules.map { DeclaredRule(declaration: $0.declaration, layer: $0.layer, location: $0.location, replaces: $0.replaces) },
                                failures: session.loadFailures, problems: session.packProblems)
    }

    /// A folder as a person would type it: from the working directory when it is below it.
    package static func display(_ folder: URL) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        let path = folder.standardizedFileURL.path
        return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
    }

    /// One team and nothing else: what a rule file sees when it is read without data.
    static let emptySnapshot: LoadedSnapshot = {
        let json = #"{"version": 1, "as_of": "2000-01-01", "organization": {"id": "none", "name": "none", "currency": "USD"},"#
            + #" "periods": [], "teams": [{"id": "none", "name": "none"}], "people": []}"#
        return try! SnapshotLoader().load(Data(json.utf8))
    }()
}

extension CompiledPack {
    /// The pack as it runs: layers, rules with the layer and file they run from, parameters
    /// with their value and who set it. The same resolution evaluation uses.
    /// - Throws: ``LadderError/invalidPack(file:problems:)`` when a `disable:` or `replace:`
    ///   does not fit, or ``LuaError`` when no Lua state can be had.
    public func describe() throws -> PackDescription {
        let declared = try declarations()
        if !declared.problems.isEmpty { throw LadderError.invalidPack(file: pack.manifest.file, problems: declared.problems) }
        return PackDescription(
            name: pack.name, version: pack.version, sha256: pack.sha256,
            layers: pack.layers.map { .init(name: $0.name, version: $0.manifest.version, sha256: $0.sha256, folder: Self.display($0.root)) },
            rules: declared.rules.map { rule in
                let d = rule.declaration
                return .init(id: d.id, title: d.title, kind: d.kind, subject: d.subject, layer: pack.layers[rule.layer].name, file: d.file,
                             replaces: rule.replaces.map { pack.layers[$0].name })
            },
            disabled: pack.disabled.map { .init(id: $0.rule.value, by: pack.layers[$0.layer].name) },
            parameters: pack.parameters.map { p in
                .init(name: p.name, type: p.parameter.kind, value: p.value, defaultValue: p.parameter.defaultValue, minimum: p.parameter.minimum,
                      maximum: p.parameter.maximum, declaredBy: p.declaredBy, setBy: p.setBy, description: p.parameter.description)
            },
            constraints: pack.constraints.map { .init(condition: $0.text, declaredBy: $0.declaredBy) })
    }
}

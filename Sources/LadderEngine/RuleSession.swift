import LadderModel
import LadderPacks
import LadderSnapshots
import LuaBridge

/// One worker's Lua state: the compiled pack loaded into it, the snapshot as rules see it, and
/// the loop that runs a rule over a run of subjects. It stays on the thread that made it.
/// Rebuilt after a budget trip, which may leave Lua damaged.
final class RuleSession {
    let compiled: CompiledPack
    let loaded: LoadedSnapshot
    let records: SnapshotRecords
    let parameters: ParameterSet
    private var pack: RulePack { compiled.pack }
    /// The pack's budgets, for every run in this session.
    private let limits: LuaLimits
    private var state: LuaState!
    private var lua: LuaSnapshot!
    private var rulesByID: [String: LoadedRule] = [:]
    private var helpers: [String: LuaRef] = [:]
    private var params: LuaRef!
    /// Rules in pack order, as this state's rule files declared them.
    private(set) var rules: [LoadedRule] = []
    /// Files that failed to compile or declare, and helpers that failed to load.
    private(set) var loadFailures: [RuleFailure] = []
    /// `disable:` and `replace:` entries that do not fit the rules below them, with file and line.
    private(set) var packProblems: [String] = []
    /// Lua states built so far, rebuilds included.
    private(set) var statesBuilt = 0
    /// `ctx`'s fields: reading another is an error.
    private var contextShape: LuaShape!
    /// How many of a rule's runs were too long to go uncounted. A collection or the scheduler
    /// stretches the odd run; a rule whose runs are long is counted after a few.
    private var recounts: [String: Int] = [:]
    private static let recountsBeforeCounting = 3
    private func mayRunUncounted(_ ruleID: String) -> Bool { recounts[ruleID, default: 0] < Self.recountsBeforeCounting }

    private let recordsCoverage: Bool
    /// Lines run in states this session has already replaced.
    private var earlierCoverage: [String: Set<Int>] = [:]

    /// What `print` and `ctx.log` write goes here, when asked for.
    private(set) var trace = TraceBuffer()
    private let tracing: Tracing
    /// Who is running now, for the trace: a rule file's top level, or a rule on a subject.
    private var running: (rule: String, subject: String, ordinal: Int) = ("", "", -1)
    private var log: LuaRef!

    /// Which `print` and `ctx.log` calls a session keeps.
    enum Tracing {
        case none
        /// The rules' calls, not the rule files' top levels: a second worker does not repeat them.
        case rules
        case all
    }

    /// - Parameter records: the snapshot's records, shared with the other workers' sessions
    ///   (built here when nil).
    init(compiled: CompiledPack, loaded: LoadedSnapshot, records: SnapshotRecords? = nil, parameters: ParameterSet, coverage: Bool,
         tracing: Tracing = .none) throws {
        self.compiled = compiled
        self.loaded = loaded
        self.records = records ?? SnapshotRecords(loaded)
        self.parameters = parameters
        self.limits = LuaLimits(compiled.pack.limits)
        self.recordsCoverage = coverage
        self.tracing = tracing
        try build()
    }

    /// Every line of Lua this session ran, across rebuilds.
    var coverage: [String: Set<Int>] {
        earlierCoverage.merging(state?.coveredLines() ?? [:]) { $0.union($1) }
    }

    private func build() throws {
        if recordsCoverage, let state { earlierCoverage = earlierCoverage.merging(state.coveredLines()) { $0.union($1) } }
        state = nil
        state = try LuaState(texts: .rules)
        statesBuilt += 1
        if recordsCoverage { state.enableCoverage() }
        lua = try LuaSnapshot(state: state, loaded: loaded, records: records)
        rulesByID = [:]
        rules = []
        helpers = [:]
        loadFailures = compiled.compileFailures
        packProblems = []
        state.provide(module: "ladder", try makeLadderModule())
        log = state.function { [unowned self] arguments in
            // A rebuilt state's top levels were traced when the first one ran them.
            let loading = running.ordinal < 0
            if (tracing == .all && !(loading && statesBuilt > 1)) || (tracing == .rules && !loading) {
                trace.append(rule: running.rule, subject: running.subject, ordinal: running.ordinal,
                             text: arguments.map { TraceBuffer.text($0, nested: false) }.joined(separator: "\t"))
            }
            return .nil
        }
        state.setGlobal("print", log)

        let modules = pack.modules
        for (module, file) in modules.sorted(by: { $0.key < $1.key }) {
            if let chunk = compiled.chunks[file] { state.preload(module: module, chunk) }
        }
        let requireChunk = try state.load("return require(...)", chunkName: "ladder/helpers.lua")
        for (name, module) in pack.helpers.sorted(by: { $0.key < $1.key }) {
            do { helpers[name] = try state.callKeepingResult(requireChunk, [.string(module)], limits: limits) } catch {
                let file = modules[module].map(pack.chunkName) ?? pack.manifest.file
                loadFailures.append(RuleFailure(error, pack: pack.name, rule: nil, file: file, subject: nil,
                                                context: "helper \(name) (module \(module))"))
            }
        }
        var seen: [String: String] = [:]
        for file in pack.ruleFiles {
            for var rule in declare(file) {
                if let other = seen[rule.declaration.id] {
                    let error = RuleContractError("declaration.id", "\"\(rule.declaration.id)\" is already declared in \(other); to change it, use replace:")
                    loadFailures.append(RuleFailure(error, pack: pack.layers[file.layer].name, rule: nil, file: rule.declaration.file, subject: nil))
                    continue
                }
                seen[rule.declaration.id] = rule.declaration.file
                rule.layer = file.layer
                rules.append(rule)
            }
        }
        applyDisableAndReplace()
        contextShape = state.makeShape(label: "ctx", noun: "field", names: RuleContract.contextFields + ["log"] + helpers.keys.sorted(),
                                       hint: "helpers such as ctx.metrics are listed under helpers: in pack.yaml")
        rulesByID = Dictionary(uniqueKeysWithValues: rules.map { ($0.declaration.id, $0) })
    }

    /// Runs a rule file's top level (once for this state) and reads what it declares; a
    /// failure is recorded and declares nothing.
    private func declare(_ file: RulePack.LayerFile) -> [LoadedRule] {
        guard let chunk = compiled.chunks[file] else { return [] }
        running = (chunk.name, "", -1)
        do {
            return try DeclarationReader.read(try state.call(state.load(chunk), limits: limits), file: chunk.name, in: state)
        } catch {
            var failure = RuleFailure(error, pack: pack.layers[file.layer].name, rule: nil, file: chunk.name, subject: nil)
            if let contract = error as? RuleContractError,
               let line = DeclarationReader.line(of: contract.path, in: pack.layers[file.layer].sources[file.file]) {
                failure.location = "\(chunk.name):\(line)"
            }
            loadFailures.append(failure)
            return []
        }
    }

    /// A layer's `disable:` takes out rules of the layers below it; its `replace:` runs another
    /// of its files in their place, which must declare the same id, kind and subject.
    private func applyDisableAndReplace() {
        func below(_ layer: Int, _ id: String) -> Int? { rules.firstIndex { $0.declaration.id == id && $0.layer < layer } }
        func unknown(_ layer: Int, _ key: String, _ id: String, line: Int) -> String {
            let ids = rules.filter { $0.layer < layer }.map(\.declaration.id)
            return "\(pack.layers[layer].manifest.at(line)): \(key): no rule \"\(id)\" in the packs below\(id.didYouMean(ids))"
        }
        for (layer, entry) in pack.disabled {
            guard let i = below(layer, entry.value) else {
                packProblems.append(unknown(layer, "disable", entry.value, line: entry.line))
                continue
            }
            rules.remove(at: i)
        }
        for (layer, entry) in pack.replacements {
            guard let i = below(layer, entry.rule) else {
                packProblems.append(unknown(layer, "replace.\(entry.rule)", entry.rule, line: entry.line))
                continue
            }
            let original = rules[i].declaration
            let at = "\(pack.layers[layer].manifest.at(entry.line)): replace.\(entry.rule)"
            let declared = declare(.init(layer: layer, file: entry.file))
            guard declared.count == 1, var replacement = declared.first else {
                if loadFailures.last?.file != pack.layers[layer].chunkName(entry.file) || declared.count > 1 {
                    packProblems.append("\(at): \(entry.file) must declare exactly one rule, \"\(entry.rule)\"")
                }
                continue
            }
            let new = replacement.declaration
            guard new.id == original.id, new.kind == original.kind, new.subject == original.subject else {
                packProblems.append("\(at): \(entry.file) declares \(new.id) (\(new.kind.rawValue) on \(new.subject.rawValue)); a replacement must declare the same id, kind and subject as the rule it replaces: \(original.id) (\(original.kind.rawValue) on \(original.subject.rawValue))")
                continue
            }
            replacement.layer = layer
            replacement.replaces = rules[i].layer
            rules[i] = replacement
        }
    }

    /// What one run of a rule over some of its subjects produced. Outputs carry the subject's
    /// ordinal in the rule's subject list, so that workers' outputs merge in a fixed order.
    struct Outcome {
        var results: [(ordinal: Int, result: RuleResult)] = []
        var failures: [(ordinal: Int, failure: RuleFailure)] = []
        /// The ordinal of the subject that tripped a budget, when one did.
        var trippedAt: Int?
        /// The ordinal of the unit's first subject: where its results go among other units'.
        var first = 0
    }

    /// Runs one rule over `subjects`, skipping those `skip` names (a later subject of a rule
    /// that another worker saw trip). A budget trip stops the run — the rule's later subjects
    /// would most likely trip too — and rebuilds the state for the next run.
    func evaluate(_ ruleID: String, _ subjects: ArraySlice<PlannedSubject>, skip: (Int) -> Bool) -> Outcome {
        var outcome = Outcome(first: subjects.first?.ordinal ?? 0)
        guard var rule = rulesByID[ruleID] else { return outcome }
        let declaration = rule.declaration
        var ctx = makeContext(for: declaration)
        let layer = pack.layers[rule.layer].manifest
        let origin = RuleOrigin(pack: layer.name, version: layer.version, file: declaration.file)
        var uncounted = mayRunUncounted(ruleID)
        for subject in subjects where !skip(subject.ordinal) {
            running = (declaration.id, subject.ref.id, subject.ordinal)
            do {
                let traced = trace.mark
                var value = try call(rule, on: subject, ctx: ctx, uncounted: uncounted)
                if value == nil {
                    // Too long to go uncounted: again, counted, in a state it has not been in.
                    trace.takeBack(to: traced)
                    recounts[ruleID, default: 0] += 1
                    uncounted = mayRunUncounted(ruleID)
                    guard rebuild(), let rebuilt = rulesByID[ruleID] else { throw LuaError.stateUnavailable }
                    rule = rebuilt
                    ctx = makeContext(for: declaration)
                    running = (declaration.id, subject.ref.id, subject.ordinal)  // the rebuild ran the files' top levels
                    value = try call(rule, on: subject, ctx: ctx, uncounted: false)
                }
                guard let value else { preconditionFailure("a counted run is never to be made again") }
                if let result = try ResultReader.read(value, rule: declaration, subject: subject.ref, origin: origin) {
                    outcome.results.append((subject.ordinal, result))
                }
            } catch {
                let failure = RuleFailure(error, pack: layer.name, rule: declaration.id, file: declaration.file, subject: subject.ref)
                outcome.failures.append((subject.ordinal, failure))
                if case LuaError.budgetExceeded = error {
                    outcome.trippedAt = subject.ordinal
                    rebuild()
                    return outcome
                }
                if !isUsable { return outcome }
            }
        }
        return outcome
    }

    /// The rule's result for the subject; nil when the run went uncounted for too long and must
    /// be made again, counted, in a fresh state. (An optional rather than `catch .recount` in
    /// `evaluate`: that catch, beside the state it rebuilds, crashes Swift 6.3's compiler.)
    private func call(_ rule: LoadedRule, on subject: PlannedSubject, ctx: LuaRef, uncounted: Bool) throws(LuaError) -> LuaValue? {
        let record = lua.subject(rule.declaration.subject, position: subject.position)
        do {
            return try state.call(rule.evaluate, [.reference(record), .reference(ctx)], limits: limits, mayRunUncounted: uncounted)
        } catch .recount {
            return nil
        }
    }

    /// A state that cannot be rebuilt leaves the session unusable; its worker stops taking work.
    @discardableResult
    private func rebuild() -> Bool {
        do { try build(); return true } catch { state = nil; return false }
    }

    var isUsable: Bool { state != nil }

    /// `require("ladder")`: the snapshot, its indexes, `as_of` and the parameters, for helper
    /// modules that have no `ctx`.
    private func makeLadderModule() throws -> LuaRef {
        let declared = parameters.values.map(\.name)
        params = state.makeTable(shape: state.makeShape(label: "ctx.params", noun: "parameter", names: declared,
                                                        hint: "declare it under parameters: in pack.yaml")) { table in
            for setting in parameters.values { table.set(.name(setting.name), setting.value.luaValue) }
        }
        let names = ["snapshot", "index", "as_of", "params"]
        return state.makeTable(shape: state.makeShape(label: "require(\"ladder\")", noun: "field", names: names)) { table in
            table.set("snapshot", .reference(lua.root))
            table.set("index", .reference(lua.index))
            table.set("as_of", .string(loaded.snapshot.asOf.description))
            table.set("params", .reference(params))
        }
    }

    private func makeContext(for rule: RuleDeclaration) -> LuaRef {
        state.makeTable(shape: contextShape) { table in
            table.set("params", .reference(params))
            table.set("snapshot", .reference(lua.root))
            table.set("index", .reference(lua.index))
            table.set("as_of", .string(loaded.snapshot.asOf.description))
            table.set("rule", .table(["id": .string(rule.id), "title": .string(rule.title), "kind": .string(rule.kind.rawValue),
                                      "subject": .string(rule.subject.rawValue)]))
            table.set("pack", .table(["name": .string(pack.name), "version": .string(pack.version)]))
            table.set("log", .reference(log))
            for (name, helper) in helpers { table.set(.name(name), .reference(helper)) }
        }
    }
}

import LuaBridge

/// One worker's Lua state holding the pack's modules, the rules and the snapshot, and the loop
/// that runs a rule over its subjects. Rebuilt after a budget trip, which may leave Lua damaged.
final class RuleSession {
    let pack: RulePack
    let loaded: LoadedSnapshot
    let parameters: ParameterSet
    private var state: LuaState!
    private var lua: LuaSnapshot!
    private var rules: [String: LoadedRule] = [:]
    private var helpers: [String: LuaRef] = [:]
    private var params: LuaRef!
    /// Rules in pack order, as declared.
    private(set) var declarations: [RuleDeclaration] = []
    /// Files that failed to compile or declare, and helpers that failed to load.
    private(set) var loadFailures: [RuleFailure] = []

    private let recordsCoverage: Bool
    /// Lines run in states this session has already replaced.
    private var earlierCoverage: [String: Set<Int>] = [:]

    init(pack: RulePack, loaded: LoadedSnapshot, parameters: ParameterSet, coverage: Bool = false) throws {
        self.pack = pack
        self.loaded = loaded
        self.parameters = parameters
        self.recordsCoverage = coverage
        try build()
    }

    /// Every line of Lua this session ran, across rebuilds.
    var coverage: [String: Set<Int>] {
        earlierCoverage.merging(state?.coveredLines() ?? [:]) { $0.union($1) }
    }

    private func origin(_ file: String) -> RuleOrigin {
        RuleOrigin(pack: pack.manifest.name, version: pack.manifest.version, file: file)
    }

    private func build() throws {
        if recordsCoverage, let state { earlierCoverage = earlierCoverage.merging(state.coveredLines()) { $0.union($1) } }
        state = try LuaState()
        if recordsCoverage { state.enableCoverage() }
        lua = try LuaSnapshot(state: state, loaded: loaded)
        rules = [:]
        helpers = [:]
        declarations = []
        loadFailures = []
        let limits = pack.manifest.limits
        state.provide(module: "ladder", try makeLadderModule())

        for (module, file) in pack.modules.sorted(by: { $0.key < $1.key }) where !pack.manifest.rules.contains(file) {
            do { try state.preload(module: module, source: pack.sources[file]!, chunkName: pack.chunkName(file)) } catch {
                loadFailures.append(failure(error, rule: nil, file: pack.chunkName(file), subject: nil))
            }
        }
        let requireChunk = try state.load("return require(...)", chunkName: "ladder/helpers.lua")
        for (name, module) in pack.manifest.helpers.sorted(by: { $0.key < $1.key }) {
            do { helpers[name] = try state.callKeepingResult(requireChunk, [.string(module)], limits: limits) } catch {
                let file = pack.modules[module].map(pack.chunkName) ?? pack.chunkName(RulePack.manifestName)
                loadFailures.append(failure(error, rule: nil, file: file, subject: nil, context: "helper \(name) (module \(module))"))
            }
        }
        var seen: [String: String] = [:]
        for file in pack.manifest.rules {
            let chunkName = pack.chunkName(file)
            do {
                let chunk = try state.load(pack.sources[file]!, chunkName: chunkName)
                let declared = try DeclarationReader.read(try state.call(chunk, limits: limits), file: chunkName, in: state)
                for rule in declared {
                    if let other = seen[rule.declaration.id] {
                        throw RuleContractError("declaration.id", "\"\(rule.declaration.id)\" is already declared in \(other)")
                    }
                    seen[rule.declaration.id] = chunkName
                    rules[rule.declaration.id] = rule
                    declarations.append(rule.declaration)
                }
            } catch {
                loadFailures.append(failure(error, rule: nil, file: chunkName, subject: nil))
            }
        }
    }

    /// Subjects of a kind, by id; `only` keeps the listed ids.
    func subjects(_ kind: RuleDeclaration.SubjectKind, only: Set<String>?) -> [(ref: SubjectRef, position: Int)] {
        let s = loaded.snapshot
        var list: [(SubjectRef, Int)] = []
        switch kind {
        case .team:
            for (p, t) in s.teams.enumerated() { list.append((SubjectRef(kind: .team, id: t.id, name: t.name), p)) }
        case .rep, .manager:
            for (p, person) in s.people.enumerated() where person.active && person.role == kind.rawValue {
                list.append((SubjectRef(kind: kind, id: person.id, name: person.name), p))
            }
        }
        return list.filter { only?.contains($0.0.id) ?? true }.sorted { $0.0.id < $1.0.id }
    }

    /// Runs one rule over its subjects. After a budget trip the rule stops (its other subjects
    /// would most likely trip too) and the state is rebuilt for the next rule.
    func evaluate(ruleID: String, subjects only: Set<String>?) -> (results: [RuleResult], failures: [RuleFailure]) {
        guard let rule = rules[ruleID] else { return ([], []) }
        let declaration = rule.declaration
        var results: [RuleResult] = []
        var failures: [RuleFailure] = []
        let ctx: LuaRef
        do { ctx = try makeContext(for: declaration) } catch {
            return ([], [failure(error, rule: declaration.id, file: declaration.file, subject: nil)])
        }
        let subjects = subjects(declaration.subject, only: only)
        for (offset, (subject, position)) in subjects.enumerated() {
            do {
                let record = try lua.subject(declaration.subject, position: position)
                let value = try state.call(rule.evaluate, [.reference(record), .reference(ctx)], limits: pack.manifest.limits)
                if let result = try ResultReader.read(value, rule: declaration, subject: subject, origin: origin(declaration.file)) {
                    results.append(result)
                }
            } catch let error as LuaError {
                var f = failure(error, rule: declaration.id, file: declaration.file, subject: subject)
                if case .budgetExceeded = error {
                    let skipped = subjects.count - offset - 1
                    if skipped > 0 { f.message += "; the rule was stopped, \(skipped) more subject\(skipped == 1 ? "" : "s") not evaluated" }
                    failures.append(f)
                    try? build()
                    return (results, failures)
                }
                failures.append(f)
            } catch {
                failures.append(failure(error, rule: declaration.id, file: declaration.file, subject: subject))
            }
        }
        return (results, failures)
    }

    /// `require("ladder")`: the snapshot, its indexes, `as_of` and the parameters, for helper
    /// modules that have no `ctx`.
    private func makeLadderModule() throws -> LuaRef {
        params = state.makeTable { table in
            for (name, value) in parameters.values { table.set(.name(name), value.luaValue) }
        }
        return state.makeTable { table in
            table.set("snapshot", .reference(lua.root))
            table.set("index", .reference(lua.index))
            table.set("as_of", .string(loaded.snapshot.asOf.description))
            table.set("params", .reference(params))
        }
    }

    private func makeContext(for rule: RuleDeclaration) throws -> LuaRef {
        try state.makeTable { table in
            table.set("params", .reference(params))
            table.set("snapshot", .reference(lua.root))
            table.set("index", .reference(lua.index))
            table.set("as_of", .string(loaded.snapshot.asOf.description))
            table.set("rule", .table(["id": .string(rule.id), "title": .string(rule.title), "kind": .string(rule.kind.rawValue),
                                      "subject": .string(rule.subject.rawValue)]))
            table.set("pack", .table(["name": .string(pack.manifest.name), "version": .string(pack.manifest.version)]))
            for (name, helper) in helpers { table.set(.name(name), .reference(helper)) }
        }
    }

    private func failure(_ error: any Error, rule: String?, file: String, subject: SubjectRef?, context: String? = nil) -> RuleFailure {
        var f = RuleFailure(pack: pack.manifest.name, rule: rule, file: file, subject: subject, kind: .error, message: "\(error)",
                            location: nil, code: nil, traceback: [])
        switch error {
        case let lua as LuaError:
            switch lua {
            case .syntax(let fault):
                f.kind = .declaration
                f.message = "does not compile: \(fault.message)"
                f.location = fault.location
            case .runtime(let fault):
                f.kind = rule == nil ? .declaration : .error
                f.message = fault.message
                f.location = fault.location
                f.code = fault.code
                f.traceback = fault.traceback
            case .budgetExceeded(let budget, let fault):
                f.kind = .budget
                f.message = "exceeded its \(budget)"
                f.location = fault?.location
                f.traceback = fault?.traceback ?? []
            case .invalidValue(let path, let reason):
                f.kind = rule == nil ? .declaration : .invalidResult
                f.message = "returned \(reason)\(path.isEmpty ? "" : " at result.\(path)")"
            case .stateUnavailable:
                f.message = lua.description
            }
        case let contract as RuleContractError:
            f.kind = rule == nil ? .declaration : .invalidResult
            f.message = contract.description
        default:
            break
        }
        if let context { f.message = "\(context): \(f.message)" }
        return f
    }
}

extension ParameterValue {
    var luaValue: LuaValue {
        switch self {
        case .number(let x): .number(x)
        case .integer(let i): .integer(Int64(i))
        case .boolean(let b): .boolean(b)
        case .string(let s): .string(s)
        case .list(let l): .array(l.map(LuaValue.string))
        }
    }
}

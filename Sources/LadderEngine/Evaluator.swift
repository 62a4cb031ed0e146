import LadderModel
import LadderPacks
import LadderSnapshots

/// Runs a rule pack over a snapshot.
///
/// ```swift
/// let pack = try RulePack.load(from: URL(fileURLWithPath: "rules/core"))
/// let snapshot = try SnapshotLoader().load(contentsOf: URL(fileURLWithPath: "examples/northwind/snapshot.json"))
/// let evaluation = try Evaluator(pack: pack).evaluate(snapshot)
/// for result in evaluation.results where result.isBreach { print(result.message ?? result.rule) }
/// ```
public struct Evaluator: Sendable {
    public let compiled: CompiledPack
    public let options: EvaluationOptions
    public var pack: RulePack { compiled.pack }

    /// Compiles the pack; to evaluate one pack many times, compile it once and use ``init(compiled:options:)``.
    public init(pack: RulePack, options: EvaluationOptions = .init()) {
        self.init(compiled: CompiledPack(pack), options: options)
    }

    public init(compiled: CompiledPack, options: EvaluationOptions = .init()) {
        self.compiled = compiled
        self.options = options
    }

    /// Evaluates every selected rule on every selected subject. Rule failures are part of the
    /// result, never thrown: one misbehaving rule does not stop the others.
    /// - Throws: ``LadderError`` for a parameter that does not fit, or a rule or subject that the
    ///   pack or snapshot does not have.
    public func evaluate(_ loaded: LoadedSnapshot) throws -> Evaluation {
        try run(loaded).evaluation
    }

    /// Like ``evaluate(_:)``, with what the run recorded besides: coverage, where each rule's
    /// code is, how many Lua states it built.
    public func run(_ loaded: LoadedSnapshot) throws -> EvaluationRun {
        let parameters = try ParameterSet(pack: pack, overrides: options.parameters)
        for id in options.subjects where loaded.index.personById[id] == nil && loaded.index.teamById[id] == nil {
            throw LadderError.unknownSubject(id)
        }
        // Worker 0's own session reads the declarations the work is planned from: no state is
        // built only to plan.
        let records = SnapshotRecords(loaded)
        let first = try RuleSession(compiled: compiled, loaded: loaded, records: records, parameters: parameters, coverage: options.coverage,
                                    tracing: options.trace ? .all : .none)
        if !first.packProblems.isEmpty { throw LadderError.invalidPack(file: pack.manifest.file, problems: first.packProblems) }
        let declared = first.rules.map(\.declaration.id)
        for id in options.rules where !declared.contains(id) {
            throw LadderError.unknownRule(id, known: declared)
        }
        let selected = first.rules.map(\.declaration).filter { options.rules.isEmpty || options.rules.contains($0.id) }
        let plan = WorkPlan(rules: selected, snapshot: loaded.snapshot, only: options.subjects.isEmpty ? nil : IDMap(marking: options.subjects))
        let job = EvaluationJob(plan: plan, progress: options.progress)
        let (compiled, coverage, tracing) = (self.compiled, options.coverage, options.trace ? RuleSession.Tracing.rules : .none)
        let workers = WorkerPool.workers(requested: options.workers, units: plan.units.count)
        WorkerPool.run(helpers: workers - 1, { _ in
            // A helper that cannot have a state of its own leaves its units to the others.
            guard let session = try? RuleSession(compiled: compiled, loaded: loaded, records: records, parameters: parameters, coverage: coverage,
                                                 tracing: tracing) else { return }
            job.work(with: session)
        }, alongside: { job.work(with: first) })

        let (results, failures) = job.merged()
        let (cited, kinds) = loaded.evidence(citedIn: Self.evidence(of: results))
        let s = loaded.snapshot
        var evaluation = Evaluation(
            pack: .init(name: pack.name, version: pack.version, sha256: pack.sha256),
            layers: pack.layers.map { .init(name: $0.name, version: $0.manifest.version, sha256: $0.sha256) },
            snapshot: .init(sha256: loaded.sha256, asOf: s.asOf, organization: s.organization.name, currency: s.organization.currency),
            parameters: parameters, results: results,
            failures: (first.loadFailures + failures).sorted(by: plan.failureOrder),
            rules: selected, warnings: loaded.warnings, records: cited)
        evaluation.fillActions(kinds: kinds)
        return EvaluationRun(evaluation: evaluation, coverage: job.coverage, trace: job.trace,
                             ruleLocations: Dictionary(uniqueKeysWithValues: first.rules.map { ($0.declaration.id, $0.location) }),
                             luaStates: job.luaStates)
    }
}

extension Evaluator {
    /// Every result's evidence ids in result order, in one array sized up front (a lazy
    /// `flatMap` grew it one id at a time: a quarter of a second at 500,000 ids).
    static func evidence(of results: [RuleResult]) -> [String] {
        var ids: [String] = []
        ids.reserveCapacity(results.reduce(0) { $0 + $1.evidence.count })
        for result in results { ids.append(contentsOf: result.evidence) }
        return ids
    }
}

/// An evaluation with what the run recorded besides it.
public struct EvaluationRun: Sendable {
    public var evaluation: Evaluation
    /// Lines of Lua run, by chunk name, when ``EvaluationOptions/coverage`` was set.
    public var coverage: [String: Set<Int>]
    /// What rules wrote with `print` or `ctx.log`, when ``EvaluationOptions/trace`` was set: rule
    /// files' top levels first, then by rule and subject.
    public var trace: [TraceLine]
    /// Where each rule's `evaluate` function starts (`rules/core/hero_involvement.lua:13`), by rule id.
    public var ruleLocations: [String: String]
    /// Lua states built: one per worker, and one more after each budget trip.
    public var luaStates: Int
}

/// A subject a rule runs on: who, where its record is, and its place in the rule's subject list.
struct PlannedSubject: Sendable {
    let ref: SubjectRef
    /// Position of the record in `people` or `teams`.
    let position: Int
    /// Position in the rule's subject list (by id).
    let ordinal: Int
}

/// The work of one evaluation: each selected rule's subjects, cut into units of consecutive
/// subjects. The cut depends on the subject count only, never on the worker count.
struct WorkPlan: Sendable {
    struct Unit: Sendable {
        let rule: Int
        let subjects: Range<Int>
    }

    let rules: [RuleDeclaration]
    let subjects: [[PlannedSubject]]
    let units: [Unit]

    /// Units hold at least this many subjects, and a rule is cut into at most `maxUnitsPerRule`.
    static let minUnitSize = 16
    static let maxUnitsPerRule = 64

    init(rules: [RuleDeclaration], snapshot: Snapshot, only: IDMap<Bool>?) {
        self.rules = rules
        subjects = rules.map { Self.subjects($0.subject, in: snapshot, only: only) }
        var units: [Unit] = []
        for (r, list) in subjects.enumerated() {
            let size = max(Self.minUnitSize, (list.count + Self.maxUnitsPerRule - 1) / Self.maxUnitsPerRule)
            for start in stride(from: 0, to: list.count, by: size) {
                units.append(Unit(rule: r, subjects: start..<min(start + size, list.count)))
            }
        }
        self.units = units
    }

    /// Subjects of a kind by id; `only` keeps the listed ids.
    static func subjects(_ kind: RuleDeclaration.SubjectKind, in s: Snapshot, only: IDMap<Bool>?) -> [PlannedSubject] {
        var list: [(SubjectRef, Int)] = []
        switch kind {
        case .team:
            for (p, t) in s.teams.enumerated() { list.append((SubjectRef(kind: .team, id: t.id, name: t.name, teamId: t.id, team: t.name), p)) }
        case .rep, .manager:
            var teams = IDMap<String>()
            for team in s.teams { _ = teams.updateValue(team.name, forKey: team.id) }
            for (p, person) in s.people.enumerated() where person.active && person.role == kind.rawValue {
                list.append((SubjectRef(kind: kind, id: person.id, name: person.name, teamId: person.teamId,
                                        team: person.teamId.flatMap { teams[$0] }, managerId: person.managerId), p))
            }
        }
        return list.filter { only == nil || only![$0.0.id] != nil }
            .sorted { $0.0.id.precedesID($1.0.id) }
            .enumerated().map { PlannedSubject(ref: $1.0, position: $1.1, ordinal: $0) }
    }

    /// Failures by rule (load failures first), then file, then subject id.
    var failureOrder: (RuleFailure, RuleFailure) -> Bool {
        let order = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        return { a, b in
            (a.rule.flatMap { order[$0] } ?? -1, a.file, a.subject?.id ?? "") < (b.rule.flatMap { order[$0] } ?? -1, b.file, b.subject?.id ?? "")
        }
    }
}

/// What the workers of one evaluation share: the units to take and what they produced.
final class EvaluationJob: Sendable {
    let plan: WorkPlan
    private let next: UnitCounter
    private let outcomes = Locked<[(rule: Int, outcome: RuleSession.Outcome)]>([])
    /// Per rule, the lowest ordinal that tripped a budget: later subjects are not evaluated.
    private let stoppedAt: Locked<[Int]>
    private let lines = Locked<[String: Set<Int>]>([:])
    private let traced = Locked<[(line: TraceLine, ordinal: Int, sequence: Int)]>([])
    private let states = Locked(0)
    private let progress: (@Sendable (EvaluationProgress) -> Void)?
    /// Per rule, subjects evaluated so far (for progress only).
    private let done: Locked<[Int]>

    init(plan: WorkPlan, progress: (@Sendable (EvaluationProgress) -> Void)? = nil) {
        self.plan = plan
        self.progress = progress
        done = Locked(Array(repeating: 0, count: plan.rules.count))
        next = UnitCounter(count: plan.units.count)
        stoppedAt = Locked(Array(repeating: Int.max, count: plan.rules.count))
    }

    /// One worker's loop: take units until none are left.
    func work(with session: RuleSession) {
        while session.isUsable, let u = next.take() {
            let unit = plan.units[u]
            let outcome = session.evaluate(plan.rules[unit.rule].id, plan.subjects[unit.rule][unit.subjects]) { ordinal in
                stoppedAt.withLock { ordinal > $0[unit.rule] }
            }
            if let tripped = outcome.trippedAt { stoppedAt.withLock { $0[unit.rule] = min($0[unit.rule], tripped) } }
            outcomes.withLock { $0.append((unit.rule, outcome)) }
            if let progress {
                let count = done.withLock { $0[unit.rule] += unit.subjects.count; return $0[unit.rule] }
                let rule = plan.rules[unit.rule]
                progress(EvaluationProgress(rule: rule.id, subject: rule.subject, done: count, total: plan.subjects[unit.rule].count))
            }
        }
        let covered = session.coverage
        if !covered.isEmpty { lines.withLock { $0.merge(covered) { $0.union($1) } } }
        let written = session.trace.lines
        if !written.isEmpty { traced.withLock { $0 += written } }
        let built = session.statesBuilt
        states.withLock { $0 += built }
    }

    /// Every result and failure in rule, then subject order. Of a rule that tripped a budget,
    /// only what precedes the first subject that tripped is kept, whichever worker got further:
    /// the output is the same for any number of workers.
    func merged() -> (results: [RuleResult], failures: [RuleFailure]) {
        let stops = stoppedAt.withLock { $0 }
        // A unit's results are in subject order and units do not overlap: ordering the units
        // orders the results (sorting 150,000 results moved each one many times).
        let ordered = outcomes.withLock { $0 }.sorted { ($0.rule, $0.outcome.first) < ($1.rule, $1.outcome.first) }
        var results: [RuleResult] = []
        results.reserveCapacity(ordered.reduce(0) { $0 + $1.outcome.results.count })
        var failures: [RuleFailure] = []
        for (rule, outcome) in ordered {
            let stop = stops[rule]
            for (ordinal, result) in outcome.results where ordinal < stop { results.append(result) }
            for (ordinal, failure) in outcome.failures where ordinal <= stop {
                var failure = failure
                let skipped = plan.subjects[rule].count - ordinal - 1
                if ordinal == stop && skipped > 0 {
                    failure.message += "; the rule was stopped, \(skipped) more subject\(skipped == 1 ? "" : "s") not evaluated"
                }
                failures.append(failure)
            }
        }
        return (results, failures)
    }

    var coverage: [String: Set<Int>] { lines.withLock { $0 } }

    /// Trace lines in a fixed order; a rule's lines past the subject that tripped a budget are
    /// dropped, as its results are.
    var trace: [TraceLine] {
        let stops = stoppedAt.withLock { $0 }
        let order = Dictionary(uniqueKeysWithValues: plan.rules.enumerated().map { ($1.id, $0) })
        return traced.withLock { $0 }
            .filter { entry in order[entry.line.rule].map { entry.ordinal <= stops[$0] } ?? true }
            .sorted { (order[$0.line.rule] ?? -1, $0.ordinal, $0.sequence) < (order[$1.line.rule] ?? -1, $1.ordinal, $1.sequence) }
            .map(\.line)
    }
    var luaStates: Int { states.withLock { $0 } }
}

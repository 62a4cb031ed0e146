import LadderModel

/// One row per manager: their team, a cell per policy about managers, their payout, and their
/// reps' gate outcomes; the managers needing most attention first. What a client's sales VP
/// reads before any section.
public struct Scorecard: Sendable {
    /// The policies with a column: every rule whose subject is a manager, in pack order.
    public let rules: [RuleDeclaration]
    /// The gate whose outcomes are counted for each manager's reps (the pack's first gate on reps).
    public let gate: RuleDeclaration?
    public let rows: [Row]

    public struct Row: Sendable {
        public var manager: SubjectRef
        /// One per column rule; nil when the rule has no result for this manager.
        public var cells: [Cell?]
        public var payout: Double?
        /// The payout curve's factor, when the weighting rule reports one.
        public var multiplier: Double?
        /// How many of the manager's reps got each of the gate's outcomes, in declared order.
        public var reps: [(outcome: String, count: Int)]
        /// Breaches and failures in the row.
        public var breaches: Int
        /// The furthest over a limit of its breaches (value / limit).
        public var furthest: Double
    }

    public struct Cell: Sendable {
        public enum State: String, Sendable { case breach, ok, lacksData = "n/a", failed }
        public var state: State
        /// "38.5%", "payout 58,000", "failed".
        public var text: String
    }

    public init(_ evaluation: Evaluation) {
        let columns = evaluation.rules.filter { $0.subject == .manager && $0.kind != .weighting }
        let gate = evaluation.rules.first { $0.kind == .gate && $0.subject == .rep }
        let weighting = evaluation.rules.first { $0.kind == .weighting && $0.subject == .manager }
        // Results and failures by rule and subject, ids compared byte for byte.
        var results = IDMap<RuleResult>(), failed = IDMap<Bool>()
        for result in evaluation.results { results["\(result.rule)\u{0}\(result.subject.id)"] = result }
        for failure in evaluation.failures { if let subject = failure.subject { failed["\(failure.rule ?? "")\u{0}\(subject.id)"] = true } }
        var managers = IDMap<SubjectRef>()
        for result in evaluation.results where result.subject.kind == .manager && managers[result.subject.id] == nil {
            managers[result.subject.id] = result.subject
        }
        var repsByManager = IDMap<[RuleResult]>()
        for result in evaluation.results where result.rule == gate?.id {
            if let manager = result.subject.managerId { repsByManager[manager, default: []].append(result) }
        }
        rows = managers.map { _, manager in
            let cells: [Cell?] = columns.map { rule in
                let key = "\(rule.id)\u{0}\(manager.id)"
                if failed[key] != nil { return Cell(state: .failed, text: "failed") }
                guard let result = results[key], case .threshold(let t) = result.verdict else { return nil }
                if result.lacksData { return Cell(state: .lacksData, text: "n/a") }
                return Cell(state: t.breached ? .breach : .ok, text: NumberText.measure(t.value, rule.unit, against: t.limit))
            }
            var payout: Double?, multiplier: Double?
            if let weighting, let result = results["\(weighting.id)\u{0}\(manager.id)"], case .weighting(let w) = result.verdict {
                (payout, multiplier) = (w.payout, w.multiplier)
            }
            let reps = repsByManager[manager.id] ?? []
            let furthest = columns.compactMap { results["\($0.id)\u{0}\(manager.id)"] }.filter(\.isBreach).map(\.overLimit).max() ?? 0
            return Row(manager: manager, cells: cells, payout: payout, multiplier: multiplier,
                       reps: (gate?.outcomes ?? []).map { outcome in (outcome, reps.filter { $0.outcome == outcome }.count) },
                       breaches: cells.filter { $0?.state == .breach || $0?.state == .failed }.count, furthest: furthest)
        }
        .sorted(by: Self.needsMoreAttention)
        self.rules = columns
        self.gate = gate
    }

    /// More breaches first; then the furthest over a limit; then names as a person reads them.
    static func needsMoreAttention(_ a: Row, _ b: Row) -> Bool {
        if a.breaches != b.breaches { return a.breaches > b.breaches }
        if a.furthest != b.furthest { return a.furthest > b.furthest }
        if a.manager.name != b.manager.name { return a.manager.name.naturallyPrecedes(b.manager.name) }
        return a.manager.id.precedesID(b.manager.id)
    }

    /// The column heading of a rule: the part of its id after the family (`late_stage_ownership`).
    public static func heading(_ rule: RuleDeclaration) -> String {
        String(rule.id.split(separator: ".").last ?? Substring(rule.id)).replacingOccurrences(of: "_", with: " ")
    }

    /// "1 ready, 19 develop" — the outcomes held by someone.
    public static func repsText(_ reps: [(outcome: String, count: Int)]) -> String {
        let held = reps.filter { $0.count > 0 }
        return held.isEmpty ? "—" : held.map { "\($0.count) \($0.outcome.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
    }
}

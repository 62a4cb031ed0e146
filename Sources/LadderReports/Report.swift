import LadderModel

/// What every report format shows, computed once from an evaluation: the executive summary
/// first, then one section per policy with the results that need attention first.
public struct Report: Sendable {
    public let evaluation: Evaluation
    public let summary: Summary
    /// One row per manager, most needing attention first.
    public let scorecard: Scorecard
    public let sections: [Section]
    /// The titles of the policies each subject breaches, by subject id.
    let breachedTitles: IDMap<[String]>

    public struct Summary: Sendable, Equatable {
        /// For each threshold rule: how many subjects breach it, of how many evaluated.
        public var breaches: [RuleCount]
        /// For each gate rule: how many subjects got each outcome, in declared order.
        public var outcomes: [OutcomeCount]
        /// Sum of payouts of weighting rules, and how many subjects have one.
        public var totalPayout: Double
        public var payouts: Int
        /// Sum of exposures (failed-promotion risk) over all results.
        public var totalExposure: Double
        public var exposures: Int
        /// The items to act on first: breaches and exposed nominees, most severe first, then
        /// furthest over their limit, then by exposure; at most ``Report/actionLimit``.
        public var actions: [RuleResult]
        /// How many items there are to act on in all (the summary names the first few).
        public var actionCount: Int
        public var failures: Int

        /// "+390 more, each under its policy below" when the summary names only the first few.
        public var moreActions: String? {
            let more = actionCount - actions.count
            return more > 0 ? "+\(more) more, each under its policy below" : nil
        }

        /// Said when nothing needs action, so a clean report says so instead of saying nothing.
        public var nothingToAct: String? {
            actionCount == 0 && failures == 0 ? "Nothing needs action: no breaches, no exposed nominations, no rule failures." : nil
        }
    }

    public struct RuleCount: Sendable, Equatable {
        public var rule: RuleDeclaration
        public var breached: Int
        public var evaluated: Int
        /// Subjects (or whole runs) the rule failed on.
        public var failed: Int

        /// "2 of 5 breach", with failures when there were any.
        public var text: String {
            "\(breached) of \(evaluated) breach" + (failed > 0 ? ", \(failed) failed" : "")
        }
    }

    public struct OutcomeCount: Sendable, Equatable {
        public var rule: RuleDeclaration
        public var counts: [(outcome: String, count: Int)]
        /// Who got each outcome held by few enough subjects to name (``Report/namedOutcomeLimit``),
        /// in the order a person reads names: the one ready rep among nineteen to develop.
        public var names: [String: [String]] = [:]
        /// Nominees the gate does not find ready (those carrying an exposure), named always.
        public var nominees: [String] = []

        public static func == (a: OutcomeCount, b: OutcomeCount) -> Bool {
            a.rule == b.rule && a.counts.map(\.outcome) == b.counts.map(\.outcome) && a.counts.map(\.count) == b.counts.map(\.count)
                && a.names == b.names && a.nominees == b.nominees
        }

        /// "1 ready (Ann Cole), 19 develop, 0 not_yet, 1 producer_track (Eli Grant); nominated but
        /// not ready: Sam Lee".
        public func text(_ outcomeName: (String) -> String = { $0 }) -> String {
            counts.map { c in
                "\(c.count) \(outcomeName(c.outcome))" + (names[c.outcome].map { " (\($0.joined(separator: ", ")))" } ?? "")
            }.joined(separator: ", ") + (nominees.isEmpty ? "" : "; nominated but not ready: " + nominees.joined(separator: ", "))
        }
    }

    /// An outcome of a gate with at most this many subjects has them named in the summary.
    public static let namedOutcomeLimit = 5

    public struct Section: Sendable {
        public var rule: RuleDeclaration
        /// Breaches first (most severe first), then the rest, each by subject id.
        public var results: [RuleResult]
        public var failures: [RuleFailure]

        /// Some result carries an exposure: only then do tables show the column.
        public var hasExposure: Bool { results.contains { $0.exposure != nil } }

        /// A gate's results in reading order, where ``Report/groupSize`` or more people share an
        /// outcome and the same reasons (and carry no exposure or notes of their own) as one
        /// group: nineteen "develop" reps with the same two gaps are one entry, not nineteen.
        public var gateGroups: [GateGroup] {
            func key(_ r: RuleResult) -> [String]? {
                guard case .gate(let g) = r.verdict, r.exposure == nil, r.notes.isEmpty else { return nil }
                return [g.outcome] + g.reasons
            }
            var members: [[String]: [RuleResult]] = [:]
            for r in results { if let k = key(r) { members[k, default: []].append(r) } }
            var groups: [GateGroup] = [], said: Set<[String]> = []
            for r in results {
                guard let k = key(r), let group = members[k], group.count >= Report.groupSize else {
                    groups.append(GateGroup(outcome: r.outcome ?? "", reasons: [], members: [r])); continue
                }
                if said.insert(k).inserted { groups.append(GateGroup(outcome: k[0], reasons: Array(k.dropFirst()), members: group)) }
            }
            return groups
        }
    }

    /// One person, or several with the same outcome and reasons (``isGroup``), said once.
    public struct GateGroup: Sendable {
        public var outcome: String
        /// The shared reasons of a group; empty for one person (their result has them).
        public var reasons: [String]
        public var members: [RuleResult]
        public var isGroup: Bool { members.count > 1 }
    }

    /// People sharing an outcome and its reasons are one group from this many.
    public static let groupSize = 3

    /// How many actions the summary lists.
    public static let actionLimit = 10

    public init(_ e: Evaluation) {
        evaluation = e
        scorecard = Scorecard(e)
        sections = e.rules.map { rule in
            let results = e.results.filter { $0.rule == rule.id }
            let breaches = results.filter(\.isBreach).sorted(by: Self.moreUrgent)
            return Section(rule: rule, results: breaches + results.filter { !$0.isBreach },
                           failures: e.failures.filter { $0.rule == rule.id })
        }
        var breached = IDMap<[String]>()
        for r in e.results where r.isBreach { breached[r.subject.id, default: []].append(r.title) }
        breachedTitles = breached
        summary = Summary(e)
    }

    /// Most severe first; then furthest over the limit (value / limit), so 38% against a 20%
    /// limit comes before 23%; then the larger exposure; then names as a person reads them.
    static func moreUrgent(_ a: RuleResult, _ b: RuleResult) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.overLimit != b.overLimit { return a.overLimit > b.overLimit }
        if (a.exposure ?? 0) != (b.exposure ?? 0) { return (a.exposure ?? 0) > (b.exposure ?? 0) }
        if a.subject.name != b.subject.name { return a.subject.name.naturallyPrecedes(b.subject.name) }
        if a.rule != b.rule { return a.rule.precedesID(b.rule) }
        return a.subject.id.precedesID(b.subject.id)
    }
}

extension Evaluation {
    /// `core 0.1.0 (1f1748233c44) → acme 1.0.0 (9a0c…)`, base first; nil for a pack of one layer.
    public var layerChain: String? {
        guard layers.count > 1 else { return nil }
        return layers.map { "\($0.name) \($0.version) (\($0.sha256.prefix(12)))" }.joined(separator: " → ")
    }
}

extension RuleResult {
    /// The threshold severity, `none` for other kinds.
    public var severity: ThresholdVerdict.Severity {
        if case .threshold(let t) = verdict { return t.severity }
        return .none
    }

    /// How far a threshold result is over its limit, as value / limit (1.9 for 38% against 20%);
    /// 0 for other kinds and for values that cannot be compared.
    public var overLimit: Double {
        guard case .threshold(let t) = verdict, let value = t.value else { return 0 }
        if t.limit > 0 { return value / t.limit }
        return value > t.limit ? .greatestFiniteMagnitude : 0
    }

    /// A threshold result the rule could not judge: no value, or noted "insufficient data".
    /// It is not a pass, and reports do not say "ok" for it.
    public var lacksData: Bool {
        guard case .threshold(let t) = verdict, !t.breached else { return false }
        return t.value == nil || notes.contains(where: Self.saysInsufficientData)
    }

    /// The note the core pack writes when it cannot judge; compared without the locale, so a
    /// report reads the same on every machine.
    public static func saysInsufficientData(_ note: String) -> Bool { note.lowercased().contains("insufficient data") }

    /// "breach (high)", "n/a — insufficient data" or "ok": a threshold result's status in words.
    public var status: String {
        guard case .threshold(let t) = verdict else { return isBreach ? "breach" : "ok" }
        if t.breached { return "breach (\(t.severity.rawValue))" }
        return lacksData ? "n/a — insufficient data" : "ok"
    }

    /// The failed-promotion exposure a gate or threshold carries.
    public var exposure: Double? {
        switch verdict {
        case .gate(let g): g.exposure
        case .threshold(let t): t.exposure
        case .weighting: nil
        }
    }

    public var outcome: String? {
        if case .gate(let g) = verdict { return g.outcome }
        return nil
    }
}

extension Report {
    /// A result's evidence as a person reads it — "Acme renewal: 48,000 USD, Negotiation, owner
    /// Kira Holt" — at most `limit` of them, and how many more there are.
    public func evidence(_ r: RuleResult, limit: Int) -> (shown: [String], more: Int) {
        (evaluation.evidenceText(Array(r.evidence.prefix(limit))), max(0, r.evidence.count - limit))
    }

    /// Each part of a weighted pay, as a pay statement writes it: "team: 60% × 104.2% = 62.5%".
    public static func payParts(_ w: WeightingVerdict) -> [String] {
        let contributions = w.contributions
        return w.weights.keys.sorted().map { name in
            "\(name): \(NumberText.percent(w.weights[name]!)) × \(NumberText.percent(w.components[name] ?? 0)) = \(NumberText.percent(contributions[name]!))"
        }
    }

    /// "blended 104.5% → multiplier 109% → payout 65,400 USD".
    public static func payTotal(_ w: WeightingVerdict, currency: String) -> String {
        "blended \(NumberText.percent(w.blended))" + (w.multiplier.map { " → multiplier \(NumberText.percent($0))" } ?? "")
            + (w.payout.map { " → payout \(NumberText.money($0)) \(currency)" } ?? "")
    }

    /// Said when a manager another policy flags is paid above target: the pay rewards the
    /// team's numbers, and those can rise because the reps who left no longer count in them.
    public func aboveTarget(_ r: RuleResult) -> String? {
        guard case .weighting(let w) = r.verdict, let m = w.multiplier, m > 1, let flags = breachedTitles[r.subject.id] else { return nil }
        let leavers = r.evidence.filter { evaluation.records[$0]?.kind == .person }.map { evaluation.records[$0]!.name }
        let why = leavers.isEmpty
            ? "Check that the team's attainment is the reps' own, not \(r.subject.name) closing for them."
            : "The team's attainment counts only the reps still on the team: those who left (\(Evaluation.listing(leavers))) no longer count."
        return "Paid above target (\(NumberText.percent(m))) while flagged by \(flags.count == 1 ? "another policy" : "other policies")"
            + " (\(flags.joined(separator: "; "))). " + why
    }
}

extension GateCondition {
    /// "✗ regretted exits: 2 since the promotion": a test as every report writes it.
    public var line: String {
        "\(passed ? "✓" : "✗") \(name.replacingOccurrences(of: "_", with: " "))\(detail.map { ": \($0)" } ?? "")"
    }
}

extension Report.Summary {
    /// The summary alone, for a report that shows nothing else (the JSON report), in one pass
    /// over the results: at 5,000 managers a pass per rule, copying its results, was a quarter
    /// of a second on one core.
    public init(_ e: Evaluation) {
        var payout = 0.0, payouts = 0, exposure = 0.0, exposures = 0
        var evaluated: [String: Int] = [:], breached: [String: Int] = [:]
        var counts: [String: [String: Int]] = [:], named: [String: [String: [String]]] = [:], nominees: [String: [String]] = [:]
        var first = TopResults(limit: Report.actionLimit, by: Report.moreUrgent)
        for r in e.results {
            evaluated[r.rule, default: 0] += 1
            if r.isBreach { breached[r.rule, default: 0] += 1 }
            if case .weighting(let w) = r.verdict, let p = w.payout { payout += p; payouts += 1 }
            if let x = r.exposure { exposure += x; exposures += 1 }
            if case .gate(let g) = r.verdict {
                counts[r.rule, default: [:]][g.outcome, default: 0] += 1
                // One name past the limit is enough to know the outcome has too many to name.
                if named[r.rule, default: [:]][g.outcome, default: []].count <= Report.namedOutcomeLimit {
                    named[r.rule, default: [:]][g.outcome, default: []].append(r.subject.name)
                }
                if (g.exposure ?? 0) > 0 { nominees[r.rule, default: []].append(r.subject.name) }
            }
            if r.isBreach || (r.exposure ?? 0) > 0 { first.offer(r) }
        }
        let byName: (String, String) -> Bool = { $0.naturallyPrecedes($1) }
        self.init(
            breaches: e.rules.filter { $0.kind == .threshold }.map { rule in
                Report.RuleCount(rule: rule, breached: breached[rule.id] ?? 0, evaluated: evaluated[rule.id] ?? 0,
                                 failed: e.failures.filter { $0.rule == rule.id }.count)
            },
            outcomes: e.rules.filter { $0.kind == .gate }.map { rule in
                let who = named[rule.id] ?? [:]
                return Report.OutcomeCount(
                    rule: rule, counts: rule.outcomes.map { ($0, counts[rule.id]?[$0] ?? 0) },
                    names: who.filter { $0.value.count <= Report.namedOutcomeLimit && rule.outcomes.contains($0.key) }
                        .mapValues { $0.sorted(by: byName) },
                    nominees: (nominees[rule.id] ?? []).sorted(by: byName))
            },
            totalPayout: payout, payouts: payouts, totalExposure: exposure, exposures: exposures,
            actions: first.results, actionCount: first.offered, failures: e.failures.count)
    }
}

/// The first `limit` of the results offered in `order`, kept as they come: what sorting them
/// all and taking a prefix gives (ties keep the order offered, as the stable sort did).
struct TopResults {
    let limit: Int
    let order: (RuleResult, RuleResult) -> Bool
    private(set) var results: [RuleResult] = []
    private(set) var offered = 0

    init(limit: Int, by order: @escaping (RuleResult, RuleResult) -> Bool) {
        self.limit = limit
        self.order = order
    }

    mutating func offer(_ r: RuleResult) {
        offered += 1
        if results.count == limit, let last = results.last, !order(r, last) { return }
        // After every kept result that r does not precede: ties stay in the order offered.
        var at = results.count
        while at > 0 && order(r, results[at - 1]) { at -= 1 }
        results.insert(r, at: at)
        if results.count > limit { results.removeLast() }
    }
}

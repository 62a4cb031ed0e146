extension SnapshotPlan {
    /// Compares two evaluations of the same snapshot. `teams` names each subject's team, by
    /// subject id (`SnapshotPlan.teamNames` reads them from a snapshot); numbers closer than
    /// `tolerance` count as equal.
    public init(baseline: Evaluation, candidate: Evaluation, teams: [String: String] = [:], tolerance: Double = 1e-9) {
        struct Key: Hashable, Comparable {
            var rule: String, subject: String
            static func < (a: Key, b: Key) -> Bool { (a.rule, a.subject) < (b.rule, b.subject) }
        }
        func index(_ e: Evaluation) -> [Key: RuleResult] {
            Dictionary(e.results.map { (Key(rule: $0.rule, subject: $0.subject.id), $0) }, uniquingKeysWith: { a, _ in a })
        }
        let old = index(baseline), new = index(candidate)
        // Rules in the order the candidate runs them, then those only the baseline has.
        let ruleOrder = (candidate.rules + baseline.rules).map(\.id).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let keys = Set(old.keys).union(new.keys).sorted {
            let a = ruleOrder.firstIndex(of: $0.rule) ?? .max, b = ruleOrder.firstIndex(of: $1.rule) ?? .max
            return a != b ? a < b : $0.subject < $1.subject
        }

        var flips: [Flip] = [], moves: [Move] = [], evidence: [EvidenceChange] = [], payouts: [PayoutChange] = []
        var exposure = Change(before: 0.0, after: 0.0)
        func differ(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case let (x?, y?): abs(x - y) > tolerance
            case (nil, nil): false
            default: true
            }
        }
        for key in keys {
            let a = old[key], b = new[key]
            guard let subject = (b ?? a)?.subject else { continue }
            let team = teams[subject.id]
            let before = a.map(Facts.init), after = b.map(Facts.init)
            if before == nil || after == nil {
                // A rule run on one side only (added, removed, disabled): one line, not a flip per field.
                flips.append(Flip(rule: key.rule, subject: subject, team: team, field: "result", before: before?.summary, after: after?.summary))
            }
            for field in ["outcome", "breached", "severity"] where before != nil && after != nil {
                let x = before?.flags[field], y = after?.flags[field]
                if x != y && (x != nil || y != nil) {
                    flips.append(Flip(rule: key.rule, subject: subject, team: team, field: field, before: x, after: y))
                }
            }
            for field in ["value", "blended"] {
                let x = before?.numbers[field] ?? nil, y = after?.numbers[field] ?? nil
                let present = before?.numbers[field] != nil && after?.numbers[field] != nil
                if present && differ(x, y) { moves.append(Move(rule: key.rule, subject: subject, field: field, before: x, after: y)) }
            }
            let oldEvidence = a?.evidence ?? [], newEvidence = b?.evidence ?? []
            let added = newEvidence.filter { !oldEvidence.contains($0) }, dropped = oldEvidence.filter { !newEvidence.contains($0) }
            if !added.isEmpty || !dropped.isEmpty {
                evidence.append(EvidenceChange(rule: key.rule, subject: subject, added: added, dropped: dropped))
            }
            if before?.isWeighting == true || after?.isWeighting == true {
                let x = before?.payout, y = after?.payout
                if differ(x, y) {
                    payouts.append(PayoutChange(rule: key.rule, subject: subject, team: team, before: x, after: y, delta: (y ?? 0) - (x ?? 0)))
                }
            }
            exposure.before += before?.exposure ?? 0
            exposure.after += after?.exposure ?? 0
        }
        // Largest rise first, largest fall last; ties by name, then id, byte for byte.
        payouts.sort { ($0.delta, $1.subject.name, $1.subject.id) > ($1.delta, $0.subject.name, $0.subject.id) }

        func total(_ e: Evaluation) -> Double {
            e.results.reduce(0) { sum, r in if case .weighting(let w) = r.verdict { sum + (w.payout ?? 0) } else { sum } }
        }
        var byTeam: [String: Double] = [:]
        for p in payouts { byTeam[p.team ?? "(no team)", default: 0] += p.delta }

        self.snapshot = candidate.snapshot
        self.diff = EvaluationDiff(from: baseline, to: candidate, tolerance: tolerance)
        self.flips = flips
        self.moves = moves
        self.evidence = evidence
        self.payouts = payouts
        self.rules = Self.ruleTotals(baseline: baseline, candidate: candidate, order: ruleOrder)
        self.payout = PayoutTotals(total: Change(before: total(baseline), after: total(candidate)),
                                   byTeam: byTeam.keys.sorted().map { ($0, byTeam[$0]!) })
        self.exposure = exposure
        self.failures = Change(before: baseline.failures.map(Self.describe), after: candidate.failures.map(Self.describe))
    }

    private static func ruleTotals(baseline: Evaluation, candidate: Evaluation, order: [String]) -> [RuleTotals] {
        let declarations = Dictionary((candidate.rules + baseline.rules).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return order.compactMap { id -> RuleTotals? in
            guard let declaration = declarations[id], declaration.kind != .weighting else { return nil }
            func marked(_ e: Evaluation) -> [String: SubjectRef] {
                var out: [String: SubjectRef] = [:]
                for r in e.results where r.rule == id {
                    switch r.verdict {
                    case .threshold(let t) where t.breached: out[r.subject.id] = r.subject
                    case .gate(let g) where g.outcome == "ready": out[r.subject.id] = r.subject
                    default: break
                    }
                }
                return out
            }
            let before = marked(baseline), after = marked(candidate)
            let gained = after.keys.filter { before[$0] == nil }.sorted().map { after[$0]! }
            let lost = before.keys.filter { after[$0] == nil }.sorted().map { before[$0]! }
            let gate = declaration.kind == .gate
            return RuleTotals(rule: id, title: declaration.title, kind: declaration.kind,
                              newlyFlagged: gate ? [] : gained, cleared: gate ? [] : lost,
                              newlyReady: gate ? gained : [], noLongerReady: gate ? lost : [],
                              count: Change(before: before.count, after: after.count))
        }
    }

    private static func describe(_ f: RuleFailure) -> String {
        [f.rule ?? f.file, f.subject?.id].compactMap { $0 }.joined(separator: " ") + ": " + f.message
    }
}

/// The parts of one result a plan compares.
private struct Facts {
    var flags: [String: String] = [:]
    var numbers: [String: Double?] = [:]
    var payout: Double?
    var exposure: Double?
    var isWeighting = false

    /// The verdict in a few words: `develop`, `breached`, `not breached`, `payout 58000`.
    var summary: String {
        if let outcome = flags["outcome"] { return outcome }
        if let breached = flags["breached"] { return breached == "true" ? "breached" : "not breached" }
        return payout.map { "payout \(NumberText.money($0))" } ?? "no payout"
    }

    init(_ r: RuleResult) {
        switch r.verdict {
        case .gate(let g):
            flags["outcome"] = g.outcome
            exposure = g.exposure
        case .threshold(let t):
            flags["breached"] = t.breached ? "true" : "false"
            flags["severity"] = t.severity.rawValue
            numbers["value"] = .some(t.value)
            exposure = t.exposure
        case .weighting(let w):
            numbers["blended"] = .some(w.blended)
            payout = w.payout
            isWeighting = true
        }
    }
}

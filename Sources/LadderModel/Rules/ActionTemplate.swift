/// What a rule recommends doing about a result, written by the rule's author with
/// `{placeholders}` that the evaluation fills: "Hand {deals} back to the reps who found them".
///
/// A threshold's action is for its breaches, a weighting's for every payout, and a gate names
/// one per outcome that calls for something (`develop`, `producer_track`).
public enum ActionTemplate: Sendable, Equatable {
    case one(String)
    case byOutcome([String: String])

    /// Placeholders every kind fills, then each kind's own.
    public static let common = ["subject", "team", "evidence", "deals", "people", "periods"]
    public static let byKind: [RuleDeclaration.Kind: [String]] = [
        .threshold: common + ["value", "limit"],
        .gate: common + ["outcome", "reasons"],
        .weighting: common + ["payout", "multiplier", "blended"],
    ]

    /// The `{names}` a template uses, in order, or why it cannot be read.
    public static func placeholders(in template: String) -> Result<[String], TemplateError> {
        pieces(of: template).map { pieces in
            pieces.compactMap { if case .placeholder(let name) = $0 { name } else { nil } }
        }
    }

    /// A template read: text as written, and the placeholders between it.
    enum Piece {
        case text(Substring)
        case placeholder(String)
    }

    /// The template in pieces, in order, or why it cannot be read.
    static func pieces(of template: String) -> Result<[Piece], TemplateError> {
        var pieces: [Piece] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            guard rest[open] == "{" else { return .failure(TemplateError("a \"}\" with no \"{\" before it")) }
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(where: { $0 == "}" || $0 == "{" }), after[close] == "}" else {
                return .failure(TemplateError("a \"{\" that is not closed by \"}\""))
            }
            if open > rest.startIndex { pieces.append(.text(rest[..<open])) }
            pieces.append(.placeholder(String(after[..<close])))
            rest = after[after.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(rest)) }
        return .success(pieces)
    }

    /// Every template the action declares.
    var templates: [String] {
        switch self {
        case .one(let text): [text]
        case .byOutcome(let map): Array(map.values)
        }
    }

    public struct TemplateError: Error, Sendable, Equatable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    /// The template for one result, if the rule declares one for it.
    func template(for result: RuleResult) -> String? {
        switch (self, result.verdict) {
        case (.one(let text), .threshold(let t)): t.breached ? text : nil
        case (.one(let text), .weighting): text
        case (.byOutcome(let map), .gate(let g)): map[g.outcome]
        default: nil
        }
    }
}

extension Evaluation {
    /// Each result's recommended action: its rule's template filled with the result's subject,
    /// evidence (as names), and figures. Results whose rule declares none keep none.
    /// - Parameter kinds: what each evidence id names, every result's ids one after the other
    ///   in result order (as ``LoadedSnapshot`` finds them for the records); without it, each id
    ///   is looked up in `records` — a search per id, two million of them in a large report.
    public mutating func fillActions(kinds: [EvidenceRecord.Kind?]? = nil) {
        let rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var starts: [Int] = []
        if let kinds {
            starts.reserveCapacity(results.count)
            var at = 0
            for result in results { starts.append(at); at += result.evidence.count }
            precondition(at == kinds.count, "one kind per evidence id")
        }
        // Each template read once, not once per result; one that cannot be read is written as it is.
        var read: [String: [ActionTemplate.Piece]] = [:]
        for template in rules.flatMap({ $0.action?.templates ?? [] }) {
            read[template] = (try? ActionTemplate.pieces(of: template).get()) ?? [.text(Substring(template))]
        }
        let evaluation = self
        let actions = SharedSlots<String>.map(results.count, parallelFrom: 1_000) { [starts, read] i -> String? in
            let result = evaluation.results[i]
            guard let rule = rulesByID[result.rule], let template = rule.action?.template(for: result) else { return nil }
            return evaluation.fill(read[template]!, result, rule) { j in kinds.map { $0[starts[i] + j] } ?? evaluation.records[result.evidence[j]]?.kind }
        }
        for i in results.indices { if let action = actions[i] { results[i].action = action } }
    }

    /// - Parameter kind: what the result's j-th evidence id names, if anything.
    private func fill(_ template: [ActionTemplate.Piece], _ r: RuleResult, _ rule: RuleDeclaration, kind: (Int) -> EvidenceRecord.Kind?) -> String {
        // How many ids of a kind, and the names of the first few: all a listing shows.
        func evidence(_ wanted: EvidenceRecord.Kind?) -> String {
            var count = 0, names: [String] = []
            for (j, id) in r.evidence.enumerated() {
                guard wanted == nil || kind(j) == wanted else { continue }
                count += 1
                if names.count < Self.listed { names.append(records[id]?.name ?? id) }
            }
            return count == 0 ? "none" : Self.listing(names, of: count)
        }
        let money = { (x: Double) in "\(NumberText.money(x)) \(snapshot.currency)" }
        func value(_ name: String) -> String? {
            switch (name, r.verdict) {
            case ("subject", _): r.subject.name
            case ("team", _): r.subject.team ?? "the team"
            case ("evidence", _): evidence(nil)
            case ("deals", _): evidence(.deal)
            case ("people", _): evidence(.person)
            case ("periods", _): evidence(.period)
            case ("value", .threshold(let t)): NumberText.measure(t.value, rule.unit, against: t.limit)
            case ("limit", .threshold(let t)): NumberText.limit(t.limit, rule.unit)
            case ("outcome", .gate(let g)): g.outcome.replacingOccurrences(of: "_", with: " ")
            case ("reasons", .gate(let g)): g.reasons.isEmpty ? "the gaps listed" : g.reasons.joined(separator: "; ")
            case ("payout", .weighting(let w)): w.payout.map(money) ?? "no payout"
            case ("multiplier", .weighting(let w)): w.multiplier.map { NumberText.percent($0) } ?? "n/a"
            case ("blended", .weighting(let w)): NumberText.percent(w.blended)
            default: nil
            }
        }
        // A value is never searched for placeholders of its own, and a name the result has no
        // value for stays as written.
        var out = ""
        for piece in template {
            switch piece {
            case .text(let text): out += text
            case .placeholder(let name): out += value(name) ?? "{\(name)}"
            }
        }
        return out
    }
}

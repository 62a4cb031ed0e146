import LadderModel
import LuaBridge

/// Reads what a rule's `evaluate` returned into a typed result, checking the contract of its
/// kind (docs/rule-contract.md).
enum ResultReader {
    private static let common: Set<String> = ["message", "evidence", "notes"]
    private static let allowed: [RuleDeclaration.Kind: Set<String>] = [
        .gate: common.union(["outcome", "reasons", "conditions", "exposure"]),
        .threshold: common.union(["value", "limit", "breached", "severity", "exposure", "conditions"]),
        .weighting: common.union(["weights", "components", "blended", "payout", "multiplier"]),
    ]
    private static let conditionFields: Set<String> = ["name", "passed", "detail", "value", "limit"]

    /// Nil when the rule returned nil: the rule does not apply to this subject.
    static func read(_ value: LuaValue, rule: RuleDeclaration, subject: SubjectRef, origin: RuleOrigin) throws -> RuleResult? {
        if value == .nil { return nil }
        let f = try LuaFields(value, path: "result", what: "a result")
        try f.rejectUnknown(allowed: allowed[rule.kind]!)
        let verdict: Verdict
        switch rule.kind {
        case .gate: verdict = .gate(try gate(f, rule))
        case .threshold: verdict = .threshold(try threshold(f))
        case .weighting: verdict = .weighting(try weighting(f))
        }
        return RuleResult(rule: rule.id, title: rule.title, subject: subject, verdict: verdict, message: try f.string("message"),
                          evidence: try f.strings("evidence"), notes: try f.strings("notes"), origin: origin).capped()
    }

    private static func gate(_ f: LuaFields, _ rule: RuleDeclaration) throws -> GateVerdict {
        let outcome = try f.requiredString("outcome")
        guard rule.outcomes.contains(outcome) else {
            throw RuleContractError("result.outcome", "\"\(outcome)\" is not one of the outcomes the rule declares (\(rule.outcomes.joined(separator: ", ")))")
        }
        return GateVerdict(outcome: outcome, reasons: try f.strings("reasons"), conditions: try conditions(f), exposure: try money(f, "exposure"))
    }

    /// `{name = ..., passed = ..., detail = ..., value = ..., limit = ...}` each; a threshold's
    /// conditions are its separate tests, charted when they carry numbers.
    private static func conditions(_ f: LuaFields) throws -> [GateCondition] {
        try f.list("conditions").enumerated().map { offset, item in
            let c = try LuaFields(item, path: "result.conditions[\(offset + 1)]", what: "a condition")
            try c.rejectUnknown(allowed: conditionFields)
            guard let passed = try c.bool("passed") else { throw RuleContractError("\(c.path).passed", "required true or false is missing") }
            return GateCondition(name: try c.requiredString("name"), passed: passed, detail: try c.string("detail"),
                                 value: try c.number("value"), limit: try c.number("limit"))
        }
    }

    private static func threshold(_ f: LuaFields) throws -> ThresholdVerdict {
        let limit = try f.requiredNumber("limit")
        guard let breached = try f.bool("breached") else { throw RuleContractError("result.breached", "required true or false is missing") }
        var severity: ThresholdVerdict.Severity = breached ? .medium : .none
        if let text = try f.string("severity") {
            guard let s = ThresholdVerdict.Severity(rawValue: text) else {
                throw RuleContractError("result.severity", "\"\(text)\" is not a severity (none, medium, high)")
            }
            severity = s
        }
        if breached && severity == .none { throw RuleContractError("result.severity", "a breached threshold needs severity medium or high, not none") }
        if !breached && severity != .none { throw RuleContractError("result.severity", "\(severity.rawValue) on a threshold that is not breached; use none") }
        return ThresholdVerdict(value: try f.number("value"), limit: limit, breached: breached, severity: severity,
                                exposure: try money(f, "exposure"), conditions: try conditions(f))
    }

    private static func weighting(_ f: LuaFields) throws -> WeightingVerdict {
        let weights = try f.numbers("weights")
        guard !weights.isEmpty else { throw RuleContractError("result.weights", "required: name the weights, e.g. {team = 0.6, personal = 0.4}") }
        for (name, w) in weights where w < 0 || w > 1 {
            throw RuleContractError("result.weights.\(name)", "\(w.clean) is outside 0…1")
        }
        let sum = weights.values.reduce(0, +)
        guard abs(sum - 1) <= 1e-9 else { throw RuleContractError("result.weights", "weights sum to \(sum), not 1") }
        let components = try f.numbers("components")
        if let missing = weights.keys.sorted().first(where: { components[$0] == nil }) {
            throw RuleContractError("result.components.\(missing)", "every weight needs a component; \"\(missing)\" has none")
        }
        // A factor on pay, kept to six decimals: 1.27, not 1.2700000000000002.
        let multiplier = try f.number("multiplier").map { ($0 * 1e6).rounded() / 1e6 }
        if let m = multiplier, m < 0 { throw RuleContractError("result.multiplier", "\(m.clean) is negative") }
        return WeightingVerdict(weights: weights, components: components, blended: try f.requiredNumber("blended"),
                                payout: try money(f, "payout"), multiplier: multiplier)
    }

    /// A money amount that may be absent, and is never negative; kept to the cent, so that
    /// 60000 × 1.09 reads 65400 and not 65400.00000000001 in every report and the history.
    private static func money(_ f: LuaFields, _ key: String) throws -> Double? {
        guard let x = try f.number(key) else { return nil }
        guard x >= 0 else { throw RuleContractError("result.\(key)", "\(x.clean) is negative") }
        return (x * 100).rounded() / 100
    }
}

import LadderEngine
import LadderModel

/// One way a result differs from what a case expects, with what was expected and what came.
public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
    public var rule: String
    public var subject: String
    /// The expectation's line in the test file.
    public var line: Int
    public var field: String
    public var expected: String
    public var actual: String
    /// The rule's `evaluate` as `file:line`, and where the rule failed when it did.
    public var ruleFile: String?
    public var location: String?

    public var description: String {
        "\(rule) \(subject) \(field): expected \(expected), got \(actual)" + ((location ?? ruleFile).map { " (\($0))" } ?? "")
    }
}

extension Expectation {
    /// Every difference between this expectation and an evaluation.
    func mismatches(in run: EvaluationRun) -> [Mismatch] {
        let e = run.evaluation
        let result = e.results.first { $0.rule == rule && $0.subject.id.sameID(subject) }
        let failure = e.failures.first { $0.rule == rule && ($0.subject.map { $0.id.sameID(subject) } ?? true) }
        let file = run.ruleLocations[rule]
        var out: [Mismatch] = []
        func miss(_ field: String, _ expected: String, _ actual: String) {
            out.append(Mismatch(rule: rule, subject: subject, line: line(of: field), field: field, expected: expected, actual: actual,
                                ruleFile: file, location: failure?.location))
        }

        if let failsWith {
            guard let failure else {
                miss("failure", "the rule to fail" + (failsWith.isEmpty ? "" : " with \"\(failsWith)\""), result == nil ? "no result" : "a result")
                return out
            }
            if !failsWith.isEmpty && !failure.message.contains(failsWith) { miss("failure", "\"\(failsWith)\"", "\"\(failure.message)\"") }
            if let failureKind, failure.kind.rawValue != failureKind { miss("failure kind", failureKind, failure.kind.rawValue) }
            return out
        }
        if let failure {
            miss("result", "a result", "the rule failed: \(failure.message)")
            return out
        }
        if noResult {
            if result != nil { miss("result", "no result", "a result: \(result!.message ?? "")") }
            return out
        }
        guard let result else {
            miss("result", "a result", e.rules.contains { $0.id == rule } ? "no result (the rule returned nil or does not cover this subject)" : "no rule \(rule) ran")
            return out
        }

        func near(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case (nil, nil): true
            case let (x?, y?): abs(x - y) <= tolerance
            default: false
            }
        }
        func show(_ x: Double?) -> String { x.map { $0.clean } ?? "nil" }
        func tol() -> String { tolerance > 1e-9 ? " ± \(tolerance.clean)" : "" }

        switch result.verdict {
        case .gate(let g):
            if let outcome, g.outcome != outcome { miss("outcome", outcome, g.outcome) }
            for (name, want) in conditions.sorted(by: { $0.key < $1.key }) {
                guard let c = g.conditions.first(where: { $0.name == name }) else {
                    miss("conditions.\(name)", "a condition \"\(name)\"", g.conditions.map { "\"\($0.name)\"" }.joined(separator: ", "))
                    continue
                }
                if let passed = want.passed, c.passed != passed { miss("conditions.\(name)", passed ? "passed" : "failed", c.passed ? "passed" : "failed") }
                if let text = want.detailContains, !(c.detail ?? "").contains(text) {
                    miss("conditions.\(name).detail", "text containing \"\(text)\"", "\"\(c.detail ?? "")\"")
                }
            }
            for text in reasonsContain where !g.reasons.contains(where: { $0.contains(text) }) {
                miss("reasons", "a reason containing \"\(text)\"", g.reasons.isEmpty ? "no reasons" : g.reasons.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            if let exposure, !near(exposure, g.exposure) { miss("exposure", show(exposure) + tol(), show(g.exposure)) }
        case .threshold(let t):
            if let breached, t.breached != breached { miss("breached", "\(breached)", "\(t.breached)") }
            if let severity, t.severity.rawValue != severity { miss("severity", severity, t.severity.rawValue) }
            if let value, !near(value, t.value) { miss("value", show(value) + tol(), show(t.value)) }
            if let limit, !near(limit, t.limit) { miss("limit", show(limit), show(t.limit)) }
            if let exposure, !near(exposure, t.exposure) { miss("exposure", show(exposure) + tol(), show(t.exposure)) }
        case .weighting(let w):
            if let blended, !near(blended, w.blended) { miss("blended", show(blended) + tol(), show(w.blended)) }
            if let payout, !near(payout, w.payout) { miss("payout", show(payout) + tol(), show(w.payout)) }
            for (name, x) in (weights ?? [:]).sorted(by: { $0.key < $1.key }) where !near(x, w.weights[name]) {
                miss("weights.\(name)", show(x) + tol(), show(w.weights[name]))
            }
            for (name, x) in (components ?? [:]).sorted(by: { $0.key < $1.key }) where !near(x, w.components[name]) {
                miss("components.\(name)", show(x) + tol(), show(w.components[name]))
            }
        }
        let kindFields: [(String, Bool)] = [("outcome", outcome != nil), ("conditions", !conditions.isEmpty), ("breached", breached != nil),
                                            ("blended", blended != nil)]
        for (field, asked) in kindFields where asked {
            let fits = switch (field, result.verdict) {
            case ("outcome", .gate), ("conditions", .gate), ("breached", .threshold), ("blended", .weighting): true
            default: false
            }
            if !fits { miss(field, "a \(field)", "a \(result.kindName) result") }
        }
        for text in messageContains where !(result.message ?? "").contains(text) {
            miss("message", "text containing \"\(text)\"", "\"\(result.message ?? "")\"")
        }
        for text in messageNotContains where (result.message ?? "").contains(text) {
            miss("message", "text without \"\(text)\"", "\"\(result.message ?? "")\"")
        }
        if let notes, notes.sorted() != result.notes.sorted() {
            miss("notes", "[\(notes.joined(separator: ", "))]", "[\(result.notes.joined(separator: ", "))]")
        }
        if let evidence, evidence.sorted() != result.evidence.sorted() {
            miss("evidence", "[\(evidence.joined(separator: ", "))]", "[\(result.evidence.joined(separator: ", "))]")
        }
        for text in notesContain where !result.notes.contains(where: { $0.contains(text) }) {
            miss("notes", "a note containing \"\(text)\"", result.notes.isEmpty ? "no notes" : result.notes.joined(separator: "; "))
        }
        let missing = evidenceIncludes.filter { !result.evidence.contains($0) }
        if !missing.isEmpty { miss("evidence", "to include \(missing.joined(separator: ", "))", "[\(result.evidence.joined(separator: ", "))]") }
        if let evidenceCount, result.evidence.count != evidenceCount { miss("evidence count", "\(evidenceCount)", "\(result.evidence.count)") }
        return out
    }
}

extension Expectation {
    /// The line of the key that asked for `field`: a failure points at what failed.
    func line(of field: String) -> Int {
        let root = String(field.prefix { $0 != "." })
        let keys: [String] = switch root {
        case "reasons": ["reasons_contain"]
        case "failure": ["fails_with", "failure_kind"]
        case "failure kind": ["failure_kind"]
        case "message": ["message_contains", "message_not_contains"]
        case "notes": ["notes", "notes_contain"]
        case "evidence": ["evidence", "evidence_includes"]
        case "evidence count": ["evidence_count"]
        case "result": ["no_result"]
        default: [root]
        }
        return keys.compactMap { keyLines[$0] }.first ?? line
    }
}

extension RuleResult {
    var kindName: String {
        switch verdict {
        case .gate: "gate"
        case .threshold: "threshold"
        case .weighting: "weighting"
        }
    }
}

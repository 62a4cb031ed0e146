import Foundation

/// The versioned JSON report (docs/report-json.md). Keys are snake_case and sorted; results
/// come in rule order, then subject id.
public enum JSONReport {
    /// Bumped on any change a reader could notice; additive fields keep the version.
    public static let schema = "ladder.evaluation/1"

    public static func render(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(report))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Document: Encodable {
        let schema = JSONReport.schema
        let ladderVersion: String
        let pack: Evaluation.PackInfo
        let snapshot: Snapshot
        let parameters: [String: ParameterValue]
        let rules: [Rule]
        let summary: Summary
        let results: [Result]
        let failures: [Failure]
        let warnings: [SnapshotIssue]

        struct Snapshot: Encodable {
            let sha256: String, asOf: String, organization: String, currency: String
            enum CodingKeys: String, CodingKey { case sha256, asOf = "as_of", organization, currency }
        }
        struct Rule: Encodable {
            let id, title, kind, subject, file: String
            let unit: String?
            let description: String?
            let outcomes: [String]?
        }
        struct Summary: Encodable {
            let results, breaches, failures: Int
            let subjects: Int
            let breachesByRule: [String: Int]
            let outcomesByRule: [String: [String: Int]]
            let totalPayout: Double
            let totalExposure: Double
            /// (rule, subject id) of the items to act on first, in order.
            let actions: [Action]
            struct Action: Encodable { let rule: String; let subject: String; let severity: String; let exposure: Double? }
            enum CodingKeys: String, CodingKey {
                case results, breaches, failures, subjects, breachesByRule = "breaches_by_rule", outcomesByRule = "outcomes_by_rule",
                     totalPayout = "total_payout", totalExposure = "total_exposure", actions
            }
        }
        struct Result: Encodable {
            let rule, title, kind: String
            let subject: SubjectRef
            let origin: RuleOrigin
            let message: String?
            let evidence, notes: [String]
            // gate
            let outcome: String?
            let reasons: [String]?
            let conditions: [GateCondition]?
            // threshold
            let value: Double?
            let limit: Double?
            let breached: Bool?
            let severity: String?
            let exposure: Double?
            // weighting
            let weights, components: [String: Double]?
            let blended, payout: Double?

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Key.self)
                try c.encode(rule, forKey: .rule)
                try c.encode(title, forKey: .title)
                try c.encode(kind, forKey: .kind)
                try c.encode(subject, forKey: .subject)
                try c.encode(origin, forKey: .origin)
                try c.encode(message, forKey: .message)
                try c.encode(evidence, forKey: .evidence)
                try c.encode(notes, forKey: .notes)
                try c.encodeIfPresent(outcome, forKey: .outcome)
                try c.encodeIfPresent(reasons, forKey: .reasons)
                try c.encodeIfPresent(conditions, forKey: .conditions)
                if kind == "threshold" { try c.encode(value, forKey: .value) }
                try c.encodeIfPresent(limit, forKey: .limit)
                try c.encodeIfPresent(breached, forKey: .breached)
                try c.encodeIfPresent(severity, forKey: .severity)
                if kind != "weighting" { try c.encode(exposure, forKey: .exposure) }
                try c.encodeIfPresent(weights, forKey: .weights)
                try c.encodeIfPresent(components, forKey: .components)
                try c.encodeIfPresent(blended, forKey: .blended)
                if kind == "weighting" { try c.encode(payout, forKey: .payout) }
            }
            enum Key: String, CodingKey {
                case rule, title, kind, subject, origin, message, evidence, notes, outcome, reasons, conditions, value, limit,
                     breached, severity, exposure, weights, components, blended, payout
            }
        }
        struct Failure: Encodable {
            let pack: String
            let rule: String?
            let file: String
            let subject: SubjectRef?
            let kind: RuleFailure.Kind
            let message: String
            let location: String?
            let code: String?
            let traceback: [String]
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Key.self)
                try c.encode(pack, forKey: .pack)
                try c.encode(rule, forKey: .rule)
                try c.encode(file, forKey: .file)
                try c.encode(subject, forKey: .subject)
                try c.encode(kind, forKey: .kind)
                try c.encode(message, forKey: .message)
                try c.encode(location, forKey: .location)
                try c.encode(code, forKey: .code)
                try c.encode(traceback, forKey: .traceback)
            }
            enum Key: String, CodingKey { case pack, rule, file, subject, kind, message, location, code, traceback }
        }

        enum CodingKeys: String, CodingKey {
            case schema, ladderVersion = "ladder_version", pack, snapshot, parameters, rules, summary, results, failures, warnings
        }

        init(_ report: Report) {
            let e = report.evaluation, s = report.summary
            ladderVersion = e.ladderVersion
            pack = e.pack
            snapshot = .init(sha256: e.snapshot.sha256, asOf: e.snapshot.asOf.description, organization: e.snapshot.organization,
                             currency: e.snapshot.currency)
            parameters = Dictionary(uniqueKeysWithValues: e.parameters.values.map { ($0.name, $0.value) })
            rules = e.rules.map {
                Rule(id: $0.id, title: $0.title, kind: $0.kind.rawValue, subject: $0.subject.rawValue, file: $0.file,
                     unit: $0.kind == .threshold ? $0.unit.rawValue : nil,
                     description: $0.description, outcomes: $0.kind == .gate ? $0.outcomes : nil)
            }
            summary = .init(
                results: e.results.count, breaches: e.results.filter(\.isBreach).count, failures: e.failures.count,
                subjects: Set(e.results.map(\.subject)).count,
                breachesByRule: Dictionary(uniqueKeysWithValues: s.breaches.map { ($0.rule.id, $0.breached) }),
                outcomesByRule: Dictionary(uniqueKeysWithValues: s.outcomes.map { g in
                    (g.rule.id, Dictionary(uniqueKeysWithValues: g.counts.map { ($0.outcome, $0.count) }))
                }),
                totalPayout: s.totalPayout, totalExposure: s.totalExposure,
                actions: s.actions.map { .init(rule: $0.rule, subject: $0.subject.id, severity: $0.severity.rawValue, exposure: $0.exposure) })
            results = e.results.map(Result.init)
            failures = e.failures.map {
                Failure(pack: $0.pack, rule: $0.rule, file: $0.file, subject: $0.subject, kind: $0.kind, message: $0.message,
                        location: $0.location, code: $0.code, traceback: $0.traceback)
            }
            warnings = e.warnings
        }
    }
}

extension JSONReport.Document.Result {
    init(_ r: RuleResult) {
        rule = r.rule
        title = r.title
        subject = r.subject
        origin = r.origin
        message = r.message
        evidence = r.evidence
        notes = r.notes
        var outcome: String?, reasons: [String]?, conditions: [GateCondition]?, value: Double?, limit: Double?
        var breached: Bool?, severity: String?, exposure: Double?, weights: [String: Double]?, components: [String: Double]?
        var blended: Double?, payout: Double?
        switch r.verdict {
        case .gate(let g):
            kind = "gate"
            (outcome, reasons, conditions, exposure) = (g.outcome, g.reasons, g.conditions, g.exposure)
        case .threshold(let t):
            kind = "threshold"
            (value, limit, breached, severity, exposure) = (t.value, t.limit, t.breached, t.severity.rawValue, t.exposure)
        case .weighting(let w):
            kind = "weighting"
            (weights, components, blended, payout) = (w.weights, w.components, w.blended, w.payout)
        }
        self.outcome = outcome
        self.reasons = reasons
        self.conditions = conditions
        self.value = value
        self.limit = limit
        self.breached = breached
        self.severity = severity
        self.exposure = exposure
        self.weights = weights
        self.components = components
        self.blended = blended
        self.payout = payout
    }
}

import Foundation
import LadderModel

/// The versioned JSON report (docs/report-json.md). Keys are snake_case and sorted; results
/// come in rule order, then subject id.
public enum JSONReport {
    /// Bumped on any change a reader could notice; additive fields keep the version.
    public static let schema = Evaluation.jsonSchema

    public static func render(_ report: Report) throws -> String {
        try render(report.evaluation, summary: report.summary)
    }

    /// The report of an evaluation, computing only the summary of what other formats show.
    public static func render(_ evaluation: Evaluation, summary: Report.Summary? = nil) throws -> String {
        try rendered(evaluation, summary: summary).text
    }

    /// Like ``render(_:summary:)``, in the pieces it was written in.
    public static func rendered(_ evaluation: Evaluation, summary: Report.Summary? = nil) throws -> RenderedReport {
        try PrettyJSON.rendered(Document(evaluation, summary: summary ?? Report.Summary(evaluation)), newline: true)
    }

    /// The evaluation's own encoding (its run record), with the schema and the summary added.
    struct Document: Encodable {
        let evaluation: Evaluation
        let summary: Summary

        struct Summary: Encodable {
            let results, breaches, failures: Int
            let subjects: Int
            let breachesByRule: [String: Int]
            let outcomesByRule: [String: [String: Int]]
            let totalPayout: Double
            let totalExposure: Double
            /// (rule, subject id) of the items to act on first, in order.
            let actions: [Action]
            /// How many items there are to act on in all; `actions` holds the first of them.
            let actionCount: Int
            struct Action: Encodable { let rule: String; let subject: String; let severity: String; let exposure: Double? }
            enum CodingKeys: String, CodingKey {
                case results, breaches, failures, subjects, breachesByRule = "breaches_by_rule", outcomesByRule = "outcomes_by_rule",
                     totalPayout = "total_payout", totalExposure = "total_exposure", actions, actionCount = "action_count"
            }
        }

        enum CodingKeys: String, CodingKey { case schema, summary }

        func encode(to encoder: any Encoder) throws {
            try evaluation.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(JSONReport.schema, forKey: .schema)
            try c.encode(summary, forKey: .summary)
        }

        init(_ report: Report) { self.init(report.evaluation, summary: report.summary) }

        init(_ e: Evaluation, summary s: Report.Summary) {
            evaluation = e
            summary = .init(
                results: e.results.count, breaches: e.results.filter(\.isBreach).count, failures: e.failures.count,
                subjects: Set(e.results.map(\.subject)).count,
                breachesByRule: Dictionary(uniqueKeysWithValues: s.breaches.map { ($0.rule.id, $0.breached) }),
                outcomesByRule: Dictionary(uniqueKeysWithValues: s.outcomes.map { g in
                    (g.rule.id, Dictionary(uniqueKeysWithValues: g.counts.map { ($0.outcome, $0.count) }))
                }),
                totalPayout: s.totalPayout, totalExposure: s.totalExposure,
                actions: s.actions.map { .init(rule: $0.rule, subject: $0.subject.id, severity: $0.severity.rawValue, exposure: $0.exposure) },
                actionCount: s.actionCount)
        }
    }
}

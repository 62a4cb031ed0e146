import LadderModel
import LadderSnapshots

/// Everything Ladder concluded about one person or team, and why: each result with its
/// conditions, reasons and notes, and the evidence resolved to the records it names.
public struct Explanation: Sendable {
    public let subject: SubjectRef?
    public let subjectID: String
    /// A line about who the subject is: role, team, manager, dates.
    public let profile: [String]
    public let results: [RuleResult]
    public let failures: [RuleFailure]
    /// Evidence id → what the snapshot says it is.
    public let evidence: [String: String]
    public let evaluation: Evaluation

    public init(subject id: String, evaluation: Evaluation, snapshot loaded: LoadedSnapshot) {
        let s = loaded.snapshot, index = loaded.index
        subjectID = id
        self.evaluation = evaluation
        results = evaluation.results.filter { $0.subject.id.sameID(id) }
        failures = evaluation.failures.filter { $0.subject.map { $0.id.sameID(id) } ?? false }
        var profile: [String] = []
        if let p = index.personById[id].map({ s.people[$0] }) {
            subject = SubjectRef(kind: p.role == "manager" ? .manager : .rep, id: p.id, name: p.name)
            let team = p.teamId.flatMap { index.teamById[$0] }.map { s.teams[$0].name }
            let manager = p.managerId.flatMap { index.personById[$0] }.map { s.people[$0].name }
            profile.append("\(p.name) (\(p.id)): \(p.role), \(p.track) track\(p.active ? "" : ", no longer active")")
            profile.append(["team: \(team ?? "none")", manager.map { "reports to \($0)" }, p.hireDate.map { "hired \($0)" },
                            p.roleStartDate.map { "in role since \($0)" }].compactMap(\.self).joined(separator: ", "))
        } else if let t = index.teamById[id].map({ s.teams[$0] }) {
            subject = SubjectRef(kind: .team, id: t.id, name: t.name)
            let manager = t.managerId.flatMap { index.personById[$0] }.map { s.people[$0].name }
            profile.append("\(t.name) (\(t.id)): team\(manager.map { ", managed by \($0)" } ?? "")")
        } else {
            subject = nil
        }
        self.profile = profile

        // Resolved when the evaluation ran; listed after their ids, and a period's id is its name.
        evidence = Dictionary(uniqueKeysWithValues: Set(results.flatMap(\.evidence)).compactMap { id in
            evaluation.records[id].map { (id, $0.kind == .period ? "period \($0.detail)" : $0.text) }
        })
    }

    /// The explanation as text for a terminal.
    public func renderText() -> String {
        var out: [String] = []
        let e = evaluation
        out.append(profile.first ?? "\(subjectID): not in the snapshot")
        out.append(contentsOf: profile.dropFirst().map { "  \($0)" })
        out.append("  as of \(e.snapshot.asOf), pack \(e.pack.name) \(e.pack.version)")
        if results.isEmpty && failures.isEmpty {
            out.append("")
            out.append(subject == nil ? "No person or team \"\(subjectID)\" in the snapshot." : "No rule of the pack applies to \(subject!.name).")
        }
        for r in results {
            out.append("")
            out.append("\(r.title) [\(r.rule)]")
            switch r.verdict {
            case .threshold(let t):
                let unit = e.rules.first { $0.id == r.rule }?.unit ?? .share
                out.append("  \(t.breached ? "BREACHED (\(t.severity.rawValue))" : "not breached"): value \(NumberText.measure(t.value, unit, against: t.limit)), limit \(NumberText.limit(t.limit, unit))")
                for c in t.conditions { out.append("  \(c.passed ? "✓ passed" : "✗ failed") \(c.name)\(c.detail.map { ": \($0)" } ?? "")") }
            case .gate(let g):
                out.append("  outcome: \(g.outcome)")
                for c in g.conditions { out.append("  \(c.passed ? "✓ passed" : "✗ failed") \(c.name)\(c.detail.map { ": \($0)" } ?? "")") }
                for reason in g.reasons { out.append("  - \(reason)") }
            case .weighting(let w):
                out += Report.payParts(w).map { "  \($0)" }
                out.append("  \(Report.payTotal(w, currency: e.snapshot.currency))")
            }
            if let exposure = r.exposure { out.append("  exposure: \(NumberText.money(exposure)) \(e.snapshot.currency)") }
            if let message = r.message { out.append("  why: \(message)") }
            for note in r.notes { out.append("  note: \(note)") }
            if !r.evidence.isEmpty {
                out.append("  evidence:")
                for id in r.evidence { out.append("    \(id)\(evidence[id].map { ": \($0)" } ?? "")") }
            }
            if let action = r.action { out.append("  → \(action)") }
            out.append("  (\(r.origin.file))")
        }
        for f in failures {
            out.append("")
            out.append("\(f.rule ?? f.file): FAILED (\(f.kind.rawValue))")
            out.append("  \(f.location ?? f.file): \(f.message)")
        }
        return out.joined(separator: "\n") + "\n"
    }
}

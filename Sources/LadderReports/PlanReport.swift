import Foundation
import LadderModel

/// `ladder plan` output (docs/plan.md): the causes, then per snapshot the totals, the winners
/// and losers of pay, every flip, move and evidence change. Text, Markdown, JSON and HTML are
/// rendered from the same sections, so they always agree.
public enum PlanReport {
    public static let schema = "ladder.plan/1"

    /// - Throws: ``LadderError`` for CSV, which a plan does not come in.
    public static func render(_ result: PlanResult, format: ReportFormat) throws -> String {
        switch format {
        case .text: return text(sections(result))
        case .markdown: return markdown(sections(result))
        case .json: return try json(result)
        case .html: return html(result)
        case .csv: throw LadderError.invalidParameter("format", reason: "a plan comes as text, markdown, json or html")
        }
    }

    // MARK: Sections shared by text, Markdown and HTML

    struct Section {
        var title: String
        /// A part of the snapshot above it.
        var nested = false
        var lines: [String]
        /// Payout changes to chart (HTML only).
        var chart: [Double]? = nil
    }

    static func sections(_ r: PlanResult) -> [Section] {
        var out = [Section(title: "Plan: \(r.causes.baseline.name) \(r.causes.baseline.version) → \(r.causes.candidate.name) \(r.causes.candidate.version)",
                           lines: causeLines(r.causes))]
        for plan in r.snapshots { out += snapshotSections(plan) }
        let changed = r.snapshots.reduce(0) { $0 + $1.diff.entries.count }
        out.append(Section(title: "Summary", lines: [changed == 0
            ? "nothing changes on \(r.snapshots.count) snapshot\(plural(r.snapshots.count))"
            : "\(changed) verdict\(plural(changed)) change on \(r.snapshots.filter(\.hasChanges).count) of \(r.snapshots.count) snapshot\(plural(r.snapshots.count))"]))
        return out
    }

    static func causeLines(_ c: PlanCauses) -> [String] {
        var lines: [String] = []
        for p in c.diff.parameters {
            lines.append("parameter \(p.name): \(p.before?.text ?? "(none)") → \(p.after?.text ?? "(none)")\(p.setBy.map { " (set by \($0))" } ?? "")")
        }
        for rule in c.diff.rulesAdded { lines.append("rule \(rule.id) added by \(rule.layer)") }
        for rule in c.diff.rulesRemoved { lines.append("rule \(rule.id) removed") }
        for rule in c.diff.rulesDisabled { lines.append("rule \(rule.id) disabled by \(rule.by)") }
        for rule in c.diff.rulesReplaced { lines.append("rule \(rule.id) runs from \(rule.after), not \(rule.before)") }
        for layer in c.changedLayers { lines.append("layer \(layer.name): its files differ (\(layer.before.prefix(12)) → \(layer.after.prefix(12)))") }
        return lines.isEmpty ? ["the two packs run the same rules with the same parameters"] : lines
    }

    private static func snapshotSections(_ p: SnapshotPlan) -> [Section] {
        let name = "\(p.snapshot.organization), as of \(p.snapshot.asOf)"
        guard p.hasChanges else { return [Section(title: name, lines: ["no verdict changes"])] }
        var totals: [String] = []
        for rule in p.rules where !(rule.newlyFlagged + rule.cleared + rule.newlyReady + rule.noLongerReady).isEmpty {
            let what = rule.kind == .gate ? "ready" : "flagged"
            var line = "\(rule.title): \(rule.count.before) → \(rule.count.after) \(what)"
            if !rule.newlyFlagged.isEmpty { line += "; newly flagged: " + names(rule.newlyFlagged) }
            if !rule.cleared.isEmpty { line += "; cleared: " + names(rule.cleared) }
            if !rule.newlyReady.isEmpty { line += "; newly ready: " + names(rule.newlyReady) }
            if !rule.noLongerReady.isEmpty { line += "; no longer ready: " + names(rule.noLongerReady) }
            totals.append(line)
        }
        let pay = p.payout.total
        if pay.before != pay.after || !p.payouts.isEmpty {
            totals.append("payout: \(NumberText.money(pay.before)) → \(NumberText.money(pay.after)) (\(signedMoney(pay.after - pay.before)))"
                          + (p.payout.byTeam.isEmpty ? "" : "; by team: " + p.payout.byTeam.map { "\($0.team) \(signedMoney($0.delta))" }.joined(separator: ", ")))
        }
        if p.exposure.before != p.exposure.after {
            totals.append("failed-promotion exposure: \(NumberText.money(p.exposure.before)) → \(NumberText.money(p.exposure.after)) (\(signedMoney(p.exposure.after - p.exposure.before)))")
        }
        if p.failures.before != p.failures.after {
            totals.append("rule failures: \(p.failures.before.count) → \(p.failures.after.count)")
            totals += p.failures.after.filter { !p.failures.before.contains($0) }.map { "  new failure: \($0)" }
        }
        if totals.isEmpty {
            let fields = Set(p.diff.entries.flatMap { entry -> [String] in
                if case .changed(let changes) = entry.change { return changes.map(\.field) }
                return ["result"]
            }).sorted()
            let n = p.diff.entries.count
            totals = ["\(n) verdict\(plural(n)) change\(n == 1 ? "s" : ""), only in \(fields.joined(separator: ", ")): no one flips and no payout moves"]
        }
        var out = [Section(title: name, lines: totals)]
        if !p.payouts.isEmpty {
            out.append(Section(title: "Winners and losers", nested: true, lines: p.payouts.map { c in
                let percent = c.percent.map { " (\(signedPercent($0)))" } ?? ""
                return "\(signedMoney(c.delta))\(percent)  \(c.subject.name)\(c.team.map { " (\($0))" } ?? "")  \(c.before.map(NumberText.money) ?? "none") → \(c.after.map(NumberText.money) ?? "none")"
            }, chart: p.payouts.map(\.delta)))
        }
        if !p.flips.isEmpty {
            out.append(Section(title: "Flips", nested: true, lines: p.flips.map {
                "\($0.rule)  \($0.subject.name)\($0.team.map { " (\($0))" } ?? "")  \($0.field): \($0.before ?? "no result") → \($0.after ?? "no result")"
            }))
        }
        if !p.moves.isEmpty {
            out.append(Section(title: "Moves", nested: true, lines: p.moves.map {
                "\($0.rule)  \($0.subject.name)  \($0.field): \($0.before.map(clean) ?? "none") → \($0.after.map(clean) ?? "none")"
            }))
        }
        if !p.evidence.isEmpty {
            out.append(Section(title: "Evidence", nested: true, lines: p.evidence.map { e in
                "\(e.rule)  \(e.subject.name)" + (e.added.isEmpty ? "" : "  added: " + e.added.joined(separator: ", "))
                    + (e.dropped.isEmpty ? "" : "  dropped: " + e.dropped.joined(separator: ", "))
            }))
        }
        return out
    }

    private static func names(_ subjects: [SubjectRef]) -> String { subjects.map(\.name).joined(separator: ", ") }
    static func signedMoney(_ x: Double) -> String { (x > 0 ? "+" : x < 0 ? "-" : "±") + NumberText.money(abs(x)) }
    private static func signedPercent(_ x: Double) -> String { (x > 0 ? "+" : x < 0 ? "-" : "±") + NumberText.percent(abs(x)) }
    private static func clean(_ x: Double) -> String { NumberText.fixed(x, decimals: 4) }
    private static func plural(_ n: Int) -> String { n == 1 ? "" : "s" }

    static func text(_ sections: [Section]) -> String {
        sections.map { s in
            let indent = s.nested ? "  " : ""
            return ([indent + s.title] + s.lines.map { indent + "  " + $0 }).joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    static func markdown(_ sections: [Section]) -> String {
        func md(_ s: String) -> String {
            var out = ""
            for c in s { if "\\`*_[]<>#|".contains(c) { out.append("\\") }; out.append(c) }
            return out
        }
        return sections.enumerated().map { i, s in
            ([(i == 0 ? "# " : s.nested ? "### " : "## ") + md(s.title), ""] + s.lines.map { "- " + md($0) }).joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    // MARK: JSON

    static func json(_ r: PlanResult) throws -> String {
        struct Document: Encodable {
            var schema = PlanReport.schema
            var changed: Bool
            var causes: Causes
            var snapshots: [SnapshotDoc]
        }
        struct Causes: Encodable {
            var baseline: PackDescription
            var candidate: PackDescription
            var diff: PackDiff
            var changed_layers: [[String: String]]
        }
        struct SnapshotDoc: Encodable {
            var organization, as_of, sha256: String
            var changed: Bool
            var rules: [RuleDoc]
            var payout: PayoutDoc
            var exposure: Pair
            var winners_and_losers: [PayoutChangeDoc]
            var flips: [FlipDoc]
            var moves: [MoveDoc]
            var evidence: [EvidenceDoc]
            var failures: Failures
            var changes: [String]
        }
        struct Pair: Encodable { var before, after, delta: Double }
        struct Subject: Encodable { var id, name: String; var team: String? }
        struct RuleDoc: Encodable {
            var rule, title, kind: String
            var before, after: Int
            var newly_flagged, cleared, newly_ready, no_longer_ready: [Subject]
        }
        struct PayoutDoc: Encodable { var total: Pair; var by_team: [TeamDelta] }
        struct TeamDelta: Encodable { var team: String; var delta: Double }
        struct PayoutChangeDoc: Encodable {
            var rule: String
            var subject: Subject
            var before, after: Double?
            var delta: Double
            var percent: Double?
        }
        struct FlipDoc: Encodable { var rule, field: String; var subject: Subject; var before, after: String? }
        struct MoveDoc: Encodable { var rule, field: String; var subject: Subject; var before, after: Double? }
        struct EvidenceDoc: Encodable { var rule: String; var subject: Subject; var added, dropped: [String] }
        struct Failures: Encodable { var before, after: [String] }

        func money(_ x: Double) -> Double { (x * 100).rounded() / 100 }
        func pair(_ c: SnapshotPlan.Change<Double>) -> Pair { Pair(before: money(c.before), after: money(c.after), delta: money(c.after - c.before)) }
        let document = Document(changed: r.hasChanges,
                                causes: Causes(baseline: r.causes.baseline, candidate: r.causes.candidate, diff: r.causes.diff,
                                               changed_layers: r.causes.changedLayers.map { ["name": $0.name, "before": $0.before, "after": $0.after] }),
                                snapshots: r.snapshots.map { p in
            let teams = Dictionary(p.flips.map { ($0.subject.id, $0.team) } + p.payouts.map { ($0.subject.id, $0.team) }, uniquingKeysWith: { a, _ in a })
            func subject(_ s: SubjectRef) -> Subject { Subject(id: s.id, name: s.name, team: teams[s.id] ?? nil) }
            return SnapshotDoc(
                organization: p.snapshot.organization, as_of: p.snapshot.asOf.description, sha256: p.snapshot.sha256, changed: p.hasChanges,
                rules: p.rules.map { RuleDoc(rule: $0.rule, title: $0.title, kind: $0.kind.rawValue, before: $0.count.before, after: $0.count.after,
                                             newly_flagged: $0.newlyFlagged.map(subject), cleared: $0.cleared.map(subject),
                                             newly_ready: $0.newlyReady.map(subject), no_longer_ready: $0.noLongerReady.map(subject)) },
                payout: PayoutDoc(total: pair(p.payout.total), by_team: p.payout.byTeam.map { TeamDelta(team: $0.team, delta: money($0.delta)) }),
                exposure: pair(p.exposure),
                winners_and_losers: p.payouts.map { PayoutChangeDoc(rule: $0.rule, subject: subject($0.subject), before: $0.before.map(money),
                                                                    after: $0.after.map(money), delta: money($0.delta),
                                                                    percent: $0.percent.map { ($0 * 10000).rounded() / 10000 }) },
                flips: p.flips.map { FlipDoc(rule: $0.rule, field: $0.field, subject: subject($0.subject), before: $0.before, after: $0.after) },
                moves: p.moves.map { MoveDoc(rule: $0.rule, field: $0.field, subject: subject($0.subject), before: $0.before, after: $0.after) },
                evidence: p.evidence.map { EvidenceDoc(rule: $0.rule, subject: subject($0.subject), added: $0.added, dropped: $0.dropped) },
                failures: Failures(before: p.failures.before, after: p.failures.after),
                changes: p.diff.lines)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    // MARK: HTML

    static func html(_ r: PlanResult) -> String {
        var body = ""
        for (i, section) in sections(r).enumerated() {
            let tag = i == 0 ? "h1" : section.nested ? "h3" : "h2"
            body += "<\(tag)>\(Markup.escape(section.title))</\(tag)>\n"
            body += "<ul>\n" + section.lines.map { "<li>\(Markup.escape($0))</li>" }.joined(separator: "\n") + "\n</ul>\n"
            if let chart = section.chart { body += histogram(chart) }
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Markup.escape("Plan: \(r.causes.candidate.name)"))</title>
            <style>
            body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
            h1 { font-size: 1.5rem; } h3 { font-size: 1rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #d0d7de; }
            li { margin: .15rem 0; } svg text { font-size: 12px; fill: #1b1f24; }
            </style></head>
            <body>
            \(body)</body></html>

            """
    }

    /// Payout changes in ten equal bins from the largest fall to the largest rise, as bars.
    static func histogram(_ deltas: [Double]) -> String {
        guard let low = deltas.min(), let high = deltas.max() else { return "" }
        let bins = low == high ? 1 : 10
        let width = (high - low) / Double(bins)
        var counts = Array(repeating: 0, count: bins)
        for d in deltas { counts[bins == 1 ? 0 : min(bins - 1, Int((d - low) / width))] += 1 }
        let top = counts.max() ?? 1, barWidth = 56, height = 120
        var svg = "<figure><svg role=\"img\" aria-label=\"Histogram of payout changes\" width=\"\(bins * (barWidth + 4) + 10)\" height=\"\(height + 40)\">\n"
        for (i, count) in counts.enumerated() {
            let h = count == 0 ? 0 : max(2, count * height / top)
            let x = 5 + i * (barWidth + 4)
            let from = low + Double(i) * width
            svg += "<rect x=\"\(x)\" y=\"\(height - h + 14)\" width=\"\(barWidth)\" height=\"\(h)\" fill=\"\(from + width / 2 < 0 ? "#cf222e" : "#1a7f37")\"><title>\(count) manager\(count == 1 ? "" : "s"): \(Markup.escape(signedMoney(from))) to \(Markup.escape(signedMoney(from + width)))</title></rect>\n"
            if count > 0 { svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(height - h + 10)\" text-anchor=\"middle\">\(count)</text>\n" }
        }
        svg += "<text x=\"5\" y=\"\(height + 32)\">\(Markup.escape(signedMoney(low)))</text>"
        if bins > 1 {
            svg += "<text x=\"\(bins * (barWidth + 4) + 5)\" y=\"\(height + 32)\" text-anchor=\"end\">\(Markup.escape(signedMoney(high)))</text>\n"
        }
        return svg + "</svg><figcaption>Payout changes: managers per range of change</figcaption></figure>\n"
    }
}

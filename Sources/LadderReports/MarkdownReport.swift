import LadderModel

/// A report to paste into a document or a pull request: summary, then one table per policy.
public enum MarkdownReport {
    public static func render(_ report: Report) -> String {
        let e = report.evaluation, s = report.summary
        var out: [String] = []
        out.append("# \(escape(e.snapshot.organization)): \(escape(e.pack.name)) policies as of \(e.snapshot.asOf)")
        out.append("")
        out.append("Pack `\(e.pack.name)` \(e.pack.version) (sha256 `\(e.pack.sha256.prefix(12))`), snapshot sha256 `\(e.snapshot.sha256.prefix(12))`, Ladder \(e.ladderVersion).")
        if let chain = e.layerChain { out.append("Layers: \(escape(chain)).") }
        out.append("")
        out.append("## Summary")
        out.append("")
        for b in s.breaches { out.append("- **\(escape(b.rule.title))**: \(b.text)") }
        for g in s.outcomes {
            out.append("- **\(escape(g.rule.title))**: " + escape(g.text()))
        }
        if s.payouts > 0 { out.append("- **Variable payout**: \(NumberText.money(s.totalPayout)) \(e.snapshot.currency) over \(s.payouts) manager\(s.payouts == 1 ? "" : "s")") }
        out.append("- **Failed-promotion exposure**: \(NumberText.money(s.totalExposure)) \(e.snapshot.currency)")
        if s.failures > 0 { out.append("- **Rule failures**: \(s.failures) (listed below)") }
        if !s.actions.isEmpty {
            out.append("")
            out.append("### Act first on")
            out.append("")
            for (i, r) in s.actions.enumerated() {
                out.append("\(i + 1). **\(escape(r.subject.name))** (`\(r.rule)`): \(escape(r.message ?? ""))"
                           + (r.action.map { "<br>→ \(escape($0))" } ?? ""))
            }
            if let more = s.moreActions { out.append("\n\(more).") }
        }
        if let nothing = s.nothingToAct { out.append("\n\(nothing)") }
        let card = report.scorecard
        if !card.rows.isEmpty {
            out += ["", "## Scorecard", "", "Managers, most needing attention first; breaches in bold.", ""]
            out.append("| manager | team | " + card.rules.map { Scorecard.heading($0) }.joined(separator: " | ") + " | payout \(e.snapshot.currency) | multiplier | reps |")
            out.append("|---|---|" + String(repeating: "---|", count: card.rules.count) + "---|---|---|")
            for row in card.rows {
                let cells = row.cells.map { cell in cell.map { $0.state == .breach ? "**\($0.text)**" : $0.text } ?? "—" }
                out.append("| \(escape(row.manager.name)) | \(escape(row.manager.team ?? "—")) | " + cells.joined(separator: " | ")
                           + " | \(row.payout.map(NumberText.money) ?? "—") | \(row.multiplier.map { NumberText.percent($0) } ?? "—") | \(Scorecard.repsText(row.reps)) |")
            }
        }
        for section in report.sections {
            out.append("")
            out.append("## \(escape(section.rule.title))")
            out.append("")
            out.append("`\(section.rule.id)`\(section.rule.description.map { " — \(escape($0))" } ?? "")")
            out.append("")
            switch section.rule.kind {
            case _ where section.results.isEmpty:
                out.append(section.failures.isEmpty ? "No subjects." : "No results.")
            case .threshold:
                out.append("| subject | value | limit | status | message |")
                out.append("|---|---|---|---|---|")
                for r in section.results {
                    guard case .threshold(let t) = r.verdict else { continue }
                    let notes = r.notes.filter { !RuleResult.saysInsufficientData($0) }
                    let status = t.breached ? "**\(r.status)**" : notes.isEmpty ? r.status : "\(r.status), \(escape(notes.joined(separator: "; ")))"
                    out.append("| \(escape(r.subject.name)) | \(NumberText.measure(t.value, section.rule.unit, against: t.limit)) | \(NumberText.limit(t.limit, section.rule.unit)) | \(status) | \(escape(r.message ?? "")) |")
                }
                let breaches = section.results.filter(\.isBreach)
                if !breaches.isEmpty { out.append("") }
                for r in breaches {
                    let (shown, more) = report.evidence(r, limit: 12)
                    out.append("- **\(escape(r.subject.name))**" + (r.action.map { ": → \(escape($0))" } ?? ""))
                    if case .threshold(let t) = r.verdict {
                        for c in t.conditions { out.append("  - \(escape(c.line))") }
                    }
                    if !shown.isEmpty { out.append("  - Evidence: " + escape(shown.joined(separator: "; ")) + (more > 0 ? "; and \(more) more" : "")) }
                }
            case .gate:
                let exposed = section.hasExposure
                out.append("| subject | outcome | reasons | action |" + (exposed ? " exposure |" : ""))
                out.append("|---|---|---|---|" + (exposed ? "---|" : ""))
                for group in section.gateGroups {
                    let r = group.members[0]
                    guard case .gate(let g) = r.verdict else { continue }
                    let who = group.isGroup ? "\(group.members.count) people: " + group.members.map { escape($0.subject.name) }.joined(separator: ", ")
                        : escape(r.subject.name)
                    let action = group.isGroup ? "" : escape(r.action ?? "")
                    out.append("| \(who) | \(g.outcome) | \(escape(g.reasons.joined(separator: "; "))) | \(action) |"
                               + (exposed ? " \(g.exposure.map(NumberText.money) ?? "") |" : ""))
                }
            case .weighting:
                let names = Array(Set(section.results.flatMap { r -> [String] in
                    if case .weighting(let w) = r.verdict { return Array(w.weights.keys) } else { return [] }
                })).sorted()
                out.append("| subject | " + names.map { "\($0): weight × value = part" }.joined(separator: " | ") + " | blended | multiplier | payout |")
                out.append("|---|" + names.map { _ in "---|" }.joined() + "---|---|---|")
                var above: [String] = []
                for r in section.results {
                    guard case .weighting(let w) = r.verdict else { continue }
                    let parts = w.contributions
                    let cells = names.map { "\(NumberText.percent(w.weights[$0] ?? 0)) × \(NumberText.percent(w.components[$0] ?? 0)) = \(NumberText.percent(parts[$0] ?? 0))" }
                    out.append("| \(escape(r.subject.name)) | " + cells.joined(separator: " | ")
                               + " | \(NumberText.percent(w.blended)) | \(w.multiplier.map { NumberText.percent($0) } ?? "") | \(w.payout.map(NumberText.money) ?? "") |")
                    if let sentence = report.aboveTarget(r) { above.append("- **\(escape(r.subject.name))**: \(escape(sentence))") }
                }
                if !above.isEmpty { out += [""] + above }
            }
            for f in section.failures {
                out.append("")
                out.append("> **Failed** for \(escape(f.subject?.name ?? f.file)): `\(f.location ?? f.file)`: \(escape(f.message))")
            }
        }
        let loadFailures = e.failures.filter { $0.rule == nil }
        if !loadFailures.isEmpty {
            out.append("")
            out.append("## Files that could not be loaded")
            out.append("")
            for f in loadFailures { out.append("- `\(f.location ?? f.file)`: \(escape(f.message))") }
        }
        if !e.warnings.isEmpty {
            out.append("")
            out.append("## Snapshot warnings")
            out.append("")
            for w in e.warnings { out.append("- `\(w.path)`: \(escape(w.message))") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Keeps table cells intact and text literal.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "|": out += "\\|"
            case "*", "_", "`", "<", ">", "[", "]": out += "\\\(c)"
            case "\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}

import Foundation
import LadderModel

/// A report for the terminal: the summary, then one block per policy with failures and breaches
/// first. Colour only when asked for (the CLI asks on a terminal).
public struct TextReport: Sendable {
    public struct Options: Sendable {
        /// ANSI colour, for a terminal only.
        public var color: Bool
        /// Also list results that need no attention.
        public var showAll: Bool

        public init(color: Bool = false, showAll: Bool = true) {
            self.color = color
            self.showAll = showAll
        }
    }

    public let options: Options

    public init(options: Options = .init()) { self.options = options }

    public func render(_ report: Report) -> String {
        // What came from the data cannot drive the terminal: control characters are shown as codes.
        let report = Report(report.evaluation.mapTexts(ControlCharacters.escaped))
        let e = report.evaluation, s = report.summary
        var out: [String] = []
        out.append(bold("Ladder \(e.ladderVersion): pack \(e.pack.name) \(e.pack.version) on \(e.snapshot.organization) as of \(e.snapshot.asOf)"))
        out.append("\(e.rules.count) rule\(plural(e.rules.count)), \(e.results.count) result\(plural(e.results.count)): "
                   + "\(e.results.filter(\.isBreach).count) breach\(e.results.filter(\.isBreach).count == 1 ? "" : "es"), "
                   + "\(e.failures.count) failure\(plural(e.failures.count))")
        out.append("")
        out.append(bold("Summary"))
        for b in s.breaches {
            out.append("  \(b.rule.id): \(b.text)")
        }
        for g in s.outcomes {
            out.append("  \(g.rule.id): " + g.text())
        }
        if s.payouts > 0 {
            out.append("  variable payout: \(NumberText.money(s.totalPayout)) \(e.snapshot.currency) over \(s.payouts) manager\(plural(s.payouts))")
        }
        out.append("  failed-promotion exposure: \(NumberText.money(s.totalExposure)) \(e.snapshot.currency)"
                   + (s.exposures > 0 ? " (\(s.exposures) case\(plural(s.exposures)))" : ""))
        if !s.actions.isEmpty {
            out.append("  act first on:")
            for (i, r) in s.actions.enumerated() {
                out.append("    \(i + 1). \(r.subject.name) — \(r.rule)\(r.severity == .high ? " (high)" : ""): \(r.message ?? "")")
                if let action = r.action { out.append("       → \(action)") }
            }
            if let more = s.moreActions { out.append("    \(more)") }
        }
        if let nothing = s.nothingToAct { out.append("  \(nothing)") }
        if !e.warnings.isEmpty { out.append("  \(e.warnings.count) snapshot warning\(plural(e.warnings.count)), listed at the end") }

        out.append(contentsOf: scorecardLines(report.scorecard, currency: e.snapshot.currency))

        let loadFailures = e.failures.filter { $0.rule == nil }
        if !loadFailures.isEmpty {
            out.append("")
            out.append(bold("Files that could not be loaded"))
            for f in loadFailures { out.append(contentsOf: failureLines([f])) }
        }

        let ranked = report.sections.enumerated().sorted {
            (rank($0.element), $0.offset) < (rank($1.element), $1.offset)
        }.map(\.element)
        for section in ranked {
            // With --attention-only, a policy with nothing to act on gets no header of its own.
            if !options.showAll && section.failures.isEmpty && !section.results.contains(where: \.isBreach) { continue }
            out.append("")
            out.append(bold(section.rule.id) + " — \(section.rule.title)")
            for group in grouped(section.failures) { out.append(contentsOf: failureLines(group)) }
            if section.rule.kind == .gate && options.showAll {
                out.append(contentsOf: gateLines(section, report))
            } else {
                for r in section.results where options.showAll || r.isBreach { out.append(contentsOf: resultLines(r, report)) }
            }
            if section.results.isEmpty && section.failures.isEmpty { out.append("  (no subjects)") }
        }

        if !e.warnings.isEmpty {
            out.append("")
            out.append(bold("Snapshot warnings"))
            for w in e.warnings { out.append("  \(w)") }
        }
        out.append("")
        if let chain = e.layerChain { out.append("layers \(chain)") }
        out.append("pack sha256 \(e.pack.sha256.prefix(12)), snapshot sha256 \(e.snapshot.sha256.prefix(12))")
        return out.joined(separator: "\n") + "\n"
    }

    /// One row per manager: team, a cell per policy ("!" marks a breach), payout, reps' outcomes.
    private func scorecardLines(_ card: Scorecard, currency: String) -> [String] {
        guard !card.rows.isEmpty else { return [] }
        var table = [["manager", "team"] + card.rules.map(Scorecard.heading) + ["payout \(currency)", "multiplier", "reps"]]
        for row in card.rows {
            table.append(["\(row.manager.name) (\(row.manager.id))", row.manager.team ?? "—"]
                         + row.cells.map { cell in cell.map { $0.state == .breach ? "\($0.text) !" : $0.text } ?? "—" }
                         + [row.payout.map(NumberText.money) ?? "—", row.multiplier.map { NumberText.percent($0) } ?? "—", Scorecard.repsText(row.reps)])
        }
        let widths = table[0].indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        let lines = table.map { cells in
            "  " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)
        }
        return ["", bold("Scorecard") + " (managers, most needing attention first; ! marks a breach)"] + lines
    }

    /// Failures first, then breaches, then the rest; pack order within each.
    private func rank(_ s: Report.Section) -> Int {
        !s.failures.isEmpty ? 0 : s.results.contains(where: \.isBreach) ? 1 : 2
    }

    /// A gate's results, people with the same outcome and reasons said once as a group.
    private func gateLines(_ section: Report.Section, _ report: Report) -> [String] {
        section.gateGroups.flatMap { group -> [String] in
            guard group.isGroup else { return resultLines(group.members[0], report) }
            let names = group.members.map { "\($0.subject.name) (\($0.subject.id))" }.joined(separator: ", ")
            return ["  \(outcomeMark(group.outcome))  \(group.members.count) people with the same reasons: \(names)"]
                + group.reasons.map { "      - \($0)" }
        }
    }

    /// A gate outcome, green when ready.
    private func outcomeMark(_ outcome: String) -> String { paint(outcome, outcome == "ready" ? "32" : "36") }

    private func resultLines(_ r: RuleResult, _ report: Report) -> [String] {
        var lines: [String] = []
        let who = "\(r.subject.name) (\(r.subject.id))"
        switch r.verdict {
        case .threshold(let t):
            let mark = t.breached ? paint("BREACH \(t.severity.rawValue)", t.severity == .high ? "31" : "33")
                : r.lacksData ? paint("n/a", "2") : paint("ok", "32")
            lines.append("  \(mark)  \(who)")
        case .gate(let g):
            lines.append("  \(outcomeMark(g.outcome))  \(who)")
        case .weighting(let w):
            lines.append("  blended \(NumberText.percent(w.blended))\(w.payout.map { ", payout \(NumberText.money($0))" } ?? "")  \(who)")
        }
        if let message = r.message { lines.append("      \(message)") }
        switch r.verdict {
        case .gate(let g): lines += g.reasons.map { "      - \($0)" }
        case .threshold(let t): lines += t.conditions.map { "      \($0.line)" }
        case .weighting(let w):
            lines += Report.payParts(w).map { "      \($0)" }
            lines.append("      \(Report.payTotal(w, currency: report.evaluation.snapshot.currency))")
            if let above = report.aboveTarget(r) { lines.append("      \(above)") }
        }
        if let exposure = r.exposure { lines.append("      exposure: \(NumberText.money(exposure))") }
        if !r.notes.isEmpty { lines.append("      note: \(r.notes.joined(separator: "; "))") }
        if !r.evidence.isEmpty && r.isBreach {
            let (shown, more) = report.evidence(r, limit: 12)
            lines.append("      evidence:")
            lines += shown.map { "        \($0)" }
            if more > 0 { lines.append("        … and \(more) more") }
        }
        if let action = r.action, r.isBreach || r.exposure != nil || r.outcome != nil { lines.append("      → \(action)") }
        return lines
    }

    /// Failures with the same message and place, so one bug in a rule reads as one entry.
    private func grouped(_ failures: [RuleFailure]) -> [[RuleFailure]] {
        var groups: [[RuleFailure]] = []
        for f in failures {
            if let i = groups.firstIndex(where: { $0[0].kind == f.kind && $0[0].location == f.location && sameMessage($0[0], f) }) {
                groups[i].append(f)
            } else { groups.append([f]) }
        }
        return groups
    }

    /// Messages that differ only in the subject's id count as the same.
    private func sameMessage(_ a: RuleFailure, _ b: RuleFailure) -> Bool {
        guard let sa = a.subject, let sb = b.subject else { return a.message == b.message }
        return a.message.replacingOccurrences(of: sa.id, with: "·") == b.message.replacingOccurrences(of: sb.id, with: "·")
    }

    private func failureLines(_ group: [RuleFailure]) -> [String] {
        let f = group[0]
        let subjects = group.compactMap(\.subject)
        let who: String
        switch subjects.count {
        case 0: who = f.file
        case 1: who = "\(subjects[0].name) (\(subjects[0].id))"
        default:
            let ids = subjects.prefix(8).map(\.id).joined(separator: ", ")
            who = "\(subjects.count) subjects: \(ids)\(subjects.count > 8 ? ", …" : "")"
        }
        var lines = ["  " + paint("FAILED (\(f.kind.rawValue))", "31") + "  " + who]
        lines.append("      \(f.location ?? f.file): \(f.message)")
        for frame in f.traceback.prefix(5) { lines.append("        \(frame)") }
        return lines
    }

    private func plural(_ n: Int) -> String { n == 1 ? "" : "s" }
    private func bold(_ s: String) -> String { options.color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    private func paint(_ s: String, _ code: String) -> String { options.color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
}

import Foundation
import LadderImport
import LadderModel

/// `ladder import`'s report: what each file gave, every skipped row as `file:line: why`, the
/// warnings, and totals per team to check against the client's own figures.
public enum ImportReportText {
    public static func render(_ report: ImportReport) -> String {
        var lines: [String] = []
        if report.problems.isEmpty {
            let kinds = [("people", "person"), ("teams", "team"), ("deals", "deal"), ("quotas", "quota"), ("periods", "period"),
                         ("activities", "activity"), ("assessments", "assessment"), ("events", "event")]
            let counts = kinds.map { plural, one in
                let n = report.counts[plural] ?? 0
                return "\(n) \(n == 1 ? one : plural)"
            }.joined(separator: ", ")
            lines.append("Imported \(report.manifest)\(report.output.map { " → \($0)" } ?? ""): \(counts)")
            if let sha = report.sha256 { lines.append("  snapshot sha256 \(sha)") }
        } else {
            lines.append("Import of \(report.manifest) refused, \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s"); nothing written:")
            lines += report.problems.map { "  \($0)" }
        }
        if !report.files.isEmpty {
            lines += ["", "Files"]
            let width = report.files.map(\.path.count).max() ?? 0
            for file in report.files {
                var text = "  \(file.path.padding(toLength: width, withPad: " ", startingAt: 0))  \(file.kind.padding(toLength: 13, withPad: " ", startingAt: 0)) \(file.rows) row\(file.rows == 1 ? "" : "s"), \(file.used) used"
                if file.skipped > 0 { text += ", \(file.skipped) skipped" }
                if file.blankRows > 0 { text += "; \(file.blankRows) blank row\(file.blankRows == 1 ? "" : "s")" }
                lines.append(text)
                let pad = String(repeating: " ", count: width)
                if !file.footer.isEmpty { lines.append("  \(pad)  footer set aside: \(file.footer.joined(separator: " | "))") }
                if !file.ignoredColumns.isEmpty { lines.append("  \(pad)  not read: \(file.ignoredColumns.joined(separator: ", "))") }
            }
        }
        if !report.skipped.isEmpty {
            lines += ["", "Skipped rows (\(report.skipped.count))"] + report.skipped.map { "  \($0)" }
        }
        if !report.warnings.isEmpty {
            lines += ["", "Warnings (\(report.warnings.count))"] + report.warnings.map { "  \($0)" }
        }
        if !report.teams.isEmpty {
            let currency = report.currency ?? ""
            let header = ["team", "manager", "people", "open deals", "late-stage", "open \(currency)", "won deals", "won \(currency)"]
            let rows = report.teams.map { team in
                ["\(team.name) (\(team.id))", team.manager ?? "—", "\(team.people)", "\(team.openDeals)", "\(team.lateStageDeals)",
                 NumberText.money(team.openAmount), "\(team.wonDeals)", NumberText.money(team.wonAmount)]
            }
            lines += ["", "Teams (active people; deals booked to the team, won up to as_of)"] + table([header] + rows)
        }
        return lines.map(ControlCharacters.escaped).joined(separator: "\n") + "\n"
    }

    private static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            "  " + row.enumerated().map { column, cell in
                column < 2 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }

    /// The report as JSON, keys sorted.
    public static func json(_ report: ImportReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}

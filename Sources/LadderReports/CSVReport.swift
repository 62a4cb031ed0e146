import LadderModel

/// One row per result, for spreadsheets. Columns are fixed whatever the pack; a field that does
/// not apply to a result's kind is empty. Failures follow as rows whose `status` is `failed`.
public enum CSVReport {
    public static let columns = [
        "rule", "kind", "subject_kind", "subject_id", "subject_name", "team", "status", "outcome", "value", "limit", "breached",
        "severity", "blended", "payout", "exposure", "message", "evidence", "notes", "pack", "pack_version",
        "reasons", "conditions", "weights", "components", "multiplier", "contributions", "action", "evidence_detail",
    ]

    public static func render(_ report: Report) throws -> String {
        var csv = Rows()
        csv.write(row: columns)
        let e = report.evaluation
        for r in e.results {
            var row = Row()
            row.set("rule", r.rule)
            row.set("subject_kind", r.subject.kind.rawValue)
            row.set("subject_id", r.subject.id)
            row.set("subject_name", r.subject.name)
            row.set("team", r.subject.team)
            row.set("status", r.isBreach ? "breach" : r.lacksData ? "n/a" : "ok")
            switch r.verdict {
            case .gate(let g):
                row.set("kind", "gate")
                row.set("outcome", g.outcome)
                row.set("reasons", g.reasons.joined(separator: "; "))
                row.set("conditions", conditions(g.conditions))
            case .threshold(let t):
                row.set("kind", "threshold")
                row.set("value", t.value.map(number))
                row.set("limit", number(t.limit))
                row.set("breached", t.breached ? "true" : "false")
                row.set("severity", t.severity.rawValue)
                row.set("conditions", conditions(t.conditions))
            case .weighting(let w):
                row.set("kind", "weighting")
                row.set("blended", number(w.blended))
                row.set("payout", w.payout.map(number))
                row.set("weights", pairs(w.weights))
                row.set("components", pairs(w.components))
                row.set("multiplier", w.multiplier.map(number))
                row.set("contributions", pairs(w.contributions))
            }
            row.set("exposure", r.exposure.map(number))
            row.set("message", r.message)
            row.set("evidence", r.evidence.joined(separator: "; "))
            row.set("evidence_detail", e.evidenceText(r.evidence).joined(separator: "; "))
            row.set("action", r.action)
            row.set("notes", r.notes.joined(separator: "; "))
            row.set("pack", r.origin.pack)
            row.set("pack_version", r.origin.version)
            csv.write(row: row.fields)
        }
        for f in e.failures {
            var row = Row()
            row.set("rule", f.rule ?? "")
            row.set("subject_kind", f.subject?.kind.rawValue)
            row.set("subject_id", f.subject?.id)
            row.set("subject_name", f.subject?.name)
            row.set("team", f.subject?.team)
            row.set("status", "failed")
            row.set("message", "\(f.location ?? f.file): \(f.message)")
            row.set("pack", e.pack.name)
            row.set("pack_version", e.pack.version)
            csv.write(row: row.fields)
        }
        csv.bytes.append(UInt8(ascii: "\n"))
        return String(decoding: csv.bytes, as: UTF8.self)
    }

    /// RFC 4180 rows, one line each: a cell holding a quote, a comma or a line break is quoted,
    /// its quotes doubled. Written here rather than with CSV.swift's writer, which wrote a byte
    /// per stream call and searched every cell five times: 9 of the 12 seconds a 37 MB report
    /// took (docs/decisions.md).
    struct Rows {
        var bytes: [UInt8] = []

        mutating func write(row cells: [String]) {
            if !bytes.isEmpty { bytes.append(UInt8(ascii: "\n")) }
            for (i, cell) in cells.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                var cell = cell
                cell.withUTF8 { append($0) }
            }
        }

        private mutating func append(_ cell: UnsafeBufferPointer<UInt8>) {
            let quote = UInt8(ascii: "\"")
            guard cell.contains(where: { $0 == quote || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
                return bytes.append(contentsOf: cell)
            }
            bytes.append(quote)
            for byte in cell {
                if byte == quote { bytes.append(quote) }
                bytes.append(byte)
            }
            bytes.append(quote)
        }
    }

    /// `team bookings: failed (fell 23%); regretted exits: passed (1 regretted exit since the promotion)`.
    private static func conditions(_ list: [GateCondition]) -> String {
        list.map { c in "\(c.name): \(c.passed ? "passed" : "failed")" + (c.detail.map { " (\($0))" } ?? "") }.joined(separator: "; ")
    }

    /// `personal=0; retention=0.1; team=0.9`: a name → number map in one cell, names sorted.
    private static func pairs(_ map: [String: Double]) -> String {
        map.sorted { $0.key < $1.key }.map { "\($0.key)=\(number($0.value))" }.joined(separator: "; ")
    }

    /// A row being filled by column name; absent fields stay empty.
    private struct Row {
        var fields = [String](repeating: "", count: CSVReport.columns.count)
        mutating func set(_ column: String, _ value: String?) {
            fields[CSVReport.columns.firstIndex(of: column)!] = CSVReport.spreadsheetSafe(value ?? "")
        }
    }

    /// A cell a spreadsheet shows as written: control characters become visible codes, and a cell
    /// that would start a formula (`=`, `+`, `-`, `@`, or a tab or carriage return) gets a leading
    /// apostrophe, unless it is a number (`-0.25`).
    package static func spreadsheetSafe(_ cell: String) -> String {
        let text = ControlCharacters.escaped(cell)
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(cell) == nil else { return text }
        return "'" + text
    }

    /// Full precision, so a spreadsheet can recompute; no exponent for ordinary values.
    private static func number(_ x: Double) -> String { x.clean }
}

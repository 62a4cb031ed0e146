import CSV
import Foundation

/// One row per result, for spreadsheets. Columns are fixed whatever the pack; a field that does
/// not apply to a result's kind is empty. Failures follow as rows whose `status` is `failed`.
public enum CSVReport {
    public static let columns = [
        "rule", "kind", "subject_kind", "subject_id", "subject_name", "status", "outcome", "value", "limit", "breached",
        "severity", "blended", "payout", "exposure", "message", "evidence", "notes", "pack", "pack_version",
    ]

    public static func render(_ report: Report) throws -> String {
        let csv = try CSVWriter(stream: .toMemory())
        try csv.write(row: columns)
        let e = report.evaluation
        for r in e.results {
            var row = [String](repeating: "", count: columns.count)
            func set(_ column: String, _ value: String?) { row[columns.firstIndex(of: column)!] = value ?? "" }
            set("rule", r.rule)
            set("subject_kind", r.subject.kind.rawValue)
            set("subject_id", r.subject.id)
            set("subject_name", r.subject.name)
            set("status", r.isBreach ? "breach" : "ok")
            switch r.verdict {
            case .gate(let g):
                set("kind", "gate")
                set("outcome", g.outcome)
            case .threshold(let t):
                set("kind", "threshold")
                set("value", t.value.map(number))
                set("limit", number(t.limit))
                set("breached", t.breached ? "true" : "false")
                set("severity", t.severity.rawValue)
            case .weighting(let w):
                set("kind", "weighting")
                set("blended", number(w.blended))
                set("payout", w.payout.map(number))
            }
            set("exposure", r.exposure.map(number))
            set("message", r.message)
            set("evidence", r.evidence.joined(separator: "; "))
            set("notes", r.notes.joined(separator: "; "))
            set("pack", r.origin.pack)
            set("pack_version", r.origin.version)
            try csv.write(row: row)
        }
        for f in e.failures {
            var row = [String](repeating: "", count: columns.count)
            func set(_ column: String, _ value: String?) { row[columns.firstIndex(of: column)!] = value ?? "" }
            set("rule", f.rule ?? "")
            set("subject_kind", f.subject?.kind.rawValue)
            set("subject_id", f.subject?.id)
            set("subject_name", f.subject?.name)
            set("status", "failed")
            set("message", "\(f.location ?? f.file): \(f.message)")
            set("pack", e.pack.name)
            set("pack_version", e.pack.version)
            try csv.write(row: row)
        }
        csv.stream.close()
        let data = csv.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Full precision, so a spreadsheet can recompute; no exponent for ordinary values.
    private static func number(_ x: Double) -> String { x.clean }
}

import LadderImport
import LadderModel

/// `ladder import --inspect FILE`: a file's header and first rows, the kind of file it looks
/// like, which columns Ladder recognises for each field, and the date formats its date
/// columns could be in, so that a manifest can be written from it.
public struct ImportInspection {
    let table: CSVTable

    public init(_ table: CSVTable) { self.table = table }

    /// How well a kind's labels fit the header.
    struct Fit {
        let kind: SourceKind
        let matched: [(field: ImportField, label: String)]
        let missing: [ImportField]
        var complete: Bool { !missing.contains(where: \.required) }
    }

    func fits() -> [Fit] {
        let header = Dictionary(table.header.map { (ImportColumns.normalised($0), $0) }, uniquingKeysWith: { a, _ in a })
        return SourceKind.allCases.map { kind in
            var matched: [(ImportField, String)] = []
            var missing: [ImportField] = []
            for field in ImportColumns.fields(kind) {
                if let label = field.labels.lazy.compactMap({ header[ImportColumns.normalised($0)] }).first { matched.append((field, label)) } else { missing.append(field) }
            }
            return Fit(kind: kind, matched: matched, missing: missing)
        }
        .sorted { ($0.complete ? 1 : 0, $0.matched.count) > ($1.complete ? 1 : 0, $1.matched.count) }
    }

    public var text: String {
        var lines = ["\(table.file): \(table.rows.count) data row\(table.rows.count == 1 ? "" : "s"), \(table.header.count) columns"
                     + (table.footer.isEmpty ? "" : "; \(table.footer.count) footer line\(table.footer.count == 1 ? "" : "s") set aside (\(table.footer.joined(separator: " | ")))")]
        lines += ["", "Header: " + table.header.joined(separator: " | "), "", "First rows:"]
        for row in table.rows.prefix(5) {
            lines.append("  line \(row.line): " + row.cells.map { $0.replacingOccurrences(of: "\n", with: "⏎") }.joined(separator: " | "))
        }
        let best = fits()
        if let fit = best.first, !fit.matched.isEmpty {
            lines += ["", "Looks like a \(fit.kind.rawValue) file (kind: \(fit.kind.rawValue)): \(fit.matched.count) of \(fit.matched.count + fit.missing.count) fields recognised"
                      + (fit.complete ? "" : "; required fields missing, name their columns under columns:")]
            let width = (fit.matched.map(\.field.name.count) + fit.missing.map(\.name.count)).max() ?? 0
            for (field, label) in fit.matched { lines.append("  \(field.name.padding(toLength: width, withPad: " ", startingAt: 0))  ← \"\(label)\"") }
            let stageColumns = table.header.filter { $0.hasPrefix("Date entered \"") }
            for field in fit.missing where !(field.name == "stage_entered_date" && !stageColumns.isEmpty) {
                lines.append("  \(field.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(field.required ? "MISSING (required)" : "not found"): \(field.about)")
            }
            if fit.kind == .deals, !stageColumns.isEmpty {
                lines.append("  stage dates ← \(stageColumns.count) \"Date entered\" columns, one per stage (HubSpot): the deal's stage date comes from its stage's column")
            }
            let used = Set(fit.matched.map(\.label) + stageColumns)
            let unread = table.header.filter { !used.contains($0) && !$0.isEmpty }
            if !unread.isEmpty { lines.append("  not read: " + unread.joined(separator: ", ")) }
            let others = best.dropFirst().filter { $0.complete }.map(\.kind.rawValue)
            if !others.isEmpty { lines.append("  it also fits: \(others.joined(separator: ", "))") }
        } else {
            lines += ["", "No Ladder fields recognised: name the columns under columns: in the manifest (docs/import.md lists the fields of each kind)."]
        }
        let dates = dateColumns()
        if !dates.isEmpty {
            lines += ["", "Dates:"]
            for (label, sample, formats) in dates {
                let advice = switch formats.count {
                case 0: "no single format reads every value"
                case 1: formats[0] == "YYYY-MM-DD" ? "ISO, no date_format needed" : "date_format: \(formats[0])"
                default: "ambiguous: \(formats.joined(separator: " or ")) both read every value; set date_format to the one the client uses"
                }
                lines.append("  \(label) (e.g. \(sample)): \(advice)")
            }
        }
        if let fit = best.first {
            let money = fit.matched.filter { ["amount", "target_incentive"].contains($0.field.name) }
            for (field, label) in money {
                guard let column = table.header.firstIndex(of: label) else { continue }
                let values = table.rows.compactMap { $0.cells.indices.contains(column) ? $0.cells[column] : nil }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                guard let sample = values.first else { continue }
                let formats = NumberFormat.examples.filter { example in
                    values.allSatisfy { if case .number = NumberFormat(example)!.read($0, money: true) { true } else { false } }
                }
                let advice = switch formats.count {
                case 0: "no single number format reads every value"
                case 1: formats[0] == NumberFormat.standard.description ? "the default number format reads them" : "number_format: \"\(formats[0])\""
                default: "\(formats.map { "\"\($0)\"" }.joined(separator: " or ")) read every value; set number_format if it is not the default 1,234.56"
                }
                lines += ["", "Amounts:", "  \(label) for \(field.name) (e.g. \(sample)): \(advice)"]
            }
        }
        return lines.map(ControlCharacters.escaped).joined(separator: "\n") + "\n"
    }

    /// Columns whose cells look like dates, with the formats that read every one of them.
    func dateColumns() -> [(label: String, sample: String, formats: [String])] {
        table.header.indices.compactMap { column in
            let values = table.rows.compactMap { row -> String? in
                guard column < row.cells.count else { return nil }
                let text = row.cells[column].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            guard let sample = values.first else { return nil }
            if values.allSatisfy({ DateFormat.iso.read($0) != nil }) { return (table.header[column], sample, ["YYYY-MM-DD"]) }
            let candidates = Set(values.prefix(50).flatMap { DateFormat.candidates(for: $0) })
            guard !candidates.isEmpty else { return nil }
            let formats = candidates.sorted().filter { pattern in values.allSatisfy { DateFormat(pattern)?.read($0) != nil } }
            return (table.header[column], sample, formats)
        }
    }
}

/// Which column of a file holds each field: the manifest's label when it names one, else the
/// first recognised label in the header.
struct ColumnMap {
    let table: CSVTable
    let kind: SourceKind
    private(set) var index: [String: Int] = [:]
    /// Header label → column, by normalised label (for HubSpot's per-stage columns).
    let byLabel: [String: Int]

    /// - Throws: ``ImportProblem`` for a required field without a column, or a manifest label
    ///   the header does not have.
    init(_ table: CSVTable, kind: SourceKind, overrides: [String: String]) throws {
        self.table = table
        self.kind = kind
        var byLabel: [String: Int] = [:]
        for (i, label) in table.header.enumerated() where byLabel[ImportColumns.normalised(label)] == nil {
            byLabel[ImportColumns.normalised(label)] = i
        }
        self.byLabel = byLabel
        var missing: [String] = []
        for field in ImportColumns.fields(kind) {
            if let label = overrides[field.name] {
                guard let column = byLabel[ImportColumns.normalised(label)] else {
                    throw ImportProblem(table.file, "columns.\(field.name): no column \"\(label)\" in the header\(label.didYouMean(table.header)) (columns: \(table.header.joined(separator: ", ")))")
                }
                index[field.name] = column
            } else if let column = field.labels.lazy.compactMap({ byLabel[ImportColumns.normalised($0)] }).first {
                index[field.name] = column
            } else if field.required {
                missing.append(field.name)
            }
        }
        if let name = missing.first, let field = ImportColumns.fields(kind).first(where: { $0.name == name }) {
            throw ImportProblem(table.file, "no column for \(name) (\(field.about)) in this \(kind.rawValue) file: looked for \(field.labels.dropLast().map { "\"\($0)\"" }.joined(separator: ", ")); name the column in the manifest, e.g. columns: {\(name): \"…\"} (columns: \(table.header.joined(separator: ", ")))")
        }
    }

    /// The labels of the columns the fields use, field → label.
    var used: [String: String] { index.mapValues { table.header[$0] } }

    /// The trimmed text of a field in a row; nil when the file has no such column or the cell is empty.
    func text(_ field: String, _ row: CSVTable.Row) -> String? {
        guard let column = index[field] else { return nil }
        return Self.cell(row, column)
    }

    static func cell(_ row: CSVTable.Row, _ column: Int) -> String? {
        guard column < row.cells.count else { return nil }
        let text = row.cells[column].trimmedCell
        return text.isEmpty ? nil : text
    }

    func has(_ field: String) -> Bool { index[field] != nil }
}

import CSV
import Foundation
import LadderModel
import LadderSnapshots

/// One CSV export read into rows, each with the line it starts on, so that every row Ladder
/// cannot use is reported as `file:line`.
///
/// Parsing is CSV.swift's; this type adds what real exports need around it: a UTF-8 byte
/// order mark, Windows-1252 files, line numbers across quoted cells that span lines, and the
/// footer lines report exports end with ("Grand Totals (12 records)", "Confidential
/// Information - Do Not Distribute", a copyright line), which are set aside, not read as data.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// The line the row starts on (1 is the header).
        public let line: Int
        public let cells: [String]
    }

    public let file: String
    public let header: [String]
    public let rows: [Row]
    /// Lines after the data that a report export adds (totals, confidentiality, copyright).
    public let footer: [String]
    /// Rows with nothing in them, passed over.
    public let blankRows: Int
    /// The record count a Salesforce "Grand Totals (N records)" footer states, to check against.
    public let statedRecordCount: Int?

    public enum Encoding: String, Sendable, CaseIterable {
        case utf8 = "utf-8", windows1252 = "windows-1252"
    }

    /// Reads a CSV file.
    /// - Throws: ``ImportProblem`` naming the file and what to do.
    public static func read(_ path: String, shownAs name: String, delimiter: Character = ",", encoding: Encoding = .utf8) throws -> CSVTable {
        let data: Data
        do { data = try InputFile.read(path) } catch let error as LadderError { throw ImportProblem(name, "\(error)") }
        return try parse(data, file: name, delimiter: delimiter, encoding: encoding)
    }

    /// Reads CSV bytes; `file` names them in messages.
    public static func parse(_ data: Data, file: String, delimiter: Character = ",", encoding: Encoding = .utf8) throws -> CSVTable {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ImportProblem(file, "is UTF-16; save it as UTF-8 CSV (in Excel: \"CSV UTF-8\")")
        }
        let text: String
        switch encoding {
        case .utf8:
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                let offset = firstInvalidUTF8(bytes)
                throw ImportProblem(file, "is not UTF-8 (byte 0x\(String(bytes[bytes.startIndex + offset], radix: 16, uppercase: true)) at offset \(offset)); if it came from Excel on Windows, add encoding: windows-1252 to this file in the manifest")
            }
            text = decoded
        case .windows1252:
            guard let decoded = String(data: bytes, encoding: .windowsCP1252) else {
                throw ImportProblem(file, "cannot be read as windows-1252")
            }
            text = decoded
        }
        guard let scalar = delimiter.unicodeScalars.first, delimiter.unicodeScalars.count == 1 else {
            throw ImportProblem(file, "the delimiter must be one character")
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: false, delimiter: scalar) } catch {
            throw ImportProblem(file, "cannot be read as CSV: \(error)")
        }
        var records: [Row] = []
        var line = 1
        while let cells = reader.next() {
            let breaks = cells.reduce(0) { $0 + lineBreaks(in: $1) }
            // A cell over several lines keeps its breaks as "\n", whatever the file's line ends.
            records.append(Row(line: line, cells: breaks == 0 ? cells : cells.map { $0.replacingOccurrences(of: "\r\n", with: "\n") }))
            line += 1 + breaks
        }
        if let error = reader.error { throw ImportProblem(file, "cannot be read as CSV: \(error)") }
        guard let first = records.first(where: { !isBlank($0.cells) }) else {
            throw ImportProblem(file, "is empty: expected a header row and data rows")
        }
        let header = first.cells.map { $0.trimmedCell }
        if header.count == 1, delimiter == ",", let other: Character = [";", "\t", "|"].first(where: { header[0].contains($0) }) {
            let shown = other == "\t" ? "\\t" : String(other)
            throw ImportProblem(file, "line \(first.line): the header is one column containing \"\(shown)\"; add delimiter: \"\(shown)\" to this file in the manifest (with --inspect: --delimiter \"\(shown)\")")
        }
        var rows: [Row] = []
        var footer: [String] = []
        var blank = 0
        var stated: Int?
        var afterData = false
        for record in records.drop(while: { $0.line <= first.line }) {
            if isBlank(record.cells) { blank += 1; afterData = !rows.isEmpty; continue }
            if let open = swallowedLines(record, columns: header.count, delimiter: delimiter) {
                throw ImportProblem("\(file):\(record.line)", "a quote opened on this line is never closed, so lines \(record.line + 1)–\(open) read as one cell: close the quote (a \" inside a quoted cell is written \"\")")
            }
            // A footer line is one cell where the header has several, once the data has ended
            // or when it says what a footer says.
            if header.count > 1, record.cells.filter({ !$0.trimmedCell.isEmpty }).count == 1,
               let text = record.cells.first(where: { !$0.trimmedCell.isEmpty }),
               afterData || isFooterText(text) {
                footer.append(text)
                if let count = recordCount(text) { stated = count }
                continue
            }
            rows.append(record)
        }
        return CSVTable(file: file, header: header, rows: rows, footer: footer, blankRows: blank, statedRecordCount: stated)
    }

    /// The last line a cell runs to when its lines look like rows of their own: the mark of a
    /// quote left open, which makes the CSV reader take the rest of the file as one cell.
    private static func swallowedLines(_ row: Row, columns: Int, delimiter: Character) -> Int? {
        guard columns > 2 else { return nil }
        for cell in row.cells where lineBreaks(in: cell) > 0 {
            let rows = cell.split(whereSeparator: \.isNewline).dropFirst().filter { $0.filter { $0 == delimiter }.count >= columns - 1 }
            if rows.count > 0 { return row.line + lineBreaks(in: cell.trimmingCharacters(in: .newlines)) }
        }
        return nil
    }

    private static func isBlank(_ cells: [String]) -> Bool {
        cells.allSatisfy { $0.trimmedCell.isEmpty }
    }

    private static func lineBreaks(in cell: String) -> Int {
        var count = 0
        var previousCR = false
        for scalar in cell.unicodeScalars {
            if scalar == "\n" { if !previousCR { count += 1 } } else if scalar == "\r" { count += 1 }
            previousCR = scalar == "\r"
        }
        return count
    }

    static func isFooterText(_ text: String) -> Bool {
        let lower = text.lowercased()
        return ["grand total", "confidential information", "copyright", "all rights reserved", "generated by", "filtered by"]
            .contains { lower.contains($0) }
    }

    private static func recordCount(_ text: String) -> Int? {
        guard let open = text.lastIndex(of: "(") else { return nil }
        var scanner = ByteScanner(text[text.index(after: open)...])
        guard let count = scanner.digits(1...12), scanner.rest.hasPrefix(" record") else { return nil }
        return Int(count)
    }

    private static func firstInvalidUTF8(_ bytes: Data) -> Int {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += String(scalar).utf8.count
                offset = consumed
            case .emptyInput: return max(0, min(offset, bytes.count - 1))
            case .error: return offset
            }
        }
    }
}

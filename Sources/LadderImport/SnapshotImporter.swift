import Foundation
import LadderModel
import LadderSnapshots

/// Turns a client's CRM exports and spreadsheets into a validated snapshot (`ladder import`).
///
/// Every data row is used or skipped with its `file:line` and why; a file, column or format
/// Ladder cannot read as the manifest says refuses the whole import. The snapshot is checked by
/// the same loader `evaluate` uses, and the same files always give the same bytes.
public struct SnapshotImporter: Sendable {
    public let manifest: ImportManifest

    public init(manifest: ImportManifest) { self.manifest = manifest }

    public struct Result: Sendable {
        /// The snapshot JSON, as written.
        public let data: Data
        public let loaded: LoadedSnapshot
        public let report: ImportReport
    }

    /// - Throws: ``ImportError`` with every problem and the report of what was read.
    public func run() throws(ImportError) -> Result {
        var run = ImportRun(manifest: manifest)
        return try run.finish()
    }
}

/// One import's state: the records so far, where each came from, and what was skipped.
struct ImportRun {
    let manifest: ImportManifest
    var report: ImportReport
    var problems: [ImportProblem] = []

    var stages: [Stage] = []
    var periods: [Period] = []
    var teams: [Team] = []
    var people: [Person] = []
    var quotas: [Quota] = []
    var deals: [Deal] = []
    var activities: [Activity] = []
    var assessments: [Assessment] = []
    var events: [Event] = []
    /// Where each record came from (`file:line`), by the snapshot's array name, to place the
    /// validator's messages (`deals[12]`) in the client's files.
    var origins: [String: [ImportReport.Note]] = [:]

    var directory: PeopleDirectory
    var dealIndex = IDMap<Int>()
    /// Teams by id and by name, for as many teams as there were when it was made.
    var teamLookup: (count: Int, byID: IDMap<String>, byName: [String: [String]])?
    /// Deals by name (without case), made when a row first names a deal that is not an id.
    var dealsByName: [String: [Int]]?
    /// Quotas by person and period (joined by NUL, compared byte for byte).
    var quotaIndex = IDMap<Int>()
    /// Deal ids skipped, with where, so that a member or history row of one says so.
    var skippedDeals = IDMap<String>()
    /// Format problems already reported, by file and column, so a column is named once.
    var reportedFormats: Set<String> = []
    /// The latest day each deal entered each stage, from stage history files.
    var stageVisits: [StageVisit: Day] = [:]
    var dealsWithHistory: Set<Int> = []
    /// Lines of the current team-member file that name the deal's owner.
    var ownersListedAsMembers: [Int] = []

    init(manifest: ImportManifest) {
        self.manifest = manifest
        self.report = ImportReport(manifest: manifest.file)
        self.directory = PeopleDirectory(keys: manifest.match)
    }

    mutating func finish() throws(ImportError) -> SnapshotImporter.Result {
        stages = manifest.stageMappings.map(\.stage)
        periods = manifest.periods
        origins["periods"] = periods.map { _ in ImportReport.Note(file: manifest.file, line: nil, message: "") }
        let tables = readTables()
        guard problems.isEmpty else { throw refusal() }

        for kind in [SourceKind.periods, .teams, .roster, .users, .deals, .dealMembers, .stageHistory, .quotas, .activities, .assessments, .events] {
            for (source, columns) in tables where source.kind == kind {
                for row in columns.table.rows { read(kind, row, columns, source) }
                if kind == .roster { finishRoster(columns) }
                if kind == .dealMembers { warnAboutOwnersListed(columns.table.file) }
            }
            if kind == .roster { finishTeams() }
            if kind == .stageHistory { finishStageHistory(tables.contains { $0.0.kind == .stageHistory }) }
        }
        // Every row is used or skipped: a row skipped late (a person whose manager is not in the
        // roster, a team whose parent is unknown) counts as skipped in its own file.
        for (source, columns) in tables { summarise(source, columns) }
        warnAboutDeals()
        guard problems.isEmpty else { throw refusal() }
        return try validate()
    }

    /// The import refused: every problem, with the report of what was read.
    func refusal() -> ImportError {
        var refused = report
        refused.problems = problems
        return ImportError(problems: problems, report: refused)
    }

    // MARK: Files

    private mutating func readTables() -> [(ImportManifest.Source, ColumnMap)] {
        let folder = (manifest.file as NSString).deletingLastPathComponent
        var tables: [(ImportManifest.Source, ColumnMap)] = []
        for var source in manifest.sources {
            let path = source.path.hasPrefix("/") || folder.isEmpty ? source.path : (folder as NSString).appendingPathComponent(source.path)
            do {
                let table = try CSVTable.read(path, shownAs: path, delimiter: source.delimiter, encoding: source.encoding)
                source.path = path
                tables.append((source, try ColumnMap(table, kind: source.kind, overrides: source.columns)))
            } catch let problem as ImportProblem {
                problems.append(problem)
            } catch {
                problems.append(ImportProblem(path, "\(error)"))
            }
        }
        return tables
    }

    private mutating func summarise(_ source: ImportManifest.Source, _ columns: ColumnMap) {
        let table = columns.table
        let skipped = report.skipped.filter { $0.file == table.file }.count
        let usedColumns = Set(columns.used.values) .union(source.kind == .assessments ? scoreColumns(source, columns).map { table.header[$0.column] } : [])
        let stageColumns = source.kind == .deals ? table.header.filter { isStageEnteredColumn($0) } : []
        report.files.append(.init(path: table.file, kind: source.kind.rawValue, rows: table.rows.count, used: table.rows.count - skipped, skipped: skipped,
                                  footer: table.footer, blankRows: table.blankRows, columns: columns.used,
                                  ignoredColumns: table.header.filter { !usedColumns.contains($0) && !stageColumns.contains($0) && !$0.isEmpty }))
        if let stated = table.statedRecordCount, stated != table.rows.count {
            warn(table.file, nil, "the footer says \(stated) records but the file has \(table.rows.count) data rows: the export may be cut short")
        }
    }

    private func isStageEnteredColumn(_ label: String) -> Bool {
        guard let prefix = manifest.stageEnteredColumn.components(separatedBy: "{stage}").first, !prefix.isEmpty else { return false }
        return label.hasPrefix(prefix)
    }

    // MARK: Rows

    /// Reads one data row into the records, or reports it skipped.
    private mutating func read(_ kind: SourceKind, _ row: CSVTable.Row, _ columns: ColumnMap, _ source: ImportManifest.Source) {
        let cells = RowCells(row: row, columns: columns, source: source)
        if row.cells.count != columns.table.header.count, row.cells.count < (columns.index.values.max() ?? 0) + 1 {
            let lines = row.cells.reduce(0) { $0 + $1.filter(\.isNewline).count }
            return skip(cells, "\(row.cells.count) cells where the header has \(columns.table.header.count)\(lines > 0 ? " (a quote left open? the row runs \(lines + 1) lines)" : "")")
        }
        do {
            switch kind {
            case .periods: try readPeriod(cells)
            case .teams: try readTeam(cells)
            case .roster: try readPerson(cells)
            case .users: try readUser(cells)
            case .deals: try readDeal(cells)
            case .dealMembers: try readMember(cells)
            case .stageHistory: try readStageChange(cells)
            case .quotas: try readQuota(cells)
            case .activities: try readActivity(cells)
            case .assessments: try readAssessment(cells)
            case .events: try readEvent(cells)
            }
        } catch {
            skip(cells, error.description)
        }
    }

    mutating func skip(_ cells: RowCells, _ why: String) {
        report.skipped.append(.init(file: cells.file, line: cells.row.line, message: why))
    }

    mutating func warn(_ file: String?, _ line: Int?, _ message: String) {
        report.warnings.append(.init(file: file, line: line, message: message))
    }

    mutating func origin(_ array: String, _ cells: RowCells) {
        origins[array, default: []].append(.init(file: cells.file, line: cells.row.line, message: ""))
    }

    // MARK: Cells

    /// A date cell: ISO dates always; other formats only as the manifest says, so that
    /// `03/04/2026` is never read as March or April by guess.
    mutating func date(_ field: String, _ cells: RowCells, required: Bool = false) throws(SkipReason) -> Day? {
        guard let text = cells.text(field) else {
            if required { throw SkipReason("no \(cells.label(field))") }
            return nil
        }
        return try date(text, label: cells.label(field), cells)
    }

    /// A date cell's text, in the column `label`.
    mutating func date(_ text: String, label: String, _ cells: RowCells) throws(SkipReason) -> Day {
        if let format = cells.source.dateFormat {
            if let day = format.read(text) ?? DateFormat.iso.read(text) { return day }
            throw SkipReason("\(label) \"\(text)\" is not a date in \(format)")
        }
        if let day = DateFormat.iso.read(text) { return day }
        let key = "\(cells.file)\u{0}\(label)"
        if !reportedFormats.contains(key) {
            reportedFormats.insert(key)
            let candidates = DateFormat.candidates(for: text)
            let advice = candidates.isEmpty
                ? "write dates as YYYY-MM-DD or set date_format"
                : candidates.count == 1 ? "set date_format: \(candidates[0])" : "it could be \(candidates.joined(separator: " or ")): set date_format"
            problems.append(ImportProblem(cells.file, "column \"\(label)\" holds \"\(text)\" (line \(cells.row.line)), which is not YYYY-MM-DD; \(advice) for this file or the whole manifest"))
        }
        throw SkipReason("\(label) \"\(text)\" needs a date_format")
    }

    /// A money cell in the organisation's currency, converted at the manifest's rates.
    mutating func money(_ field: String, _ cells: RowCells, currencyField: String? = nil) throws(SkipReason) -> Double? {
        guard let text = cells.text(field) else { return nil }
        let format = cells.source.numberFormat ?? manifest.numberFormat
        switch format.read(text, money: true) {
        case .empty: return nil
        case .unreadable:
            let other = NumberFormat.examples.first { NumberFormat($0)?.read(text, money: true).isNumber == true }
            throw SkipReason("\(cells.label(field)) \"\(text)\" is not an amount in \(format) format\(other.map { "; if the file writes numbers as \($0), set number_format: \"\($0)\"" } ?? "")")
        case .ambiguous:
            throw SkipReason("\(cells.label(field)) \"\(text)\" could be \(text.filter { $0.isNumber }) or a decimal: set number_format for this file")
        case .number(let value, let symbol):
            guard value >= 0 else { throw SkipReason("\(cells.label(field)) \"\(text)\" is negative") }
            let organization = manifest.organization.currency
            var currency = currencyField.flatMap { cells.text($0) }?.uppercased() ?? organization
            if let symbol {
                if symbol == "$" {
                    if !currency.hasSuffix("D") { currency = "USD" }
                } else if currencyField.flatMap({ cells.text($0) }) == nil {
                    currency = symbol
                } else if symbol != currency {
                    throw SkipReason("\(cells.label(field)) \"\(text)\" is in \(symbol) but the row's currency is \(currency)")
                }
            }
            if currency == organization { return value }
            guard let rate = manifest.exchangeRates[currency] else {
                let key = "\(cells.file)\u{0}currency \(currency)"
                if !reportedFormats.contains(key) {
                    reportedFormats.insert(key)
                    problems.append(ImportProblem(cells.file, "amounts in \(currency) (first at line \(cells.row.line)) in an organisation that reports in \(organization), and no rate: add exchange_rates: {\(currency): <what one \(currency) is worth in \(organization)>} to the manifest"))
                }
                throw SkipReason("\(currency) without an exchange rate")
            }
            return (value * rate * 100).rounded() / 100
        }
    }

    /// A plain number (a score, a ramp), in the file's number format.
    func number(_ text: String, _ cells: RowCells) -> Double? {
        if case .number(let value, _) = (cells.source.numberFormat ?? manifest.numberFormat).read(text, money: false) { return value }
        return nil
    }

    func person(_ field: String, _ cells: RowCells) throws(SkipReason) -> String? {
        guard let text = cells.text(field) else { return nil }
        switch directory.resolve(text) {
        case .success(let id): return id
        case .failure(let reason): throw SkipReason("\(cells.label(field)): \(reason)")
        }
    }

    func requiredPerson(_ field: String, _ cells: RowCells) throws(SkipReason) -> String {
        guard let id = try person(field, cells) else { throw SkipReason("no \(cells.label(field))") }
        return id
    }

    func requiredText(_ field: String, _ cells: RowCells) throws(SkipReason) -> String {
        guard let text = cells.text(field) else { throw SkipReason("no \(cells.label(field))") }
        return text
    }
}

/// Why a row is skipped, said in the report as `file:line: why`.
struct SkipReason: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One row's cells by field name.
struct RowCells {
    let row: CSVTable.Row
    let columns: ColumnMap
    let source: ImportManifest.Source

    var file: String { columns.table.file }
    func text(_ field: String) -> String? { columns.text(field, row) }
    /// The column label a field is read from, for messages.
    func label(_ field: String) -> String { columns.used[field] ?? field }
}

extension NumberFormat.Reading {
    var isNumber: Bool { if case .number = self { true } else { false } }
}

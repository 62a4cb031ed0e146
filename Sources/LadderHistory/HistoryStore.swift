import Foundation
import GRDB
import LadderModel

/// The decision history (docs/history.md): every recorded run in one SQLite file, through GRDB.
/// Runs are written in one transaction each, so a run killed at any point leaves nothing behind;
/// the file is in WAL mode, so readers never block the writer; each run's hash covers its content
/// and the previous run's hash, so an edited or deleted run breaks the chain `verify` checks.
public final class HistoryStore: Sendable {
    /// The file used when neither `--history` nor `LADDER_HISTORY` names one.
    public static let defaultPath = ".ladder/history.sqlite"

    public let path: String
    private let pool: DatabasePool

    /// The history file to use: `explicit`, else `LADDER_HISTORY`, else ``defaultPath``.
    public static func path(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        explicit ?? environment["LADDER_HISTORY"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
    }

    /// Opens (with `create`, creating) the history and brings its schema up to date.
    /// - Throws: ``HistoryError/noHistory(_:)`` when the file does not exist and `create` is false.
    public init(path: String, create: Bool = false) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { throw HistoryError.noHistory(path) }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        var config = Configuration()
        // Two recording runs at once: the second waits for the first instead of failing.
        config.busyMode = .timeout(60)
        config.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw HistoryError.corrupt("\(path): \(error.message ?? "\(error)")")
        }
    }

    /// The schema, one migration per version since the first.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "snapshot") { t in
                t.primaryKey("sha256", .text)
                t.column("size", .integer).notNull()
                t.column("data", .blob).notNull()
            }
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("recorded_at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("note", .text)
                t.column("pack_name", .text).notNull().indexed()
                t.column("pack_version", .text).notNull()
                t.column("pack_sha256", .text).notNull()
                t.column("organization", .text).notNull()
                t.column("as_of", .text).notNull()
                t.column("snapshot_sha256", .text).notNull().indexed()
                t.column("ladder_version", .text).notNull()
                t.column("lua_release", .text).notNull()
                t.column("selection_json", .text).notNull()
                t.column("pack_json", .text).notNull()
                t.column("files_json", .text).notNull()
                t.column("evaluation_json", .text).notNull()
                t.column("stored_snapshot", .text).references("snapshot")
                t.column("previous_sha256", .text).notNull()
                t.column("content_sha256", .text).notNull()
            }
            try db.create(table: "verdict") { t in
                t.column("run_id", .integer).notNull().references("run")
                t.column("position", .integer).notNull()
                t.column("rule", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("fields_json", .text).notNull()
                t.primaryKey(["run_id", "position"])
            }
        }
        return migrator
    }

    // MARK: Writing

    /// Records a run: the run, its verdicts and (when given) its snapshot, in one transaction.
    @discardableResult
    public func record(_ record: RunRecord) throws -> RecordedRun {
        let row = try Row(record)
        return try pool.writeWithoutTransaction { db in
            var saved: RecordedRun?
            // IMMEDIATE: the previous hash is read under the write lock, so runs chain in order.
            try db.inTransaction(.immediate) {
                if let data = record.snapshot {
                    try db.execute(sql: "INSERT OR IGNORE INTO snapshot (sha256, size, data) VALUES (?, ?, ?)",
                                   arguments: [record.evaluation.snapshot.sha256, data.count, try SnapshotCompression.compress(data)])
                }
                let previous = try String.fetchOne(db, sql: "SELECT content_sha256 FROM run ORDER BY id DESC LIMIT 1") ?? ""
                var chained = row
                chained.previous = previous
                chained.content = chained.contentHash()
                try db.execute(sql: """
                    INSERT INTO run (recorded_at, actor, note, pack_name, pack_version, pack_sha256, organization, as_of, snapshot_sha256,
                                     ladder_version, lua_release, selection_json, pack_json, files_json, evaluation_json, stored_snapshot,
                                     previous_sha256, content_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: chained.arguments)
                let id = db.lastInsertedRowID
                for (position, verdict) in Row.verdicts(of: record.evaluation).enumerated() {
                    try db.execute(sql: "INSERT INTO verdict (run_id, position, rule, subject, fields_json) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [id, position, verdict.rule, verdict.subject, verdict.fields])
                }
                saved = RecordedRun(id: id, record: record, evaluationJSON: chained.evaluationJSON, contentSHA256: chained.content,
                                    previousSHA256: previous, snapshotStored: record.snapshot != nil)
                return .commit
            }
            return saved!
        }
    }

    // MARK: Reading

    public func runs(_ filter: RunFilter = .init()) throws -> [RunSummary] {
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let pack = filter.pack { conditions.append("pack_name = ?"); arguments.append(pack) }
        if let snapshot = filter.snapshot {
            conditions.append("(snapshot_sha256 LIKE ? OR organization = ?)")
            arguments += [snapshot.replacingOccurrences(of: "%", with: "") + "%", snapshot]
        }
        if let since = filter.since { conditions.append("recorded_at >= ?"); arguments.append(since) }
        if let until = filter.until { conditions.append("recorded_at < ?"); arguments.append(until + "T99") }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try pool.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT id, recorded_at, actor, note, pack_name, pack_version, organization, as_of, snapshot_sha256, evaluation_json FROM run \(whereClause) ORDER BY id",
                             arguments: StatementArguments(arguments)).map { row in
                let evaluation = try Self.evaluation(row["evaluation_json"], run: row["id"])
                return RunSummary(id: row["id"], recordedAt: try Self.date(row["recorded_at"]), actor: row["actor"], note: row["note"],
                                  pack: row["pack_name"], packVersion: row["pack_version"], organization: row["organization"],
                                  asOf: row["as_of"], snapshotSHA256: row["snapshot_sha256"], results: evaluation.results.count,
                                  breaches: evaluation.results.filter(\.isBreach).count, failures: evaluation.failures.count)
            }
        }
    }

    /// - Throws: ``HistoryError/noRun(_:path:)``.
    public func run(_ id: Int64) throws -> RecordedRun {
        try pool.read { db in
            guard let row = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]) else {
                throw HistoryError.noRun(id, path: path)
            }
            return try Self.recordedRun(row)
        }
    }

    /// The snapshot a run kept, decompressed; nil when it kept none.
    public func snapshot(of run: RecordedRun) throws -> Data? {
        guard run.snapshotStored else { return nil }
        return try pool.read { db in
            guard let row = try GRDB.Row.fetchOne(db, sql: "SELECT size, data FROM snapshot WHERE sha256 = ?", arguments: [run.record.evaluation.snapshot.sha256]) else {
                throw HistoryError.corrupt("run \(run.id) refers to a snapshot copy that is not there")
            }
            return try SnapshotCompression.decompress(row["data"], size: row["size"])
        }
    }

    // MARK: Checking

    /// The result of ``verify()``.
    public struct ChainCheck: Sendable, Equatable {
        public var runs: Int
        /// The first run whose content, verdicts, snapshot copy or link to the run before does
        /// not match its hashes, and why; nil when the whole chain holds.
        public var firstBroken: (id: Int64, reason: String)?

        public init(runs: Int, firstBroken: (id: Int64, reason: String)?) {
            self.runs = runs
            self.firstBroken = firstBroken
        }

        public static func == (a: ChainCheck, b: ChainCheck) -> Bool {
            a.runs == b.runs && a.firstBroken?.id == b.firstBroken?.id && a.firstBroken?.reason == b.firstBroken?.reason
        }
    }

    /// Recomputes every run's hash in order and checks each link, each verdict row and each
    /// snapshot copy.
    public func verify() throws -> ChainCheck {
        try pool.read { db in
            var previous = "", count = 0
            let rows = try GRDB.Row.fetchCursor(db, sql: "SELECT * FROM run ORDER BY id")
            while let stored = try rows.next() {
                count += 1
                let id: Int64 = stored["id"]
                func broken(_ reason: String) -> ChainCheck { ChainCheck(runs: count, firstBroken: (id, reason)) }
                guard let row = try? Row(stored) else { return broken("its columns cannot be read back") }
                if row.previous != previous { return broken("it does not follow the run before it (a run was removed, added or reordered)") }
                if row.contentHash() != row.content { return broken("its content does not match its hash (a column was changed)") }
                let verdicts = try GRDB.Row.fetchAll(db, sql: "SELECT rule, subject, fields_json FROM verdict WHERE run_id = ? ORDER BY position", arguments: [id])
                guard let evaluation = try? JSONDecoder().decode(Evaluation.self, from: Data(row.evaluationJSON.utf8)) else {
                    return broken("its recorded evaluation cannot be read")
                }
                let expected = Row.verdicts(of: evaluation)
                if verdicts.count != expected.count || zip(verdicts, expected).contains(where: { $0["rule"] != $1.rule || $0["subject"] != $1.subject || $0["fields_json"] != $1.fields }) {
                    return broken("its verdict rows do not match its recorded evaluation")
                }
                if let sha = row.storedSnapshot {
                    guard let copy = try GRDB.Row.fetchOne(db, sql: "SELECT size, data FROM snapshot WHERE sha256 = ?", arguments: [sha]),
                          let data = try? SnapshotCompression.decompress(copy["data"], size: copy["size"]), Digest.sha256(data) == sha else {
                        return broken("its snapshot copy is missing or does not match its hash")
                    }
                }
                previous = row.content
            }
            return ChainCheck(runs: count, firstBroken: nil)
        }
    }

    // MARK: Rows

    static func recordedRun(_ stored: GRDB.Row) throws -> RecordedRun {
        let row = try Row(stored)
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ text: String, _ what: String) throws -> T {
            do { return try decoder.decode(type, from: Data(text.utf8)) } catch {
                throw HistoryError.corrupt("run \(stored["id"] as Int64): its \(what) cannot be read: \(error)")
            }
        }
        let selection = try decode([String: [String]].self, row.selection, "selection")
        let record = RunRecord(evaluation: try evaluation(row.evaluationJSON, run: stored["id"]), pack: try decode(PackDescription.self, row.pack, "pack"),
                               files: try decode([PackFile].self, row.files, "file list"), rules: selection["rules"] ?? [],
                               subjects: selection["subjects"] ?? [], luaRelease: row.luaRelease, actor: row.actor, note: row.note,
                               recordedAt: try date(row.recordedAt))
        return RecordedRun(id: stored["id"], record: record, evaluationJSON: row.evaluationJSON, contentSHA256: row.content,
                           previousSHA256: row.previous, snapshotStored: row.storedSnapshot != nil)
    }

    static func evaluation(_ json: String, run: Int64) throws -> Evaluation {
        do { return try JSONDecoder().decode(Evaluation.self, from: Data(json.utf8)) } catch {
            throw HistoryError.corrupt("run \(run): its evaluation cannot be read: \(error)")
        }
    }

    static func date(_ text: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { throw HistoryError.corrupt("a run's time \"\(text)\" is not ISO 8601") }
        return date
    }

    /// A moment as the history stores and shows it: `2026-07-01T09:30:00Z`, in UTC.
    public static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The canonical JSON of an evaluation: what is stored, hashed, and what a replay must reproduce.
    public static func canonicalJSON(_ evaluation: Evaluation) throws -> String {
        try canonical(evaluation)
    }

    static func canonical<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A run's columns, as written and as read back.
    struct Row {
        var recordedAt, actor: String
        var note: String?
        var packName, packVersion, packSHA256, organization, asOf, snapshotSHA256, ladderVersion, luaRelease: String
        var selection, pack, files, evaluationJSON: String
        var storedSnapshot: String?
        var previous = "", content = ""

        init(_ r: RunRecord) throws {
            recordedAt = HistoryStore.stamp(r.recordedAt)
            actor = r.actor
            note = r.note
            packName = r.evaluation.pack.name
            packVersion = r.evaluation.pack.version
            packSHA256 = r.evaluation.pack.sha256
            organization = r.evaluation.snapshot.organization
            asOf = r.evaluation.snapshot.asOf.description
            snapshotSHA256 = r.evaluation.snapshot.sha256
            ladderVersion = r.evaluation.ladderVersion
            luaRelease = r.luaRelease
            selection = try canonical(["rules": r.rules, "subjects": r.subjects])
            pack = try canonical(r.pack)
            files = try canonical(r.files)
            evaluationJSON = try canonical(r.evaluation)
            storedSnapshot = r.snapshot == nil ? nil : r.evaluation.snapshot.sha256
        }

        init(_ row: GRDB.Row) throws {
            recordedAt = row["recorded_at"]; actor = row["actor"]; note = row["note"]
            packName = row["pack_name"]; packVersion = row["pack_version"]; packSHA256 = row["pack_sha256"]
            organization = row["organization"]; asOf = row["as_of"]; snapshotSHA256 = row["snapshot_sha256"]
            ladderVersion = row["ladder_version"]; luaRelease = row["lua_release"]
            selection = row["selection_json"]; pack = row["pack_json"]; files = row["files_json"]; evaluationJSON = row["evaluation_json"]
            storedSnapshot = row["stored_snapshot"]; previous = row["previous_sha256"]; content = row["content_sha256"]
        }

        var arguments: StatementArguments {
            [recordedAt, actor, note, packName, packVersion, packSHA256, organization, asOf, snapshotSHA256, ladderVersion, luaRelease,
             selection, pack, files, evaluationJSON, storedSnapshot, previous, content]
        }

        /// SHA-256 over every column but the hash itself, the previous run's hash included.
        func contentHash() -> String {
            let parts = [recordedAt, actor, note ?? "\u{0}", packName, packVersion, packSHA256, organization, asOf, snapshotSHA256,
                         ladderVersion, luaRelease, selection, pack, files, evaluationJSON, storedSnapshot ?? "\u{0}", previous]
            return Digest.sha256(Data(parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "\n").utf8))
        }

        /// The verdict rows an evaluation implies: what is written, and what `verify` expects.
        static func verdicts(of evaluation: Evaluation) -> [(rule: String, subject: String, fields: String)] {
            evaluation.verdicts.map { ($0.rule, $0.subject, FieldValue.object($0.fields)) }
        }
    }
}

import Foundation
import Ladder

/// A small valid snapshot as JSON objects, for tests to break one thing at a time.
struct SnapshotFixture {
    var document: [String: Any] = [
        "version": 1,
        "as_of": "2026-06-30",
        "organization": ["id": "acme", "name": "Acme", "currency": "USD", "source": "manual"],
        "periods": [
            ["id": "2026-Q1", "start": "2026-01-01", "end": "2026-03-31"],
            ["id": "2026-Q2", "start": "2026-04-01", "end": "2026-06-30"],
        ],
        "teams": [["id": "t-1", "name": "One", "manager_id": "u-m", "parent_id": NSNull()]],
        "people": [
            ["id": "u-m", "name": "Mia Manager", "role": "manager", "team_id": "t-1", "manager_id": NSNull()],
            ["id": "u-a", "name": "Ann Rep", "role": "rep", "team_id": "t-1", "manager_id": "u-m", "hire_date": "2024-01-01"],
        ],
        "quotas": [["person_id": "u-a", "period_id": "2026-Q2", "amount": 100000]],
        "deals": [["id": "d-1", "owner_id": "u-a", "amount": 1000, "stage": "Negotiation/Review"]],
    ]

    /// The fixture with `count` deals of Ann's (`d-0`, `d-1`, ...), none with a team of its own:
    /// enough for the loader to check them in runs on several cores.
    static func manyDeals(_ count: Int) -> SnapshotFixture {
        var f = SnapshotFixture()
        f["deals"] = (0 ..< count).map { i -> [String: Any] in ["id": "d-\(i)", "owner_id": "u-a", "amount": 1000, "stage": "Prospecting"] }
        return f
    }

    subscript(key: String) -> Any? {
        get { document[key] }
        set { document[key] = newValue }
    }

    /// Changes one field of one record: `fixture.set("people", 1, "manager_id", "u-zed")`.
    mutating func set(_ array: String, _ index: Int, _ field: String, _ value: Any?) {
        var items = document[array] as! [[String: Any]]
        items[index][field] = value
        document[array] = items
    }

    mutating func append(_ array: String, _ item: [String: Any]) {
        var items = document[array] as? [[String: Any]] ?? []
        items.append(item)
        document[array] = items
    }

    var data: Data { try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]) }

    func load() throws(SnapshotError) -> LoadedSnapshot { try SnapshotLoader().load(data) }

    /// The problems of a refused snapshot, as `path: message` lines; empty when it loads.
    func problems() -> [String] {
        do {
            _ = try load()
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    func warnings() throws -> [String] { try load().warnings.map(\.description) }
}

import Foundation
import LadderModel

/// Reads the snapshot's large collections (people, quotas, deals, activities, events) straight
/// from bytes into typed records, with no JSON tree between: most of a client-size snapshot is
/// in them. The rest of the document is parsed into a tree as before, for ``SnapshotReader``.
///
/// It handles only what is plainly valid. At the first thing the general reader would report —
/// an unknown or repeated field, a wrong type, an empty id, a date or amount out of its range,
/// anything that warns — it gives up, and the loader reads the document the general way, which
/// words every problem and warning. So both ways give the same snapshot, or the same problems.
struct DirectSnapshotReader {
    /// What the general reader would say something about: read the general way.
    struct GiveUp: Error {}

    /// The collections read directly; a collection the document leaves out stays nil.
    struct Collections {
        var people: [Person]?
        var quotas: [Quota]?
        var deals: [Deal]?
        var activities: [Activity]?
        var events: [Event]?
    }

    private var json: JSONReader
    /// Deals taking more bytes than this are read on two cores (``deals()``).
    private let splitAbove: Int

    /// The document's other fields as a tree, its large collections typed, and the notes of
    /// numbers read less precisely than written; nil when it must be read the general way.
    static func read(_ data: Data, splitAbove: Int = 8 << 20) -> (root: IDMap<JSONValue>, collections: Collections, notes: [String])? {
        data.withUnsafeBytes { raw in
            var reader = DirectSnapshotReader(json: JSONReader(bytes: raw.bindMemory(to: UInt8.self)), splitAbove: splitAbove)
            return try? reader.document()
        }
    }

    private mutating func document() throws -> (root: IDMap<JSONValue>, collections: Collections, notes: [String]) {
        var root = IDMap<JSONValue>()
        var collections = Collections()
        if try open(UInt8(ascii: "{"), closing: UInt8(ascii: "}")) {
            repeat {
                let key = try key()
                switch key {
                case "people": try once(&collections.people) { try $0.person() }
                case "quotas": try once(&collections.quotas) { try $0.quota() }
                case "deals":
                    guard collections.deals == nil else { throw GiveUp() }
                    collections.deals = try deals()
                case "activities": try once(&collections.activities) { try $0.activity() }
                case "events": try once(&collections.events) { try $0.event() }
                default: guard root.updateValue(try json.value(depth: 1), forKey: key) == nil else { throw GiveUp() }
                }
            } while try more(closing: UInt8(ascii: "}"))
        }
        try json.finish()
        return (root, collections, json.notes)
    }

    /// A collection's list, which a document gives once.
    private mutating func once<T>(_ collection: inout [T]?, read element: (inout DirectSnapshotReader) throws -> T) throws {
        guard collection == nil else { throw GiveUp() }
        collection = try list(read: element)
    }

    /// The deals, on two cores when they are many and two are available. A second reader starts,
    /// speculatively, at a deal near the middle of what is left of the document, while this one
    /// reads from the first deal. If this one lands exactly where the second began, that was a
    /// deal of this list and the second's deals are the rest of it; if it never does (the guess
    /// was inside a text, or past the deals), the second's work is dropped and this one reads on.
    /// Either way the list is the one a single reader makes.
    private mutating func deals() throws -> [Deal] {
        json.skipWhitespace()
        let remaining = json.end - json.position
        guard remaining > splitAbove, Cores.parallel, let split = dealStart(after: json.position + remaining / 2) else { return try list { try $0.deal() } }
        let bytes = SharedBytes(buffer: json.bytes)
        let second = Background { () -> Rest? in
            var reader = DirectSnapshotReader(json: JSONReader(bytes: bytes.buffer, at: split), splitAbove: .max)
            var deals: [Deal] = []
            do {
                repeat {
                    deals.append(try reader.deal())
                    if deals.count == Self.sample { deals.reserveCapacity(Self.estimate(deals.count, in: reader.json.position - split, of: remaining / 2)) }
                } while try reader.more(closing: UInt8(ascii: "]"))
            } catch { return nil }
            return Rest(deals: deals, end: reader.json.position, notes: reader.json.notes)
        }
        defer { _ = second.value }  // the second reader reads these bytes: it must be done before they go
        var deals: [Deal] = []
        let start = json.position
        guard try open(UInt8(ascii: "["), closing: UInt8(ascii: "]")) else { return deals }
        repeat {
            if json.position == split {
                guard let rest = second.value else { throw GiveUp() }  // it read what this one would have
                json.position = rest.end
                json.notes += rest.notes
                deals.reserveCapacity(deals.count + rest.deals.count)
                deals.append(contentsOf: rest.deals)
                return deals
            }
            deals.append(try deal())
            // Both halves' room at once: growing an array of deals copies every deal in it.
            if deals.count == Self.sample { deals.reserveCapacity(Self.estimate(deals.count, in: json.position - start, of: remaining)) }
        } while try more(closing: UInt8(ascii: "]"))
        return deals
    }

    /// Deals read before the room for the rest is estimated from their size.
    private static let sample = 256

    /// How many deals `bytes` hold, if they are like the `count` deals that took `taken` bytes
    /// (a little over, so that a list of deals a little larger than these still fits).
    private static func estimate(_ count: Int, in taken: Int, of bytes: Int) -> Int {
        Int(Double(bytes) / Double(max(taken, 1)) * Double(count) * 1.05) + count
    }

    /// What the second reader of ``deals()`` read: the deals from where it began to the end of
    /// the list, where it ended, and its notes.
    private struct Rest: Sendable {
        let deals: [Deal]
        let end: Int
        let notes: [String]
    }

    /// Where the next `}, {` after `offset` puts a record's opening brace, looked for in the
    /// next megabyte: a guess, which ``deals()`` checks.
    private func dealStart(after offset: Int) -> Int? {
        let b = json.bytes, limit = min(json.end, offset + (1 << 20))
        func skipSpace(_ i: inout Int) { while i < limit && (b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09) { i += 1 } }
        for i in offset..<max(offset, limit) where b[i] == UInt8(ascii: "}") {
            var j = i + 1
            skipSpace(&j)
            guard j < limit && b[j] == UInt8(ascii: ",") else { continue }
            j += 1
            skipSpace(&j)
            if j < limit && b[j] == UInt8(ascii: "{") { return j }
        }
        return nil
    }

    /// The document's bytes, read by two readers at once and changed by neither.
    private struct SharedBytes: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
    }

    // MARK: JSON structure

    private var current: UInt8 { json.current }

    /// Opens an object: true when it has fields (read each with ``key()``, then its value,
    /// then ``more(closing:)``).
    private mutating func open(_ opening: UInt8, closing: UInt8) throws -> Bool {
        json.skipWhitespace()
        guard current == opening else { throw GiveUp() }
        json.position += 1
        json.skipWhitespace()
        if current == closing { json.position += 1; return false }
        return true
    }

    /// A field's name, positioned at its value.
    private mutating func key() throws -> String {
        json.skipWhitespace()
        guard current == UInt8(ascii: "\"") else { throw GiveUp() }
        let key = try json.string()
        json.skipWhitespace()
        guard current == UInt8(ascii: ":") else { throw GiveUp() }
        json.position += 1
        json.skipWhitespace()
        return key
    }

    /// After a value: true when another follows, false at the closing bracket.
    private mutating func more(closing: UInt8) throws -> Bool {
        json.skipWhitespace()
        switch current {
        case UInt8(ascii: ","): json.position += 1; json.skipWhitespace(); return true
        case closing: json.position += 1; return false
        default: throw GiveUp()
        }
    }

    private mutating func list<T>(read element: (inout DirectSnapshotReader) throws -> T) throws -> [T] {
        var items: [T] = []
        guard try open(UInt8(ascii: "["), closing: UInt8(ascii: "]")) else { return items }
        repeat { items.append(try element(&self)) } while try more(closing: UInt8(ascii: "]"))
        return items
    }

    /// The position in `names` of the next field of a record, compared as bytes where the
    /// document has them (a name with an escape is read the general way); a name not among
    /// them, or one given twice (`seen`), gives up.
    private mutating func field(_ names: FieldNames, _ seen: inout UInt32) throws -> Int {
        json.skipWhitespace()
        guard current == UInt8(ascii: "\"") else { throw GiveUp() }
        let start = json.position + 1
        var end = start
        while end < json.end && json.bytes[end] != UInt8(ascii: "\"") && json.bytes[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < json.end, json.bytes[end] == UInt8(ascii: "\""),
              let i = names.position(of: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(json.bytes)[start..<end])),
              seen & (1 << i) == 0 else { throw GiveUp() }
        seen |= 1 << i
        json.position = end + 1
        json.skipWhitespace()
        guard current == UInt8(ascii: ":") else { throw GiveUp() }
        json.position += 1
        json.skipWhitespace()
        return i
    }

    /// Reads a record: `read` is called with each field's position in `names`, at its value.
    private mutating func fields(_ names: FieldNames, _ read: (inout DirectSnapshotReader, Int) throws -> Void) throws {
        var seen: UInt32 = 0
        guard try open(UInt8(ascii: "{"), closing: UInt8(ascii: "}")) else { return }
        repeat { try read(&self, try field(names, &seen)) } while try more(closing: UInt8(ascii: "}"))
    }

    /// A record's field names, as the bytes a document spells them with.
    struct FieldNames {
        let names: [[UInt8]]
        init(_ names: [String]) { self.names = names.map { Array($0.utf8) } }

        func position(of key: UnsafeRawBufferPointer) -> Int? {
            names.firstIndex { name in
                name.count == key.count && name.withUnsafeBytes { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
            }
        }
    }

    // MARK: Values, as SnapshotReader accepts them without a word

    private var isNull: Bool { current == UInt8(ascii: "n") }

    private mutating func null() throws {
        _ = try json.expect("null", .null)
    }

    /// A required string: present and not empty.
    private mutating func text() throws -> String {
        guard current == UInt8(ascii: "\"") else { throw GiveUp() }
        let text = try json.string()
        guard !text.isEmpty else { throw GiveUp() }
        return text
    }

    /// Any string, empty or not.
    private mutating func string() throws -> String {
        guard current == UInt8(ascii: "\"") else { throw GiveUp() }
        return try json.string()
    }

    private mutating func optionalText() throws -> String? {
        if isNull { try null(); return nil }
        guard current == UInt8(ascii: "\"") else { throw GiveUp() }
        return try json.string()
    }

    /// A date, read from its ten bytes where the document has them plainly.
    private mutating func day() throws -> Day {
        let p = json.position, b = json.bytes
        if p + 11 < json.end, b[p] == UInt8(ascii: "\""), b[p + 11] == UInt8(ascii: "\""), b[p + 5] == UInt8(ascii: "-"), b[p + 8] == UInt8(ascii: "-") {
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for i in range {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[p + i]) else { return nil }
                    value = value * 10 + Int(b[p + i] - UInt8(ascii: "0"))
                }
                return value
            }
            guard let y = number(1..<5), let m = number(6..<8), let d = number(9..<11), let day = Day(year: y, month: m, day: d) else { throw GiveUp() }
            json.position += 12
            return day
        }
        guard let day = Day(try text()) else { throw GiveUp() }
        return day
    }

    private mutating func optionalDay() throws -> Day? {
        if isNull { try null(); return nil }
        return try day()
    }

    private mutating func number() throws -> Double {
        guard current == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(current) else { throw GiveUp() }
        return try json.number()
    }

    /// Money: 0, or within the snapshot's amounts.
    private mutating func amount() throws -> Double {
        let d = try number()
        guard d >= 0, d <= SnapshotSchema.amounts.upperBound, d == 0 || d >= SnapshotSchema.amounts.lowerBound else { throw GiveUp() }
        return d
    }

    private mutating func optionalAmount() throws -> Double? {
        if isNull { try null(); return nil }
        return try amount()
    }

    private mutating func optionalBool() throws -> Bool? {
        switch current {
        case UInt8(ascii: "n"): try null(); return nil
        case UInt8(ascii: "t"): _ = try json.expect("true", .bool(true)); return true
        case UInt8(ascii: "f"): _ = try json.expect("false", .bool(false)); return false
        default: throw GiveUp()
        }
    }

    private static func require<T>(_ value: T?) throws -> T {
        guard let value else { throw GiveUp() }
        return value
    }

    // MARK: Records

    private static let personFields = FieldNames(["id", "name", "email", "role", "track", "team_id", "manager_id", "hire_date",
                                                 "role_start_date", "active", "target_incentive"])

    private mutating func person() throws -> Person {
        var id: String?, name: String?, email: String?, role: String?, track: String?, team: String?, manager: String?
        var hire: Day?, roleStart: Day?, active: Bool?, incentive: Double?
        try fields(Self.personFields) { r, field in
            switch field {
            case 0: id = try r.text()
            case 1: name = try r.text()
            case 2: email = try r.optionalText()
            case 3: role = try r.text()
            case 4: track = try r.optionalText()
            case 5: team = try r.optionalText()
            case 6: manager = try r.optionalText()
            case 7: hire = try r.optionalDay()
            case 8: roleStart = try r.optionalDay()
            case 9: active = try r.optionalBool()
            default: incentive = try r.optionalAmount()
            }
        }
        let resolvedTrack = track ?? "individual"
        guard SnapshotReader.tracks.contains(resolvedTrack) else { throw GiveUp() }
        return Person(id: try Self.require(id), name: try Self.require(name), email: email, role: try Self.require(role),
                      track: resolvedTrack, teamId: team, managerId: manager, hireDate: hire, roleStartDate: roleStart,
                      active: active ?? true, targetIncentive: incentive)
    }

    private static let quotaFields = FieldNames(["person_id", "period_id", "amount", "ramp_factor"])

    private mutating func quota() throws -> Quota {
        var person: String?, period: String?, amount: Double?, ramp: Double?
        try fields(Self.quotaFields) { r, field in
            switch field {
            case 0: person = try r.text()
            case 1: period = try r.text()
            case 2: amount = try r.amount()
            default: if r.isNull { try r.null() } else { ramp = try r.number() }
            }
        }
        let factor = ramp ?? 1
        guard (0...1).contains(factor), factor == 0 || factor >= SnapshotSchema.smallestRampFactor else { throw GiveUp() }
        return Quota(personId: try Self.require(person), periodId: try Self.require(period), amount: try Self.require(amount),
                     rampFactor: factor)
    }

    private static let dealFields = FieldNames(["id", "name", "team_id", "owner_id", "amount", "stage", "created_date", "close_date",
                                               "stage_entered_date", "members"])
    private static let memberFields = FieldNames(["person_id", "role"])

    private mutating func deal() throws -> Deal {
        var id: String?, name: String?, team: String?, owner: String?, amount: Double?, stage: String?
        var created: Day?, close: Day?, entered: Day?, members: [DealMember] = []
        try fields(Self.dealFields) { r, field in
            switch field {
            case 0: id = try r.text()
            case 1: name = try r.optionalText()
            case 2: team = try r.optionalText()
            case 3: owner = try r.text()
            case 4: amount = try r.amount()
            case 5: stage = try r.text()
            case 6: created = try r.optionalDay()
            case 7: close = try r.optionalDay()
            case 8: entered = try r.optionalDay()
            default: if r.isNull { try r.null() } else { members = try r.list { try $0.member() } }
            }
        }
        return Deal(id: try Self.require(id), name: name, teamId: team, ownerId: try Self.require(owner), amount: try Self.require(amount),
                    stage: try Self.require(stage), createdDate: created, closeDate: close, stageEnteredDate: entered, members: members)
    }

    private mutating func member() throws -> DealMember {
        var person: String?, role: String?
        try fields(Self.memberFields) { r, field in
            if field == 0 { person = try r.text() } else { role = try r.text() }
        }
        return DealMember(personId: try Self.require(person), role: try Self.require(role))
    }

    private static let activityFields = FieldNames(["kind", "owner_id", "with_ids", "date", "deal_id"])

    private mutating func activity() throws -> Activity {
        var kind: String?, owner: String?, with: [String] = [], date: Day?, deal: String?
        try fields(Self.activityFields) { r, field in
            switch field {
            case 0: kind = try r.text()
            case 1: owner = try r.text()
            case 2: if r.isNull { try r.null() } else { with = try r.list { try $0.string() } }
            case 3: date = try r.day()
            default: deal = try r.optionalText()
            }
        }
        return Activity(kind: try Self.require(kind), ownerId: try Self.require(owner), withIds: with, date: try Self.require(date), dealId: deal)
    }

    private static let eventFields = FieldNames(["person_id", "date", "kind", "regretted"])

    private mutating func event() throws -> Event {
        var person: String?, date: Day?, kind: String?, regretted: Bool?
        try fields(Self.eventFields) { r, field in
            switch field {
            case 0: person = try r.text()
            case 1: date = try r.day()
            case 2: kind = try r.text()
            default: regretted = try r.optionalBool()
            }
        }
        guard let kind, SnapshotReader.eventKinds.contains(kind) else { throw GiveUp() }
        return Event(personId: try Self.require(person), date: try Self.require(date), kind: kind, regretted: regretted ?? false)
    }
}

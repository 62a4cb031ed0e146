import LadderModel

/// Reads a parsed JSON document into a ``Snapshot``, collecting every problem with its JSON
/// path instead of stopping at the first. Cross-record checks are ``SnapshotValidator``'s.
struct SnapshotReader {
    private(set) var problems: [SnapshotIssue] = []
    private(set) var warnings: [SnapshotIssue] = []

    mutating func problem(_ path: String, _ message: String) { problems.append(SnapshotIssue(path, message)) }
    mutating func warning(_ path: String, _ message: String) { warnings.append(SnapshotIssue(path, message)) }

    /// The snapshot, or nil when a top-level requirement fails (the problems say why).
    /// - Parameter collections: the large collections, already read (``DirectSnapshotReader``).
    mutating func read(_ document: JSONValue, collections: consuming DirectSnapshotReader.Collections? = nil) -> Snapshot? {
        guard case .object(let fields) = document else {
            problem("", "a snapshot is a JSON object, found \(document.typeName)")
            return nil
        }
        var root = Fields(fields, path: "")
        guard let version = root.integer("version", &self) else { return nil }
        guard version <= Snapshot.highestSupportedVersion, version >= 1 else {
            problem("version", "format version \(version) is not supported; the highest supported is \(Snapshot.highestSupportedVersion)")
            return nil
        }
        let asOf = root.day("as_of", &self)
        let organization = root.object("organization", &self).flatMap { Self.readOrganization($0, &self) }
        let stages: [Stage]
        if root.has("stages") {
            stages = root.array("stages", &self, read: Self.readStage) ?? []
            if root.isArray("stages") && stages.isEmpty && root.arrayCount("stages") == 0 {
                problem("stages", "must not be empty (leave it out for Salesforce's default stages)")
            }
        } else {
            stages = Stage.salesforceDefaults
        }
        let periods = root.array("periods", &self, read: Self.readPeriod) ?? []
        let teams = root.array("teams", &self, read: Self.readTeam) ?? []
        if root.isArray("teams") && root.arrayCount("teams") == 0 { problem("teams", "must list at least one team") }
        let direct = consume collections
        let people = direct?.people ?? root.array("people", &self, read: Self.readPerson) ?? []
        let quotas = direct?.quotas ?? root.array("quotas", &self, required: false, read: Self.readQuota) ?? []
        let deals = direct?.deals ?? root.array("deals", &self, required: false, read: Self.readDeal) ?? []
        let activities = direct?.activities ?? root.array("activities", &self, required: false, read: Self.readActivity) ?? []
        let assessments = root.array("assessments", &self, required: false, read: Self.readAssessment) ?? []
        let events = direct?.events ?? root.array("events", &self, required: false, read: Self.readEvent) ?? []
        root.warnUnknown(&self)
        // A broken as_of or organization is already a problem; placeholders let the
        // cross-record checks still run, so every problem is listed at once.
        return Snapshot(version: version, asOf: asOf ?? Day(ordinal: 0),
                        organization: organization ?? Organization(id: "", name: "", currency: "", source: nil), stages: stages,
                        periods: periods, teams: teams, people: people,
                        quotas: quotas, deals: deals, activities: activities, assessments: assessments, events: events)
    }

    private static func readOrganization(_ f: Fields, _ r: inout SnapshotReader) -> Organization? {
        var f = f
        let id = f.string("id", &r), name = f.string("name", &r), currency = f.string("currency", &r)
        let source = f.string("source", &r, required: false)
        if let currency, !(currency.count == 3 && currency.allSatisfy { $0.isASCII && $0.isUppercase }) {
            r.warning(f.path("currency"), "\"\(currency)\" is not an ISO 4217 code (three capital letters)")
        }
        f.warnUnknown(&r)
        guard let id, let name, let currency else { return nil }
        return Organization(id: id, name: name, currency: currency, source: source)
    }

    private static func readStage(_ f: inout Fields, _ r: inout SnapshotReader) -> Stage? {
        let name = f.string("name", &r), order = f.integer("order", &r)
        let probability = f.number("probability", &r, range: 0...1)
        let closedGiven = f.bool("closed", &r, required: false)
        let won = f.bool("won", &r, required: false) ?? false
        let lateGiven = f.bool("late", &r, required: false)
        if won && closedGiven == false { r.problem(f.path("won"), "a won stage must be closed (remove \"closed\": false)") }
        let closed = won || (closedGiven ?? false)
        if closed && lateGiven == true { r.warning(f.path("late"), "a closed stage is never late; \"late\" is ignored") }
        guard let name, let order, let probability else { return nil }
        return Stage(name: name, order: order, probability: probability,
                     late: !closed && (lateGiven ?? (probability >= 0.75)), closed: closed, won: won)
    }

    private static func readPeriod(_ f: inout Fields, _ r: inout SnapshotReader) -> Period? {
        let id = f.string("id", &r), start = f.day("start", &r), end = f.day("end", &r)
        if let start, let end, end < start { r.problem(f.path("end"), "\(end) is before start \(start)") }
        guard let id, let start, let end else { return nil }
        return Period(id: id, start: start, end: end)
    }

    private static func readTeam(_ f: inout Fields, _ r: inout SnapshotReader) -> Team? {
        let id = f.string("id", &r), name = f.string("name", &r)
        let manager = f.string("manager_id", &r, required: false), parent = f.string("parent_id", &r, required: false)
        guard let id, let name else { return nil }
        return Team(id: id, name: name, managerId: manager, parentId: parent)
    }

    /// The tracks the format names; another is kept, with a warning.
    static let tracks: Set<String> = ["individual", "producer", "management"]

    private static func readPerson(_ f: inout Fields, _ r: inout SnapshotReader) -> Person? {
        let id = f.string("id", &r), name = f.string("name", &r), role = f.string("role", &r)
        let email = f.string("email", &r, required: false)
        let track = f.string("track", &r, required: false) ?? "individual"
        if !Self.tracks.contains(track) { r.warning(f.path("track"), "unknown track \"\(track)\" (known: individual, producer, management)") }
        let team = f.string("team_id", &r, required: false), manager = f.string("manager_id", &r, required: false)
        let hire = f.day("hire_date", &r, required: false), roleStart = f.day("role_start_date", &r, required: false)
        let active = f.bool("active", &r, required: false) ?? true
        let incentive = f.amount("target_incentive", &r, required: false)
        guard let id, let name, let role else { return nil }
        return Person(id: id, name: name, email: email, role: role, track: track, teamId: team, managerId: manager,
                      hireDate: hire, roleStartDate: roleStart, active: active, targetIncentive: incentive)
    }

    private static func readQuota(_ f: inout Fields, _ r: inout SnapshotReader) -> Quota? {
        let person = f.string("person_id", &r), period = f.string("period_id", &r)
        let amount = f.amount("amount", &r)
        var ramp = f.number("ramp_factor", &r, required: false, range: 0...1) ?? 1
        if ramp > 0 && ramp < SnapshotSchema.smallestRampFactor {
            r.problem(f.path("ramp_factor"), "\(ramp.clean) is below \(SnapshotSchema.smallestRampFactor.clean): write 0 for no quota, or at least \(SnapshotSchema.smallestRampFactor.clean)")
            ramp = 0
        }
        guard let person, let period, let amount else { return nil }
        return Quota(personId: person, periodId: period, amount: amount, rampFactor: ramp)
    }

    private static func readDeal(_ f: inout Fields, _ r: inout SnapshotReader) -> Deal? {
        let id = f.string("id", &r), owner = f.string("owner_id", &r), stage = f.string("stage", &r)
        let amount = f.amount("amount", &r)
        let name = f.string("name", &r, required: false), team = f.string("team_id", &r, required: false)
        let created = f.day("created_date", &r, required: false), close = f.day("close_date", &r, required: false)
        let entered = f.day("stage_entered_date", &r, required: false)
        let members = f.array("members", &r, required: false) { (m: inout Fields, r: inout SnapshotReader) -> DealMember? in
            let person = m.string("person_id", &r), role = m.string("role", &r)
            guard let person, let role else { return nil }
            return DealMember(personId: person, role: role)
        } ?? []
        guard let id, let owner, let stage, let amount else { return nil }
        return Deal(id: id, name: name, teamId: team, ownerId: owner, amount: amount, stage: stage, createdDate: created,
                    closeDate: close, stageEnteredDate: entered, members: members)
    }

    private static func readActivity(_ f: inout Fields, _ r: inout SnapshotReader) -> Activity? {
        let kind = f.string("kind", &r), owner = f.string("owner_id", &r), date = f.day("date", &r)
        let with = f.stringArray("with_ids", &r) ?? []
        let deal = f.string("deal_id", &r, required: false)
        guard let kind, let owner, let date else { return nil }
        return Activity(kind: kind, ownerId: owner, withIds: with, date: date, dealId: deal)
    }

    private static func readAssessment(_ f: inout Fields, _ r: inout SnapshotReader) -> Assessment? {
        let person = f.string("person_id", &r), date = f.day("date", &r)
        let assessor = f.string("assessor", &r, required: false)
        var scores: [String: Double]?
        if var s = f.object("scores", &r) {
            scores = [:]
            for key in s.keys {
                guard let v = s.number(key, &r, range: 1...5) else { continue }
                // Scores are looked up by name: two names that differ only in Unicode form would
                // be one to Swift and two to a rule.
                if let other = scores?.keys.first(where: { $0 == key }) {
                    r.problem(s.path(key), "the same score name as \"\(other)\" in another Unicode form; write it once")
                }
                scores?[key] = v
            }
        }
        guard let person, let date, let scores else { return nil }
        return Assessment(personId: person, date: date, assessor: assessor, scores: scores)
    }

    /// The event kinds the format names; another is kept, with a warning.
    static let eventKinds: Set<String> = ["hire", "promotion", "voluntary_exit", "involuntary_exit", "transfer", "return_to_individual", "leave"]

    private static func readEvent(_ f: inout Fields, _ r: inout SnapshotReader) -> Event? {
        let person = f.string("person_id", &r), date = f.day("date", &r), kind = f.string("kind", &r)
        let regretted = f.bool("regretted", &r, required: false) ?? false
        if let kind, !Self.eventKinds.contains(kind) { r.warning(f.path("kind"), "unknown event kind \"\(kind)\" (kept as text)") }
        guard let person, let date, let kind else { return nil }
        return Event(personId: person, date: date, kind: kind, regretted: regretted)
    }
}

/// The fields of one JSON object, read by name; remembers which were read so the rest can be
/// reported as unknown.
struct Fields {
    let values: IDMap<JSONValue>
    let base: String
    /// Keys asked for, and how many of them were present: an object has unknown fields exactly
    /// when it has more keys than were found, so the common case needs no set or sort.
    private var asked: [String] = []
    private var found = 0

    init(_ values: IDMap<JSONValue>, path: String) {
        self.values = values
        self.base = path
    }

    var keys: [String] { values.keys.sorted { $0.precedesID($1) } }
    func path(_ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }
    func has(_ key: String) -> Bool { values[key] != nil }
    func isArray(_ key: String) -> Bool { if case .array? = values[key] { true } else { false } }
    func arrayCount(_ key: String) -> Int { if case .array(let a)? = values[key] { a.count } else { 0 } }

    /// The value, or nil when absent or null; a missing required key is a problem.
    private mutating func take(_ key: String, _ reader: inout SnapshotReader, required: Bool) -> JSONValue? {
        asked.append(key)
        let value = values[key]
        if value != nil { found += 1 }
        switch value {
        case nil, .null?:
            if required { reader.problem(path(key), "required") }
            return nil
        case let value?:
            return value
        }
    }

    private func wrongType(_ key: String, _ value: JSONValue, expected: String, _ reader: inout SnapshotReader) {
        reader.problem(path(key), "expected \(expected), found \(value.typeName)")
    }

    mutating func string(_ key: String, _ reader: inout SnapshotReader, required: Bool = true) -> String? {
        guard let value = take(key, &reader, required: required) else { return nil }
        guard case .string(let s) = value else { wrongType(key, value, expected: "a string", &reader); return nil }
        if required && s.isEmpty { reader.problem(path(key), "must not be empty") }
        return s
    }

    mutating func day(_ key: String, _ reader: inout SnapshotReader, required: Bool = true) -> Day? {
        guard let text = string(key, &reader, required: required) else { return nil }
        guard let day = Day(text) else {
            reader.problem(path(key), "\"\(text)\" is not a date; write YYYY-MM-DD")
            return nil
        }
        return day
    }

    mutating func number(_ key: String, _ reader: inout SnapshotReader, required: Bool = true, range: ClosedRange<Double>? = nil) -> Double? {
        guard let value = take(key, &reader, required: required) else { return nil }
        guard case .number(let d) = value else { wrongType(key, value, expected: "a number", &reader); return nil }
        if let range, !range.contains(d) {
            let bounds = range.upperBound == .greatestFiniteMagnitude ? "not negative" : "between \(range.lowerBound.clean) and \(range.upperBound.clean)"
            reader.problem(path(key), "\(d.clean) must be \(bounds)")
            return nil
        }
        return d
    }

    /// Money: 0, or within ``SnapshotSchema/amounts``.
    mutating func amount(_ key: String, _ reader: inout SnapshotReader, required: Bool = true) -> Double? {
        guard let d = number(key, &reader, required: required, range: 0...Double.greatestFiniteMagnitude) else { return nil }
        let range = SnapshotSchema.amounts
        if d > range.upperBound {
            reader.problem(path(key), "\(d.clean) is larger than \(range.upperBound.clean), the largest amount a snapshot holds (sums of larger amounts cannot be shown)")
            return nil
        }
        if d > 0 && d < range.lowerBound {
            reader.problem(path(key), "\(d.clean) is less than \(range.lowerBound.clean): write 0, or an amount of at least \(range.lowerBound.clean)")
            return nil
        }
        return d
    }

    mutating func integer(_ key: String, _ reader: inout SnapshotReader, required: Bool = true) -> Int? {
        guard let value = take(key, &reader, required: required) else { return nil }
        guard case .number(let d) = value, d.rounded() == d, abs(d) < 1e15 else {
            wrongType(key, value, expected: "a whole number", &reader)
            return nil
        }
        return Int(d)
    }

    mutating func bool(_ key: String, _ reader: inout SnapshotReader, required: Bool = true) -> Bool? {
        guard let value = take(key, &reader, required: required) else { return nil }
        guard case .bool(let b) = value else { wrongType(key, value, expected: "true or false", &reader); return nil }
        return b
    }

    mutating func object(_ key: String, _ reader: inout SnapshotReader, required: Bool = true) -> Fields? {
        guard let value = take(key, &reader, required: required) else { return nil }
        guard case .object(let o) = value else { wrongType(key, value, expected: "an object", &reader); return nil }
        return Fields(o, path: path(key))
    }

    mutating func stringArray(_ key: String, _ reader: inout SnapshotReader) -> [String]? {
        guard let value = take(key, &reader, required: false) else { return nil }
        guard case .array(let items) = value else { wrongType(key, value, expected: "an array", &reader); return nil }
        var strings: [String] = []
        for (i, item) in items.enumerated() {
            if case .string(let s) = item { strings.append(s) } else {
                reader.problem("\(path(key))[\(i)]", "expected a string, found \(item.typeName)")
            }
        }
        return strings
    }

    /// Reads an array of objects; a broken element is left out after its problems are noted.
    mutating func array<T>(_ key: String, _ reader: inout SnapshotReader, required: Bool = true,
                           read element: (inout Fields, inout SnapshotReader) -> T?) -> [T]? {
        guard let value = take(key, &reader, required: required) else { return nil }
        guard case .array(let items) = value else { wrongType(key, value, expected: "an array", &reader); return nil }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let itemPath = "\(path(key))[\(i)]"
            guard case .object(let o) = item else {
                reader.problem(itemPath, "expected an object, found \(item.typeName)")
                continue
            }
            var fields = Fields(o, path: itemPath)
            if let t = element(&fields, &reader) { result.append(t) }
            fields.warnUnknown(&reader)
        }
        return result
    }

    func warnUnknown(_ reader: inout SnapshotReader) {
        guard values.count > found else { return }
        for key in keys where !asked.contains(where: key.sameID) {
            reader.warning(path(key), "unknown field, ignored")
        }
    }
}

import LadderSnapshots

/// Merges a test fragment into a snapshot document (docs/pack-tests.md, "merge").
enum SnapshotMerge {
    /// Collections whose records have an id (a stage's is its name): matched, not appended.
    static let keyed = ["people": "id", "teams": "id", "deals": "id", "periods": "id", "stages": "name"]
    /// Quotas are matched on person and period, so a case can change one.
    static let quotaKey = ["person_id", "period_id"]

    static func apply(_ fragment: JSONValue, to document: JSONValue) -> JSONValue {
        guard case .object(var doc) = document, case .object(let frag) = fragment else { return fragment }
        for (key, value) in frag {
            switch (doc[key], value, keyed[key]) {
            case (.array(let items)?, .array(let additions), let idKey?):
                var merged = items
                for addition in additions {
                    if case .object(let fields) = addition, let id = fields[idKey],
                       let at = merged.firstIndex(where: { if case .object(let f) = $0 { f[idKey] == id } else { false } }),
                       case .object(var existing) = merged[at] {
                        for (k, v) in fields { existing[k] = v == .null ? nil : v }
                        merged[at] = .object(existing)
                    } else {
                        merged.append(addition)
                    }
                }
                doc[key] = .array(merged)
            case (.array(let items)?, .array(let additions), nil) where key == "quotas":
                var merged = items
                for addition in additions {
                    guard case .object(let fields) = addition,
                          let at = merged.firstIndex(where: { item in
                              guard case .object(let f) = item else { return false }
                              return quotaKey.allSatisfy { f[$0] != nil && f[$0] == fields[$0] }
                          }), case .object(var existing) = merged[at] else {
                        merged.append(addition)
                        continue
                    }
                    for (k, v) in fields { existing[k] = v == .null ? nil : v }
                    merged[at] = .object(existing)
                }
                doc[key] = .array(merged)
            case (.array(let items)?, .array(let additions), nil):
                doc[key] = .array(items + additions)
            default:
                doc[key] = value
            }
        }
        return .object(doc)
    }

    /// Every collection of a snapshot.
    static let collections = ["stages", "periods", "teams", "people", "quotas", "deals", "activities", "assessments", "events"]

    /// Takes out the records each removal names: an id, or fields that must all match.
    /// - Throws: a ``RemovalError`` for a removal that matches no record, which a case would
    ///   otherwise pass on without testing what it meant to.
    static func remove(_ removals: [String: [JSONValue]], from document: JSONValue) throws -> JSONValue {
        guard case .object(var doc) = document else { return document }
        for key in removals.keys.sorted() {
            var items: [JSONValue] = []
            if case .array(let list)? = doc[key] { items = list }
            for removal in removals[key]! {
                let matches: (JSONValue) -> Bool = { item in
                    guard case .object(let fields) = item else { return false }
                    switch removal {
                    case .string(let id): return self.keyed[key].map { fields[$0] == .string(id) } ?? false
                    case .object(let wanted): return wanted.allSatisfy { fields[$0.key] == $0.value }
                    default: return false
                    }
                }
                guard items.contains(where: matches) else { throw RemovalError(collection: key, removal: removal) }
                items.removeAll(where: matches)
            }
            doc[key] = .array(items)
        }
        return .object(doc)
    }
}

/// A `remove:` entry that names no record of the snapshot.
struct RemovalError: Error, CustomStringConvertible {
    let collection: String
    let removal: JSONValue
    var description: String {
        let shown: String
        switch removal {
        case .string(let id): shown = id
        case .object(let fields):
            shown = "{" + fields.keys.sorted().map { key -> String in
                if case .string(let text)? = fields[key] { return "\(key): \(text)" }
                return "\(key): \(fields[key]!)"
            }.joined(separator: ", ") + "}"
        default: shown = "\(removal)"
        }
        return "remove: no record of \(collection) matches \(shown); check the id or the fields"
    }
}

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

    static func remove(_ removals: [String: [String]], from document: JSONValue) -> JSONValue {
        guard case .object(var doc) = document else { return document }
        for (key, ids) in removals {
            guard let idKey = keyed[key], case .array(let items)? = doc[key] else { continue }
            doc[key] = .array(items.filter {
                guard case .object(let f) = $0, case .string(let id)? = f[idKey] else { return true }
                return !ids.contains(id)
            })
        }
        return .object(doc)
    }
}

import LadderModel

/// Finds the roster person a cell means: by id (byte for byte), email (without case) or full
/// name (without case or extra spaces), in the manifest's order, and through the CRM's users
/// (their ids and names, linked to the roster by email or name).
struct PeopleDirectory {
    private var ids = IDMap<String>()
    private var emails: [String: String] = [:]
    private var names: [String: [String]] = [:]
    private var crmIds = IDMap<String>()
    private var crmNames: [String: String] = [:]
    let keys: [ImportManifest.MatchKey]

    init(keys: [ImportManifest.MatchKey]) { self.keys = keys }

    mutating func add(id: String, name: String, email: String?) {
        _ = ids.updateValue(id, forKey: id)
        if let email { emails[email.lowercased()] = id }
        names[Self.nameKey(name), default: []].append(id)
    }

    /// Forgets a person whose roster row was skipped, so that rows naming them are skipped too.
    mutating func remove(id: String) {
        _ = ids.removeValue(forKey: id)
        emails = emails.filter { !$0.value.sameID(id) }
        names = names.compactMapValues { found in
            let rest = found.filter { !$0.sameID(id) }
            return rest.isEmpty ? nil : rest
        }
    }

    func contains(id: String) -> Bool { ids[id] != nil }

    /// Links a CRM user to a roster person (by email, else name) so that cells naming the
    /// user by CRM id or CRM name find them. Returns the person's id, or why not.
    mutating func addUser(id: String, name: String, email: String?) -> Result<String, Reason> {
        let person: String
        if let email, let found = emails[email.lowercased()] { person = found } else {
            switch Self.unique(names[Self.nameKey(name)] ?? [], name) {
            case .success(let found): person = found
            case .failure(let reason): return .failure(reason)
            }
        }
        _ = crmIds.updateValue(person, forKey: id)
        crmNames[Self.nameKey(name)] = person
        return .success(person)
    }

    struct Reason: Error, CustomStringConvertible {
        let description: String
    }

    /// The id of the person a cell names.
    func resolve(_ cell: String) -> Result<String, Reason> {
        for key in keys {
            switch key {
            case .id:
                if let id = ids[cell] ?? crmIds[cell] { return .success(id) }
            case .email:
                if let id = emails[cell.lowercased()] { return .success(id) }
            case .name:
                if let found = names[Self.nameKey(cell)] { return Self.unique(found, cell) }
                if let id = crmNames[Self.nameKey(cell)] { return .success(id) }
            }
        }
        return .failure(Reason(description: "\"\(cell)\" is not a person in the roster (matched by \(keys.map(\.rawValue).joined(separator: ", ")))"))
    }

    private static func unique(_ found: [String], _ cell: String) -> Result<String, Reason> {
        switch found.count {
        case 0: .failure(Reason(description: "\"\(cell)\" is not a person in the roster"))
        case 1: .success(found[0])
        default: .failure(Reason(description: "\"\(cell)\" names \(found.count) people (\(found.joined(separator: ", "))): refer to them by id or email, or match: [id, email]"))
        }
    }

    static func nameKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

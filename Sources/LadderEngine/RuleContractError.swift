import LuaBridge

/// A declaration or result that breaks the rule contract (docs/rule-contract.md), naming the field.
struct RuleContractError: Error, CustomStringConvertible {
    let path: String
    let message: String

    init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    var description: String { "\(path): \(message)" }
}

/// Typed reads of a Lua table's fields; every mistake names its path.
struct LuaFields {
    let fields: [String: LuaValue]
    let path: String

    init(_ value: LuaValue, path: String, what: String) throws {
        switch value {
        case .table(let f): fields = f
        case .array([]): fields = [:]
        default: throw RuleContractError(path, "expected \(what) (a table with named fields), got \(value.typeName)")
        }
        self.path = path
    }

    func rejectUnknown(allowed: Set<String>) throws {
        // Sorted only to name the first unknown field: every result passes through here.
        guard fields.keys.contains(where: { !allowed.contains($0) }) else { return }
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw RuleContractError("\(path).\(unknown)", "unknown field (allowed here: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func has(_ key: String) -> Bool { fields[key].map { $0 != .nil } ?? false }

    func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .nil?: return nil
        case .string(let s)?: return s
        case let other?: throw RuleContractError("\(path).\(key)", "expected text, got \(other.typeName)")
        }
    }

    func requiredString(_ key: String) throws -> String {
        guard let s = try string(key), !s.isEmpty else { throw RuleContractError("\(path).\(key)", "required text is missing") }
        return s
    }

    func number(_ key: String) throws -> Double? {
        switch fields[key] {
        case nil, .nil?: return nil
        case let value?:
            guard let d = value.doubleValue else { throw RuleContractError("\(path).\(key)", "expected a number, got \(value.typeName)") }
            guard d.isFinite else { throw RuleContractError("\(path).\(key)", "\(d) is not a finite number (a division by zero?)") }
            return d
        }
    }

    func requiredNumber(_ key: String) throws -> Double {
        guard let d = try number(key) else { throw RuleContractError("\(path).\(key)", "required number is missing") }
        return d
    }

    func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case nil, .nil?: return nil
        case .boolean(let b)?: return b
        case let other?: throw RuleContractError("\(path).\(key)", "expected true or false, got \(other.typeName)")
        }
    }

    func list(_ key: String) throws -> [LuaValue] {
        switch fields[key] {
        case nil, .nil?: return []
        case .array(let items)?: return items
        case .table(let t)? where t.isEmpty: return []
        case let other?: throw RuleContractError("\(path).\(key)", "expected a list, got \(other.typeName == "table" ? "a table with named fields" : other.typeName)")
        }
    }

    /// A list of texts; numbers are accepted for ids and written as text.
    func strings(_ key: String) throws -> [String] {
        try list(key).enumerated().map { offset, item in
            switch item {
            case .string(let s): return s
            case .integer(let i): return String(i)
            default: throw RuleContractError("\(path).\(key)[\(offset + 1)]", "expected text, got \(item.typeName)")
            }
        }
    }

    /// A table of name → number.
    func numbers(_ key: String) throws -> [String: Double] {
        switch fields[key] {
        case nil, .nil?: return [:]
        case .table(let t)?:
            var out: [String: Double] = [:]
            for name in t.keys.sorted() {
                guard let d = t[name]!.doubleValue, d.isFinite else {
                    throw RuleContractError("\(path).\(key).\(name)", "expected a finite number, got \(t[name]!.typeName)")
                }
                out[name] = d
            }
            return out
        case .array([])?: return [:]
        case let other?: throw RuleContractError("\(path).\(key)", "expected a table of name = number, got \(other.typeName)")
        }
    }
}

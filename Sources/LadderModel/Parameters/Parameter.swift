/// A typed pack parameter: every number a policy uses, with its default, range and source.
public struct Parameter: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case number, integer, boolean, string
        /// A list of strings (people ids, stage names).
        case list
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: ParameterValue
    public var minimum: Double?
    public var maximum: Double?
    public var description: String
    /// Where the figure comes from, e.g. an article and the sentence that states it.
    public var source: String?

    /// Checks a value against the type and range; returns why it does not fit.
    public func problem(with value: ParameterValue) -> String? {
        switch (kind, value) {
        case (.number, .number(let x)):
            return outOfRange(x)
        case (.integer, .integer(let i)):
            return outOfRange(Double(i))
        case (.boolean, .boolean), (.string, .string), (.list, .list):
            return nil
        default:
            return "expected \(kind.article), got \(value.kindDescription)"
        }
    }

    private func outOfRange(_ x: Double) -> String? {
        // nan passes every comparison and inf breaks payouts and reports: neither is a value.
        guard x.isFinite else { return "\(x) is not a finite number" }
        if let minimum, x < minimum { return "\(x.clean) is below the minimum \(minimum.clean)" }
        if let maximum, x > maximum { return "\(x.clean) is above the maximum \(maximum.clean)" }
        return nil
    }

    /// Reads a command-line value (`--param name=value`) as this parameter's type.
    public func parse(_ text: String) -> ParameterValue? {
        switch kind {
        case .number: Double(text).map(ParameterValue.number)
        case .integer: Int(text).map(ParameterValue.integer)
        case .boolean: ["true": true, "false": false][text].map(ParameterValue.boolean)
        case .string: .string(text)
        case .list: .list(text.isEmpty ? [] : text.split(separator: ",").map { String($0).trimmingSpaces })
        }
    }

    public init(name: String, kind: Kind, defaultValue: ParameterValue, minimum: Double? = nil, maximum: Double? = nil, description: String, source: String? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.minimum = minimum
        self.maximum = maximum
        self.description = description
        self.source = source
    }
}

/// A parameter's value.
public enum ParameterValue: Sendable, Equatable, Codable {
    case number(Double)
    case integer(Int)
    case boolean(Bool)
    case string(String)
    case list([String])

    /// Numbers compare by value whatever their case: JSON writes the number 2 and the whole
    /// number 2 alike, and a report read back must equal the evaluation it came from.
    public static func == (a: ParameterValue, b: ParameterValue) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.number(x), .integer(i)), let (.integer(i), .number(x)): x == Double(i)
        case let (.boolean(x), .boolean(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.list(x), .list(y)): x == y
        default: false
        }
    }

    package var kindDescription: String {
        switch self {
        case .number(let x): "the number \(x.clean)"
        case .integer(let i): "the whole number \(i)"
        case .boolean(let b): "\(b)"
        case .string(let s): "the text \"\(s)\""
        case .list: "a list"
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .boolean(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else { self = .list(try c.decode([String].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): try c.encode(x)
        case .integer(let i): try c.encode(i)
        case .boolean(let b): try c.encode(b)
        case .string(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        }
    }
}

extension Parameter.Kind {
    package var article: String {
        switch self {
        case .number: "a number"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .string: "text"
        case .list: "a list of text"
        }
    }
}

extension String {
    package var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}

extension ParameterValue {
    /// As a manifest writes it: `0.25`, `true`, `[u-ann, u-ben]`.
    public var text: String {
        switch self {
        case .number(let x): x.clean
        case .integer(let i): String(i)
        case .boolean(let b): b ? "true" : "false"
        case .string(let s): s
        case .list(let l): "[" + l.joined(separator: ", ") + "]"
        }
    }
}

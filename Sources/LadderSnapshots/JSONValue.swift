import LadderModel

/// A parsed JSON document, before it is read into typed records.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Field names compare byte for byte, as ids do: "é" and "e" + U+0301 are two names.
    case object(IDMap<JSONValue>)

    /// The JSON type's name, for messages ("expected a string, found a number").
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// JSON exactly as Foundation's `JSONEncoder` writes it with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes` — two-space indents, `"key" : value`, keys in UTF-8 byte order,
/// whole doubles without `.0` — in a fraction of the time: a report of an organisation with
/// hundreds of thousands of deals spent most of its rendering in `JSONEncoder`'s generic paths.
/// `PrettyJSONTests` holds it to `JSONEncoder`'s bytes.
enum PrettyJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let root = Node()
        try root.fill(with: value)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        root.write(to: &out, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// A value while it is encoded: text for a scalar, or elements, or fields (filled in place,
    /// since containers hand out references and may be asked for again).
    final class Node {
        var text: [UInt8]?
        var items: [Node]?
        var fields: [String: Node]?

        func fill(with value: some Encodable) throws {
            switch value {
            case let v as String: text = Self.quoted(v)
            case let v as Bool: text = Array((v ? "true" : "false").utf8)
            case let v as Int: text = Array(String(v).utf8)
            case let v as Double: text = try Self.number(v, v.isFinite)
            case let v as any BinaryInteger: text = Array("\(v)".utf8)
            case let v as Float: text = try Self.number(v, v.isFinite)
            default:
                try value.encode(to: NodeEncoder(node: self))
                if text == nil && items == nil && fields == nil { fields = [:] }  // as JSONEncoder: nothing encoded is {}
            }
        }

        static func number(_ value: some CustomStringConvertible, _ isFinite: Bool) throws -> [UInt8] {
            guard isFinite else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) cannot be written in JSON"))
            }
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            return Array(text.utf8)
        }

        static func quoted(_ string: String) -> [UInt8] {
            var out: [UInt8] = [UInt8(ascii: "\"")]
            out.reserveCapacity(string.utf8.count + 2)
            for byte in string.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
            return out
        }

        func write(to out: inout [UInt8], level: Int) {
            if let text { out += text; return }
            let (open, close) = items != nil ? (UInt8(ascii: "["), UInt8(ascii: "]")) : (UInt8(ascii: "{"), UInt8(ascii: "}"))
            out.append(open)
            out.append(UInt8(ascii: "\n"))
            if let items {
                for (i, item) in items.enumerated() {
                    if i > 0 { out += [UInt8(ascii: ","), UInt8(ascii: "\n")] }
                    Self.indent(&out, level + 1)
                    item.write(to: &out, level: level + 1)
                }
            } else if let fields {
                for (i, key) in fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                    if i > 0 { out += [UInt8(ascii: ","), UInt8(ascii: "\n")] }
                    Self.indent(&out, level + 1)
                    out += Self.quoted(key)
                    out += [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")]
                    fields[key]!.write(to: &out, level: level + 1)
                }
            }
            out.append(UInt8(ascii: "\n"))
            Self.indent(&out, level)
            out.append(close)
        }

        static func indent(_ out: inout [UInt8], _ level: Int) {
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
        }
    }

    private struct NodeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if node.fields == nil { node.fields = [:] }
            return KeyedEncodingContainer(Keyed<Key>(node: node))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if node.items == nil { node.items = [] }
            return Unkeyed(node: node)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node) }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey] { [] }

        func child(_ key: Key) -> Node {
            let child = Node()
            node.fields![key.stringValue] = child
            return child
        }

        mutating func encodeNil(forKey key: Key) { child(key).text = Array("null".utf8) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try child(key).fill(with: value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: child(key)).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            NodeEncoder(node: child(key)).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { NodeEncoder(node: child(Key(stringValue: "super")!)) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: child(key)) }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey] { [] }
        var count: Int { node.items!.count }

        func child() -> Node {
            let child = Node()
            node.items!.append(child)
            return child
        }

        mutating func encodeNil() { child().text = Array("null".utf8) }
        mutating func encode<T: Encodable>(_ value: T) throws { try child().fill(with: value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: child()).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { NodeEncoder(node: child()).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { NodeEncoder(node: child()) }
    }

    private struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() { node.text = Array("null".utf8) }
        mutating func encode<T: Encodable>(_ value: T) throws { try node.fill(with: value) }
    }
}

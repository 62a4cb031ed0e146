import Foundation
import LadderModel

/// A JSON parser straight from bytes to ``JSONValue``, several times faster than going through
/// `JSONDecoder`; errors name the line and column. The default ``SnapshotDecoding``.
public struct JSONParser: SnapshotDecoding {
    /// Deepest nesting accepted; snapshots need 4.
    public static let maxDepth = 256

    public init() {}

    public func decode(_ data: Data) throws -> JSONValue { try decodeNoting(data).value }

    /// Decodes, with a note for each number the document writes more precisely than a number
    /// holds (`1e-400` reads as 0; `12345678901234567890` as `12345678901234567168`).
    public func decodeNoting(_ data: Data) throws -> (value: JSONValue, notes: [String]) {
        // Read in place: a mapped file is parsed without a copy of it.
        try data.withUnsafeBytes { raw in
            var reader = JSONReader(bytes: raw.bindMemory(to: UInt8.self))
            let value = try reader.value(depth: 0)
            try reader.finish()
            return (value, reader.notes)
        }
    }
}

/// The byte-level reader behind ``JSONParser``, also used by ``DirectSnapshotReader`` so that both
/// read every string and number the same way.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    var position = 0
    /// Numbers read less precisely than written, with their place.
    var notes: [String] = []

    /// At the document's first value: past a UTF-8 byte order mark (as some Windows tools
    /// write) and whitespace.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.end = bytes.count
        if end >= 4 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        skipWhitespace()
    }

    /// At `position` of a document another reader has started on.
    init(bytes: UnsafeBufferPointer<UInt8>, at position: Int) {
        self.bytes = bytes
        self.end = bytes.count
        self.position = position
    }

    /// After the document's value: nothing but whitespace may follow.
    mutating func finish() throws {
        skipWhitespace()
        guard position == end else { throw error("unexpected text after the JSON document") }
    }

    func error(_ message: String) -> JSONSyntaxError {
        var line = 1, column = 1
        for i in 0..<min(position, end) {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return JSONSyntaxError(detail: "\(message) at line \(line), column \(column)")
    }

    /// A byte as a message shows it: `character 'x'` when it is printable ASCII, else its code
    /// (`byte 0xC3`), never a Latin-1 reading of it.
    static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "character '\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    var current: UInt8 { position < end ? bytes[position] : 0 }  // 0 at the end

    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func expect(_ literal: StaticString, _ value: JSONValue) throws -> JSONValue {
        let count = literal.utf8CodeUnitCount
        guard position + count <= end else { throw error("unexpected end of the document") }
        for i in 0..<count where bytes[position + i] != literal.utf8Start[i] {
            throw error("unexpected character")
        }
        position += count
        return value
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < JSONParser.maxDepth else { throw error("nested deeper than \(JSONParser.maxDepth) levels") }
        guard position < end else { throw error("unexpected end of the document") }
        switch current {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected \(Self.describe(current))")
        }
    }

    mutating func object(depth: Int) throws -> JSONValue {
        position += 1
        var fields = IDMap<JSONValue>()
        fields.reserveCapacity(12)  // a snapshot record's size: no rehashing while it fills
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return .object(fields) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a field name in quotes") }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after \"\(key)\"") }
            position += 1
            skipWhitespace()
            let value = try value(depth: depth + 1)
            guard fields.updateValue(value, forKey: key) == nil else { throw error("field \"\(key)\" appears twice") }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(fields)
            default: throw error("expected ',' or '}'")
            }
        }
    }

    mutating func array(depth: Int) throws -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(items)
            default: throw error("expected ',' or ']'")
            }
        }
    }

    mutating func string() throws -> String {
        position += 1
        let start = position
        while position < end && current != UInt8(ascii: "\"") && current != UInt8(ascii: "\\") && current >= 0x20 {
            position += 1
        }
        if position < end && current == UInt8(ascii: "\"") {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
            position += 1
            // ASCII is valid as it is, and decoding it needs no generic validation.
            if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
            guard let text = String(validating: slice, as: UTF8.self) else { throw error("text that is not valid UTF-8") }
            return text
        }
        var raw = Array(bytes[start..<position])
        while true {
            guard position < end else { throw error("unterminated string") }
            let byte = current
            if byte == UInt8(ascii: "\"") { position += 1; break }
            if byte < 0x20 { throw error("a control character inside a string (write \\n, \\t)") }
            if byte != UInt8(ascii: "\\") { raw.append(byte); position += 1; continue }
            position += 1
            guard position < end else { throw error("unterminated string") }
            let escaped = current
            position += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): raw.append(escaped)
            case UInt8(ascii: "b"): raw.append(0x08)
            case UInt8(ascii: "f"): raw.append(0x0C)
            case UInt8(ascii: "n"): raw.append(0x0A)
            case UInt8(ascii: "r"): raw.append(0x0D)
            case UInt8(ascii: "t"): raw.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard current == UInt8(ascii: "\\"), position + 1 < end, bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("a lone surrogate in a \\u escape")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("a lone surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
                raw.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: throw error("an unknown escape: a backslash before \(Self.describe(escaped))")
            }
        }
        guard let text = String(validating: raw, as: UTF8.self) else { throw error("text that is not valid UTF-8") }
        return text
    }

    mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < end else { throw error("unterminated \\u escape") }
            let c = current
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    mutating func number() throws -> Double {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        var integer: Int64 = 0, digits = 0
        guard current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") else { throw error("a number needs digits") }
        if current == UInt8(ascii: "0") {
            position += 1
            digits = 1
        } else {
            while current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") {
                if digits < 18 { integer = integer * 10 + Int64(current - UInt8(ascii: "0")) }
                digits += 1
                position += 1
            }
        }
        let simple = current != UInt8(ascii: ".") && current != UInt8(ascii: "e") && current != UInt8(ascii: "E")
        if simple && digits <= 15 {
            return bytes[start] == UInt8(ascii: "-") ? -Double(integer) : Double(integer)
        }
        // Fractions and exponents: validate the JSON grammar, then let strtod round correctly.
        if current == UInt8(ascii: ".") {
            position += 1
            guard current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") else { throw error("a number needs digits after '.'") }
            while current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") else { throw error("a number needs digits in its exponent") }
            while current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") { position += 1 }
        }
        // strtod needs a terminator, and the document has none of its own: copy the digits
        // to the stack.
        let length = position - start
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { literal in
            for i in 0..<length { literal[i] = CChar(bitPattern: bytes[start + i]) }
            literal[length] = 0
            return strtod(literal.baseAddress!, nil)
        }
        guard value.isFinite else { throw error("a number too large") }
        // Only these can have lost something: a zero written with other digits, or a whole
        // number too long for the fast path above.
        if value == 0 || simple { noteLoss(value, from: start) }
        return value
    }

    /// Notes a literal whose value a Double cannot hold: below the smallest number (read as 0),
    /// or a whole number with more digits than a Double keeps.
    mutating func noteLoss(_ value: Double, from start: Int) {
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        let mantissa = literal.prefix { $0 != "e" && $0 != "E" }
        if value == 0 && mantissa.contains(where: { $0 >= "1" && $0 <= "9" }) {
            notes.append(note("\(literal) is smaller than the smallest number and reads as 0", at: start))
        } else if !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            let digits = literal.hasPrefix("-") ? String(literal.dropFirst()) : literal
            let read = String(format: "%.0f", abs(value))
            if read != digits { notes.append(note("\(literal) has more digits than a number holds and reads as \(literal.hasPrefix("-") ? "-" : "")\(read)", at: start)) }
        }
    }

    func note(_ message: String, at offset: Int) -> String {
        var line = 1, lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
        return "line \(line), column \(offset - lineStart + 1): \(message)"
    }
}

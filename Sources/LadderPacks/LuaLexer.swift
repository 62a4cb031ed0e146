/// Lua 5.4 source as tokens with their place, for static checks (`ladder check`) and for
/// mutation testing: names, strings, numbers and symbols; comments and white space are dropped.
/// It never fails: text it cannot read becomes a symbol, and the compiler reports real syntax
/// errors.
public struct LuaLexer {
    public struct Token: Equatable, Sendable {
        public enum Kind: Equatable, Sendable { case name, string, number, symbol }
        public let kind: Kind
        /// A name or symbol as written; a string's contents.
        public let text: String
        public let line: Int
        public let column: Int
        /// UTF-8 offsets of the token as written (a string with its quotes).
        public let start: Int
        public let end: Int

        public var isKeyword: Bool { kind == .name && LuaLexer.keywords.contains(text) }
    }

    public static let keywords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    public static func tokens(_ source: String) -> [Token] {
        let bytes = Array(source.utf8)
        var tokens: [Token] = []
        var i = 0, line = 1, lineStart = 0

        func peek(_ offset: Int = 0) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func advance() {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
            i += 1
        }
        /// `[[`, `[=[`, …: the level, or nil when this is not a long bracket.
        func longBracket() -> Int? {
            guard peek() == UInt8(ascii: "[") else { return nil }
            var level = 0
            while peek(1 + level) == UInt8(ascii: "=") { level += 1 }
            return peek(1 + level) == UInt8(ascii: "[") ? level : nil
        }
        func skipLong(_ level: Int) -> Range<Int> {
            for _ in 0..<(level + 2) { advance() }
            let start = i
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "]") {
                    var j = 1
                    while peek(j) == UInt8(ascii: "=") { j += 1 }
                    if j - 1 == level && peek(j) == UInt8(ascii: "]") {
                        let end = i
                        for _ in 0...j { advance() }
                        return start..<end
                    }
                }
                advance()
            }
            return start..<i
        }

        while i < bytes.count {
            let c = bytes[i]
            let column = i - lineStart + 1, startLine = line
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n") {
                advance()
            } else if c == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-") {
                i += 2
                if let level = longBracket() { _ = skipLong(level) } else {
                    while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                }
            } else if isNameStart(c) {
                let start = i
                while i < bytes.count && (isNameStart(bytes[i]) || isDigit(bytes[i])) { i += 1 }
                tokens.append(Token(kind: .name, text: text(start..<i), line: startLine, column: column, start: start, end: i))
            } else if isDigit(c) || (c == UInt8(ascii: ".") && peek(1).map(isDigit) == true) {
                let start = i
                while i < bytes.count && (isNameStart(bytes[i]) || isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ".")
                                         || ((bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-"))
                                             && (bytes[i - 1] | 0x20 == UInt8(ascii: "e") || bytes[i - 1] | 0x20 == UInt8(ascii: "p")))) { i += 1 }
                tokens.append(Token(kind: .number, text: text(start..<i), line: startLine, column: column, start: start, end: i))
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                let open = i
                advance()
                let start = i
                while i < bytes.count && bytes[i] != c && bytes[i] != UInt8(ascii: "\n") {
                    if bytes[i] == UInt8(ascii: "\\") && i + 1 < bytes.count { advance() }
                    advance()
                }
                let contents = text(start..<min(i, bytes.count))
                if i < bytes.count { advance() }
                tokens.append(Token(kind: .string, text: contents, line: startLine, column: column, start: open, end: i))
            } else if let level = longBracket() {
                let open = i
                let range = skipLong(level)
                tokens.append(Token(kind: .string, text: text(range), line: startLine, column: column, start: open, end: i))
            } else {
                let three = i + 3 <= bytes.count ? text(i..<i + 3) : ""
                let two = i + 2 <= bytes.count ? text(i..<i + 2) : ""
                let symbol = three == "..." ? three : ["==", "~=", "<=", ">=", "//", "::", "..", "<<", ">>"].contains(two) ? two : text(i..<i + 1)
                let start = i
                i += symbol.utf8.count
                tokens.append(Token(kind: .symbol, text: symbol, line: startLine, column: column, start: start, end: i))
            }
        }
        return tokens
    }

    private static func isNameStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_") || c >= 0x80
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}

import LadderModel

/// How dates are written in a file: `MM/DD/YYYY`, `DD.MM.YYYY`, `YYYY-MM-DD`, `D/M/YY`, …
/// A time after the date (`3/4/2025, 10:22 AM`, `2026-03-04T10:22:00Z`) is read past: a
/// snapshot's dates are days, taken as written, whatever the time zone.
public struct DateFormat: Sendable, Equatable, CustomStringConvertible {
    enum Part { case year, month, day }

    public let description: String
    let order: [Part]
    let shortYear: Bool

    public static let iso = DateFormat("YYYY-MM-DD")!

    public init?(_ pattern: String) {
        let tokens = pattern.uppercased().split(whereSeparator: { !$0.isLetter })
        var order: [Part] = []
        var shortYear = false
        for token in tokens {
            switch token {
            case "YYYY": order.append(.year)
            case "YY": order.append(.year); shortYear = true
            case "MM", "M": order.append(.month)
            case "DD", "D": order.append(.day)
            default: return nil
            }
        }
        guard order.count == 3, Set(order.map { "\($0)" }).count == 3 else { return nil }
        self.description = pattern
        self.order = order
        self.shortYear = shortYear
    }

    /// The day a cell holds, or nil when it is not a date in this format.
    public func read(_ cell: String) -> Day? {
        guard let (numbers, rest) = Self.split(cell), Self.isTime(rest) else { return nil }
        var year = 0, month = 0, day = 0
        for (part, number) in zip(order, numbers) {
            switch part {
            case .year:
                guard number.count == (shortYear ? 2 : 4), let value = Int(number) else { return nil }
                year = shortYear ? 2000 + value : value
            case .month:
                guard number.count <= 2, let value = Int(number) else { return nil }
                month = value
            case .day:
                guard number.count <= 2, let value = Int(number) else { return nil }
                day = value
            }
        }
        return Day(year: year, month: month, day: day)
    }

    /// The formats a cell could be in, for an error that says what to write: `03/04/2026`
    /// could be `MM/DD/YYYY` or `DD/MM/YYYY`; `13/04/2026` only the second.
    public static func candidates(for cell: String) -> [String] {
        guard let (numbers, rest) = split(cell), isTime(rest) else { return [] }
        let separator = cell.trimmedCell.first(where: { !$0.isNumber }).map(String.init) ?? "/"
        let patterns = numbers[0].count == 4
            ? ["YYYY\(separator)MM\(separator)DD", "YYYY\(separator)DD\(separator)MM"]
            : ["MM\(separator)DD\(separator)YYYY", "DD\(separator)MM\(separator)YYYY"]
        return patterns.filter { DateFormat($0)?.read(cell) != nil }
            .map { numbers[2].count == 2 ? $0.replacingOccurrences(of: "YYYY", with: "YY") : $0 }
    }

    /// Three runs of digits joined by one of `/ . -` (the same twice), and what follows them.
    /// Scanned by hand: a Regex here is compiled again for every cell.
    private static func split(_ cell: String) -> ([Substring], Substring)? {
        let text = Substring(cell.trimmedCell)
        var scanner = ByteScanner(text)
        guard let year = scanner.digits(1...4), let separator = scanner.byte(in: "/.-"),
              let month = scanner.digits(1...2), scanner.byte(in: String(UnicodeScalar(separator))) != nil,
              let day = scanner.digits(2...4) else { return nil }
        return ([year, month, day], scanner.rest)
    }

    /// A time after a date: `, 10:22 AM`, ` 16:30`, `T09:00:00.000Z`, ` 10:22:05 +02:00`.
    private static func isTime(_ rest: Substring) -> Bool {
        if rest.isEmpty { return true }
        var scanner = ByteScanner(rest)
        if scanner.byte(in: ",") != nil { scanner.spaces() } else if scanner.byte(in: "T") == nil, scanner.spaces() == 0 { return false }
        guard scanner.digits(1...2) != nil, scanner.byte(in: ":") != nil, scanner.digits(2...2) != nil else { return false }
        if scanner.byte(in: ":") != nil {
            guard scanner.digits(2...2) != nil else { return false }
            if scanner.byte(in: ".") != nil, scanner.digits(1...9) == nil { return false }
        }
        scanner.spaces()
        if scanner.byte(in: "AaPp") != nil {
            _ = scanner.byte(in: ".")
            guard scanner.byte(in: "Mm") != nil else { return false }
            _ = scanner.byte(in: ".")
            scanner.spaces()
        }
        if scanner.byte(in: "Z") != nil {
        } else if scanner.byte(in: "+-") != nil {
            guard scanner.digits(2...2) != nil else { return false }
            _ = scanner.byte(in: ":")
            guard scanner.digits(2...2) != nil else { return false }
        } else {
            _ = scanner.letters(2...5)
        }
        scanner.spaces()
        return scanner.atEnd
    }
}

/// Reads ASCII runs from the front of a substring, byte by byte (Character by Character was
/// most of an import's date reading).
struct ByteScanner {
    private(set) var rest: Substring

    init(_ text: Substring) { rest = text }

    var atEnd: Bool { rest.isEmpty }

    /// A run of ASCII digits whose length is in `count`.
    mutating func digits(_ count: ClosedRange<Int>) -> Substring? {
        run(count) { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A run of ASCII capital letters whose length is in `count`.
    mutating func letters(_ count: ClosedRange<Int>) -> Substring? {
        run(count) { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// One ASCII character from `set`.
    mutating func byte(in set: String) -> UInt8? {
        guard let first = rest.utf8.first, set.utf8.contains(first) else { return nil }
        rest = rest[rest.utf8.index(after: rest.utf8.startIndex)...]
        return first
    }

    /// Spaces, no-break spaces included; how many.
    @discardableResult
    mutating func spaces() -> Int {
        var count = 0
        while true {
            if rest.utf8.first == 0x20 {
                rest = rest[rest.utf8.index(after: rest.utf8.startIndex)...]
            } else if rest.utf8.starts(with: [0xC2, 0xA0]) {
                rest = rest[rest.utf8.index(rest.utf8.startIndex, offsetBy: 2)...]
            } else {
                return count
            }
            count += 1
        }
    }

    private mutating func run(_ count: ClosedRange<Int>, _ matches: (UInt8) -> Bool) -> Substring? {
        let bytes = rest.utf8
        let end = bytes.firstIndex { !matches($0) } ?? bytes.endIndex
        guard count.contains(bytes.distance(from: bytes.startIndex, to: end)) else { return nil }
        let found = rest[..<end]
        rest = rest[end...]
        return found
    }
}

/// How numbers are written: `1,234.56` (the default), `1.234,56`, `1 234,56` or `1'234.56`.
/// Currency symbols and codes around an amount are read past; grouping must be in threes, so
/// that `1.234.567,00` in a `1,234.56` file is an error that names the format to set, never
/// a number read wrong.
public struct NumberFormat: Sendable, Equatable, CustomStringConvertible {
    public let description: String
    let decimal: Character
    let grouping: Set<Character>

    public static let standard = NumberFormat("1,234.56")!

    public init?(_ example: String) {
        switch example {
        case "1,234.56", "1234.56": decimal = "."; grouping = [","]
        case "1.234,56", "1234,56": decimal = ","; grouping = ["."]
        case "1 234,56": decimal = ","; grouping = [" ", "\u{A0}", "\u{202F}"]
        case "1'234.56": decimal = "."; grouping = ["'", "’"]
        default: return nil
        }
        description = example
    }

    public static let examples = ["1,234.56", "1.234,56", "1 234,56", "1'234.56"]

    /// A number read from a cell, with the currency its symbol or code names, if any.
    public enum Reading: Equatable {
        case number(Double, currency: String?)
        case empty
        /// Not a number in this format.
        case unreadable
        /// `1.234` where `.` is the decimal mark but reads as grouping in other formats: an
        /// amount with three decimals is more likely a thousand written the other way.
        case ambiguous
    }

    public func read(_ cell: String, money: Bool) -> Reading {
        var text = cell.trimmedCell
        if text.isEmpty { return .empty }
        var currency: String?
        let symbols: [(String, String)] = [("US$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("$", "$")]
        for (symbol, code) in symbols {
            guard let range = Self.range(of: symbol, in: text) else { continue }
            text.removeSubrange(range)
            currency = code
            break
        }
        if let code = Self.currencyCode(in: text) {
            currency = String(text[code])
            text.removeSubrange(code)
        }
        text = text.trimmedCell
        var negative = false
        if text.hasPrefix("("), text.hasSuffix(")") { negative = true; text = String(text.dropFirst().dropLast()) }
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        let parts = text.split(separator: decimal, omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2 else { return .unreadable }
        let groups = whole.split(omittingEmptySubsequences: false, whereSeparator: { grouping.contains($0) })
        guard groups.allSatisfy({ group in !group.isEmpty && group.allSatisfy { $0.isASCII && $0.isNumber } }) || whole.isEmpty,
              groups.count == 1 || (groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }) else { return .unreadable }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .unreadable }
        if money, groups.count == 1, fraction.count == 3, whole.count <= 3, !whole.isEmpty { return .ambiguous }
        guard let value = Double(groups.joined() + (fraction.isEmpty ? "" : "." + String(fraction))) else { return .unreadable }
        return .number(negative ? -value : value, currency: currency)
    }
}

extension NumberFormat {
    /// Where `needle` first is in `text`, compared as UTF-8 (Foundation's search bridges to NSString).
    static func range(of needle: String, in text: String) -> Range<String.Index>? {
        let bytes = text.utf8, wanted = Array(needle.utf8)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index...].starts(with: wanted) { return index..<bytes.index(index, offsetBy: wanted.count) }
            index = bytes.index(after: index)
        }
        return nil
    }

    /// Where three capital letters stand alone (`USD 1,200`, `1.200 EUR`).
    static func currencyCode(in text: String) -> Range<String.Index>? {
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index].isASCII, text[index].isUppercase else { index = text.index(after: index); continue }
            let end = text[index...].firstIndex { !($0.isASCII && $0.isUppercase) } ?? text.endIndex
            if text.distance(from: index, to: end) == 3, index == text.startIndex || !text[text.index(before: index)].isLetter,
               end == text.endIndex || !text[end].isLetter { return index..<end }
            index = end
        }
        return nil
    }
}

/// Yes/no cells: `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`, `x` for yes; empty is unset.
enum BooleanCell {
    static func read(_ cell: String) -> Bool?? {
        switch cell.trimmedCell.lowercased() {
        case "": .some(nil)
        case "true", "yes", "y", "1", "x", "wahr", "ja", "oui", "sí", "si": .some(true)
        case "false", "no", "n", "0", "falsch", "nein", "non": .some(false)
        default: nil
        }
    }
}

extension StringProtocol {
    /// The text without spaces or line breaks around it; Foundation's `trimmingCharacters` goes
    /// through NSString and was a third of an import's time.
    var trimmedCell: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

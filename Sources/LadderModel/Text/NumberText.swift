/// Numbers as reports write them: locale-independent, so every machine prints the same bytes.
package enum NumberText {
    /// 1680000 → "1,680,000"; rounded to whole units.
    package static func money(_ amount: Double) -> String {
        // Beyond what a whole number holds (a rule gone wrong), the digits as Swift writes them.
        guard amount.isFinite, abs(amount) < 9e18 else { return "\(amount)" }
        let whole = Int((amount).rounded())
        // Written in place, from the last digit: evidence writes this for every deal a report
        // cites, and up to fifteen bytes make a small string, with nothing allocated.
        var digits = 1, rest = whole.magnitude
        while rest >= 10 { digits += 1; rest /= 10 }
        let length = (whole < 0 ? 1 : 0) + digits + (digits - 1) / 3
        return String(unsafeUninitializedCapacity: length) { text in
            var value = whole.magnitude, at = length
            for i in 0..<digits {
                if i > 0 && i % 3 == 0 { at -= 1; text[at] = UInt8(ascii: ",") }
                at -= 1
                text[at] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            if whole < 0 { text[0] = UInt8(ascii: "-") }
            return length
        }
    }

    /// 0.2413 → "24.1%".
    package static func percent(_ ratio: Double, decimals: Int = 1) -> String {
        fixed(ratio * 100, decimals: decimals) + "%"
    }

    /// Fixed decimals with trailing zeros removed: 2.50 → "2.5", 3.0 → "3".
    package static func fixed(_ value: Double, decimals: Int) -> String { value.formatted(decimals) }

    /// A threshold's value in its rule's unit. Against a limit, a share gets the decimals it
    /// needs never to read as the limit when it is not (0.2004 → "20.04%", not "20%").
    package static func measure(_ value: Double?, _ unit: RuleDeclaration.Unit, against limit: Double? = nil) -> String {
        guard let value else { return "n/a" }
        switch unit {
        case .share:
            guard let limit, value != limit else { return percent(value) }
            for decimals in 1...6 where (value * 100).formatted(decimals) != (limit * 100).formatted(decimals) {
                return percent(value, decimals: decimals)
            }
            return percent(value, decimals: 6)
        case .count: return fixed(value, decimals: 0)
        case .days: return fixed(value, decimals: 0) + " days"
        case .money: return money(value)
        case .number: return fixed(value, decimals: 2)
        case .drop:
            if value == 0 { return "held steady" }
            return (value > 0 ? "fell " : "rose ") + measure(abs(value), .share, against: limit)
        }
    }

    /// A threshold's limit in its rule's unit: "20%", "30 days", "a 15% fall".
    package static func limit(_ limit: Double, _ unit: RuleDeclaration.Unit) -> String {
        unit == .drop ? "a \(percent(limit)) fall" : measure(limit, unit)
    }
}

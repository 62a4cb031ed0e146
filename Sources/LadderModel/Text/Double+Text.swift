/// Numbers written the same way on every machine (no locale, no exponent for ordinary values).
extension Double {
    /// `0.2`, `300000`: no trailing `.0`.
    package var clean: String {
        if rounded() == self && abs(self) < 1e15 { return String(Int(self)) }
        return "\(self)"
    }

    /// Fixed decimals with trailing zeros removed: 2.50 → "2.5", 3.0 → "3".
    package func formatted(_ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return ((self * scale).rounded() / scale).clean
    }
}

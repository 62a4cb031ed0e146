extension String {
    /// Orders names as a person reads them: runs of digits by their value, the rest by bytes,
    /// so "Dana Fox 2" comes before "Dana Fox 10". The same order on every machine and locale;
    /// names that differ only in leading zeros fall back to byte order.
    public func naturallyPrecedes(_ other: String) -> Bool {
        let a = Array(utf8), b = Array(other.utf8)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if isDigit(a[i]) && isDigit(b[j]) {
                let (x, nextI) = digitRun(a, from: i), (y, nextJ) = digitRun(b, from: j)
                if x.count != y.count { return x.count < y.count }
                if x != y { return x.lexicographicallyPrecedes(y) }
                (i, j) = (nextI, nextJ)
            } else {
                if a[i] != b[j] { return a[i] < b[j] }
                i += 1
                j += 1
            }
        }
        if (a.count - i) != (b.count - j) { return a.count - i < b.count - j }
        return a.lexicographicallyPrecedes(b)
    }
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

/// The digits from `start` without leading zeros, and where the run ends.
private func digitRun(_ bytes: [UInt8], from start: Int) -> (ArraySlice<UInt8>, Int) {
    var end = start
    while end < bytes.count && isDigit(bytes[end]) { end += 1 }
    var first = start
    while first < end - 1 && bytes[first] == UInt8(ascii: "0") { first += 1 }
    return (bytes[first..<end], end)
}

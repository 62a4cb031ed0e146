import Dispatch
import Foundation

/// Strings ordered by their UTF-8 bytes: how reports order keys and evidence ids, the same on
/// every machine and in every locale.
package enum ByteOrder {
    /// Positions of `keys` in byte order: by their first eight bytes as one number, then by all
    /// of them. Keys that are the same bytes keep their order.
    package static func positions(of keys: [String]) -> [Int] {
        let prefixes = keys.map(prefix)
        let before: @Sendable (Int, Int) -> Bool = { i, j in
            guard prefixes[i] == prefixes[j] else { return prefixes[i] < prefixes[j] }
            let order = compare(keys[i], keys[j])
            return order != 0 ? order < 0 : i < j
        }
        guard keys.count >= 100_000 && Cores.parallel else { return keys.indices.sorted(by: before) }
        // A report's records, by the million: two halves sorted on two cores, then merged.
        let half = keys.count / 2
        let halves = SharedSlots<[Int]>(count: 2)
        Cores.perform(2) { h in halves[h] = (h == 0 ? 0 ..< half : half ..< keys.count).sorted(by: before) }
        let (a, b) = (halves[0]!, halves[1]!)
        var merged: [Int] = []
        merged.reserveCapacity(keys.count)
        var (i, j) = (0, 0)
        while i < a.count && j < b.count {
            if before(b[j], a[i]) { merged.append(b[j]); j += 1 } else { merged.append(a[i]); i += 1 }
        }
        merged += a[i...]
        merged += b[j...]
        return merged
    }

    /// How two strings' bytes order: negative, zero or positive.
    package static func compare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in compare(x, y) } }
    }

    /// How two runs of bytes order: negative, zero or positive. The one comparison every
    /// ordering of keys uses.
    package static func compare(_ a: UnsafePointer<UInt8>, _ la: Int, _ b: UnsafePointer<UInt8>, _ lb: Int) -> Int {
        let order = Int(memcmp(a, b, min(la, lb)))
        return order != 0 ? order : la - lb
    }

    package static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        guard let x = a.baseAddress, let y = b.baseAddress else { return a.count - b.count }  // one is empty
        return compare(x, a.count, y, b.count)
    }

    package static func prefix(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes in bytes.baseAddress.map { prefix($0, bytes.count) } ?? 0 }
    }

    /// The first eight bytes of a key, big-endian, zero-padded: ordered as the bytes are.
    package static func prefix(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(i < count ? bytes[i] : 0) }
        return value
    }
}

import Foundation

/// A dictionary keyed by ids compared byte for byte, as the snapshot format says ids compare —
/// not by Swift's canonical equivalence, under which "é" (U+00E9) and "e" + U+0301 are equal
/// while the rules, comparing bytes, see two ids.
public struct IDMap<Value: Sendable>: Sendable, Sequence {
    // Inlinable, so a client's `IDMap<Int>` is a specialized dictionary: unspecialized, every
    // lookup fetched the generic type's metadata (most of the cost of indexing 2M deals).
    @usableFromInline var storage: [ExactID: Value] = [:]

    @inlinable public init() {}

    // `_modify` lets `map[id, default: []].append(i)` change the stored value in place; with a
    // getter and setter alone each append copied the whole array (quadratic in a group's size).
    @inlinable public subscript(id: String) -> Value? {
        get { storage[ExactID(id)] }
        _modify { yield &storage[ExactID(id)] }
    }

    @inlinable public subscript(id: String, default value: @autoclosure () -> Value) -> Value {
        get { storage[ExactID(id), default: value()] }
        _modify { yield &storage[ExactID(id), default: value()] }
    }

    @inlinable public var count: Int { storage.count }
    /// The keys, in no particular order.
    public var keys: [String] { storage.keys.map(\.text) }

    /// Sets the value and returns the one it replaced, as `Dictionary.updateValue` does.
    @inlinable @discardableResult
    public mutating func updateValue(_ value: Value, forKey id: String) -> Value? {
        storage.updateValue(value, forKey: ExactID(id))
    }

    @discardableResult
    public mutating func removeValue(forKey id: String) -> Value? { storage.removeValue(forKey: ExactID(id)) }

    /// As a Dictionary, for maps keyed by names Ladder itself writes; of keys that Swift sees as
    /// equal, the first in byte order is kept.
    public var dictionary: [String: Value] {
        var out: [String: Value] = [:]
        for key in keys.sorted(by: { $0.precedesID($1) }) where out[key] == nil { out[key] = self[key] }
        return out
    }

    public func mapValues<T>(_ transform: (Value) throws -> T) rethrows -> IDMap<T> {
        var out = IDMap<T>()
        out.storage = try storage.mapValues(transform)
        return out
    }

    public func compactMapValues<T>(_ transform: (Value) throws -> T?) rethrows -> IDMap<T> {
        var out = IDMap<T>()
        out.storage = try storage.compactMapValues(transform)
        return out
    }

    @inlinable public mutating func reserveCapacity(_ n: Int) { storage.reserveCapacity(n) }

    @inlinable public func makeIterator() -> Iterator { Iterator(inner: storage.makeIterator()) }

    /// The dictionary's own iterator, unwrapped (an `AnyIterator` called a closure per entry:
    /// a good part of grouping two million deals).
    public struct Iterator: IteratorProtocol {
        @usableFromInline var inner: Dictionary<ExactID, Value>.Iterator

        @inlinable init(inner: Dictionary<ExactID, Value>.Iterator) { self.inner = inner }

        @inlinable public mutating func next() -> (key: String, value: Value)? {
            inner.next().map { ($0.key.text, $0.value) }
        }
    }
}

extension IDMap: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}

extension IDMap: Equatable where Value: Equatable {
    public static func == (a: IDMap, b: IDMap) -> Bool { a.storage == b.storage }
}

extension IDMap where Value == Bool {
    /// A set of ids: each marked true.
    public init(marking ids: [String]) {
        self.init()
        for id in ids { self[id] = true }
    }
}

extension String {
    /// The same id: the same UTF-8 bytes (`==` on strings is canonical equivalence).
    public func sameID(_ other: String) -> Bool { utf8.elementsEqual(other.utf8) }

    /// Orders ids by their UTF-8 bytes, the same order on every machine and locale.
    public func precedesID(_ other: String) -> Bool { utf8.lexicographicallyPrecedes(other.utf8) }
}

/// A string that equals another only when their UTF-8 bytes do.
@usableFromInline
struct ExactID: Hashable, Sendable {
    @usableFromInline let text: String

    @inlinable init(_ text: String) { self.text = text }

    @inlinable static func == (a: ExactID, b: ExactID) -> Bool {
        var (x, y) = (a.text, b.text)
        return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
    }

    @inlinable func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    // What dictionaries hash with: a multiply-and-shift mix of the bytes, eight at a time, and
    // the dictionary's seed. SipHash through `Hasher` was 3% of a run over two million deals,
    // for ids that are mostly under sixteen bytes.
    @inlinable func _rawHashValue(seed: Int) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var h = UInt64(truncatingIfNeeded: seed) ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
            let raw = UnsafeRawBufferPointer(bytes)
            var at = 0
            while at + 8 <= raw.count {
                h = Self.mixed(h ^ raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                at += 8
            }
            if at < raw.count {
                var tail: UInt64 = 0
                for i in at ..< raw.count { tail |= UInt64(raw[i]) << (8 * UInt64(i - at)) }
                h = Self.mixed(h ^ tail)
            }
            return Int(truncatingIfNeeded: Self.mixed(h))
        }
    }

    @inlinable static func mixed(_ x: UInt64) -> UInt64 {
        var x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        return x ^ (x >> 33)
    }
}

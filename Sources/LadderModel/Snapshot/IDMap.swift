import Foundation

/// A dictionary keyed by ids compared byte for byte, as the snapshot format says ids compare —
/// not by Swift's canonical equivalence, under which "é" (U+00E9) and "e" + U+0301 are equal
/// while the rules, comparing bytes, see two ids.
public struct IDMap<Value: Sendable>: Sendable, Sequence {
    private var storage: [ExactID: Value] = [:]

    public init() {}

    // `_modify` lets `map[id, default: []].append(i)` change the stored value in place; with a
    // getter and setter alone each append copied the whole array (quadratic in a group's size).
    public subscript(id: String) -> Value? {
        get { storage[ExactID(id)] }
        _modify { yield &storage[ExactID(id)] }
    }

    public subscript(id: String, default value: @autoclosure () -> Value) -> Value {
        get { storage[ExactID(id), default: value()] }
        _modify { yield &storage[ExactID(id), default: value()] }
    }

    public var count: Int { storage.count }
    /// The keys, in no particular order.
    public var keys: [String] { storage.keys.map(\.text) }

    /// Sets the value and returns the one it replaced, as `Dictionary.updateValue` does.
    @discardableResult
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

    public mutating func reserveCapacity(_ n: Int) { storage.reserveCapacity(n) }

    public func makeIterator() -> AnyIterator<(key: String, value: Value)> {
        var inner = storage.makeIterator()
        return AnyIterator { inner.next().map { ($0.key.text, $0.value) } }
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
struct ExactID: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactID, b: ExactID) -> Bool {
        var (x, y) = (a.text, b.text)
        return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// A dictionary keyed by ids compared byte for byte, as the snapshot format says ids compare —
/// not by Swift's canonical equivalence, under which "é" (U+00E9) and "e" + U+0301 are equal
/// while the rules, comparing bytes, see two ids.
public struct IDMap<Value: Sendable>: Sendable, Sequence {
    private var storage: [ExactID: Value] = [:]

    public init() {}

    public subscript(id: String) -> Value? {
        get { storage[ExactID(id)] }
        set { storage[ExactID(id)] = newValue }
    }

    public subscript(id: String, default value: @autoclosure () -> Value) -> Value {
        get { storage[ExactID(id), default: value()] }
        set { storage[ExactID(id)] = newValue }
    }

    public var count: Int { storage.count }

    public mutating func reserveCapacity(_ n: Int) { storage.reserveCapacity(n) }

    public func makeIterator() -> AnyIterator<(key: String, value: Value)> {
        var inner = storage.makeIterator()
        return AnyIterator { inner.next().map { ($0.key.text, $0.value) } }
    }
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
}

/// A string that equals another only when their UTF-8 bytes do.
struct ExactID: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactID, b: ExactID) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

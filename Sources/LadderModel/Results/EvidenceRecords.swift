/// The records an evaluation's evidence ids name, in their ids' byte order: the order a report
/// writes them in, kept from the start rather than sorted out of a dictionary for every report
/// (at 5,000 managers, 1.8 million records: building the dictionary alone took two seconds).
/// Ids compare byte for byte, as the snapshot format says.
///
/// An evaluation's records are made from its snapshot when asked for, not kept: at that scale
/// keeping them was 0.3 GB and a second of CPU before the report wrote a byte of them.
public struct EvidenceRecords: Sendable, Equatable {
    /// Unique, in UTF-8 byte order.
    public private(set) var ids: [String]
    /// What `ids[i]` names: records given, or what makes them.
    private let source: Source

    private enum Source: Sendable {
        case kept([EvidenceRecord])
        case made(any EvidenceSource)
    }

    public init() {
        ids = []
        source = .kept([])
    }

    public init(_ byId: [String: EvidenceRecord]) {
        let pairs = Array(byId)
        let order = ByteOrder.positions(of: pairs.map(\.key))
        ids = order.map { pairs[$0].key }
        source = .kept(order.map { pairs[$0].value })
    }

    /// Records already in order: `ids` unique and in byte order, as ``ids`` says.
    package init(sortedIDs ids: [String], records: [EvidenceRecord]) {
        precondition(ids.count == records.count)
        self.ids = ids
        source = .kept(records)
    }

    /// Records `source` makes, the i-th for `ids[i]`; `ids` unique and in byte order.
    package init(sortedIDs ids: [String], madeBy source: any EvidenceSource) {
        self.ids = ids
        self.source = .made(source)
    }

    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }

    /// What `ids[i]` names.
    public func record(at i: Int) -> EvidenceRecord {
        if case .kept(let records) = source { return records[i] }
        var detail: [UInt8] = []
        let (kind, name) = record(at: i) { detail.append(contentsOf: $0) }
        return EvidenceRecord(kind: kind, name: name, detail: String(decoding: detail, as: UTF8.self))
    }

    /// The kind and name of what `ids[i]` names, calling `detail` with its detail's UTF-8 bytes,
    /// a run at a time: a report writes a made record's detail with no string made for it.
    package func record(at i: Int, detail: (UnsafeBufferPointer<UInt8>) -> Void) -> (kind: EvidenceRecord.Kind, name: String) {
        switch source {
        case .kept(let records):
            var text = records[i].detail
            text.withUTF8(detail)
            return (records[i].kind, records[i].name)
        case .made(let source):
            return source.record(at: i, detail: detail)
        }
    }

    /// The record `id` names, found by its bytes.
    public subscript(id: String) -> EvidenceRecord? {
        var id = id
        return id.withUTF8 { key -> EvidenceRecord? in
            var (low, high) = (0, ids.count)
            while low < high {
                let middle = (low + high) / 2
                var candidate = ids[middle]
                let order = candidate.withUTF8 { ByteOrder.compare($0, key) }
                if order == 0 { return record(at: middle) }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// The same ids naming the same records, kept or made.
    public static func == (a: EvidenceRecords, b: EvidenceRecords) -> Bool {
        a.ids == b.ids && a.ids.indices.allSatisfy { a.record(at: $0) == b.record(at: $0) }
    }
}

/// Makes the records an evaluation's evidence names from the snapshot it ran on.
package protocol EvidenceSource: Sendable {
    /// The kind and name of the i-th record, calling `detail` with its detail's UTF-8 bytes,
    /// a run at a time, in order.
    func record(at i: Int, detail: (UnsafeBufferPointer<UInt8>) -> Void) -> (kind: EvidenceRecord.Kind, name: String)
}

extension EvidenceRecords: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, EvidenceRecord)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { first, _ in first }))
    }
}

extension EvidenceRecords: Sequence {
    /// Each id with its record, in the ids' byte order.
    public func makeIterator() -> Iterator { Iterator(records: self) }

    public struct Iterator: IteratorProtocol {
        let records: EvidenceRecords
        var position = 0

        public mutating func next() -> (String, EvidenceRecord)? {
            guard position < records.count else { return nil }
            defer { position += 1 }
            return (records.ids[position], records.record(at: position))
        }
    }
}

/// Encoded as a JSON object from id to record.
extension EvidenceRecords: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try [String: EvidenceRecord](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try Dictionary(Array(self), uniquingKeysWith: { first, _ in first }).encode(to: encoder)
    }
}

/// The records an evaluation's evidence ids name, in their ids' byte order: the order a report
/// writes them in, kept from the start rather than sorted out of a dictionary for every report
/// (at 5,000 managers, 1.8 million records: building the dictionary alone took two seconds).
/// Ids compare byte for byte, as the snapshot format says.
public struct EvidenceRecords: Sendable, Equatable {
    /// Unique, in UTF-8 byte order.
    public private(set) var ids: [String]
    /// `records[i]` is what `ids[i]` names.
    public private(set) var records: [EvidenceRecord]

    public init() {
        ids = []
        records = []
    }

    public init(_ byId: [String: EvidenceRecord]) {
        let pairs = Array(byId)
        let order = ByteOrder.positions(of: pairs.map(\.key))
        ids = order.map { pairs[$0].key }
        records = order.map { pairs[$0].value }
    }

    /// Records already in order: `ids` unique and in byte order, as ``ids`` says.
    package init(sortedIDs ids: [String], records: [EvidenceRecord]) {
        precondition(ids.count == records.count)
        self.ids = ids
        self.records = records
    }

    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }

    /// The record `id` names, found by its bytes.
    public subscript(id: String) -> EvidenceRecord? {
        var id = id
        return id.withUTF8 { key -> EvidenceRecord? in
            var (low, high) = (0, ids.count)
            while low < high {
                let middle = (low + high) / 2
                var candidate = ids[middle]
                let order = candidate.withUTF8 { ByteOrder.compare($0, key) }
                if order == 0 { return records[middle] }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }
}

extension EvidenceRecords: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, EvidenceRecord)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { first, _ in first }))
    }
}

extension EvidenceRecords: Sequence {
    /// Each id with its record, in the ids' byte order.
    public func makeIterator() -> Zip2Sequence<[String], [EvidenceRecord]>.Iterator { zip(ids, records).makeIterator() }
}

/// Encoded as a JSON object from id to record.
extension EvidenceRecords: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try [String: EvidenceRecord](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try Dictionary(zip(ids, records), uniquingKeysWith: { first, _ in first }).encode(to: encoder)
    }
}

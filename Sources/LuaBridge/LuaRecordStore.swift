import CLuaShim

/// Records every Lua state can read without copying them in: a column store filled once, then
/// shared immutably by the states of all workers (``LuaState/openRecords(_:)``). Scripts see each
/// record as a read-only table whose fields are read from its cells on access.
///
/// Fill it before any state opens it; after that it is only read. Text goes into one of
/// ``textSegments`` segments, each filled by one thread at a time, so several threads can fill
/// records at once (each its own records' cells and its own segment).
public final class LuaRecordStore: @unchecked Sendable {
    let store: OpaquePointer

    /// A kind of record: its number in the store and its field count.
    public struct Kind: Sendable {
        public let number: Int32
        public let fieldCount: Int
    }

    public enum FieldType: Sendable {
        case text, number, boolean
        /// A list of records of another kind, written as ``list(start:count:)``.
        case list(of: Kind)
    }

    public init() {
        guard let store = lx_store_new() else { fatalError("out of memory creating a record store") }
        self.store = store
    }

    deinit { lx_store_free(store) }

    /// Adds a kind of `count` records with these fields, in the order an unknown field's error
    /// considers them (`pairs` walks them by name, byte-wise, as over every read-only table). A
    /// `scalar` kind has one field, and a list of it holds that field's values, not records.
    public func addKind(_ label: String, fields: [(name: String, type: FieldType)], scalar: Bool = false, count: Int) -> Kind {
        let types = fields.map { field -> UInt8 in
            switch field.type {
            case .text: UInt8(LX_FIELD_TEXT)
            case .number: UInt8(LX_FIELD_NUMBER)
            case .boolean: UInt8(LX_FIELD_BOOLEAN)
            case .list: UInt8(LX_FIELD_LIST)
            }
        }
        let children = fields.map { field -> Int32 in if case .list(let kind) = field.type { kind.number } else { -1 } }
        let number = LuaState.withCStrings(fields.map(\.name)) { names in
            lx_store_add_kind(store, label, Int32(fields.count), names, types, children, scalar ? 1 : 0, UInt32(count))
        }
        guard number >= 0 else { fatalError("cannot add record kind \(label) (\(fields.count) fields, \(count) records)") }
        return Kind(number: number, fieldCount: fields.count)
    }

    /// The kind's cells, record after record, field after field; write each once.
    public func cells(_ kind: Kind) -> UnsafeMutablePointer<UInt64> { lx_store_cells(store, kind.number) }

    /// Text segments a store has: threads that can fill it at once.
    public static let textSegments = Int(LX_STORE_TEXT_SEGMENTS)

    /// Copies `text` into text segment `segment` and returns its cell.
    public func text(_ text: String, segment: Int = 0) -> UInt64 {
        precondition(segment >= 0 && segment < Self.textSegments, "text segment \(segment) is not one of the store's \(Self.textSegments)")
        var text = text
        let cell = text.withUTF8 { lx_store_text(store, Int32(segment), $0.baseAddress, $0.count) }
        guard cell != LX_CELL_NIL else { fatalError("out of memory filling a record store") }
        return cell
    }

    /// Positions the store keeps, for a list over chosen records (``LuaTableBuilder/set(_:records:at:)``).
    public func positions(_ positions: [Int]) -> UnsafeBufferPointer<UInt32> {
        guard let buffer = lx_store_positions(store, positions.count) else { fatalError("out of memory filling a record store") }
        for (i, p) in positions.enumerated() { buffer[i] = UInt32(p) }
        return UnsafeBufferPointer(start: buffer, count: positions.count)
    }

    public static let nilText = LX_CELL_NIL
    public static let nilNumber = LX_CELL_NUMBER_NIL
    public static func number(_ value: Double) -> UInt64 { value.bitPattern }
    public static func number(_ value: Double?) -> UInt64 { value.map(\.bitPattern) ?? nilNumber }
    public static func boolean(_ value: Bool) -> UInt64 { value ? 1 : 0 }
    public static func list(start: Int, count: Int) -> UInt64 { lx_cell_list(UInt32(start), UInt32(count)) }
}

extension LuaState {
    /// Lets scripts in this state read `store`'s records; once per state. The state keeps the
    /// store alive.
    public func openRecords(_ store: LuaRecordStore) {
        precondition(recordStore == nil, "a state opens one record store")
        recordStore = store
        lx_records_open(L, store.store)
    }

    /// Record `position` of `kind`, the same proxy every time.
    public func record(_ kind: LuaRecordStore.Kind, at position: Int) -> LuaRef {
        lx_push_record(L, kind.number, UInt32(position))
        return popRef()
    }

    /// All `count` records of `kind` as a read-only list.
    public func list(of kind: LuaRecordStore.Kind, count: Int) -> LuaRef {
        lx_push_list(L, kind.number, nil, 0, UInt32(count))
        return popRef()
    }
}

import CLuaShim

/// A key of a table being built: a field name or a list position (from 1).
public enum LuaKey: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case name(String)
    case position(Int)

    public init(stringLiteral value: String) { self = .name(value) }
    public init(integerLiteral value: Int) { self = .position(value) }
}

/// Fills a table that ``LuaState/makeTable(readOnly:_:)`` is building. Valid only inside the
/// closure it is handed to.
public struct LuaTableBuilder {
    let state: LuaState
    let index: Int32

    /// Sets a plain value (nested tables become read-only views).
    public mutating func set(_ key: LuaKey, _ value: LuaValue) {
        state.push(value, readOnly: true)
        store(key)
    }

    /// Sets an element of an existing read-only list, without copying it: `table[key] = list[position]`.
    public mutating func set(_ key: LuaKey, elementAt position: Int, of list: LuaRef) {
        let L = state.L
        state.push(list)
        lx_push_view_element(L, -1, lua_Integer(position))
        lx_remove(L, -2)
        store(key)
    }

    /// Sets record `position` of `kind` (``LuaState/openRecords(_:)``).
    public mutating func set(_ key: LuaKey, record kind: LuaRecordStore.Kind, at position: Int) {
        lx_push_record(state.L, kind.number, UInt32(position))
        store(key)
    }

    /// Sets a read-only list of the records of `kind` at `positions` (kept by the record store).
    public mutating func set(_ key: LuaKey, records kind: LuaRecordStore.Kind, at positions: UnsafeBufferPointer<UInt32>) {
        lx_push_list(state.L, kind.number, positions.baseAddress, 0, UInt32(positions.count))
        store(key)
    }

    /// Sets a nested table built by `build`; read-only like its parent's values.
    public mutating func set(_ key: LuaKey, _ build: (inout LuaTableBuilder) throws -> Void) rethrows {
        let L = state.L
        _ = lua_checkstack(L, 4)
        lua_createtable(L, 0, 0)
        var nested = LuaTableBuilder(state: state, index: lua_gettop(L))
        try build(&nested)
        lx_push_readonly(L, 0, 0, nil, 0)
        store(key)
    }

    /// Sets an encoded value, as ``LuaState/makeReadOnly(encoding:shapes:)`` builds it.
    public mutating func set(_ key: LuaKey, encoding value: some Encodable, shapes: LuaShapes = [:]) throws {
        try LuaStackEncoder(state: state, shapes: shapes).push(value)
        store(key)
    }

    private func store(_ key: LuaKey) {
        let L = state.L
        switch key {
        case .name(let name):
            state.pushString(name)
            lua_rotate(L, -2, 1)
            lua_rawset(L, index)
        case .position(let position):
            lua_rawseti(L, index, lua_Integer(position))
        }
    }
}

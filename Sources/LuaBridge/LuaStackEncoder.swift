import CLuaShim

/// Encodes an `Encodable` value onto the Lua stack as read-only tables, one value per `push`.
/// Field names are the coding keys, so Lua sees exactly the names the JSON format uses.
/// `nil` optionals are left out (absent fields read as nil).
struct LuaStackEncoder {
    let state: LuaState
    var shapes: LuaShapes = [:]

    func push(_ value: some Encodable) throws {
        let L = state.L
        _ = lua_checkstack(L, 8)
        let base = lua_gettop(L)
        let encoder = StackEncoder(state: state, shapes: shapes)
        try value.encode(to: encoder)
        encoder.finish(base: base, shape: shapes[ObjectIdentifier(type(of: value))])
    }
}

/// Shapes by the Swift type whose values get them.
public typealias LuaShapes = [ObjectIdentifier: LuaShape]

/// The field names a read-only view may be read by; see ``LuaState/makeShape(label:noun:names:hint:)``.
public struct LuaShape {
    let ref: LuaRef
}

/// One encoding level: the value it encodes ends up as the single value above `base`.
private final class StackEncoder: Encoder {
    let state: LuaState
    let shapes: LuaShapes
    // No coding path: building one costs an array per value, and encoding into Lua cannot fail
    // for the values Ladder encodes.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// Stack index of the table this level created, if any.
    var table: Int32?
    var nextPosition = 1

    init(state: LuaState, shapes: LuaShapes) {
        self.state = state
        self.shapes = shapes
    }

    func finish(base: Int32, shape: LuaShape?) {
        let L = state.L
        if let table {
            lua_settop(L, table)
            state.pushReadOnly(shape: shape)
        }
        if lua_gettop(L) == base { lua_pushnil(L) }
        lua_settop(L, base + 1)
    }

    func ensureTable() -> Int32 {
        if let table { return table }
        lua_createtable(state.L, 0, 0)
        table = lua_gettop(state.L)
        return table!
    }

    func encodeChild(_ value: some Encodable, key: (any CodingKey)?) throws {
        let L = state.L
        _ = lua_checkstack(L, 8)
        let base = lua_gettop(L)
        if let scalar = value as? any LuaScalar {
            scalar.pushScalar(state)
            return
        }
        if let text = value as? any LuaText {
            state.pushString(text.luaText)
            return
        }
        let child = StackEncoder(state: state, shapes: shapes)
        try value.encode(to: child)
        child.finish(base: base, shape: shapes.isEmpty ? nil : shapes[ObjectIdentifier(type(of: value))])
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, table: ensureTable()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(encoder: self, table: ensureTable())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }
}

/// A value Lua sees as text (a date as "2026-06-30"), pushed without a nested encoder.
public protocol LuaText: Encodable {
    var luaText: String { get }
}

/// Types pushed directly, without a nested encoder.
private protocol LuaScalar { func pushScalar(_ state: LuaState) }
extension String: LuaScalar { func pushScalar(_ state: LuaState) { state.pushString(self) } }
extension Bool: LuaScalar { func pushScalar(_ state: LuaState) { lua_pushboolean(state.L, self ? 1 : 0) } }
extension Int: LuaScalar { func pushScalar(_ state: LuaState) { lua_pushinteger(state.L, lua_Integer(self)) } }
extension Int64: LuaScalar { func pushScalar(_ state: LuaState) { lua_pushinteger(state.L, lua_Integer(self)) } }
extension Double: LuaScalar { func pushScalar(_ state: LuaState) { lua_pushnumber(state.L, self) } }

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StackEncoder
    let table: Int32
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func store(_ key: Key) {
        encoder.state.pushString(key.stringValue)
        lua_rotate(encoder.state.L, -2, 1)
        lua_rawset(encoder.state.L, table)
    }

    mutating func encodeNil(forKey key: Key) {}

    // Concrete overloads: synthesized Codable calls these directly, without a dynamic cast.
    mutating func encode(_ value: String, forKey key: Key) {
        encoder.state.pushString(value)
        store(key)
    }
    mutating func encode(_ value: Bool, forKey key: Key) {
        lua_pushboolean(encoder.state.L, value ? 1 : 0)
        store(key)
    }
    mutating func encode(_ value: Int, forKey key: Key) {
        lua_pushinteger(encoder.state.L, lua_Integer(value))
        store(key)
    }
    mutating func encode(_ value: Double, forKey key: Key) {
        lua_pushnumber(encoder.state.L, value)
        store(key)
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) { if let value { encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) { if let value { encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) { if let value { encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) { if let value { encode(value, forKey: key) } }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encoder.encodeChild(value, key: key)
        if lua_type(encoder.state.L, -1) == LUA_TNIL { lx_pop(encoder.state.L, 1) } else { store(key) }
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = StackEncoder(state: encoder.state, shapes: encoder.shapes)
        let container = nested.container(keyedBy: keyType)
        lua_pushvalue(encoder.state.L, nested.table!)
        store(key)
        return container
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = StackEncoder(state: encoder.state, shapes: encoder.shapes)
        let container = nested.unkeyedContainer()
        lua_pushvalue(encoder.state.L, nested.table!)
        store(key)
        return container
    }
    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: StackEncoder
    let table: Int32
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.nextPosition - 1 }

    private func append() {
        lua_rawseti(encoder.state.L, table, lua_Integer(encoder.nextPosition))
        encoder.nextPosition += 1
    }

    mutating func encodeNil() throws {
        throw EncodingError.invalidValue(Optional<Int>.none as Any, .init(codingPath: codingPath, debugDescription: "a nil inside a list cannot be represented in Lua"))
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try encoder.encodeChild(value, key: nil)
        append()
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = StackEncoder(state: encoder.state, shapes: encoder.shapes)
        let container = nested.container(keyedBy: keyType)
        lua_pushvalue(encoder.state.L, nested.table!)
        append()
        return container
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = StackEncoder(state: encoder.state, shapes: encoder.shapes)
        let container = nested.unkeyedContainer()
        lua_pushvalue(encoder.state.L, nested.table!)
        append()
        return container
    }
    mutating func superEncoder() -> any Encoder { encoder }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: StackEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { lua_pushnil(encoder.state.L) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeChild(value, key: nil) }
}

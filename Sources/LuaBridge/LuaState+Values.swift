import CLuaShim

extension LuaState {
    /// Deepest table nesting read back from Lua; deeper (or cyclic) results are refused.
    static let maxDepth = 32

    /// Pushes a value; tables become read-only views when `readOnly` is set.
    func push(_ value: LuaValue, readOnly: Bool) {
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, lua_Integer(i))
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): pushString(s)
        case .reference(let ref): push(ref)
        case .array(let items):
            _ = lua_checkstack(L, 4)
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (offset, item) in items.enumerated() {
                push(item, readOnly: readOnly)
                lua_rawseti(L, -2, lua_Integer(offset + 1))
            }
            if readOnly { lx_push_readonly(L, 0, 0, nil, 0) }
        case .table(let fields):
            _ = lua_checkstack(L, 4)
            lua_createtable(L, 0, Int32(clamping: fields.count))
            for key in fields.keys.sorted() {
                pushString(key)
                push(fields[key]!, readOnly: readOnly)
                lua_rawset(L, -3)
            }
            if readOnly { lx_push_readonly(L, 0, 0, nil, 0) }
        }
    }

    func pushString(_ string: String) {
        var string = string
        string.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    /// Reads the value at `index` as data, with raw access only (no metamethod runs).
    func value(at index: Int32) throws(LuaError) -> LuaValue {
        var trail = Trail()
        return try value(at: lua_absindex(L, index), trail: &trail)
    }

    /// Where a read is inside the value, kept as steps and written out only for an error: a
    /// path string per field and per list item cost more than the values read.
    struct Trail {
        enum Step {
            case key(String)
            case position(Int64)
        }
        var steps: [Step] = []
        /// The tables being read, outermost first: at most `maxDepth`, so a scan finds a cycle.
        var open: [UnsafeRawPointer] = []

        /// `result.conditions[2].detail`
        var path: String {
            steps.reduce(into: "") { path, step in
                switch step {
                case .key(let key): path += path.isEmpty ? key : ".\(key)"
                case .position(let position): path += "[\(position)]"
                }
            }
        }
    }

    private func value(at index: Int32, trail: inout Trail) throws(LuaError) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(lua_tointegerx(L, index, nil))) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            var length = 0
            let chars = lua_tolstring(L, index, &length)
            guard let text = Self.text(UnsafeRawBufferPointer(start: chars, count: length)) else {
                throw .invalidValue(path: trail.path, reason: "a string that is not valid UTF-8")
            }
            return .string(text)
        case LUA_TTABLE:
            return try table(at: index, trail: &trail)
        case LUA_TUSERDATA where lx_is_readonly(L, index) != 0, LUA_TLIGHTUSERDATA where lx_is_readonly(L, index) != 0:
            _ = lua_checkstack(L, 2)
            lx_push_view_data(L, index)
            defer { lx_pop(L, 1) }
            return try table(at: lua_gettop(L), trail: &trail)
        default:
            lua_pushvalue(L, index)
            return .reference(popRef())
        }
    }

    private func table(at index: Int32, trail: inout Trail) throws(LuaError) -> LuaValue {
        guard trail.open.count < Self.maxDepth else {
            throw .invalidValue(path: trail.path, reason: "tables nested deeper than \(Self.maxDepth) levels")
        }
        guard let identity = lua_topointer(L, index) else { return .nil }
        guard !trail.open.contains(identity) else {
            throw .invalidValue(path: trail.path, reason: "a table that contains itself")
        }
        trail.open.append(identity)
        defer { trail.open.removeLast() }
        guard lua_checkstack(L, 4) != 0 else { throw .invalidValue(path: trail.path, reason: "Lua stack exhausted") }

        // A list's items come in order from its array part; any others wait beside it.
        var items: [LuaValue] = []
        var elsewhere: [Int64: LuaValue] = [:]
        var fields: [String: LuaValue] = [:]
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            defer { lx_pop(L, 1) }
            switch lua_type(L, -2) {
            case LUA_TSTRING:
                guard let key = string(at: -2) else {
                    throw .invalidValue(path: trail.path, reason: "a key that is not valid UTF-8")
                }
                trail.steps.append(.key(key))
                defer { trail.steps.removeLast() }
                fields[key] = try value(at: lua_gettop(L), trail: &trail)
            case LUA_TNUMBER where lua_isinteger(L, -2) != 0:
                let key = Int64(lua_tointegerx(L, -2, nil))
                trail.steps.append(.position(key))
                defer { trail.steps.removeLast() }
                let item = try value(at: lua_gettop(L), trail: &trail)
                if key == items.count + 1 { items.append(item) } else { elsewhere[key] = item }
            default:
                let typeName = String(cString: lua_typename(L, lua_type(L, -2)))
                throw .invalidValue(path: trail.path, reason: "a table with a \(typeName) key; use string keys or a list")
            }
        }
        if items.isEmpty && elsewhere.isEmpty { return .table(fields) }
        guard fields.isEmpty else {
            throw .invalidValue(path: trail.path, reason: "a table that mixes list items and named fields")
        }
        if elsewhere.isEmpty { return .array(items) }
        let count = Int64(items.count + elsewhere.count)
        items.reserveCapacity(Int(count))
        for position in Int64(items.count + 1)...count {
            guard let item = elsewhere[position] else {
                throw .invalidValue(path: trail.path, reason: "a list with a hole at [\(position)] (a nil inside a list)")
            }
            items.append(item)
        }
        return .array(items)
    }

    /// Text from a Lua string's bytes, nil when they are not UTF-8. ASCII, nearly all a rule
    /// returns, skips the general validator (checked eight bytes at a time).
    static func text(_ bytes: UnsafeRawBufferPointer) -> String? {
        var at = 0
        while at + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                return String(validating: bytes, as: UTF8.self)
            }
            at += 8
        }
        while at < bytes.count {
            if bytes[at] >= 0x80 { return String(validating: bytes, as: UTF8.self) }
            at += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Describes the error object a failed run left at `index` (the message handler's table).
    func readFault(at index: Int32) -> LuaFault {
        let index = lua_absindex(L, index)
        guard lua_type(L, index) == LUA_TTABLE else {
            if let text = string(at: index) { return LuaFault.parse(text) }
            return LuaFault(message: "error while handling an error (the error handler failed)")
        }
        func field(_ name: String) -> String? {
            lua_getfield(L, index, name)
            defer { lx_pop(L, 1) }
            return string(at: -1)
        }
        lua_getfield(L, index, "line")
        let line = lua_isinteger(L, -1) != 0 ? Int(lua_tointegerx(L, -1, nil)) : nil
        lx_pop(L, 1)
        let traceback = field("traceback")
        var fault: LuaFault
        if let message = field("message") {
            fault = LuaFault.parse(message, traceback: traceback)
        } else {
            let kind = field("value_type") ?? "nil"
            fault = LuaFault(message: "error raised with a \(kind) value and no message")
            if let traceback { fault.traceback = LuaFault.luaFrames(traceback) }
        }
        fault.code = field("code")
        if fault.file == nil, let source = field("source") {
            fault.file = source
            fault.line = line
        }
        return fault
    }
}

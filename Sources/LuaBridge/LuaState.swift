import CLuaShim
import Foundation

/// An owned, sandboxed Lua 5.4 state.
///
/// Scripts see only the safe libraries (see docs/sandbox.md); every call into Lua is protected
/// and budgeted, so a Lua error never unwinds a Swift frame. A state is not `Sendable`: create
/// one per worker thread, and keep it, its references and its values on that thread.
public final class LuaState {
    let L: OpaquePointer
    private var hostFunctions: [HostFunction] = []
    private var isRunning = false
    /// The records this state reads (``openRecords(_:)``), kept alive as long as the state.
    var recordStore: LuaRecordStore?

    /// The Lua release linked in, e.g. "Lua 5.4.6".
    public static var release: String { String(cString: lx_release()) }
    /// Whether `call(…, mayRunUncounted: true)` can go uncounted in this process: not under
    /// ThreadSanitizer, nor when no real-time signal is free for the watchdog.
    public static var canRunUncounted: Bool { lx_can_run_uncounted() != 0 }

    /// Creates a state with the sandbox installed; `texts` are the host's words in its messages.
    /// - Throws: ``LuaError/stateUnavailable`` when the machine has no memory for it.
    public init(texts: LuaSandboxTexts = .init()) throws(LuaError) {
        let made = texts.scriptNoun.withCString { noun in
            texts.readOnlyHint.withCString { readOnly in
                texts.requireHint.withCString { require in
                    var c = lx_texts(script_noun: noun, readonly_hint: readOnly, require_hint: require)
                    return lx_newstate(hostDispatch, &c)
                }
            }
        }
        guard let made else { throw .stateUnavailable }
        self.L = made
    }

    deinit {
        lx_close(L)
        for host in hostFunctions { Unmanaged.passUnretained(host).release() }
    }

    /// Bytes the state holds now.
    public var memoryInUse: Int { Int(lx_memory_in_use(L)) }

    /// Compiles source text (never bytecode) as a function with its own strict globals.
    /// - Parameter chunkName: the name errors show, e.g. `rules/core/hero_manager.lua`.
    /// - Throws: ``LuaError/syntax(_:)`` naming the file and line.
    public func load(_ source: String, chunkName: String) throws(LuaError) -> LuaRef {
        let status = loadSource(source, chunkName: chunkName)
        guard status == LUA_OK else { throw .syntax(popCompileError()) }
        return popRef()
    }

    /// Compiles source text to a ``LuaChunk`` that any state can load without compiling again.
    /// Nothing runs.
    /// - Throws: ``LuaError/syntax(_:)`` naming the file and line.
    public func compile(_ source: String, chunkName: String) throws(LuaError) -> LuaChunk {
        guard loadSource(source, chunkName: chunkName) == LUA_OK else { throw .syntax(popCompileError()) }
        defer { lx_pop(L, 1) }
        var size = 0
        guard let bytes = lx_dump(L, &size) else { throw .stateUnavailable }
        defer { free(bytes) }
        return LuaChunk(name: chunkName, bytecode: Array(UnsafeBufferPointer(start: bytes, count: size)))
    }

    /// Loads a compiled chunk as a function with its own strict globals.
    public func load(_ chunk: LuaChunk) -> LuaRef {
        loadCompiled(chunk)
        return popRef()
    }

    /// Makes a compiled chunk a module that scripts can `require(name)`; it runs on first use.
    public func preload(module name: String, _ chunk: LuaChunk) {
        loadCompiled(chunk)
        lx_preload(L, name)
    }

    /// Makes `value` a global of every chunk, old and new (a host-provided `print`).
    public func setGlobal(_ name: String, _ value: LuaRef) {
        push(value)
        lx_set_global(L, name)
    }

    /// Makes `require(name)` return `value` (a host-provided module).
    public func provide(module name: String, _ value: LuaRef) {
        push(value)
        lx_provide(L, name)
    }

    /// Calls a function under budgets and returns its first result as data.
    /// - Throws: ``LuaError/runtime(_:)`` for an error raised in Lua,
    ///   ``LuaError/budgetExceeded(_:_:)`` when a budget trips (whatever the script did to
    ///   catch it), and ``LuaError/invalidValue(path:reason:)`` for a result that is not data.
    ///
    /// With `mayRunUncounted`, a run short enough that it cannot have used its instruction budget
    /// goes without the count hook, which costs about a tenth of Lua's time; one that is not
    /// throws ``LuaError/recount``, and the caller runs it again, counted, in a fresh state.
    public func call(_ function: LuaRef, _ arguments: [LuaValue] = [], limits: LuaLimits = .default,
                     mayRunUncounted: Bool = false) throws(LuaError) -> LuaValue {
        try run(function, arguments, limits: limits, mayRunUncounted: mayRunUncounted) { () throws(LuaError) in try value(at: -1) }
    }

    /// Like ``call(_:_:limits:)``, but keeps the result in the state and returns a reference
    /// to it (a module table, a function).
    public func callKeepingResult(_ function: LuaRef, _ arguments: [LuaValue] = [], limits: LuaLimits = .default) throws(LuaError) -> LuaRef {
        try run(function, arguments, limits: limits) { () throws(LuaError) in
            lua_pushvalue(L, -1)
            return popRef()
        }
    }

    /// Where a Lua function is defined: its chunk name and first line (nil for C functions).
    public func definition(of function: LuaRef) -> (file: String, line: Int)? {
        push(function)
        var info = lua_Debug()
        guard lua_getinfo(L, ">S", &info) != 0, info.linedefined > 0 else { return nil }
        let file = withUnsafeBytes(of: info.short_src) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return (file, Int(info.linedefined))
    }

    private func run<R>(_ function: LuaRef, _ arguments: [LuaValue], limits: LuaLimits, mayRunUncounted: Bool = false,
                        result: () throws(LuaError) -> R) throws(LuaError) -> R {
        precondition(!isRunning, "LuaState.call is not reentrant")
        isRunning = true
        defer { isRunning = false }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, Int32(arguments.count) + 8) != 0 else {
            throw .invalidValue(path: "", reason: "too many arguments")
        }
        push(function)
        for argument in arguments { push(argument, readOnly: true) }
        var cLimits = lx_limits(instructions: limits.instructions, seconds: limits.seconds,
                                memory_bytes: limits.memoryBytes, pattern_steps: limits.patternSteps,
                                may_run_uncounted: mayRunUncounted ? 1 : 0)
        var stats = lx_run_stats()
        let status = lx_run(L, Int32(arguments.count), 1, &cLimits, &stats)
        if stats.tripped == LX_TRIP_RECOUNT { throw .recount }
        if stats.tripped != LX_TRIP_NONE || status == LUA_ERRMEM {
            var fault = status == LUA_OK ? nil : readFault(at: -1)
            let source = withUnsafeBytes(of: stats.trip_source) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !source.isEmpty && stats.trip_line > 0 {
                if fault == nil { fault = LuaFault(message: "budget exceeded") }
                fault?.file = source
                fault?.line = Int(stats.trip_line)
            }
            switch Int(stats.tripped) {
            case Int(LX_TRIP_INSTRUCTIONS): throw .budgetExceeded(.instructions(limit: limits.instructions), fault)
            case Int(LX_TRIP_TIME): throw .budgetExceeded(.wallClock(seconds: limits.seconds), fault)
            default: throw .budgetExceeded(.memory(bytes: limits.memoryBytes), fault)
            }
        }
        guard status == LUA_OK else { throw .runtime(readFault(at: -1)) }
        return try result()
    }

    /// Registers a host function. It receives its arguments as data (read-only views arrive as
    /// their contents) and may throw; the error reaches the script as `file:line: message`.
    public func function(_ body: @escaping ([LuaValue]) throws -> LuaValue) -> LuaRef {
        let host = HostFunction(state: self, body: body)
        hostFunctions.append(host)
        lx_push_host(L, Unmanaged.passRetained(host).toOpaque())
        return popRef()
    }

    /// Builds a table with `build`, then returns it as a read-only view (or a plain table).
    /// With a `shape`, reading a name the shape does not list is an error.
    public func makeTable(readOnly: Bool = true, shape: LuaShape? = nil, _ build: (inout LuaTableBuilder) throws -> Void) rethrows -> LuaRef {
        let wasRunning = lx_pause_collector(L, 1)
        defer { if wasRunning != 0 { _ = lx_pause_collector(L, 0) } }
        lua_createtable(L, 0, 0)
        var builder = LuaTableBuilder(state: self, index: lua_gettop(L))
        try build(&builder)
        if readOnly { pushReadOnly(shape: shape) }
        return popRef()
    }

    /// A read-only view whose `lazyKeys` are produced by `load(key)` on first access, so a
    /// script pays only for the fields it reads; other fields come from `build`.
    public func makeLazyTable(lazyKeys: [String], shape: LuaShape? = nil, load: @escaping (String) throws -> LuaValue,
                              _ build: (inout LuaTableBuilder) throws -> Void) rethrows -> LuaRef {
        lua_createtable(L, 0, Int32(lazyKeys.count))
        var builder = LuaTableBuilder(state: self, index: lua_gettop(L))
        try build(&builder)
        let loader = function { arguments in
            guard case .string(let key)? = arguments.first, lazyKeys.contains(key) else { return .nil }
            return try load(key)
        }
        push(loader)
        let below = lua_gettop(L) - 1
        if let shape { push(shape.ref); lua_rotate(L, below, 1) }
        Self.withCStrings(lazyKeys) { lx_push_readonly(L, 1, Int32(lazyKeys.count), $0, shape == nil ? 0 : below) }
        if shape != nil { lx_remove(L, below) }
        return popRef()
    }

    /// Encodes a value as nested read-only tables (arrays for sequences, fields by coding key).
    /// A value whose type has an entry in `shapes` gets that shape.
    /// - Throws: the value's own encoding errors.
    public func makeReadOnly(encoding value: some Encodable, shapes: LuaShapes = [:]) throws -> LuaRef {
        let wasRunning = lx_pause_collector(L, 1)
        defer { if wasRunning != 0 { _ = lx_pause_collector(L, 0) } }
        try LuaStackEncoder(state: self, shapes: shapes).push(value)
        return popRef()
    }

    /// A shape for read-only views: the names they may be read by, and how to word a refusal:
    /// "<label> has no <noun> 'x' (did you mean y?); <hint>".
    public func makeShape(label: String, noun: String, names: [String], hint: String? = nil) -> LuaShape {
        Self.withCStrings(names) { lx_push_shape(L, label, noun, hint, Int32(names.count), $0) }
        return LuaShape(ref: popRef())
    }

    /// Pops the table at the top and pushes its read-only view, with `shape` if any.
    func pushReadOnly(shape: LuaShape?) {
        guard let shape else { return lx_push_readonly(L, 0, 0, nil, 0) }
        let table = lua_gettop(L)
        push(shape.ref)
        lua_rotate(L, table, 1)  // [shape, table]
        lx_push_readonly(L, 0, 0, nil, table)
        lx_remove(L, table)
    }

    // MARK: - Internals shared with the builder, the encoder and the dispatcher

    func loadSource(_ source: String, chunkName: String) -> Int32 {
        var source = source
        return source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                lx_load(L, chars.baseAddress, chars.count, "@" + chunkName, 0)
            }
        }
    }

    /// Our own dump of a chunk that compiled: loading it cannot fail but for memory, which
    /// outside a run aborts like any allocation.
    private func loadCompiled(_ chunk: LuaChunk) {
        let status = chunk.bytecode.withUnsafeBytes { bytes in
            lx_load(L, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, "@" + chunk.name, 1)
        }
        precondition(status == LUA_OK, "a compiled chunk did not load: \(string(at: -1) ?? "?")")
    }

    func popCompileError() -> LuaFault {
        let text = string(at: -1) ?? "cannot compile"
        lx_pop(L, 1)
        return LuaFault.parse(text)
    }

    func popRef() -> LuaRef {
        let typeName = String(cString: lua_typename(L, lua_type(L, -1)))
        let ref = luaL_ref(L, LX_REGISTRYINDEX)
        return LuaRef(state: self, ref: ref, typeName: typeName)
    }

    func push(_ ref: LuaRef) {
        precondition(ref.state === self, "a LuaRef was used with another state")
        lua_rawgeti(L, LX_REGISTRYINDEX, lua_Integer(ref.ref))
    }

    func release(_ ref: Int32) {
        luaL_unref(L, LX_REGISTRYINDEX, ref)
    }

    func string(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let chars = lua_tolstring(L, index, &length) else { return nil }
        let bytes = UnsafeRawBufferPointer(start: chars, count: length)
        return Self.text(bytes) ?? String(decoding: bytes, as: UTF8.self)
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let duplicated = strings.map { UnsafePointer(strdup($0)) }
        defer { duplicated.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return duplicated.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// A Swift closure callable from Lua; retained by its state.
final class HostFunction {
    unowned let state: LuaState
    let body: ([LuaValue]) throws -> LuaValue

    init(state: LuaState, body: @escaping ([LuaValue]) throws -> LuaValue) {
        self.state = state
        self.body = body
    }
}

/// Runs a host function for the C trampoline. Only non-raising API calls happen here; failure
/// is returned as -1 with a message, and the trampoline raises it.
private let hostDispatch: lx_dispatch_fn = { L, box in
    guard let L, let box else { return -1 }
    let host = Unmanaged<HostFunction>.fromOpaque(box).takeUnretainedValue()
    let state = host.state
    do {
        let count = lua_gettop(L)
        var arguments: [LuaValue] = []
        arguments.reserveCapacity(Int(count))
        if count > 0 {
            for index in 1...count { arguments.append(try state.value(at: index)) }
        }
        let result = try host.body(arguments)
        guard lua_checkstack(L, 4) != 0 else { throw LuaError.invalidValue(path: "", reason: "Lua stack exhausted") }
        state.push(result, readOnly: true)
        return 1
    } catch {
        let message = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        lua_pushstring(L, message)
        return -1
    }
}

extension LuaState {
    /// Values on the Lua stack; constant between calls (tests check the balance).
    public var debugStackDepth: Int { Int(lua_gettop(L)) }
}

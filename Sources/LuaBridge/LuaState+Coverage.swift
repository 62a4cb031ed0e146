import CLuaShim
import Foundation

extension LuaState {
    /// Makes every later run record the lines it executes, for `ladder test --coverage`.
    public func enableCoverage() { lx_enable_coverage(L) }

    /// Lines executed so far, by chunk name (`rules/core/hero_involvement.lua` → lines).
    public func coveredLines() -> [String: Set<Int>] {
        lx_push_coverage(L)
        defer { lx_pop(L, 1) }
        var covered: [String: Set<Int>] = [:]
        lua_pushnil(L)
        while lua_next(L, -2) != 0 {
            if let chunk = string(at: -2), lua_type(L, -1) == LUA_TTABLE {
                var lines = Set<Int>()
                lua_pushnil(L)
                while lua_next(L, -2) != 0 {
                    if lua_isinteger(L, -2) != 0 { lines.insert(Int(lua_tointegerx(L, -2, nil))) }
                    lx_pop(L, 1)
                }
                covered[chunk] = lines
            }
            lx_pop(L, 1)
        }
        return covered
    }

}

extension LuaChunk {
    /// The lines that hold code (what a line hook can report), the way Lua's own
    /// `debug.getinfo(f, "L")` counts them, over every nested function.
    public var codeLines: Set<Int> {
        bytecode.withUnsafeBufferPointer { bytes in
            var reader = BytecodeLines(bytes: bytes)
            return reader.lines()
        }
    }
}

/// Walks a Lua 5.4 binary chunk (our own `lua_dump`, never outside input) for the line of every
/// instruction of every function.
struct BytecodeLines {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    var found = Set<Int>()

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func lines() -> Set<Int> {
        // header: signature 4, version, format, LUAC_DATA 6, three sizes, LUAC_INT 8, LUAC_NUM 8
        at = 4 + 1 + 1 + 6 + 3 + 8 + 8
        guard bytes.count > at else { return [] }
        at += 1  // size of the main closure's upvalues
        function()
        return found
    }

    private mutating func byte() -> Int {
        guard at < bytes.count else { return 0 }
        defer { at += 1 }
        return Int(bytes[at])
    }

    private mutating func varint() -> Int {
        var x = 0
        while at < bytes.count {
            let b = byte()
            x = (x << 7) | (b & 0x7F)
            if b & 0x80 != 0 { break }
        }
        return x
    }

    private mutating func skipString() {
        let size = varint()
        if size > 0 { at += size - 1 }
    }

    private mutating func function() {
        skipString()                          // source
        let lineDefined = varint()
        _ = varint()                          // last line defined
        _ = byte()                            // parameters
        let isVararg = byte() != 0
        _ = byte()                            // max stack size
        at += varint() * 4                    // code
        for _ in 0..<varint() {               // constants
            switch byte() {
            case 3, 19: at += 8               // integer, float
            case 4, 20: skipString()          // short, long string
            default: break                    // nil, false, true
            }
        }
        at += varint() * 3                    // upvalues
        for _ in 0..<varint() { function() }  // nested functions
        let count = varint()
        let deltas = (0..<count).map { _ in Int(Int8(bitPattern: UInt8(truncatingIfNeeded: byte()))) }
        var absolute: [Int: Int] = [:]
        for _ in 0..<varint() {
            let pc = varint()
            absolute[pc] = varint()
        }
        for _ in 0..<varint() {               // local variables
            skipString()
            _ = varint()
            _ = varint()
        }
        for _ in 0..<varint() { skipString() } // upvalue names
        var line = lineDefined
        for (pc, delta) in deltas.enumerated() {
            line = delta == -0x80 ? (absolute[pc] ?? line) : line + delta
            if pc == 0 && isVararg { continue }  // VARARGPREP: Lua does not count it
            found.insert(line)
        }
    }
}

// libFuzzer entry for the Lua bridge: a random value built from the bytes goes into Lua and comes
// back equal; random Lua source is compiled and run under budgets. Never a crash, never a leak.
import Foundation
import LuaBridge

private let limits = LuaLimits(instructions: 100_000, memoryBytes: 8 << 20, seconds: 1, patternSteps: 1e7)

/// Reads a value from the bytes: a kind byte, then what that kind needs.
private struct Builder {
    var bytes: UnsafeRawBufferPointer
    var at = 0
    mutating func byte() -> UInt8? { defer { at += 1 }; return at < bytes.count ? bytes[at] : nil }
    mutating func text() -> String {
        let n = Int(byte() ?? 0) % 16
        var s = ""
        for _ in 0..<n { if let b = byte() { s.unicodeScalars.append(Unicode.Scalar(b % 128)) } }
        return s
    }
    mutating func value(depth: Int) -> LuaValue {
        guard let kind = byte() else { return .nil }
        switch kind % 7 {
        case 0: return .nil
        case 1: return .boolean(kind & 8 != 0)
        case 2: return .integer(Int64(bitPattern: (0..<8).reduce(UInt64(0)) { r, _ in r << 8 | UInt64(byte() ?? 0) }))
        case 3:
            let x = Double(bitPattern: (0..<8).reduce(UInt64(0)) { r, _ in r << 8 | UInt64(byte() ?? 0) })
            return .number(x.isNaN ? 0 : x)
        case 4: return .string(text())
        case 5 where depth < 4: return .array((0..<Int(byte() ?? 0) % 5).map { _ in value(depth: depth + 1) })
        case 6 where depth < 4:
            var t: [String: LuaValue] = [:]
            for _ in 0..<Int(byte() ?? 0) % 5 { t["k" + text()] = value(depth: depth + 1) }
            return .table(t)
        default: return .nil
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ count: Int) -> CInt {
    // A state per input, closed before returning: every allocation of an input is freed within it,
    // so LeakSanitizer checks only the inputs that really leak (a shared state grows, and libFuzzer
    // would scan the heap after every input).
    let state = try! LuaState()
    let bytes = UnsafeRawBufferPointer(start: data, count: count)
    if count > 0 && bytes[0] == UInt8(ascii: "#") {
        // The rest is Lua source: compile and run it under budgets; errors are fine, crashes are not.
        if let source = String(validating: bytes.dropFirst(), as: UTF8.self),
           let chunk = try? state.load(source, chunkName: "fuzz/source.lua") {
            _ = try? state.call(chunk, limits: limits)
        }
        return 0
    }
    var builder = Builder(bytes: bytes)
    let value = builder.value(depth: 0)
    let identity = try! state.load("return ...", chunkName: "fuzz/identity.lua")
    // A value the bridge refuses (an array with holes) is an error to the caller, not a crash.
    guard let back = try? state.call(identity, [value], limits: limits) else { return 0 }
    // Empty tables come back as empty arrays or tables: compare what survives the round trip.
    if case .table(let t) = value, t.isEmpty { return 0 }
    if case .array(let a) = value, a.isEmpty { return 0 }
    if back != value && !containsEmpty(value) { fatalError("\(value) came back as \(back)") }
    return 0
}

private func containsEmpty(_ v: LuaValue) -> Bool {
    switch v {
    case .array(let a): a.isEmpty || a.contains(where: containsEmpty) || a.contains(.nil)
    case .table(let t): t.isEmpty || t.values.contains(where: containsEmpty) || t.values.contains(.nil)
    default: false
    }
}

import LuaBridge
import Testing

/// Runs that may go without the count hook: kept when they end within the time no interpreter
/// could run their instruction budget in (here 50,000,000 / 1e10 per second = 5 ms), given back
/// as `.recount` when they do not.
/// (Not under ThreadSanitizer, where every run is counted.)
@Suite(.enabled(if: LuaState.canRunUncounted)) struct UncountedRuns {
    let limits = LuaLimits(instructions: 50_000_000, memoryBytes: 8 << 20, seconds: 2, patternSteps: 1e8)

    private func uncounted(_ source: String, in state: LuaState? = nil) throws -> LuaValue {
        let state = try state ?? LuaState()
        return try state.call(try state.load(source, chunkName: "rules/test.lua"), limits: limits, mayRunUncounted: true)
    }

    private func recounted(_ source: String, in state: LuaState? = nil) -> Bool {
        if case .recount? = caught({ _ = try uncounted(source, in: state) }) { return true }
        return false
    }

    @Test func aShortRunGivesWhatACountedRunGives() throws {
        let source = "local t = {} for i = 1, 100 do t[#t + 1] = i * i end table.sort(t, function(a, b) return a > b end) return t[1]"
        #expect(try uncounted(source) == .integer(10_000))
        #expect(try run(source, limits: limits) == .integer(10_000))
    }

    @Test func aShortRunsErrorIsKept() {
        let fault = runtimeFault { _ = try uncounted("local x = nil; return x.field") }
        #expect(fault?.line == 1)
    }

    @Test func aShortRunsMemoryTripIsKept() {
        guard case .budgetExceeded(.memory, _)? = caught({ _ = try uncounted("return string.rep('x', 1e9)") }) else {
            Issue.record("expected the memory budget")
            return
        }
    }

    /// Stopped by the watchdog's signal: no hook would ever stop it otherwise.
    @Test func aLoopThatNeverEndsIsStoppedAndMustBeCounted() {
        let clock = ContinuousClock()
        let started = clock.now
        #expect(recounted("while true do end"))
        #expect(clock.now - started < .seconds(1))
        #expect(recounted("local function f() return f() end return f()"))
        #expect(recounted("while true do pcall(function() while true do end end) end"))
    }

    @Test func aLongRunWithinItsBudgetMustBeCounted() throws {
        // About 20 million instructions: well within the budget, far beyond 5 ms on any machine.
        #expect(recounted("local n = 0 for i = 1, 1e7 do n = n + 1 end return n"))
        #expect(try run("local n = 0 for i = 1, 1e7 do n = n + 1 end return n", limits: limits) == .integer(10_000_000))
    }

    @Test func aLongLibraryCallMustBeCounted() {
        #expect(recounted("local s = string.rep('ab', 1e6) while true do s:find('b', 1, true) s:upper() end"))
    }

    /// A coroutine made in an uncounted run would have no hook for the signal to set.
    @Test func makingACoroutineMustBeCounted() throws {
        #expect(recounted("return coroutine.wrap(function() return 1 end)()"))
        #expect(recounted("return coroutine.create(function() end)"))
        #expect(try run("return coroutine.wrap(function() return 1 end)()", limits: limits) == .integer(1))
        let fault = runtimeFault { _ = try run("return coroutine.create(1)", limits: limits) }
        #expect(fault?.message.contains("bad argument #1 to 'create' (function expected, got number)") == true)
    }

    @Test func aCoroutineFromACountedRunStopsAnUncountedOne() throws {
        let state = try LuaState()
        let source = "local co = coroutine.create(function() while true do end end) return function() coroutine.resume(co) end"
        let resume = try state.callKeepingResult(try state.load(source, chunkName: "rules/co.lua"), limits: limits)
        guard case .recount? = caught({ _ = try state.call(resume, limits: limits, mayRunUncounted: true) }) else {
            Issue.record("expected a recount")
            return
        }
    }

    @Test func theStateRunsOnAfterARecount() throws {
        let state = try LuaState()
        #expect(recounted("while true do end", in: state))
        #expect(try uncounted("return 1 + 1", in: state) == .integer(2))
        #expect(budget(of: "while true do end", limits: limits) == .instructions(limit: limits.instructions))
    }

    @Test func manyThreadsAtOnce() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask { i % 2 == 0 ? recounted("while true do end") : (try uncounted("return 6 * 7") == .integer(42)) }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}

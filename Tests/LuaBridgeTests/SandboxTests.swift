import LuaBridge
import Testing

/// Small budgets so the adversarial cases end quickly.
let tight = LuaLimits(instructions: 2_000_000, memoryBytes: 8 << 20, seconds: 2, patternSteps: 1e8)

func budget(of source: String, limits: LuaLimits = tight) -> LuaBudget? {
    let error = caught { _ = try run(source, limits: limits) }
    guard case .budgetExceeded(let budget, _)? = error else {
        Issue.record("expected a budget error, got \(String(describing: error))")
        return nil
    }
    return budget
}

func runtimeMessage(of source: String) -> String? {
    runtimeFault { _ = try run(source, limits: tight) }?.message
}

@Suite struct CPUBudgets {
    let limit = LuaBudget.instructions(limit: tight.instructions)

    @Test func infiniteLoop() { #expect(budget(of: "while true do end") == limit) }
    @Test func infiniteTailCall() { #expect(budget(of: "local function f() return f() end return f()") == limit) }
    @Test func pcallCannotSwallowATrip() { #expect(budget(of: "while true do pcall(function() while true do end end) end") == limit) }
    @Test func loopingXpcallHandler() {
        #expect(budget(of: "xpcall(function() while true do end end, function() while true do end end) return 'survived'") == limit)
    }
    @Test func coroutineResumeCannotSwallowATrip() {
        #expect(budget(of: "local co = coroutine.create(function() while true do end end); coroutine.resume(co); return 'survived'") == limit)
    }
    @Test func loopingClose() {
        #expect(budget(of: "do local x <close> = setmetatable({}, {__close = function() while true do end end}) end") == limit)
    }
    @Test func wallClock() {
        let slow = LuaLimits(instructions: 0, memoryBytes: 8 << 20, seconds: 0.2, patternSteps: 1e8)
        #expect(budget(of: "while true do end", limits: slow) == .wallClock(seconds: 0.2))
    }
    @Test func gcMetamethodsAreRefused() {
        #expect(runtimeMessage(of: "setmetatable({}, {__gc = function() while true do end end})") == "__gc metamethods are not allowed in scripts")
    }
}

@Suite struct MemoryBudgets {
    let limit = LuaBudget.memory(bytes: tight.memoryBytes)

    @Test func tableGrowth() { #expect(budget(of: "local t = {} for i = 1, 1e9 do t[i] = i end") == limit) }
    @Test func stringDoubling() { #expect(budget(of: "local s = 'x' while true do s = s .. s end") == limit) }
    @Test func stringRepBomb() { #expect(budget(of: "return string.rep('x', 1e9)") == limit) }
    @Test func stringRepThroughMetatable() { #expect(budget(of: "return ('x'):rep(1e9)") == limit) }
    @Test func pcallCannotSwallowMemory() { #expect(budget(of: "while true do pcall(string.rep, 'x', 1e9) end return 'survived'") == limit) }
    @Test func runawayRecursion() {
        #expect(budget(of: "local function f(n) return 1 + f(n + 1) end return f(1)") == limit)
        let roomy = LuaLimits(instructions: 50_000_000, memoryBytes: 512 << 20, seconds: 5, patternSteps: 1e8)
        let error = caught { _ = try run("local function f(n) return 1 + f(n + 1) end return f(1)", limits: roomy) }
        guard case .runtime(let fault)? = error else { Issue.record("expected stack overflow, got \(String(describing: error))"); return }
        #expect(fault.message.contains("stack overflow"))
    }

    /// Strings and tables of every size from one byte to well past the small blocks (256 bytes)
    /// keep their contents as they are made, grow across size classes and move out to malloc's
    /// blocks (blocks.c), and as the collector frees them and their blocks are used again.
    @Test func valuesKeepTheirBytesAcrossBlockSizes() throws {
        let source = """
            for round = 1, 3 do
              local strings, t = {}, {}
              for n = 1, 600 do
                strings[n] = string.rep(string.char(65 + n % 26), n)
                t[n], t["k" .. n] = n * 3, n
              end
              for i = 1, 50000 do local _ = { i } end  -- garbage: blocks freed and used again
              for n = 1, 600 do
                local s = strings[n]
                if #s ~= n or s:byte(1) ~= 65 + n % 26 or s:byte(n) ~= 65 + n % 26 then return "string " .. n end
                if t[n] ~= n * 3 or t["k" .. n] ~= n then return "table " .. n end
              end
            end
            return "kept"
            """
        #expect(try run(source, limits: tight) == "kept")
    }

    @Test func garbageFromOneRunDoesNotFailTheNext() throws {
        let state = try LuaState()
        let churn = try state.load("local t = {} for i = 1, 50000 do t[i] = {i} end return #t", chunkName: "rules/churn.lua")
        for _ in 0..<20 { #expect(try state.call(churn, limits: tight) == .integer(50000)) }
    }
}

@Suite struct PatternBombs {
    @Test func backtrackingPatternIsRefusedBeforeItRuns() {
        let message = runtimeMessage(of: "return (('a'):rep(300)):find('.-.-.-b')")
        #expect(message?.contains("string.find: pattern \".-.-.-b\" is too costly for a 300-byte subject") == true)
    }
    /// Optional items double the work each: forty of them ran for minutes inside one C call.
    @Test func optionalItemsCountToo() {
        let message = runtimeMessage(of: "return string.find(('a'):rep(40), ('a?'):rep(40) .. ('a'):rep(40) .. 'b')")
        #expect(message?.contains("is too costly for a 40-byte subject (0 repetitions, 40 optional items") == true, "\(message ?? "")")
    }

    @Test func ordinaryPatternsStillWork() throws {
        #expect(try run("return ('colour'):match('colou?r')", limits: tight) == "colour")
        #expect(try run("return ('deal-42'):match('%d+')", limits: tight) == "42")
        #expect(try run("return (('x'):rep(300)):find('.-.-.-b', 1, true)", limits: tight) == .nil)
        #expect(try run("local n = 0 for w in ('a b c'):gmatch('%a') do n = n + 1 end return n", limits: tight) == 3)
    }
}

/// Library functions run in C, where the count hook cannot fire: each checks the deadline
/// before it runs, so a loop of long calls ends at the wall-clock budget, not hook steps later.
@Suite struct LongLibraryCalls {
    let quick = LuaLimits(instructions: 0, memoryBytes: 64 << 20, seconds: 0.5, patternSteps: 1e9)

    private func secondsToTrip(_ source: String) -> Double {
        let start = ContinuousClock.now
        #expect(budget(of: source, limits: quick) == .wallClock(seconds: 0.5))
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test func aLoopOfLongFindsEndsAtTheDeadline() {
        // Each find walks 2 MB (a few ms): a thousand of them fit between two hook steps.
        #expect(secondsToTrip("local s = ('a'):rep(2e6) while true do s:find('^a*b') end") < 1.5)
    }

    @Test func aLoopOfInsertsAtTheFrontEndsAtTheDeadline() {
        #expect(secondsToTrip("local t = {} for i = 1, 2e6 do t[i] = i end while true do table.insert(t, 1, 0) end") < 1.5)
    }

    @Test func aLongSortEndsAtTheDeadline() {
        #expect(secondsToTrip("local t = {} for i = 1, 2e6 do t[i] = (i * 7919) % 1000003 end while true do table.sort(t) end") < 1.5)
    }

    @Test func aLongSortStillSortsAndComparesAsLessThan() throws {
        let source = "local t = {} for i = 1, 6e4 do t[i] = (i * 7919) % 60013 end table.sort(t) "
            + "for i = 2, #t do if t[i - 1] > t[i] then return 'unsorted at ' .. i end end return #t"
        #expect(try run(source, limits: quick) == 60000)
        let mixed = runtimeMessage(of: "local t = {} for i = 1, 6e4 do t[i] = i end t[30000] = 'x' table.sort(t)")
        #expect(mixed?.contains("attempt to compare") == true, "\(mixed ?? "")")
    }

    /// A list of strings sorts in C, in the order Lua's own sort gives: by bytes, a prefix first,
    /// a zero byte below all others, duplicates kept; a list with anything else in it is Lua's to sort.
    @Test func aListOfStringsSortsByItsBytes() throws {
        let words = #"{ "d10", "d2", "d1", "", "d1", "é", "e", "d\0", "d", "D", "\255", "d\0a", "d10" }"#
        let joined = "local t = \(words) table.sort(t) "
            + "for i = 1, #t do t[i] = '[' .. t[i]:gsub('[^%w]', function(c) return '\\\\' .. c:byte() end) .. ']' end return table.concat(t, ' ')"
        #expect(try run(joined, limits: quick) == .string(#"[] [D] [d] [d\0] [d\0a] [d1] [d1] [d10] [d10] [d2] [e] [\195\169] [\255]"#))
        // what Lua's comparison says of each neighbouring pair, sorted here or by Lua (a comparator)
        let ordered = "local t = \(words) table.sort(t) for i = 2, #t do if t[i] < t[i - 1] then return i end end "
            + "local u = \(words) table.sort(u, function(a, b) return a < b end) for i = 1, #t do if t[i] ~= u[i] then return -i end end return 0"
        #expect(try run(ordered, limits: quick) == .integer(0))
        let mixed = runtimeMessage(of: "local t = { 'a', 'b', 3 } table.sort(t)")
        #expect(mixed?.contains("attempt to compare") == true, "\(mixed ?? "")")
        #expect(try run("local t = { 3, 1, 2 } table.sort(t) return t[1] .. t[2] .. t[3]", limits: quick) == .string("123"))
    }

    @Test func tableMoveIsCapped() {
        let message = runtimeMessage(of: "local t = {1} table.move(t, 1, 1e9, 2)")
        #expect(message?.contains("table.move: 1000000000 elements is more than the 10000000 one call may move") == true, "\(message ?? "")")
    }
}

@Suite struct Escapes {
    @Test(arguments: ["io", "os", "debug", "package", "dofile", "loadfile", "print", "rawset", "warn"])
    func unsafeGlobalsAreAbsent(name: String) {
        #expect(runtimeMessage(of: "return \(name)")?.hasPrefix("unknown global '\(name)'") == true)
    }

    @Test func stringDumpIsGone() throws {
        #expect(try run("return string.dump == nil and ('').dump == nil") == .boolean(true))
    }

    @Test func stringMetatableIsLocked() throws {
        #expect(try run("return getmetatable('')") == "locked")
    }

    @Test func librariesAreReadOnly() {
        #expect(runtimeMessage(of: "string.upper = function() end")?.contains("read-only field 'upper'") == true)
        #expect(runtimeMessage(of: "setmetatable(_G, nil)")?.contains("protected metatable") == true)
    }

    @Test func binaryChunksAreRefused() throws {
        #expect(try run("return select(2, load('\\27Lua'))")
            == "attempt to load a binary chunk (mode is 't')")
        #expect(runtimeMessage(of: "load('return 1', 'x', 'b')") == "load: binary chunks are not allowed in scripts")
    }

    @Test func loadGetsASandboxedEnvironment() throws {
        #expect(runtimeMessage(of: "return load('return io')()")?.hasPrefix("unknown global 'io'") == true)
    }

    @Test func collectgarbageAllowsOnlyCount() throws {
        #expect(runtimeMessage(of: "collectgarbage('stop')") == "collectgarbage(\"stop\") is not allowed in scripts; only collectgarbage(\"count\")")
        #expect(try run("return type(collectgarbage('count'))") == "number")
    }

    @Test func randomIsAbsent() throws {
        #expect(try run("return math.random == nil and math.randomseed == nil") == .boolean(true))
    }

    @Test func tostringHidesAddresses() throws {
        #expect(try run("return tostring({})") == "table")
    }

    @Test func writingAGlobalNamesIt() {
        #expect(runtimeMessage(of: "total = 1") == "assignment to undeclared global 'total' (declare it with local)")
    }

    @Test func globalsDoNotLeakBetweenChunks() throws {
        let state = try LuaState()
        let a = try state.load("local ok = pcall(function() shared = 1 end) return ok", chunkName: "rules/a.lua")
        let b = try state.load("return rawget(_G, 'shared')", chunkName: "rules/b.lua")
        #expect(try state.call(a) == .boolean(false))
        #expect(try state.call(b) == .nil)
    }

    @Test func requireFindsOnlyPreloadedModules() throws {
        let state = try LuaState()
        state.preload(module: "lib.util", try state.compile("return {twice = function(x) return 2 * x end}", chunkName: "rules/p/lib/util.lua"))
        let ok = try state.load("return require('lib.util').twice(21)", chunkName: "rules/p/r.lua")
        #expect(try state.call(ok) == .integer(42))
        let missing = try state.load("return require('os')", chunkName: "rules/p/r2.lua")
        #expect(throws: LuaError.self) { try state.call(missing) }
    }

    @Test func messagesSpeakTheHostsWords() throws {
        let texts = LuaSandboxTexts(scriptNoun: "policies", readOnlyHint: "inputs are frozen", requireHint: "only the policy's own files")
        let state = try LuaState(texts: texts)
        func message(_ source: String) throws -> String? {
            let chunk = try state.load(source, chunkName: "p.lua")
            return runtimeFault { _ = try state.call(chunk, [.table(["a": 1])], limits: tight) }?.message
        }
        #expect(try message("collectgarbage('stop')") == "collectgarbage(\"stop\") is not allowed in policies; only collectgarbage(\"count\")")
        #expect(try message("local t = ... t.a = 2") == "attempt to change read-only field 'a' (inputs are frozen)")
        #expect(try message("require('x.y')") == "module 'x.y' not found: only the policy's own files (for 'x.y', x.y.lua, dots as folders)")
    }
}

@Suite struct Coroutines {
    @Test func yieldOutsideACoroutineIsAnError() {
        #expect(runtimeMessage(of: "coroutine.yield(1)")?.contains("outside a coroutine") == true)
    }

    @Test func yieldAcrossTheHostBoundaryIsAnError() throws {
        let state = try LuaState()
        let host = state.function { _ in .nil }
        let chunk = try state.load("""
            local host = ...
            local co = coroutine.wrap(function() table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end) end)
            co()
            """, chunkName: "rules/co.lua")
        let fault = runtimeFault { _ = try state.call(chunk, [.reference(host)], limits: tight) }
        #expect(fault?.message.contains("attempt to yield across a C-call boundary") == true)
    }

    @Test func coroutinesWorkInsideARule() throws {
        #expect(try run("local co = coroutine.wrap(function() coroutine.yield(1) return 2 end) return co() + co()") == .integer(3))
    }
}

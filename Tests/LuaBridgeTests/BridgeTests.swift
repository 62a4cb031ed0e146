import LuaBridge
import Testing

/// Runs `source` as a chunk and returns what it returns.
/// The error `body` throws, if any.
func caught(_ body: () throws -> Void) -> LuaError? {
    do { try body() } catch let error as LuaError { return error } catch {
        Issue.record("unexpected error \(error)")
    }
    return nil
}

/// The fault of a runtime error, or nil (recording an issue) for anything else.
func runtimeFault(_ body: () throws -> Void) -> LuaFault? {
    guard case .runtime(let fault)? = caught(body) else {
        Issue.record("expected a runtime error")
        return nil
    }
    return fault
}

func run(_ source: String, limits: LuaLimits = .default, in state: LuaState? = nil) throws -> LuaValue {
    let state = try state ?? LuaState()
    let chunk = try state.load(source, chunkName: "rules/test.lua")
    return try state.call(chunk, limits: limits)
}

@Suite struct ValuesBothWays {
    @Test func scalarsKeepTheirSubtype() throws {
        #expect(try run("return 1") == .integer(1))
        #expect(try run("return 1.5") == .number(1.5))
        #expect(try run("return 4/2") == .number(2))
        #expect(try run("return 'héllo'") == .string("héllo"))
        #expect(try run("return true") == .boolean(true))
        #expect(try run("return nil") == .nil)
    }

    @Test func tablesBecomeListsOrRecords() throws {
        #expect(try run("return {1, 'a', {x = 2}}") == .array([1, "a", .table(["x": 2])]))
        #expect(try run("return {a = 1, b = {}}") == .table(["a": 1, "b": .table([:])]))
    }

    @Test func argumentsArriveReadOnly() throws {
        let state = try LuaState()
        let echo = try state.load("local t = ...; return {n = #t.items, first = t.items[1], name = t.name}", chunkName: "rules/echo.lua")
        let result = try state.call(echo, [.table(["items": [10, 20], "name": "x"])])
        #expect(result == .table(["n": 2, "first": 10, "name": "x"]))
        let write = try state.load("local t = ...; t.name = 'y'", chunkName: "rules/write.lua")
        #expect(throws: LuaError.self) { try state.call(write, [.table(["name": "x"])]) }
    }

    @Test func refusesValuesThatAreNotData() throws {
        #expect(throws: LuaError.invalidValue(path: "self", reason: "a table that contains itself")) {
            try run("local t = {}; t.self = t; return t")
        }
        #expect(throws: LuaError.invalidValue(path: "", reason: "a list with a hole at [2] (a nil inside a list)")) {
            try run("return {1, nil, 3}")
        }
        #expect(throws: LuaError.invalidValue(path: "", reason: "a table that mixes list items and named fields")) {
            try run("return {1, a = 2}")
        }
        #expect(throws: LuaError.invalidValue(path: "", reason: "a string that is not valid UTF-8")) {
            try run("return '\\xff'")
        }
    }

    @Test func refusalsNameWhereInsideTheValue() throws {
        #expect(throws: LuaError.invalidValue(path: "a[2].b", reason: "a string that is not valid UTF-8")) {
            try run("return {a = {1, {b = 'abcdefgh\\xff'}}}")
        }
        #expect(throws: LuaError.invalidValue(path: "list[3]", reason: "a list with a hole at [2] (a nil inside a list)")) {
            try run("return {list = {1, 2, {1, nil, 3}}}")
        }
        #expect(throws: LuaError.invalidValue(path: "x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x",
                                              reason: "tables nested deeper than 32 levels")) {
            try run("local t = {}; local top = t; for i = 1, 40 do t.x = {}; t = t.x end; return top")
        }
    }

    @Test func listsAreReadWhateverOrderTheirItemsWereSetIn() throws {
        #expect(try run("local t = {}; t[3] = 'c'; t[1] = 'a'; t[2] = 'b'; return t") == .array(["a", "b", "c"]))
        #expect(try run("local t = {}; for i = 10, 1, -1 do t[i] = i end; return t") == .array((1...10).map { .integer($0) }))
        #expect(throws: LuaError.invalidValue(path: "", reason: "a list with a hole at [3] (a nil inside a list)")) {
            try run("local t = {}; t[5] = 5; t[1] = 1; t[2] = 2; return t")
        }
        #expect(throws: LuaError.invalidValue(path: "", reason: "a list with a hole at [2] (a nil inside a list)")) {
            try run("return {[0] = 0, [1] = 1}")
        }
    }

    @Test func textIsCheckedAsUTF8AtEveryLength() throws {
        for length in 0...17 {
            let ascii = String(repeating: "a", count: length)
            #expect(try run("return '\(ascii)'") == .string(ascii))
            #expect(try run("return '\(ascii)é'") == .string(ascii + "é"))
            #expect(throws: LuaError.invalidValue(path: "", reason: "a string that is not valid UTF-8")) { try run("return '\(ascii)\\xc3'") }
        }
    }

    @Test func hostileIndexIsIgnoredWhenReading() throws {
        let value = try run("return setmetatable({a = 1}, {__index = function() error('boom') end})")
        #expect(value == .table(["a": 1]))
    }

    @Test func encodesCodableValuesWithTheirKeys() throws {
        struct Person: Encodable { let id: String; let managerId: String?; let tags: [String]
            enum CodingKeys: String, CodingKey { case id, managerId = "manager_id", tags } }
        let state = try LuaState()
        let person = try state.makeReadOnly(encoding: Person(id: "u-1", managerId: nil, tags: ["a", "b"]))
        let read = try state.load("local p = ...; return {p.id, tostring(p.manager_id), #p.tags, p.tags[2], type(p)}", chunkName: "rules/read.lua")
        #expect(try state.call(read, [.reference(person)]) == .array(["u-1", "nil", 2, "b", "table"]))
    }

    @Test func stackStaysBalanced() throws {
        let state = try LuaState()
        let fn = try state.load("local x = ...; return x", chunkName: "rules/id.lua")
        let failing = try state.load("error('no')", chunkName: "rules/fail.lua")
        let before = state.stackDepth
        for i in 0..<200 {
            _ = try state.call(fn, [.integer(Int64(i))])
            _ = try? state.call(failing)
        }
        #expect(state.stackDepth == before)
    }
}

@Suite struct Errors {
    @Test func runtimeErrorsNameFileAndLine() throws {
        let fault = runtimeFault { _ = try run("local x = nil\nreturn x.field") }
        #expect(fault?.file == "rules/test.lua")
        #expect(fault?.line == 2)
        #expect(fault?.message.contains("attempt to index a nil value") == true)
        #expect(fault?.traceback.allSatisfy { $0.contains(".lua:") } == true)
    }

    @Test func syntaxErrorsNameFileAndLine() throws {
        let state = try LuaState()
        #expect(throws: LuaError.syntax(LuaFault(message: "unexpected symbol near '}'", file: "rules/bad.lua", line: 2))) {
            _ = try state.load("local a = 1\nlocal b = }", chunkName: "rules/bad.lua")
        }
    }

    @Test func tableErrorsKeepCodeMessageAndLine() throws {
        let fault = runtimeFault { _ = try run("\n\nerror({code = 'no_team', message = 'manager has no team'})") }
        #expect(fault?.code == "no_team")
        #expect(fault?.message == "manager has no team")
        #expect(fault?.location == "rules/test.lua:3")
    }

    @Test func nilAndLoopingTostringErrorsAreDescribed() throws {
        let bare = runtimeFault { _ = try run("error()") }
        #expect(bare?.message == "error raised with a nil value and no message")
        #expect(bare?.location == "rules/test.lua:1")
        let looping = runtimeFault { _ = try run("error(setmetatable({}, {__tostring = function() while true do end end}))") }
        #expect(looping?.message == "error raised with a table value and no message")
    }

    @Test func errorLevelTwoBlamesTheCaller() throws {
        let fault = runtimeFault { _ = try run("local function check(x) error('bad x', 2) end\n\ncheck(1)") }
        #expect(fault?.location == "rules/test.lua:3")
    }

    @Test func hostFunctionErrorsReadLikeLuaErrors() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "value must be positive, got -2" } }
        let state = try LuaState()
        let check = state.function { args in
            guard let x = args.first?.doubleValue, x > 0 else { throw Refused() }
            return .number(x * 2)
        }
        let chunk = try state.load("local check = ...\nlocal ok = check(2)\nreturn check(-2)", chunkName: "rules/host.lua")
        #expect(throws: LuaError.runtime(LuaFault(message: "value must be positive, got -2", file: "rules/host.lua", line: 3,
                                                  traceback: ["rules/host.lua:3: in main chunk"]))) {
            try state.call(chunk, [.reference(check)])
        }
    }
}

extension LuaState {
    var stackDepth: Int { debugStackDepth }
}

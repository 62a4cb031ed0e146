import LuaBridge
import Testing

@Suite struct Coverage {
    let source = """
        local x = 1
        local function f(a)
          if a then
            return 1
          end
          return 2
        end

        local t = {
          a = 1,
          b = function() return 3 end,
        }
        return f(x) + t.b()
        """

    @Test func codeLinesMatchLuasOwnActiveLines() throws {
        // lua5.4: the union of debug.getinfo(fn, "L").activelines over the chunk and its functions
        #expect(try LuaState().compile(source, chunkName: "rules/c.lua").codeLines == [1, 3, 4, 6, 7, 9, 10, 11, 13])
    }

    @Test func aChunkCompiledInOneStateRunsInAnotherWithItsLines() throws {
        let chunk = try LuaState().compile(source, chunkName: "rules/c.lua")
        let state = try LuaState()
        state.enableCoverage()
        #expect(try state.call(state.load(chunk)) == .integer(4))
        #expect(state.coveredLines() == ["rules/c.lua": [1, 3, 4, 7, 9, 10, 11, 13]])
    }

    @Test func runsRecordTheLinesTheyExecute() throws {
        let state = try LuaState()
        state.enableCoverage()
        let chunk = try state.load(source, chunkName: "rules/c.lua")
        #expect(try state.call(chunk) == .integer(4))
        #expect(state.coveredLines() == ["rules/c.lua": [1, 3, 4, 7, 9, 10, 11, 13]])
    }

    @Test func withoutCoverageNothingIsRecorded() throws {
        let state = try LuaState()
        _ = try state.call(try state.load(source, chunkName: "rules/c.lua"))
        #expect(state.coveredLines().isEmpty)
    }
}

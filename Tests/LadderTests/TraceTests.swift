import Foundation
import Ladder
import LuaBridge
import Testing

/// `print` and `ctx.log` go to a trace for the rule's author: by rule and subject, the same
/// whatever the worker count, bounded, and never in a report.
@Suite struct Trace {
    func run(_ body: String, workers: Int = 1, trace: Bool = true) throws -> EvaluationRun {
        try Evaluator(pack: pack(body), options: .init(workers: workers, trace: trace)).run(Engine.generated)
    }

    func pack(_ body: String) throws -> RulePack {
        let scratch = ScratchPacks()
        let folder = try scratch.pack("traced", [
            "pack.yaml": "name: traced\nversion: 1.0.0\nrules: [r.lua]\n",
            "r.lua": """
                print("top level")
                return {id = "t.r", title = "R", kind = "threshold", subject = "rep",
                  evaluate = function(rep, ctx)
                    \(body)
                    return {value = 0, limit = 1, breached = false}
                  end}
                """,
        ])
        return try RulePack.load(from: folder)
    }

    @Test func linesNameTheirRuleAndSubject() throws {
        let run = try run("print('rep', rep.id, {a = 1, b = {2, 3.5}}); ctx.log('done')")
        #expect(run.trace.first?.rule.hasSuffix("/traced/r.lua") == true && run.trace.first?.text == "top level")
        let first = run.evaluation.results.first!.subject.id
        #expect(run.trace[1] == TraceLine(rule: "t.r", subject: first, text: "rep\t\(first)\t{a = 1, b = {2, 3.5}}"))
        #expect(run.trace[2] == TraceLine(rule: "t.r", subject: first, text: "done"))
        #expect(run.trace.count == 1 + 2 * run.evaluation.results.count)
        #expect(try !ReportFormat.json.render(run.evaluation).contains("top level"))
    }

    @Test func theTraceIsTheSameForAnyWorkerCount() throws {
        let pack = try pack("print(rep.name)")
        func trace(_ workers: Int) throws -> [TraceLine] {
            try Evaluator(pack: pack, options: .init(workers: workers, trace: true)).run(Engine.generated).trace
        }
        let one = try trace(1)
        #expect(try trace(2) == one)
        #expect(try trace(4) == one)
    }

    @Test func withoutTracePrintDoesNothingAndFailsNothing() throws {
        let run = try run("print(rep.name)", trace: false)
        #expect(run.trace.isEmpty && run.evaluation.failures.isEmpty)
    }

    @Test func theTraceIsBounded() throws {
        let run = try run("for i = 1, 100 do print(string.rep('x', 1000)) end")
        #expect(run.trace.count <= 2_000 * 4)
        #expect(run.trace.allSatisfy { $0.text.utf8.count <= 520 })
        #expect(run.trace.last?.text.hasSuffix("… (cut)") == true)
    }
}

/// A rule's run that went uncounted for too long is made again, counted, in a fresh state: what
/// the first try did — its trace, its changes to the rule file's own variables — is gone.
@Suite(.enabled(if: LuaState.canRunUncounted)) struct RecountedRuns {
    @Test func aLongSubjectGivesWhatACountedRunGives() throws {
        let scratch = ScratchPacks()
        let folder = try scratch.pack("recounted", [
            "pack.yaml": "name: recounted\nversion: 1.0.0\nrules: [r.lua]\n",
            "r.lua": """
                print("top level")
                local seen = 0
                return {id = "t.r", title = "R", kind = "threshold", subject = "rep",
                  evaluate = function(rep, ctx)
                    seen = seen + 1
                    print("seen", seen)
                    if seen == 2 then
                      local n = 0
                      for i = 1, 1e7 do n = n + 1 end  -- long enough that it must be counted
                    end
                    return {value = seen, limit = 100, breached = false}
                  end}
                """,
        ])
        let run = try Evaluator(pack: try RulePack.load(from: folder), options: .init(workers: 1, trace: true)).run(Engine.generated)
        #expect(run.evaluation.failures.isEmpty)
        let values = run.evaluation.results.map { $0.threshold?.value }
        #expect(values.count > 2)
        // Each subject that saw 2 ran long: made again, counted, in a new state that had seen
        // nothing (so it saw 1). After three of those the rule is counted, and its runs are kept.
        #expect(values.prefix(6) == [1, 1, 1, 1, 2, 3])
        #expect(run.trace.map(\.text) == ["top level"] + values.map { "seen\t\(Int($0!))" })
    }
}

import Foundation
import Ladder
import Testing
@testable import LadderEngine

/// The worker pool and the compiled pack: the same bytes whatever the worker count, and a pack
/// compiled once, its files' top levels run once per Lua state.
@Suite struct Engine {
    static let generated = try! SnapshotLoader().load(GeneratedOrganization.snapshot())

    func report(_ pack: RulePack, workers: Int) throws -> String {
        try JSONReport.render(Report(Evaluator(pack: pack, options: .init(workers: workers)).evaluate(Self.generated)))
    }

    @Test func theGeneratedOrganizationIsCutIntoSeveralUnitsPerRule() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        let rules = try Evaluator(pack: pack).evaluate(Self.generated).rules
        let plan = WorkPlan(rules: rules, snapshot: Self.generated.snapshot, only: nil)
        let repRule = try #require(rules.firstIndex { $0.subject == .rep })
        #expect(plan.units.filter { $0.rule == repRule }.count > 1)
    }

    @Test func reportsAreByteIdenticalForOneTwoAndFourWorkers() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        let one = try report(pack, workers: 1)
        #expect(try report(pack, workers: 2) == one)
        #expect(try report(pack, workers: 4) == one)
    }

    @Test func aBudgetTripStopsTheRuleAtTheSameSubjectWhateverTheWorkerCount() throws {
        let pack = try RulePack.load(from: PackPaths.fixturePack("adversarial"))
        let one = try report(pack, workers: 1)
        #expect(try report(pack, workers: 2) == one)
        #expect(try report(pack, workers: 4) == one)
        let evaluation = try Evaluator(pack: pack, options: .init(workers: 4)).evaluate(Self.generated)
        let loops = evaluation.failures.filter { $0.rule == "bad.loops_forever" }
        let reps = evaluation.results.filter { $0.rule == "ok.counts_reports" }.count
        #expect(loops.count == 1)
        #expect(reps == 6)
        #expect(loops.first?.subject?.id == "u-r0-1")  // u-r0-0 left: the first active rep by id
        let active = Self.generated.snapshot.people.filter { $0.active && $0.role == "rep" }.count
        #expect(loops.first?.message.hasSuffix("the rule was stopped, \(active - 1) more subjects not evaluated") == true, "\(loops)")
    }

    @Test(arguments: [1, 2, 4]) func aRuleFilesTopLevelRunsOncePerLuaState(workers: Int) throws {
        let pack = try RulePack.load(from: PackPaths.fixturePack("counting"))
        let run = try Evaluator(pack: pack, options: .init(workers: workers)).run(Self.generated)
        #expect(run.evaluation.failures.isEmpty)
        #expect(!run.evaluation.results.isEmpty)
        #expect(run.evaluation.results.allSatisfy { if case .threshold(let t) = $0.verdict { t.value == 1 } else { false } })
        // one state per worker (never more workers than units), none built only to read declarations
        let units = WorkPlan(rules: run.evaluation.rules, snapshot: Self.generated.snapshot, only: nil).units.count
        #expect(units == 3)
        #expect(run.luaStates == min(workers, units))
    }

    @Test func oneCompiledPackServesManyEvaluations() throws {
        let compiled = CompiledPack(try RulePack.load(from: PackPaths.core))
        let loaded = try SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))
        let a = try Evaluator(compiled: compiled, options: .init(workers: 2)).evaluate(loaded)
        let b = try Evaluator(compiled: compiled, options: .init(parameters: ["late_share_limit": .number(0.25)])).evaluate(loaded)
        #expect(a.results.count == b.results.count)
        #expect(a != b)
        #expect(compiled.compileFailures.isEmpty)
        #expect(compiled.codeLines["rules/core/lib/metrics.lua"]?.isEmpty == false)
    }

    @Test func unknownSubjectsAreRefusedInTheLibrary() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        #expect(throws: LadderError.unknownSubject("u-nobody")) {
            try Evaluator(pack: pack, options: .init(subjects: ["u-nobody"])).evaluate(Self.generated)
        }
    }
}

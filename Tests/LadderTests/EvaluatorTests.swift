import Foundation
import Testing
import Ladder

@Suite struct MisbehavingRules {
    let evaluation: Evaluation

    init() throws {
        let pack = try RulePack.load(from: PackPaths.fixturePack("adversarial"))
        var fixture = SnapshotFixture()
        fixture.append("people", ["id": "u-b", "name": "Bea Rep", "role": "rep", "team_id": "t-1", "manager_id": "u-m"])
        evaluation = try Evaluator(pack: pack, options: .init(workers: 2)).evaluate(try fixture.load())
    }

    func failure(_ rule: String?, file: String? = nil) -> RuleFailure? {
        evaluation.failures.first { $0.rule == rule && (file == nil || $0.file.hasSuffix(file!)) }
    }

    @Test func theWellBehavedRuleStillProducesItsResult() {
        #expect(evaluation.results.map(\.rule) == ["ok.counts_reports"])
        #expect(evaluation.results.first?.message == "Mia Manager has 2 reports")
    }

    @Test func anInfiniteLoopStopsTheRuleAndNamesTheBudget() throws {
        let f = try #require(failure("bad.loops_forever"))
        #expect(f.kind == .budget)
        #expect(f.message == "exceeded its instruction budget (2000000 instructions); the rule was stopped, 1 more subject not evaluated")
        #expect(f.subject?.id == "u-a")
        #expect(f.location == "packs/adversarial/loops_forever.lua:4")
    }

    @Test func aMemoryBombIsContained() throws {
        let f = try #require(failure("bad.eats_memory"))
        #expect(f.kind == .budget)
        #expect(f.message.hasPrefix("exceeded its memory budget (16 MiB)"))
        #expect(f.location == "packs/adversarial/eats_memory.lua:5")
    }

    @Test func sandboxEscapesAreErrorsNamingTheVariable() throws {
        let f = try #require(failure("bad.escapes"))
        #expect(f.kind == .error)
        #expect(f.message.hasPrefix("unknown global 'io'"))
        #expect(f.location == "packs/adversarial/escapes.lua:4")
    }

    @Test func aMalformedResultNamesTheField() throws {
        let f = try #require(failure("bad.returns_garbage"))
        #expect(f.kind == .invalidResult)
        #expect(f.message == "result.limit: expected a number, got string")
    }

    @Test func writingTheSnapshotNamesTheField() throws {
        let f = try #require(failure("bad.writes_snapshot"))
        #expect(f.message.hasPrefix("attempt to change read-only field 'name'"))
        #expect(f.location == "packs/adversarial/writes_snapshot.lua:4")
    }

    @Test func tableErrorsKeepTheirCode() throws {
        let failures = evaluation.failures.filter { $0.rule == "bad.throws_table" }
        #expect(failures.map(\.subject?.id) == ["u-a", "u-b"])
        #expect(failures.first?.code == "no_assessment")
        #expect(failures.first?.message == "no assessment for u-a")
    }

    @Test func aFileThatDoesNotCompileIsReportedWithItsLine() throws {
        let f = try #require(failure(nil, file: "does_not_compile.lua"))
        #expect(f.kind == .declaration)
        #expect(f.location == "packs/adversarial/does_not_compile.lua:3")
        #expect(f.message.hasPrefix("does not compile: '}' expected (to close '{' at line 1) near 'title'"))
    }

    @Test func aPatternBombIsRefused() throws {
        let f = try #require(failure("bad.pattern_bomb"))
        #expect(f.message.hasPrefix("string.find: pattern \".-.-.-.-b\" is too costly for a 5000-byte subject"))
    }

    @Test func failuresComeInRuleOrder() {
        #expect(evaluation.failures.compactMap(\.rule).first == "bad.loops_forever")
    }
}

@Suite struct Packs {
    @Test func manifestProblemsAreAllListedWithLines() throws {
        let error = #expect(throws: LadderError.self) { try RulePack.load(from: PackPaths.fixturePack("broken")) }
        guard case .invalidPack(_, let problems)? = error else { Issue.record("expected invalidPack"); return }
        let text = problems.joined(separator: "\n")
        #expect(text.contains("broken/pack.yaml:5: colour: unknown key"))
        #expect(text.contains("broken/pack.yaml:2: name: \"Broken Pack\" should be lowercase"))
        #expect(text.contains("broken/pack.yaml:8: parameters.limit.type: unknown type \"percentage\""))
        #expect(text.contains("broken/pack.yaml:13: parameters.floor.default: 2 is above the maximum 1"))
    }

    @Test func aMissingPackFolderSaysSo() {
        #expect(throws: LadderError.unreadableFile("/nonexistent/pack/pack.yaml", reason: "the pack folder /nonexistent/pack does not exist")) {
            try RulePack.load(from: URL(fileURLWithPath: "/nonexistent/pack"))
        }
    }

    @Test func overridesAreTypeAndRangeChecked() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        let overrides = try ParameterSet.parseOverrides(["late_share_limit=0.25", "min_late_deals = 3"], for: pack)
        let set = try ParameterSet(pack: pack, overrides: overrides)
        #expect(set["late_share_limit"] == .number(0.25))
        #expect(set["min_late_deals"] == .integer(3))
        #expect(throws: LadderError.invalidParameter("late_share_limit", reason: "takes a number, got \"lots\"")) {
            try ParameterSet.parseOverrides(["late_share_limit=lots"], for: pack)
        }
        #expect(throws: LadderError.invalidParameter("late_share_limit", reason: "1.5 is above the maximum 1")) {
            try ParameterSet(pack: pack, overrides: ["late_share_limit": .number(1.5)])
        }
        // nan passes any min/max comparison; neither it nor inf is a value
        #expect(throws: LadderError.invalidParameter("payout_cap", reason: "nan is not a finite number")) {
            try ParameterSet(pack: pack, overrides: try ParameterSet.parseOverrides(["payout_cap=nan"], for: pack))
        }
        #expect(throws: LadderError.invalidParameter("late_share_limit", reason: "inf is not a finite number")) {
            try ParameterSet(pack: pack, overrides: ["late_share_limit": .number(.infinity)])
        }
        #expect(throws: LadderError.unknownParameter("nope", pack: "core", known: pack.parameters.map(\.name))) {
            try ParameterSet.parseOverrides(["nope=1"], for: pack)
        }
    }

    @Test func chunkNamesDoNotDependOnTheWorkingDirectory() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        #expect(pack.top.chunkName("hero_involvement.lua") == "rules/core/hero_involvement.lua")
        #expect(pack.modules["lib.metrics"] == RulePack.LayerFile(layer: 0, file: "lib/metrics.lua"))
    }

    @Test func unknownRuleIdsAreRefused() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        let loaded = try SnapshotFixture().load()
        #expect(throws: LadderError.self) { try Evaluator(pack: pack, options: .init(rules: ["hero.nope"])).evaluate(loaded) }
    }
}

@Suite struct Determinism {
    @Test func sameInputsGiveIdenticalReportsWhateverTheWorkerCount() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        let loaded = try SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))
        let one = try JSONReport.render(Report(try Evaluator(pack: pack, options: .init(workers: 1)).evaluate(loaded)))
        let two = try JSONReport.render(Report(try Evaluator(pack: pack, options: .init(workers: 2)).evaluate(loaded)))
        #expect(one == two)
    }
}

@Suite struct Progress {
    @Test func eachRuleReportsItsSubjectsUpToItsTotal() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        let loaded = try SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))
        let seen = Locked<[EvaluationProgress]>([])
        let options = EvaluationOptions(workers: 2, progress: { step in seen.withLock { $0.append(step) } })
        let evaluation = try Evaluator(pack: pack, options: options).evaluate(loaded)
        let steps = seen.withLock { $0 }
        for rule in evaluation.rules {
            let mine = steps.filter { $0.rule == rule.id }
            #expect(mine.map(\.done) == mine.map(\.done).sorted(), "\(rule.id) goes backwards")
            #expect(mine.last.map { $0.done == $0.total && $0.subject == rule.subject } == true, "\(rule.id): \(mine)")
        }
        let gate = try #require(steps.last { $0.rule == "promotion.gate" })
        #expect(gate.total == loaded.snapshot.people.filter { $0.role == "rep" && $0.active }.count)
    }

    @Test func loadingNamesItsStepsInOrder() throws {
        let steps = Locked<[SnapshotLoader.Step]>([])
        _ = try SnapshotLoader(onStep: { step in steps.withLock { $0.append(step) } }).load(contentsOf: PackPaths.example("northwind"))
        #expect(steps.withLock { $0 } == [.reading, .parsing, .validating, .indexing])
    }
}

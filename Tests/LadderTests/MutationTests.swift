import Foundation
@testable import LadderPackTests
import Ladder
import Testing

@Suite struct MutantGeneration {
    private func mutants(_ source: String) -> [Mutant] { MutantGenerator.mutants(of: source, file: "r.lua") }

    @Test func everyOperatorKindAtItsPlace() {
        let source = """
            local function check(x, limit)
              if x > limit and x ~= 0 then return x - 1 end
              return 3 <= x
            end
            """
        let keys = mutants(source).map(\.key)
        #expect(keys.contains("r.lua:2:8: 'x > limit' -> 'x >= limit'"))
        #expect(keys.contains("r.lua:2:22: 'x ~= 0' -> 'x == 0'"))
        #expect(keys.contains("r.lua:2:25: 'x ~= 0' -> 'x ~= -1'"))
        #expect(keys.contains("r.lua:2:25: 'x ~= 0' -> 'x ~= 1'"))
        #expect(keys.contains("r.lua:2:16: 'x > limit and x ~= 0' -> 'x > limit or x ~= 0'"))
        #expect(keys.contains("r.lua:2:3: 'if x > limit and x ~= 0 then' -> 'if not (x > limit and x ~= 0) then'"))
        #expect(keys.contains("r.lua:2:27: 'if x > limit and x ~= 0 then return x - 1' -> 'if x > limit and x ~= 0 then (nothing)'"))
        #expect(keys.contains("r.lua:2:41: 'x - 1' -> 'x + 1'"))
        #expect(keys.contains("r.lua:3:10: '3 <= x' -> '2 <= x'"))
        #expect(keys.contains("r.lua:3:10: '3 <= x' -> '4 <= x'"))
        #expect(keys.count == 11)
        #expect(keys.contains("r.lua:3:12: '3 <= x' -> '3 < x'"))
    }

    @Test func commentsStringsUnaryMinusAndAttributesAreLeftAlone() {
        let source = """
            -- if a > b then the comment is not code
            local s <const> = "x > y and z"
            local n = -1
            return { s = s, n = n }
            """
        #expect(mutants(source).isEmpty, "\(mutants(source).map(\.key))")
    }

    @Test func decimalsMoveByTheirLastDigit() {
        #expect(MutantGenerator.nudged("0.25") == ["0.24", "0.26"])
        #expect(MutantGenerator.nudged("10") == ["9", "11"])
        #expect(MutantGenerator.nudged("0x10").isEmpty)
    }

    @Test func aMutantKnowsTheLinesOfItsFunction() throws {
        let source = """
            local limit = 3
            local function over(x)
              return x > limit
            end
            return over
            """
        let all = mutants(source)
        let flip = try #require(all.first { $0.op == .relational })
        #expect(flip.functionLines == [3])
        #expect(all.allSatisfy { $0.line == 3 })
        #expect(flip.apply(to: source) == source.replacingOccurrences(of: "x > limit", with: "x >= limit"))
    }
}

@Suite struct MutationTesting {
    /// A one-rule pack over hero-owner: Tom's target incentive is 60,000.
    private func pack(cases: String, equivalents: String? = nil) throws -> (ScratchPacks, URL) {
        let scratch = ScratchPacks()
        var files = [
            "pack.yaml": """
                name: pay
                version: 1.0.0
                rules: [high_pay.lua]
                parameters:
                  pay_limit: {type: number, default: 50000, description: highest target incentive}
                """,
            "high_pay.lua": """
                return {
                  id = "pay.high", title = "High pay", kind = "threshold", subject = "manager",
                  evaluate = function(manager, ctx)
                    local pay = manager.target_incentive
                    return { value = pay, limit = ctx.params.pay_limit, breached = pay > ctx.params.pay_limit,
                             message = "pay" }
                  end,
                }
                """,
            "tests/high_pay.yaml": """
                snapshot: \(PackPaths.repository.path)/examples/hero-owner/snapshot.json
                cases:
                \(cases)
                """,
        ]
        if let equivalents { files["tests/equivalent-mutants.yaml"] = equivalents }
        let folder = try scratch.pack("pay", files)
        return (scratch, folder)
    }

    private func run(_ folder: URL, workers: Int? = nil) throws -> MutationRun {
        let suite = try PackTestRunner().suite(for: folder)
        return try MutationTester(workers: workers).run(suite)
    }

    @Test func aBoundaryWithoutACaseSurvivesAndOneAtItKillsIt() throws {
        let (scratch, weak) = try pack(cases: """
              - name: above the limit
                expect: [{rule: pay.high, subject: u-tom, breached: true}]
            """)
        let before = try run(weak)
        #expect(before.survivors.map(\.mutant.key) == ["high_pay.lua:5:72: 'pay > ctx.params.pay_limit' -> 'pay >= ctx.params.pay_limit'"])
        #expect(before.score < 100)
        let text = MutationReport.text([before])
        #expect(text.contains("/high_pay.lua:5:72: mutant survived: 'pay > ctx.params.pay_limit' -> 'pay >= ctx.params.pay_limit'"), "\(text)")
        _ = scratch

        let (scratch2, strong) = try pack(cases: """
              - name: above the limit
                expect: [{rule: pay.high, subject: u-tom, breached: true}]
              - name: at the limit
                params: {pay_limit: 60000}
                expect: [{rule: pay.high, subject: u-tom, breached: false}]
            """)
        let after = try run(strong)
        #expect(after.survivors.isEmpty)
        #expect(after.score == 100)
        #expect(after.results.allSatisfy { $0.status == .killed && $0.killedBy != nil })
        _ = scratch2
    }

    @Test func theResultIsTheSameWhateverTheWorkerCount() throws {
        let (scratch, folder) = try pack(cases: """
              - name: above the limit
                expect: [{rule: pay.high, subject: u-tom, breached: true}]
            """)
        let one = MutationReport.json([try run(folder, workers: 1)], threshold: 90)
        let two = MutationReport.json([try run(folder, workers: 2)], threshold: 90)
        #expect(one == two)
        #expect(one.contains("\"schema\" : \"ladder.mutation/1\""))
        _ = scratch
    }

    @Test func equivalentMutantsLeaveTheScoreAndAStaleOrWrongEntryIsAProblem() throws {
        let cases = """
              - name: above the limit
                expect: [{rule: pay.high, subject: u-tom, breached: true}]
            """
        let (scratch, listed) = try pack(cases: cases, equivalents: """
            equivalent:
              - mutant: "high_pay.lua:5:72: 'pay > ctx.params.pay_limit' -> 'pay >= ctx.params.pay_limit'"
                reason: "for the sake of the test"
            """)
        let run1 = try run(listed)
        #expect(run1.problems.isEmpty, "\(run1.problems)")
        #expect(run1.count(.equivalent) == 1)
        #expect(run1.score == 100)
        _ = scratch

        let (scratch2, wrong) = try pack(cases: cases, equivalents: """
            equivalent:
              - mutant: "high_pay.lua:5:66: 'pay > ctx.params.pay_limit' -> 'pay < ctx.params.pay_limit'"
                reason: "no such mutant"
              - mutant: "high_pay.lua:5:66: 'if' -> 'else'"
            """)
        let problems = try run(wrong).problems.joined(separator: "\n")
        #expect(problems.contains("equivalent-mutants.yaml:2: no mutant high_pay.lua:5:66"), "\(problems)")
        #expect(problems.contains("equivalent-mutants.yaml:4: each entry needs mutant:"), "\(problems)")
        _ = scratch2

        let (scratch3, killed) = try pack(cases: cases + """

              - name: at the limit
                params: {pay_limit: 60000}
                expect: [{rule: pay.high, subject: u-tom, breached: false}]
            """, equivalents: """
            equivalent:
              - mutant: "high_pay.lua:5:72: 'pay > ctx.params.pay_limit' -> 'pay >= ctx.params.pay_limit'"
                reason: "wrongly listed"
            """)
        let told = try run(killed).problems.joined(separator: "\n")
        #expect(told.contains("equivalent-mutants.yaml:2: listed as equivalent, but pay/high_pay.yaml: at the limit tells it apart"), "\(told)")
        _ = scratch3
    }

    @Test func aFailingSuiteIsRefused() throws {
        let (scratch, folder) = try pack(cases: """
              - name: wrong
                expect: [{rule: pay.high, subject: u-tom, breached: false}]
            """)
        #expect(throws: MutationError.self) { try run(folder) }
        _ = scratch
    }

    @Test func thePackFilesAreNeverWritten() throws {
        let (scratch, folder) = try pack(cases: """
              - name: above the limit
                expect: [{rule: pay.high, subject: u-tom, breached: true}]
            """)
        let rule = folder.appendingPathComponent("high_pay.lua")
        let before = try Data(contentsOf: rule)
        _ = try run(folder)
        #expect(try Data(contentsOf: rule) == before)
        _ = scratch
    }
}

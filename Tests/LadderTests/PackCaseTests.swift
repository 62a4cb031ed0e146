import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Ladder
@testable import LadderPackTests

/// The rule packs' own test cases (rules/*/tests/*.yaml) and pinned verdicts, run by the same
/// runner as `ladder test`: a case that fails is a failing Swift test with its message.
@Suite struct PackCases {
    static let suites: [PackTestSuite] = (try? PackTestRunner().discover([PackPaths.repository.appendingPathComponent("rules")])) ?? []
    static let cases: [PackTestCase] = suites.flatMap(\.cases)

    @Test func theCorePackHasCasesForEveryRule() throws {
        let core = try #require(Self.suites.first { $0.pack.manifest.name == "core" })
        #expect(core.problems.isEmpty, "\(core.problems)")
        let tested = Set(core.cases.flatMap { $0.expectations.map(\.rule) })
        let declared = try Evaluator(pack: core.pack).evaluate(try SnapshotFixture().load()).rules.map(\.id)
        #expect(Set(declared).subtracting(tested).isEmpty, "rules without cases: \(Set(declared).subtracting(tested).sorted())")
    }

    @Test(arguments: cases) func packCase(_ testCase: PackTestCase) throws {
        let suite = try #require(Self.suites.first { $0.pack.manifest.name == testCase.pack })
        let result = PackTestRunner().run(testCase, compiled: suite.compiled)
        switch result.status {
        case .passed: break
        case .error(let message): Issue.record("\(testCase.file):\(testCase.line): \(message)")
        case .failed:
            for m in result.mismatches { Issue.record("\(testCase.file):\(m.line): \(m)") }
        }
    }

    @Test(arguments: suites.map(\.pack.manifest.name)) func pinnedVerdictsHaveNotChanged(pack name: String) throws {
        let suite = try #require(Self.suites.first { $0.pack.manifest.name == name })
        for (snapshot, golden) in try GoldenVerdicts.pinned(in: suite.pack) {
            let evaluation = try Evaluator(pack: suite.pack).evaluate(try SnapshotLoader().load(contentsOf: snapshot))
            let fresh = GoldenVerdicts.render(evaluation)
            let old = try String(contentsOf: golden, encoding: .utf8)
            let changes = GoldenVerdicts.changes(from: old, to: fresh)
            #expect(old == fresh, "\(golden.lastPathComponent) changed (run ladder test --golden --update if intended):\n\(changes.joined(separator: "\n"))")
        }
    }
}

extension PackTestCase: CustomTestStringConvertible {
    public var testDescription: String { id }
}

@Suite struct PackTestRunnerBehaviour {
    func suite(_ yaml: String) throws -> PackTestSuite {
        let pack = try RulePack.load(from: PackPaths.core)
        var reader = PackTestFileReader(pack: "core", file: PackPaths.core.appendingPathComponent("tests/inline.yaml").path, parameters: pack.parameters.map(\.parameter))
        let cases = reader.read(yaml)
        return PackTestSuite(pack: pack, cases: cases, problems: reader.problems)
    }

    @Test func aWrongExpectationIsReportedSideBySide() throws {
        let s = try suite("""
            snapshot: ../../../examples/hero-owner/snapshot.json
            cases:
              - name: wrong on purpose
                expect:
                  - {rule: hero.late_stage_ownership, subject: u-tom, breached: false, value: 0.5, message_contains: "5 of 12"}
            """)
        #expect(s.problems.isEmpty, "\(s.problems)")
        let run = PackTestRunner().run([s])
        let result = try #require(run.suites.first?.results.first)
        #expect(result.status == .failed)
        #expect(result.mismatches.map(\.field) == ["breached", "value", "message"])
        #expect(result.mismatches[0].expected == "false")
        #expect(result.mismatches[0].actual == "true")
        #expect(result.mismatches[0].ruleFile == "rules/core/hero_late_stage_ownership.lua:13")
        let text = PackTestReport.text(run)
        #expect(text.contains("expected: false"))
        #expect(text.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func aFailingRuleIsReportedWithItsLine() throws {
        let s = try suite("""
            snapshot: ../../../examples/hero-owner/snapshot.json
            cases:
              - name: deals without a stage the snapshot knows
                merge: {stages: [{name: Open, order: 1, probability: 0.5}]}
                expect:
                  - {rule: hero.late_stage_ownership, subject: u-tom, breached: true}
            """)
        let result = try #require(PackTestRunner().run([s]).suites.first?.results.first)
        guard case .error(let message) = result.status else { Issue.record("expected an error, got \(result.status)"); return }
        #expect(message.contains("no stage"))
    }

    @Test func failsWithMatchesRuleFailures() throws {
        let pack = try RulePack.load(from: PackPaths.fixturePack("adversarial"))
        var reader = PackTestFileReader(pack: "adversarial", file: PackPaths.fixtures.appendingPathComponent("packs/adversarial/tests/x.yaml").path, parameters: pack.parameters.map(\.parameter))
        let cases = reader.read("""
            snapshot: {version: 1, as_of: "2026-06-30", organization: {id: a, name: A, currency: USD}, periods: [],
                       teams: [{id: t, name: T, manager_id: u-m}], people: [{id: u-m, name: M, role: manager, team_id: t}]}
            cases:
              - name: a loop is a budget failure
                expect: [{rule: bad.escapes, subject: u-m, fails_with: "unknown global 'io'", failure_kind: error}]
            """)
        #expect(reader.problems.isEmpty, "\(reader.problems)")
        let run = PackTestRunner().run([PackTestSuite(pack: pack, cases: cases, problems: [])])
        #expect(run.failed == 0, "\(run.suites.first?.results.first?.mismatches ?? [])")
    }

    @Test func badTestFilesAreReportedWithLines() throws {
        let s = try suite("""
            cases:
              - name: no snapshot
                expect: [{rule: hero.involvement, subject: u-x}]
              - name: bad fields
                snapshot: x.json
                params: {no_such_param: 1}
                expect: [{rule: hero.involvement, subject: u-x, breeched: true}]
            """)
        #expect(s.problems.contains { $0.hasSuffix("inline.yaml:2: cases[0]: no snapshot (give snapshot: here or at the top of the file)") })
        #expect(s.problems.contains { $0.contains("inline.yaml:6: cases[1].params.no_such_param: the pack core has no such parameter") })
        #expect(s.problems.contains { $0.contains("inline.yaml:7: cases[1].expect[0].breeched: unknown key") })
    }

    @Test func aCaseWithAProblemFailsWhateverItsExpectations() throws {
        let s = try suite("""
            snapshot: ../../../examples/hero-owner/snapshot.json
            cases:
              - name: an unknown key
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, breached: true, breeched: false}]
              - name: fine
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, breached: true}]
            """)
        let run = PackTestRunner().run([s])
        let results = try #require(run.suites.first?.results)
        guard case .error(let message) = results[0].status else { Issue.record("expected an error, got \(results[0].status)"); return }
        #expect(message.contains("cases[0].expect[0].breeched: unknown key"))
        #expect(results[1].status == .passed)
        #expect(run.failed == 1)
    }

    @Test func removeTakesRecordsWithoutIdsByTheirFields() throws {
        let doc: JSONValue = .object([
            "quotas": .array([.object(["person_id": .string("a"), "period_id": .string("Q1")]),
                              .object(["person_id": .string("a"), "period_id": .string("Q2")])]),
            "events": .array([.object(["person_id": .string("b"), "kind": .string("voluntary_exit")])]),
        ])
        let removed = try SnapshotMerge.remove(["quotas": [.object(["period_id": .string("Q2")])],
                                                "events": [.object(["person_id": .string("b")])]], from: doc)
        guard case .object(let left) = removed, case .array(let quotas)? = left["quotas"], case .array(let events)? = left["events"] else {
            Issue.record("bad removal")
            return
        }
        #expect(quotas.count == 1 && events.isEmpty)
        #expect(throws: RemovalError.self) { try SnapshotMerge.remove(["deals": [.string("nope")]], from: doc) }
        let s = try suite("""
            snapshot: ../../../examples/hero-owner/snapshot.json
            cases:
              - name: a removal that matches nothing is an error, not a silent pass
                remove: {deals: [RI-9999], activities: [{owner_id: u-nobody}]}
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, breached: true}]
              - name: ids where there are none
                remove: {quotas: [u-tom]}
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, breached: true}]
            """)
        #expect(s.problems.contains { $0.contains("cases[1].remove.quotas[0]: quotas have no id: give the fields to match") }, "\(s.problems)")
        let result = try #require(PackTestRunner().run([s]).suites.first?.results.first)
        guard case .error(let message) = result.status else { Issue.record("expected an error"); return }
        #expect(message.contains("remove: no record of activities matches {owner_id: u-nobody}"), "\(message)")
    }

    @Test func finerExpectations() throws {
        let s = try suite("""
            snapshot: ../../../examples/ready-rep/snapshot.json
            cases:
              - name: right
                expect:
                  - rule: promotion.gate
                    subject: u-ann
                    conditions: {track_record: true, leadership_indicators: {passed: true, detail_contains: "mean 4"}}
                    notes: []
                    evidence: [assessment 2026-05-04, 2025-Q3, 2025-Q4, 2026-Q1, 2026-Q2]
                    message_not_contains: [not yet]
              - name: wrong
                expect:
                  - rule: promotion.gate
                    subject: u-ann
                    conditions: {track_record: false, leadership_indicators: {detail_contains: "mean 3"}, charisma: true}
                    notes: [insufficient data]
                    evidence: [2026-Q2]
                    message_not_contains: [Ann]
            """)
        #expect(s.problems.isEmpty, "\(s.problems)")
        let run = PackTestRunner().run([s])
        let results = try #require(run.suites.first?.results)
        #expect(results[0].status == .passed, "\(results[0].mismatches)")
        #expect(results[1].mismatches.map(\.field) == ["conditions.charisma", "conditions.leadership_indicators.detail", "conditions.track_record",
                                                       "message", "notes", "evidence"])
        // each failure points at the key that asked for it (the case starts on line 11)
        #expect(results[1].mismatches.map(\.line) == [15, 15, 15, 18, 16, 17])
    }

    /// A fragment written for the file's snapshot names its records: a case with a snapshot of
    /// its own does not get it (docs/pack-tests.md).
    @Test func fileLevelFragmentsApplyOnlyToTheFilesSnapshot() throws {
        let s = try suite("""
            snapshot: ../../../examples/hero-owner/snapshot.json
            remove: {deals: [RI-0067, RI-0068]}
            cases:
              - name: the file's snapshot, fragment applied
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, value: 0.2}]
              - name: its own snapshot, no fragment
                snapshot: ../../../examples/hero-owner/snapshot.json
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, value: 0.33333, tolerance: 0.0001}]
            """)
        #expect(s.problems.isEmpty, "\(s.problems)")
        let run = PackTestRunner().run([s])
        #expect(run.failed == 0, "\(PackTestReport.text(run))")
    }

    @Test func mergeReplacesById_appendsOtherwise_andRemoves() throws {
        let base: JSONValue = .object(["deals": .array([.object(["id": .string("d1"), "amount": .number(1)])]),
                                       "quotas": .array([.object(["person_id": .string("p")])])])
        let merged = SnapshotMerge.apply(.object([
            "deals": .array([.object(["id": .string("d1"), "amount": .number(2)]), .object(["id": .string("d2")])]),
            "quotas": .array([.object(["person_id": .string("q")])]),
        ]), to: base)
        guard case .object(let doc) = merged, case .array(let deals)? = doc["deals"], case .array(let quotas)? = doc["quotas"] else {
            Issue.record("bad merge")
            return
        }
        #expect(deals == [.object(["id": .string("d1"), "amount": .number(2)]), .object(["id": .string("d2")])])
        #expect(quotas.count == 2)
        let removed = try SnapshotMerge.remove(["deals": [.string("d1")]], from: merged)
        guard case .object(let after) = removed, case .array(let left)? = after["deals"] else { return }
        #expect(left == [.object(["id": .string("d2")])])
    }

    @Test func coverageCountsTheLinesTheCasesRun() throws {
        let s = try suite("""
            snapshot: ../../../examples/hero-owner/snapshot.json
            cases:
              - name: one case
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, breached: true}]
            """)
        let run = PackTestRunner(coverage: true).run([s])
        let coverage = try #require(run.suites.first?.coverage)
        let rule = try #require(coverage.files.first { $0.file == "rules/core/hero_late_stage_ownership.lua" })
        // not run by this case: the insufficient-data branch (18-24) and severity high (30)
        #expect(rule.uncovered == [18, 19, 20, 21, 22, 23, 24, 30])
        #expect(rule.covered.contains(29))
        let gate = try #require(coverage.files.first { $0.file == "rules/core/promotion_gate.lua" })
        #expect(gate.covered.count < gate.codeLines.count)
        #expect(CoverageReport.ranges([1, 2, 3, 5, 7, 8]) == "1-3, 5, 7-8")
    }

    @Test func junitIsWellFormedXML() throws {
        let s = try suite("""
            snapshot: ../../../examples/hero-owner/snapshot.json
            cases:
              - name: passes
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, breached: true}]
              - name: "fails <on purpose> & \\"quoted\\""
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, breached: false}]
            """)
        let xml = JUnitReport.xml(PackTestRunner().run([s]))
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = JUnitCollector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(collector.testcases == ["passes", "fails <on purpose> & \"quoted\""])
        #expect(collector.failures == 1)
        #expect(collector.suiteAttributes["tests"] == "2")
        #expect(collector.suiteAttributes["failures"] == "1")
    }
}

final class JUnitCollector: NSObject, XMLParserDelegate {
    var testcases: [String] = []
    var failures = 0
    var suiteAttributes: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "testcase": testcases.append(attributes["name"] ?? "")
        case "failure": failures += 1
        case "testsuite": suiteAttributes = attributes
        default: break
        }
    }
}

@Suite struct CoverageOfBrokenFiles {
    @Test func aFileThatDoesNotCompileIsNotFullyCovered() throws {
        let scratch = ScratchPacks()
        let folder = try scratch.pack("broken", ["pack.yaml": "name: broken\nversion: 1.0.0\nrules: [a.lua]\n",
                                                 "a.lua": "return {}\n", "lib/bad.lua": "return {\n"])
        let report = CoverageReport(compiled: CompiledPack(try RulePack.load(from: folder)), covered: [:])
        let bad = try #require(report.files.first { $0.file.hasSuffix("lib/bad.lua") })
        #expect(!bad.compiles && bad.percent == 0 && report.percent == 0)
    }
}

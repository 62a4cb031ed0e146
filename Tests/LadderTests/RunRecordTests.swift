import Foundation
import Ladder
import Testing

/// An evaluation is a record: its JSON report reads back into an equal value, and two
/// evaluations compare field by field.
@Suite struct RunRecord {
    static let examples = (try? FileManager.default.contentsOfDirectory(atPath: PackPaths.repository.appendingPathComponent("examples").path))?
        .filter { FileManager.default.fileExists(atPath: PackPaths.example($0).path) }.sorted() ?? []

    func evaluate(_ example: String, _ parameters: [String: ParameterValue] = [:]) throws -> Evaluation {
        let pack = try RulePack.load(from: PackPaths.core)
        return try Evaluator(pack: pack, options: .init(parameters: parameters)).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example(example)))
    }

    @Test(arguments: examples) func theJSONReportReadsBackIntoAnEqualEvaluation(example: String) throws {
        let evaluation = try evaluate(example)
        let json = try ReportFormat.json.render(evaluation)
        let read = try Evaluation(jsonReport: Data(json.utf8))
        #expect(read == evaluation)
        #expect(EvaluationDiff(from: evaluation, to: read).isEmpty)
        // and what was read renders the same JSON again
        #expect(try ReportFormat.json.render(read) == json)
    }

    @Test func theCommittedExpectedReportsReadBack() throws {
        for example in Self.examples {
            let data = try Data(contentsOf: PackPaths.repository.appendingPathComponent("examples/\(example)/expected/report.json"))
            let read = try Evaluation(jsonReport: data)
            #expect(read.snapshot.organization.isEmpty == false)
            #expect(read.results.count == (try evaluate(example)).results.count, "\(example)")
        }
    }

    @Test func aReportOfAnotherSchemaIsRefused() throws {
        let json = try ReportFormat.json.render(try evaluate("northwind"))
        let other = json.replacingOccurrences(of: "\"ladder.evaluation/2\"", with: "\"ladder.evaluation/9\"")
        #expect(throws: LadderError.unreadableReport("schema \"ladder.evaluation/9\" is not one this Ladder reads (ladder.evaluation/1, ladder.evaluation/2)")) {
            try Evaluation(jsonReport: Data(other.utf8))
        }
        #expect(throws: LadderError.self) { try Evaluation(jsonReport: Data("[1, 2]".utf8)) }
    }

    /// Schema 2 only adds to 1: a report written before actions and evidence records reads back,
    /// with none of either.
    @Test func aSchemaOneReportStillReads() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(try evaluate("northwind")).utf8)) as? [String: Any])
        object["schema"] = "ladder.evaluation/1"
        object["records"] = nil
        object["results"] = (object["results"] as! [[String: Any]]).map { r in
            var r = r
            r["action"] = nil
            r["multiplier"] = nil
            return r
        }
        let read = try Evaluation(jsonReport: JSONSerialization.data(withJSONObject: object))
        #expect(read.records.isEmpty && read.results.allSatisfy { $0.action == nil })
        #expect(read.results.count == (try evaluate("northwind")).results.count)
    }

    @Test func aDamagedReportNamesTheField() throws {
        let json = try ReportFormat.json.render(try evaluate("hero-owner"))
        let damaged = json.replacingOccurrences(of: "\"limit\" : 0.2,", with: "\"limit\" : \"high\",")
        let error = #expect(throws: LadderError.self) { try Evaluation(jsonReport: Data(damaged.utf8)) }
        guard case .unreadableReport(let reason)? = error else { Issue.record("expected unreadableReport"); return }
        #expect(reason.hasPrefix("results[0].limit: expected"), "\(reason)")
    }

    @Test func aThresholdChangeShowsAsFieldChanges() throws {
        let before = try evaluate("hero-owner")
        let after = try evaluate("hero-owner", ["late_share_limit": .number(0.5)])
        let diff = EvaluationDiff(from: before, to: after)
        let tom = try #require(diff.entries.first { $0.rule == "hero.late_stage_ownership" && $0.subject == "u-tom" })
        guard case .changed(let fields) = tom.change else { Issue.record("expected a change"); return }
        #expect(fields.map(\.field) == ["breached", "limit", "message", "severity"])
        let limit = try #require(fields.first { $0.field == "limit" })
        #expect(limit.before == .number(0.2) && limit.after == .number(0.5))
        #expect(abs((limit.delta ?? 0) - 0.3) < 1e-12)
        let evidence = EvaluationDiff.FieldChange(field: "evidence", before: .texts(["D-1", "D-2"]), after: .texts(["D-2", "D-3"]))
        #expect(evidence.addedItems == ["D-3"] && evidence.droppedItems == ["D-1"])
        #expect(diff.lines.contains("hero.late_stage_ownership u-tom breached: true → false"))
    }

    @Test func aToleranceHidesSmallMoves() throws {
        let before = try evaluate("new-manager-ramp")
        var after = before
        guard case .weighting(var w) = after.results[0].verdict else { return }
        w.blended += 1e-7
        after.results[0].verdict = .weighting(w)
        #expect(!EvaluationDiff(from: before, to: after).isEmpty)
        #expect(EvaluationDiff(from: before, to: after, tolerance: 1e-6).isEmpty)
    }

    @Test func addedAndRemovedVerdictsAreNamed() throws {
        let all = try evaluate("northwind")
        var fewer = all
        let dropped = fewer.results.removeLast()
        let diff = EvaluationDiff(from: fewer, to: all)
        #expect(diff.entries == [.init(rule: dropped.rule, subject: dropped.subject.id, change: .added(dropped.record))])
        #expect(EvaluationDiff(from: all, to: fewer).lines == ["\(dropped.rule) \(dropped.subject.id): verdict gone"])
    }

    @Test func pinnedVerdictsReadBackAndUseTheSameDiff() throws {
        let before = try evaluate("hero-owner")
        let after = try evaluate("hero-owner", ["late_share_limit": .number(0.5)])
        let golden = GoldenVerdicts.render(before)
        #expect(GoldenVerdicts.read(golden) == before.verdicts)
        #expect(GoldenVerdicts.changes(from: golden, to: GoldenVerdicts.render(after)) == EvaluationDiff(from: before, to: after).lines)
        #expect(GoldenVerdicts.changes(from: golden, to: golden).isEmpty)
    }
}

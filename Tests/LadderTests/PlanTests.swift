import Foundation
import Ladder
import Testing

@Suite struct PolicyPlans {
    static let core = CompiledPack(try! RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/core")))

    private func load(_ example: String) throws -> LoadedSnapshot {
        try SnapshotLoader().load(contentsOf: PackPaths.repository.appendingPathComponent("examples/\(example)/snapshot.json"))
    }

    @Test func aRaisedThresholdClearsAManagerAndSaysWhy() throws {
        let plan = PolicyPlan(baseline: Self.core, candidate: Self.core, candidateParameters: ["late_share_limit": .number(0.3)])
        let result = try plan.run([try load("northwind")])
        #expect(result.hasChanges)
        #expect(result.causes.diff.parameters.map(\.name) == ["late_share_limit"])
        let p = result.snapshots[0]
        let hero = try #require(p.rules.first { $0.rule == "hero.late_stage_ownership" })
        #expect(hero.cleared.map(\.id) == ["u-dana"])
        #expect(hero.newlyFlagged.isEmpty)
        #expect(hero.count == .init(before: 2, after: 1))
        #expect(p.flips.contains { $0.subject.id == "u-dana" && $0.field == "breached" && $0.before == "true" && $0.after == "false" && $0.team == "East" })
        #expect(p.payouts.isEmpty)
    }

    @Test func theSamePackAndParametersChangeNothing() throws {
        let result = try PolicyPlan(baseline: Self.core, candidate: Self.core).run([try load("northwind"), try load("ready-rep")])
        #expect(!result.hasChanges)
        #expect(result.causes.diff.isEmpty)
        #expect(result.snapshots.allSatisfy { $0.flips.isEmpty && $0.payouts.isEmpty && $0.moves.isEmpty && $0.evidence.isEmpty })
    }

    @Test func aRampChangeCostsWhatItShouldAndWinnersAndLosersSumToTheTotal() throws {
        let plan = PolicyPlan(baseline: Self.core, candidate: Self.core,
                              candidateParameters: ["team_weight_ramp": .number(0.2), "payout_accelerator": .number(2)])
        let result = try plan.run([try load("new-manager-ramp"), try load("northwind")])
        // Maya, 4 months in: team 0.45 + 0.2 x 4/12, retention 0.1, the rest personal;
        // components 16/15, 1 and 0.8; under 100%, so the accelerator does not apply.
        let team = 0.45 + 0.2 * 4 / 12, personal = 1 - team - 0.1
        let blended = team * (16.0 / 15) + 0.1 + personal * 0.8
        let maya = try #require(result.snapshots[0].payouts.first { $0.subject.id == "u-maya" })
        #expect(abs(maya.after! - 60000 * blended) < 0.01)
        #expect(abs(maya.before! - 58000) < 0.01)
        for p in result.snapshots {
            let sum = p.payouts.reduce(0) { $0 + $1.delta }
            #expect(abs(sum - (p.payout.total.after - p.payout.total.before)) < 1e-6)
            #expect(abs(p.payout.byTeam.reduce(0) { $0 + $1.delta } - sum) < 1e-6)
            #expect(p.payouts.map(\.delta) == p.payouts.map(\.delta).sorted(by: >))
        }
        // Northwind's managers are above 100%: a steeper accelerator pays each of them more.
        #expect(result.snapshots[1].payouts.count == 5)
        #expect(result.snapshots[1].payouts.allSatisfy { $0.delta > 0 })
    }

    @Test func aClientLayerNamesItsCausesAndTheRulesItStops() throws {
        let keller = CompiledPack(try RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/clients/keller")))
        let result = try PolicyPlan(baseline: Self.core, candidate: keller).run([try load("stalled-pipeline")])
        #expect(result.causes.diff.rulesDisabled.map(\.id) == ["pipeline.stalled_deals"])
        #expect(Set(result.causes.diff.parameters.map(\.name)) == ["team_weight_ramp", "team_weight_ramp_months"])
        let p = result.snapshots[0]
        #expect(p.rules.first { $0.rule == "pipeline.stalled_deals" }?.cleared.map(\.id) == ["u-grace"])
        #expect(p.flips.contains { $0.rule == "pipeline.stalled_deals" && $0.field == "result" && $0.before == "breached" && $0.after == nil })
    }

    @Test func everyFormatRendersTheSamePlan() throws {
        let plan = PolicyPlan(baseline: Self.core, candidate: Self.core, candidateParameters: ["payout_accelerator": .number(2)])
        let result = try plan.run([try load("northwind")])
        let text = try PlanReport.render(result, format: .text)
        #expect(text.contains("Winners and losers\n    +5,400 (+7.1%)  Tom Alvarez (South)  76,200 → 81,600"), "\(text)")
        let json = try PlanReport.render(result, format: .json)
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(document?["schema"] as? String == "ladder.plan/1")
        #expect(document?["changed"] as? Bool == true)
        let html = try PlanReport.render(result, format: .html)
        #expect(html.contains("<svg role=\"img\" aria-label=\"Histogram of payout changes\""))
        #expect(try PlanReport.render(result, format: .markdown).hasPrefix("# Plan: core 0.1.0 → core 0.1.0\n"))
        #expect(throws: LadderError.self) { try PlanReport.render(result, format: .csv) }
    }
}

@Suite struct ParameterSweeps {
    static let pack = try! RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/core"))

    @Test func rangesAndListsAreReadAsTheParametersType() throws {
        #expect(try ParameterSweep.values("0.10:0.40:0.1", for: "late_share_limit", in: Self.pack) == [.number(0.1), .number(0.2), .number(0.3), .number(0.4)])
        #expect(try ParameterSweep.values("0.1,0.25", for: "late_share_limit", in: Self.pack) == [.number(0.1), .number(0.25)])
        #expect(try ParameterSweep.values("2:4:1", for: "min_late_deals", in: Self.pack) == [.integer(2), .integer(3), .integer(4)])
        for bad in ["2:4:0.5", "0.4:0.1:0.1", "0.1:0.4:0", "x:1:1", "0.1:nan:0.1"] {
            let parameter = bad.hasPrefix("2:") ? "min_late_deals" : "late_share_limit"
            #expect(throws: LadderError.self, "\(bad)") { try ParameterSweep.values(bad, for: parameter, in: Self.pack) }
        }
        #expect(throws: LadderError.self) { try ParameterSweep.values("0.1,0.2", for: "nominees", in: Self.pack) }
        #expect(throws: LadderError.self) { try ParameterSweep.values("0.1,0.2", for: "late_share_limt", in: Self.pack) }
    }

    @Test func countsPerValueAndRefusedValues() throws {
        let loaded = try SnapshotLoader().load(contentsOf: PackPaths.repository.appendingPathComponent("examples/northwind/snapshot.json"))
        let compiled = CompiledPack(Self.pack)
        let sweep = ParameterSweep(compiled: compiled, parameter: "late_share_limit", values: [.number(0.2), .number(0.25), .number(0.4)])
        let result = try sweep.run(loaded)
        #expect(result.points.map { $0.counts["hero.late_stage_ownership"] } == [2, 1, 0])
        #expect(result.affectedRules.map(\.id) == ["hero.late_stage_ownership"])
        #expect(!result.affectsPayout)
        let text = try SweepReport.render(result, format: .text)
        #expect(text.contains("late_share_limit  hero.late_stage_ownership (flagged)\n             0.2                                    2\n"), "\(text)")

        let floors = try ParameterSweep(compiled: compiled, parameter: "payout_floor", values: [.number(0.5), .number(1.05)]).run(loaded)
        #expect(floors.points[0].refused == nil)
        #expect(floors.points[1].refused?.contains("payout_floor <= 1") == true)
        let payouts = try ParameterSweep(compiled: compiled, parameter: "payout_accelerator", values: [.number(1), .number(2)]).run(loaded)
        #expect(payouts.affectsPayout)
        #expect(payouts.points.map(\.payout) == [324_200, 348_400])
        #expect(try SweepReport.render(payouts, format: .html).contains("<polyline"))
        #expect(try SweepReport.render(payouts, format: .json).contains("\"schema\" : \"ladder.sweep/1\""))
    }
}

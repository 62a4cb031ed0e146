import Foundation
import Testing

@Suite struct PlanCommand {
    @Test func exitsZeroWhenNothingChangesAndThreeWhenSomethingDoes() throws {
        let same = try CLIRunner.run(["plan", "--pack", "rules/core", "examples/northwind/snapshot.json"])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("nothing changes on 1 snapshot"))

        let changed = try CLIRunner.run(["plan", "--pack", "rules/core", "--param", "late_share_limit=0.3", "examples/northwind/snapshot.json"])
        #expect(changed.status == 3, "\(changed.stderr)")
        #expect(changed.stdout.contains("parameter late_share_limit: 0.2 → 0.3 (set by command line)"))
        #expect(changed.stdout.contains("Hero-Manager: owns too many late-stage deals: 2 → 1 flagged; cleared: Dana Fox"))
    }

    @Test func aClientLayerAgainstItsBaselineAsJSON() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let out = try CLIRunner.run(["plan", "--pack", "rules/clients/keller", "--baseline", "rules/core", "examples/stalled-pipeline/snapshot.json",
                                     "--format", "json", "--output", file.path])
        #expect(out.status == 3, "\(out.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
        #expect(document?["schema"] as? String == "ladder.plan/1")
        let diff = (document?["causes"] as? [String: Any])?["diff"] as? [String: Any]
        #expect((diff?["rules_disabled"] as? [[String: Any]])?.first?["id"] as? String == "pipeline.stalled_deals")
    }

    @Test func usageAndInputErrorsKeepEvaluatesCodes() throws {
        #expect(try CLIRunner.run(["plan", "--pack", "rules/core", "examples/northwind/snapshot.json", "--format", "csv"]).status == 64)
        #expect(try CLIRunner.run(["plan", "--pack", "rules/core"]).status == 64)
        #expect(try CLIRunner.run(["plan", "--pack", "rules/core", "--param", "late_share_limt=0.3", "examples/northwind/snapshot.json"]).status == 64)
        #expect(try CLIRunner.run(["plan", "--pack", "rules/core", "no/such/snapshot.json"]).status == 2)
    }
}

@Suite struct SweepCommand {
    @Test func aRangeGivesARowPerValue() throws {
        let out = try CLIRunner.run(["sweep", "--pack", "rules/core", "examples/northwind/snapshot.json", "--param", "late_share_limit=0.20:0.40:0.05"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("            0.25                                    1\n"), "\(out.stdout)")
        #expect(try CLIRunner.run(["sweep", "--pack", "rules/core", "examples/northwind/snapshot.json"]).status == 64)
        #expect(try CLIRunner.run(["sweep", "--pack", "rules/core", "examples/northwind/snapshot.json", "--param", "late_share_limit=0.2:0.1:0.1"]).status == 64)
    }
}

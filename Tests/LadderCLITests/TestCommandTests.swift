import Foundation
import Testing

@Suite struct TestCommand {
    @Test func theShippedPacksPassWithFullCoverageAndUnchangedVerdicts() throws {
        let out = try CLIRunner.run(["test", "rules", "--golden", "--coverage-threshold", "100"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("coverage of core: 100%"))
        #expect(out.stdout.contains("coverage of brightwave: 100%"))
        #expect(out.stdout.contains("coverage of keller: 100%"))
        #expect(out.stdout.hasSuffix(" passed, 0 failed\n"))
    }

    @Test func aFailingCaseExitsOneAndNamesTheRule() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-pack-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
        let core = CLIRunner.repository.appendingPathComponent("rules/core")
        for file in try FileManager.default.contentsOfDirectory(atPath: core.path) where file != "tests" {
            try FileManager.default.copyItem(at: core.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        try Data("""
            snapshot: \(CLIRunner.repository.path)/examples/hero-owner/snapshot.json
            cases:
              - name: expects the wrong thing
                expect: [{rule: hero.late_stage_ownership, subject: u-tom, breached: false}]
            """.utf8).write(to: folder.appendingPathComponent("tests/wrong.yaml"))
        let junit = folder.appendingPathComponent("junit.xml")
        let out = try CLIRunner.run(["test", folder.path, "--junit", junit.path])
        #expect(out.status == 1)
        #expect(out.stdout.contains("FAIL  core/wrong.yaml: expects the wrong thing"))
        #expect(out.stdout.contains("expected: false"))
        #expect(out.stdout.contains("\(folder.lastPathComponent)/hero_late_stage_ownership.lua"))
        #expect(try String(contentsOf: junit, encoding: .utf8).contains("<failure message="))
    }

    @Test func selectionAndEmptyRuns() throws {
        let some = try CLIRunner.run(["test", "rules/core", "--run", "Hero-Manager", "--verbose"])
        #expect(some.status == 0)
        #expect(some.stdout.contains("ok    core/hero_late_stage_ownership.yaml"))
        #expect(!some.stdout.contains("promotion_gate.yaml"))
        let none = try CLIRunner.run(["test", "rules/core", "--run", "no such case", "--fail-on-empty"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no test case ran"))
    }

    @Test func usageErrors() throws {
        #expect(try CLIRunner.run(["test", "rules/core", "--update"]).status == 64)
        #expect(try CLIRunner.run(["test", "rules/core", "--run", "("]).status == 64)
        #expect(try CLIRunner.run(["test", "rules/nope"]).status == 2)
    }
}

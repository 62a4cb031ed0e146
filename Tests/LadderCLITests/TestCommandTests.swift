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

@Suite struct TestCommandNeverHidesAFailure {
    func pack(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-hide-\(UUID().uuidString)")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    @Test func aRuleFileThatDoesNotCompileIsShownOnceAndExitsTwo() throws {
        let folder = try pack([
            "pack.yaml": "name: brk\nversion: 1.0.0\nrules: [a.lua]\n",
            "a.lua": "return {id = \"brk.a\" title = \"A\"}\n",
            "tests/t.yaml": "snapshot: x.json\ncases:\n  - name: one\n    expect: [{rule: brk.a, subject: u-x}]\n  - name: two\n    expect: [{rule: brk.a, subject: u-x}]\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try CLIRunner.run(["test", folder.path])
        #expect(out.status == 2)
        #expect(out.stdout.components(separatedBy: "PACK ERROR").count == 2, "\(out.stdout)")
        #expect(out.stdout.contains("/a.lua:1: does not compile: '}' expected near 'title'"))
        #expect(!out.stdout.contains("no rule"))
    }

    @Test func aChangedPinnedVerdictDoesNotHideAFailingCase() throws {
        let snapshot = CLIRunner.repository.appendingPathComponent("examples/hero-owner/snapshot.json").path
        let folder = try pack([
            "pack.yaml": "name: pinned\nversion: 1.0.0\nrules: [r.lua]\n",
            "r.lua": """
                return {id = "p.r", title = "R", kind = "threshold", unit = "count", subject = "manager",
                        evaluate = function() return {value = 1, limit = 2, breached = false} end}
                """,
            "tests/r.yaml": "snapshot: \(snapshot)\ncases:\n  - name: wrong\n    expect: [{rule: p.r, subject: u-tom, value: 5}]\n",
            "tests/golden/snapshots.yaml": "snapshots: [\(snapshot)]\n",
            "tests/golden/hero-owner.json": "{\"verdicts\": [\n]}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try CLIRunner.run(["test", folder.path, "--golden"])
        #expect(out.status == 1)
        #expect(out.stdout.contains("FAIL  pinned/r.yaml: wrong"), "\(out.stdout)")
        #expect(out.stdout.contains("0 passed, 1 failed"))
        #expect(out.stdout.contains("CHANGED"))
        #expect(out.stdout.contains("p.r u-tom: new verdict"))
        #expect(out.stderr.contains("run ladder test \(folder.path) --golden --update"), "\(out.stderr)")
    }

    @Test func mutationTestingPrintsSurvivorsWritesJSONAndEnforcesTheThreshold() throws {
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-mutation-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: json) }
        let out = try CLIRunner.run(["test", "rules/core", "--golden", "--mutate-threshold", "99.9", "--mutate-json", json.path])
        #expect(out.status == 1, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("mutation testing core (rules/core): "))
        #expect(out.stdout.contains(": mutant survived: '"))
        #expect(out.stdout.contains("% of mutants killed ("))
        #expect(out.stderr.contains("the mutation score of core is "), "\(out.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect(document?["schema"] as? String == "ladder.mutation/1")
        let pack = (document?["packs"] as? [[String: Any]])?.first
        #expect(pack?["pack"] as? String == "core")
        #expect((pack?["equivalent"] as? Int ?? 0) > 0)
        #expect(((pack?["score"] as? Double) ?? 0) >= 90)
    }

    @Test func mutationUsageErrors() throws {
        #expect(try CLIRunner.run(["test", "rules/core", "--mutate", "--run", "gate"]).status == 64)
        #expect(try CLIRunner.run(["test", "rules/core", "--golden", "--update", "--mutate"]).status == 64)
        #expect(try CLIRunner.run(["test", "rules/core", "--mutate-threshold", "120"]).status == 64)
    }
}

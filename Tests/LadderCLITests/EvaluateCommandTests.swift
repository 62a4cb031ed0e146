import Foundation
import LadderTestSupport
import Testing

@Suite(.serialized) struct EvaluateCommand {
    let example = "examples/northwind/snapshot.json"

    @Test func outputFileIsWrittenAndEqualsStandardOutput() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let written = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--format", "json", "--output", file.path])
        let printed = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--format", "json"])
        #expect(written.status == 0 && written.stdout == "")
        #expect(try String(contentsOf: file, encoding: .utf8) == printed.stdout)
    }

    @Test func ruleFailuresExitOne() throws {
        let out = try CLIRunner.run(["evaluate", "--pack", "Tests/LadderTests/Fixtures/packs/adversarial", example])
        #expect(out.status == 1)
        #expect(out.stderr.contains("rule failures; see the report"))
        #expect(out.stdout.contains("ok.counts_reports"))
    }

    @Test func anInvalidSnapshotExitsTwoWithEveryProblem() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("""
            {"version": 1, "as_of": "2026-06-31", "organization": {"id": "x", "name": "X", "currency": "EUR"},
             "periods": [], "teams": [{"id": "t", "name": "T", "manager_id": "u-zed"}],
             "people": [{"id": "p", "name": "P", "role": "rep"}, {"id": "p", "name": "Q", "role": "rep"}]}
            """.utf8).write(to: file)
        let out = try CLIRunner.run(["evaluate", "--pack", "rules/core", file.path])
        #expect(out.status == 2)
        #expect(out.stdout == "")
        #expect(out.stderr.contains("as_of: \"2026-06-31\" is not a date; write YYYY-MM-DD"))
        #expect(out.stderr.contains("teams[0].manager_id: no person \"u-zed\""))
        #expect(out.stderr.contains("people[1].id: duplicate person id \"p\" (first at people[0])"))
    }

    @Test func aMissingPackExitsTwo() throws {
        let out = try CLIRunner.run(["evaluate", "--pack", "rules/nope", example])
        #expect(out.status == 2)
        #expect(out.stderr.contains("the pack folder rules/nope does not exist"))
    }

    @Test func usageErrorsExitSixtyFour() throws {
        #expect(try CLIRunner.run(["evaluate", example]).status == 64)
        let param = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--param", "late_share_limit=high"])
        #expect(param.status == 64)
        #expect(param.stderr.contains("parameter late_share_limit: takes a number, got \"high\""))
        let rule = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--rule", "hero.nope"])
        #expect(rule.status == 64)
        #expect(rule.stderr.contains("no rule \"hero.nope\" in the pack"))
        let subject = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--subject", "u-nobody"])
        #expect(subject.status == 64)
    }

    @Test func anUnwritableOutputExitsSeventyFour() throws {
        let out = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--output", "/nonexistent/dir/report.txt"])
        #expect(out.status == 74)
        #expect(out.stderr.contains("cannot write /nonexistent/dir/report.txt: No such file or directory"))
    }

    /// A report replaces the file whole, in every format, and nothing is left beside it; a
    /// failed write says why and leaves what was there.
    @Test func theOutputIsReplacedWholeOrNotAtAll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report").path
        try Data(String(repeating: "longer than the report ", count: 100_000).utf8).write(to: URL(fileURLWithPath: path))
        for format in ["json", "text"] {
            let out = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--format", format, "--output", path])
            #expect(out.status == 0)
            let stdout = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--format", format])
            #expect(try String(contentsOfFile: path, encoding: .utf8) == stdout.stdout, "\(format)")
        }
        let taken = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--output", folder.path])
        #expect(taken.status == 74)
        #expect(taken.stderr.contains("cannot write \(folder.path): Is a directory"), "\(taken.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report"])
    }

    @Test func parametersRulesAndSubjectsNarrowTheRun() throws {
        let out = try CLIRunner.run(["evaluate", "--pack", "rules/core", example, "--format", "json",
                                     "--param", "late_share_limit=0.3", "--rule", "hero.late_stage_ownership", "--subject", "u-dana"])
        #expect(out.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as! [String: Any]
        let results = report["results"] as! [[String: Any]]
        #expect(results.count == 1)
        #expect(results[0]["breached"] as? Bool == false)
        #expect((report["parameters"] as! [String: Any])["late_share_limit"] as? Double == 0.3)
    }

    @Test func helpMatchesItsGolden() throws {
        let out = try CLIRunner.run(["evaluate", "--help"])
        try expectGolden(out.stdout, at: CLIRunner.goldens.appendingPathComponent("evaluate-help.txt"))
    }
}

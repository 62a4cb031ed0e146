import Foundation
import Testing

@Suite(.serialized) struct ImportCommand {
    final class Scratch {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-import-cli-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    /// Every verdict of the core pack, by rule and subject: status, value, outcome and message.
    static func verdicts(_ snapshot: String) throws -> [String: String] {
        let run = try CLIRunner.run(["evaluate", "--pack", "rules/core", snapshot, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        var verdicts: [String: String] = [:]
        for result in report["results"] as? [[String: Any]] ?? [] {
            let subject = (result["subject"] as? [String: Any])?["id"] as? String ?? "?"
            verdicts["\(result["rule"] ?? "?") \(subject)"] = ["status", "breached", "value", "outcome", "message"]
                .map { "\(result[$0] ?? "-")" }.joined(separator: " | ")
        }
        return verdicts
    }

    @Test(arguments: ["salesforce", "hubspot"])
    func theCRMExamplesGiveTheVerdictsOfTheJSONSnapshot(_ preset: String) throws {
        let scratch = try Scratch()
        let imported = try CLIRunner.run(["import", "examples/crm/\(preset).yaml", "--output", scratch.path("a.json")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("351 deals"))
        #expect(!imported.stdout.contains("Skipped rows"), "\(imported.stdout)")
        let expected = try Self.verdicts("examples/northwind/snapshot.json")
        #expect(expected.count > 40)
        #expect(try Self.verdicts(scratch.path("a.json")) == expected)
        // The same files, the same bytes.
        #expect(try CLIRunner.run(["import", "examples/crm/\(preset).yaml", "--output", scratch.path("b.json")]).status == 0)
        #expect(FileManager.default.contents(atPath: scratch.path("a.json")) == FileManager.default.contents(atPath: scratch.path("b.json")))
    }

    @Test func aRefusedImportWritesNothingAndExitsTwo() throws {
        let scratch = try Scratch()
        try scratch.write("m.yaml", """
            organization: {id: x, name: X, currency: USD}
            as_of: 2026-06-30
            files: [{path: roster.csv, kind: roster}, {path: deals.csv, kind: deals}]
            """)
        try scratch.write("roster.csv", "ID,Name,Role,Team\nu-a,Ann,Rep,East\n")
        try scratch.write("deals.csv", "Deal ID,Owner,Stage,Amount,Close Date\nD1,Ann,Closed Won,5,03/04/2026\n")
        let run = try CLIRunner.run(["import", scratch.path("m.yaml"), "--output", scratch.path("out.json"), "--report-json", scratch.path("r.json")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("refused, 1 problem; nothing written"), "\(run.stderr)")
        #expect(run.stderr.contains("column \"Close Date\" holds \"03/04/2026\" (line 2), which is not YYYY-MM-DD; it could be MM/DD/YYYY or DD/MM/YYYY: set date_format"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out.json")))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("r.json")))) as? [String: Any])
        #expect((report["problems"] as? [Any])?.count == 1)

        // With the format, the import goes through; --strict refuses a skipped row.
        try scratch.write("m.yaml", "date_format: DD/MM/YYYY\n" + (try String(contentsOfFile: scratch.path("m.yaml"), encoding: .utf8)))
        try scratch.write("deals.csv", "Deal ID,Owner,Stage,Amount,Close Date\nD1,Ann,Closed Won,5,03/04/2026\nD2,Bob,Closed Won,5,03/04/2026\n")
        let strict = try CLIRunner.run(["import", scratch.path("m.yaml"), "--output", scratch.path("out.json"), "--strict"])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("deals.csv:3: Owner: \"Bob\" is not a person in the roster"), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out.json")))
        let lenient = try CLIRunner.run(["import", scratch.path("m.yaml"), "--output", "-"])
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("\"close_date\" : \"2026-04-03\""), "\(lenient.stdout)")
        #expect(lenient.stderr.contains("1 row, 1 used") && lenient.stderr.contains("2 rows, 1 used, 1 skipped"), "\(lenient.stderr)")
    }

    @Test func inspectShowsTheFieldsAndFormatsOfAFile() throws {
        let run = try CLIRunner.run(["import", "--inspect", "examples/crm/salesforce/opportunities.csv"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("351 data rows, 13 columns; 3 footer lines set aside"))
        #expect(run.stdout.contains("Looks like a deals file (kind: deals)"))
        #expect(run.stdout.contains("owner               ← \"Opportunity Owner\""))
        #expect(run.stdout.contains("Close Date (e.g. 01/31/2025): date_format: MM/DD/YYYY"))
        #expect(run.stdout.contains("not read: Account Name, Probability (%), Type, Fiscal Period"))
        let missing = try CLIRunner.run(["import", "--inspect", "examples/crm/nothing.csv"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "ladder: examples/crm/nothing.csv: cannot read examples/crm/nothing.csv: no such file\n", "\(missing.stderr)")
        #expect(try CLIRunner.run(["import", "examples/crm/salesforce.yaml"]).status == 64)
    }
}

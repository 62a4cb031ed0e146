import Foundation
import Ladder
import Testing

/// The tools for writing packs: the scaffold, the editor annotations and the JSON Schema.
@Suite struct AuthoringTools {
    @Test func aScaffoldedClientPassesCheckAndTestAsGenerated() throws {
        let scratch = ScratchPacks()
        let folder = try scratch.pack("acme-corp", PackScaffold.files(name: "acme-corp", extends: PackPaths.core.path))
        #expect(PackChecker().check(folder).isEmpty, "\(PackChecker().check(folder))")
        let runner = PackTestRunner()
        let run = runner.run([try runner.suite(for: folder)])
        #expect(run.problems.isEmpty && run.cases == 3 && run.failed == 0, "\(PackTestReport.text(run))")
        let manifest = try String(contentsOf: folder.appendingPathComponent("pack.yaml"), encoding: .utf8)
        for key in ["extends:", "overrides:", "# disable:", "# replace:", "rules:", "parameters:", "constraints:", "# limits:"] {
            #expect(manifest.contains(key), "\(key)")
        }
    }

    @Test func annotationsDescribeEveryRecordAndThePacksParameters() throws {
        let pack = try RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/clients/brightwave"))
        let text = EditorTypes.annotations(for: pack)
        for record in SnapshotSchema.records {
            #expect(text.contains("---@class (exact) \(record.typeName)\n"))
            for field in record.fields { #expect(text.contains("---@field \(field.name)\(field.alwaysPresent ? "" : "?") "), "\(record.kind).\(field.name)") }
        }
        #expect(text.contains("---@field team_id? string"))
        #expect(text.contains("---@field cadence_max_gap integer"))
        #expect(text.contains("---@field late_share_limit number"))
        #expect(text.contains("---@field deals_by_owner table<string, Deal[]>"))
        #expect(text.contains("---@field people_by_id table<string, Person>"))
        #expect(text.split(separator: "\n").allSatisfy { $0.isEmpty || $0.hasPrefix("--") })
    }

    /// An independent validator (Python's jsonschema) accepts every example and refuses a broken one.
    @Test func theJSONSchemaValidatesEveryExample() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(try SnapshotJSONSchema.render().utf8).write(to: folder.appendingPathComponent("schema.json"))
        let script = """
            import glob, json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            for path in sorted(glob.glob(sys.argv[2] + "/examples/*/snapshot.json")):
                errors = [e.message for e in validator.iter_errors(json.load(open(path)))]
                print(path.split("/")[-2], len(errors), errors[:1])
            broken = json.load(open(sys.argv[2] + "/examples/northwind/snapshot.json"))
            broken["deals"][0]["amount"] = -5
            broken["assessments"][0]["scores"]["curiosity"] = 7
            del broken["teams"]
            print("broken", len(list(validator.iter_errors(broken))))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.appendingPathComponent("schema.json").path, PackPaths.repository.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(process.terminationStatus == 0, "python3 with jsonschema is needed (.ci/run installs it): \(complaint)")
        let lines = printed.split(separator: "\n")
        #expect(lines.count == 10, "\(printed)")
        for line in lines.dropLast() { #expect(line.split(separator: " ")[1] == "0", "\(line)") }
        #expect(lines.last == "broken 3")
    }
}

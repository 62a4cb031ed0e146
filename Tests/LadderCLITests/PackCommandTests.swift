import Foundation
import Testing

/// The commands for pack authors, as a consultant runs them.
@Suite struct PackCommands {
    @Test func checkPrintsLocatedFindingsAndExitsOne() throws {
        let clean = try CLIRunner.run(["check", "rules/core", "rules/clients/brightwave", "rules/clients/keller"])
        #expect(clean.status == 0 && clean.stdout == "3 packs checked, no problems\n", "\(clean.stdout)\(clean.stderr)")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("name: acme\nversion: 1.0.0\nextends: \(CLIRunner.repository.path)/rules/core\nrules: [r.lua]\n".utf8)
            .write(to: folder.appendingPathComponent("pack.yaml"))
        try Data("""
            return {id = "acme.r", title = "R", kind = "threshold", subject = "manager",
              evaluate = function(manager, ctx) return {value = manager.tem_id, limit = 1, breached = false} end}
            """.utf8).write(to: folder.appendingPathComponent("r.lua"))
        let found = try CLIRunner.run(["check", folder.path])
        #expect(found.status == 1)
        #expect(found.stdout.contains("\(folder.path)/r.lua:2:61: error: manager.tem_id: a person has no field \"tem_id\" (did you mean team_id?)"), "\(found.stdout)")
        #expect(found.stdout.contains("\(folder.path)/r.lua:2: warning: rule acme.r has no test case"))
        let json = try CLIRunner.run(["check", folder.path, "--format", "json"])
        let findings = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: [[String: Any]]]
        #expect(findings["findings"]?.count == 2)
    }

    @Test func packShowAndDiff() throws {
        let show = try CLIRunner.run(["pack", "show", "rules/clients/brightwave"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("coaching.one_on_one_cadence  threshold on manager  from brightwave: clients/brightwave/coaching_cadence.lua, replaces core's"))
        #expect(show.stdout.contains("late_share_limit         0.15 (default 0.2)  [min 0, max 1]  set by brightwave, declared by core"))
        let json = try CLIRunner.run(["pack", "show", "rules/clients/keller", "--format", "json"])
        let pack = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((pack["disabled"] as? [[String: String]])?.first?["id"] == "pipeline.stalled_deals")
        let diff = try CLIRunner.run(["pack", "diff", "rules/core", "rules/clients/keller"])
        #expect(diff.stdout == """
            core 0.1.0 → keller 1.0.0
            - rule pipeline.stalled_deals disabled by keller
            ~ team_weight_ramp: 0.3 → 0.25 (set by keller)
            ~ team_weight_ramp_months: 12 → 24 (set by keller)

            """)
    }

    @Test func initScaffoldsAPackThatPassesCheckAndTest() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try CLIRunner.run(["init", "acme", "--dir", dir.path, "--extends", "\(CLIRunner.repository.path)/rules/core"])
        #expect(made.status == 0, "\(made.stderr)")
        let pack = dir.appendingPathComponent("acme").path
        #expect(try CLIRunner.run(["check", pack]).status == 0)
        let tested = try CLIRunner.run(["test", pack])
        #expect(tested.status == 0 && tested.stdout.hasSuffix("3 passed, 0 failed\n"), "\(tested.stdout)")
        let again = try CLIRunner.run(["init", "acme", "--dir", dir.path])
        #expect(again.status == 74 && again.stderr.contains("it exists already"))
        #expect(try CLIRunner.run(["init", "Acme Corp"]).status == 64)
    }

    @Test func aClientPackNamedOnThePackPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-path-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLIRunner.run(["init", "acme", "--dir", dir.path]).status == 0)
        let pack = dir.appendingPathComponent("acme").path
        let lost = try CLIRunner.run(["evaluate", "--pack", pack, "examples/hero-owner/snapshot.json"])
        #expect(lost.status == 2 && lost.stderr.contains("extends: no pack \"core\" found"), "\(lost.stderr)")
        let found = try CLIRunner.run(["evaluate", "--pack", pack, "--pack-path", "rules", "examples/hero-owner/snapshot.json", "--rule", "acme.team_size"])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("layers core 0.1.0"))
    }

    @Test func traceGoesToStandardErrorOnly() throws {
        let out = try CLIRunner.run(["evaluate", "--pack", "rules/core", "examples/hero-owner/snapshot.json", "--trace", "--rule", "hero.late_stage_ownership"])
        #expect(out.status == 0 && !out.stdout.contains("trace ["))
    }

    @Test func typesAndSchemaAreWritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-types-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLIRunner.run(["types", "--pack", "rules/clients/brightwave", "--output", dir.path]).status == 0)
        let annotations = try String(contentsOf: dir.appendingPathComponent(".ladder/ladder.lua"), encoding: .utf8)
        #expect(annotations.contains("---@field cadence_max_gap integer"))
        let luarc = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(".luarc.json"))) as! [String: Any]
        #expect(luarc["runtime.version"] as? String == "Lua 5.4")
        let schema = try CLIRunner.run(["schema"])
        #expect(schema.status == 0 && schema.stdout.contains("\"$schema\" : \"https://json-schema.org/draft/2020-12/schema\""))
    }
}

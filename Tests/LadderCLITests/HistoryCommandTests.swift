import Foundation
import GRDB
import Testing

@Suite(.serialized) struct HistoryCommands {
    final class Scratch {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-history-cli-\(UUID().uuidString)")
        var path: String { folder.appendingPathComponent("h.sqlite").path }
        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func recordListShowDiffExportVerifyAndReplay() throws {
        let h = Scratch()
        let snapshot = "examples/northwind/snapshot.json"
        let first = try CLIRunner.run(["evaluate", "--pack", "rules/core", snapshot, "--record", "--history", h.path, "--actor", "ana",
                                       "--note", "Q2 review", "--store-snapshot", "--format", "json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("recorded run 1 in \(h.path)"))
        #expect(try CLIRunner.run(["evaluate", "--pack", "rules/core", snapshot, "--param", "late_share_limit=0.3", "--record", "--history", h.path]).status == 0)

        let list = try CLIRunner.run(["history", "list", "--history", h.path])
        #expect(list.stdout.contains("1  "), "\(list.stdout)")
        #expect(list.stdout.contains("core 0.1.0  Northwind Traders as of 2026-06-30  4 breaches, 0 failures  by ana  \"Q2 review\""))
        #expect(try CLIRunner.run(["history", "list", "--history", h.path, "--pack", "keller"]).stdout.hasPrefix("no runs match"))

        let show = try CLIRunner.run(["history", "show", "2", "--history", h.path])
        #expect(show.stdout.contains("parameters set for the run: late_share_limit=0.3"))

        // The same diff and renderer as plan, on the same inputs.
        let diff = try CLIRunner.run(["history", "diff", "1", "2", "--history", h.path])
        let plan = try CLIRunner.run(["plan", "--pack", "rules/core", "--param", "late_share_limit=0.3", snapshot])
        #expect(diff.status == 3)
        #expect(diff.stdout == plan.stdout)

        let export = try CLIRunner.run(["history", "export", "1", "--history", h.path])
        let document = try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any]
        #expect(document?["schema"] as? String == "ladder.run/1")
        #expect(document?["note"] as? String == "Q2 review")

        #expect(try CLIRunner.run(["history", "verify", "--history", h.path]).stdout.contains("2 runs in \(h.path): every hash and link holds"))
        let replay = try CLIRunner.run(["replay", "1", "--history", h.path])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("the same results, byte for byte"))
        #expect(try CLIRunner.run(["replay", "2", "--history", h.path]).status == 64)   // no copy kept
        #expect(try CLIRunner.run(["replay", "2", "--history", h.path, "--snapshot", snapshot]).status == 0)
        #expect(try CLIRunner.run(["replay", "2", "--history", h.path, "--snapshot", "examples/ready-rep/snapshot.json"]).status == 2)
        // A candidate planned against what run 1 decided, on the snapshot the history kept.
        let againstRun = try CLIRunner.run(["plan", "--pack", "rules/core", "--param", "late_share_limit=0.3", "--baseline-run", "1", "--history", h.path])
        #expect(againstRun.status == 3)
        #expect(againstRun.stdout == plan.stdout)
        #expect(try CLIRunner.run(["plan", "--pack", "rules/core", "--baseline-run", "1", "--history", h.path]).status == 0)
        #expect(try CLIRunner.run(["plan", "--pack", "rules/core", "--baseline-run", "2", "--history", h.path]).status == 64)
        #expect(try CLIRunner.run(["history", "show", "9", "--history", h.path]).status == 64)
        #expect(try CLIRunner.run(["history", "list", "--history", h.folder.appendingPathComponent("none.sqlite").path]).status == 2)
        #expect(try CLIRunner.run(["evaluate", "--pack", "rules/core", snapshot, "--note", "x"]).status == 64)
    }

    /// Recording runs killed at random moments leave a sound file and only whole runs.
    @Test func aRecordingKilledAtAnyMomentLeavesNoPartialRun() throws {
        let h = Scratch()
        var generator = SplitMix(seed: 7)
        for _ in 0..<12 {
            let process = Process()
            process.executableURL = CLIRunner.binary
            process.arguments = ["evaluate", "--pack", "rules/core", "examples/northwind/snapshot.json", "--record", "--store-snapshot",
                                 "--history", h.path, "--format", "json", "--output", h.folder.appendingPathComponent("r.json").path]
            process.currentDirectoryURL = CLIRunner.repository
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(generator.next() % 400_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        guard FileManager.default.fileExists(atPath: h.path) else { return }   // every run was killed before it opened the file
        let db = try DatabaseQueue(path: h.path)
        #expect(try db.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        let verify = try CLIRunner.run(["history", "verify", "--history", h.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let runs = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM run") } ?? 0
        let whole = try db.read { try Int.fetchOne($0, sql: "SELECT count(DISTINCT run_id) FROM verdict") } ?? 0
        #expect(runs == whole)
    }
}

/// A small seeded generator, so the kill times are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

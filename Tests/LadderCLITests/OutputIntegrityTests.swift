import Foundation
import Testing

/// Every report is the same bytes whatever the worker count, time zone or locale, and a report
/// being written when Ladder is killed is the old file or the new one, never a torn one.
@Suite(.serialized) struct OutputIntegrity {
    @Test func reportsAreByteIdenticalAcrossWorkersTimeZonesAndLocales() throws {
        for format in ["json", "html", "text", "csv", "markdown"] {
            let reference = try CLIRunner.run(["evaluate", "--pack", "rules/core", "examples/northwind/snapshot.json", "--format", format, "--workers", "1"])
            #expect(reference.status == 0)
            for (workers, env) in [("2", ["TZ": "Pacific/Auckland", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"]),
                                   ("4", ["TZ": "America/Los_Angeles", "LANG": "ar_EG.UTF-8"]), ("3", ["TZ": "UTC", "LANG": "C"])] {
                let other = try CLIRunner.run(["evaluate", "--pack", "rules/core", "examples/northwind/snapshot.json", "--format", format, "--workers", workers],
                                              environment: env)
                #expect(other.stdout == reference.stdout, "\(format) with \(workers) workers and \(env)")
            }
        }
    }

    @Test func aReportKilledWhileWritingIsTheOldFileOrTheNewOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("report.html")
        let fresh = try CLIRunner.run(["evaluate", "--pack", "rules/core", "examples/northwind/snapshot.json", "--format", "html"]).stdout
        var generator = SplitMix(seed: 11)
        for round in 0..<10 {
            let old = "old report \(round)\n"
            try Data(old.utf8).write(to: file)
            let process = Process()
            process.executableURL = CLIRunner.binary
            process.arguments = ["evaluate", "--pack", "rules/core", "examples/northwind/snapshot.json", "--format", "html", "--output", file.path]
            process.currentDirectoryURL = CLIRunner.repository
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(generator.next() % 300_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try String(contentsOf: file, encoding: .utf8)
            #expect(now == old || now == fresh, "round \(round): a torn file of \(now.utf8.count) bytes")
        }
    }
}

/// Inputs as a command-line user gives them.
@Suite struct Inputs {
    @Test func standardInputPipesFoldersAndLimits() throws {
        let snapshot = CLIRunner.repository.appendingPathComponent("examples/ready-rep/snapshot.json")
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["evaluate", "--pack", "rules/core", "-"]
        process.currentDirectoryURL = CLIRunner.repository
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try Data(contentsOf: snapshot))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.hasPrefix("Ladder 0.1.0: pack core 0.1.0 on Meridian Foods"))

        let folder = try CLIRunner.run(["evaluate", "--pack", "rules/core", "examples"])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("cannot read examples: is a folder, not a file"))
        let missing = try CLIRunner.run(["evaluate", "--pack", "rules/core", "no/such.json"])
        #expect(missing.stderr.contains("cannot read no/such.json: no such file"))
        let large = try CLIRunner.run(["evaluate", "--pack", "rules/core", "examples/ready-rep/snapshot.json"], environment: ["LADDER_MAX_INPUT_BYTES": "1000"])
        #expect(large.status == 2)
        #expect(large.stderr.contains("above the 1000-byte limit on inputs; raise LADDER_MAX_INPUT_BYTES"))
    }
}

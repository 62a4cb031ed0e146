import Foundation
import Testing
@testable import ladder

/// Large inputs restart the program once with glibc's huge-pages tunable; nothing else changes.
@Suite struct HugePagesTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-huge-pages-\(UUID().uuidString)")

    /// A file of `size` bytes that takes no room on disk.
    func sparse(_ name: String, size: Int) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, off_t(size)) == 0)
        return path
    }

    @Test func onlyInputsOf64MiBOrMoreAskForHugePages() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = try sparse("small.json", size: HugePages.from - 1), large = try sparse("large.json", size: HugePages.from)
        #expect(HugePages.tunables(reading: [small], given: nil) == nil)
        #expect(HugePages.tunables(reading: [small, large], given: nil) == "glibc.malloc.hugetlb=1")
        #expect(HugePages.tunables(reading: ["/no/such/snapshot.json"], given: nil) == nil)
    }

    @Test func theTunableIsAddedToTheOthersAndNeverTwice() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let large = try sparse("large.json", size: HugePages.from)
        #expect(HugePages.tunables(reading: [large], given: "") == "glibc.malloc.hugetlb=1")
        #expect(HugePages.tunables(reading: [large], given: "glibc.malloc.arena_max=2") == "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")
        // Set already, by the restart or by the user (=0 turns the restart off).
        #expect(HugePages.tunables(reading: [large], given: "glibc.malloc.hugetlb=1") == nil)
        #expect(HugePages.tunables(reading: [large], given: "glibc.malloc.hugetlb=0") == nil)
    }

    /// The restarted run is the same run: a snapshot padded past 64 MiB with whitespace (still
    /// the same JSON) gives the same report and exit status as the snapshot itself.
    @Test func aRestartedRunReportsAsTheFirstWouldHave() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let example = CLIRunner.repository.appendingPathComponent("examples/hero-owner/snapshot.json")
        let padded = folder.appendingPathComponent("padded.json")
        var bytes = try Data(contentsOf: example)
        bytes.append(Data(repeating: UInt8(ascii: " "), count: HugePages.from))
        try bytes.write(to: padded)
        let arguments = ["evaluate", "--pack", "rules/core", "--format", "csv"]
        let restarted = try CLIRunner.run(arguments + [padded.path], environment: ["GLIBC_TUNABLES": ""])
        let plain = try CLIRunner.run(arguments + [example.path])
        #expect(restarted.status == plain.status)
        #expect(restarted.stderr == plain.stderr)
        #expect(restarted.stdout == plain.stdout && !plain.stdout.isEmpty)
    }
}

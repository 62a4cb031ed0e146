import Foundation
import Testing
@testable import ladder

/// A large output is flushed to disk and let go from the page cache as it is written; what is
/// read back is every byte, in order, and it replaced the old file.
@Suite struct OutputFileTests {
    @Test func aLargeOutputWrittenInFlushedStepsReadsBackWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.json").path
        try Data("the old report\n".utf8).write(to: URL(fileURLWithPath: path))
        // About 40 MB in uneven pieces: several flushes of 8 MB, none on a piece's edge.
        var generator = SplitMix(seed: 5)
        let pieces = (0..<23).map { p in
            Array("piece \(p): ".utf8) + [UInt8](repeating: UInt8(ascii: "a") + UInt8(p), count: 1_000_003 + Int(generator.next() % 2_500_000))
        }
        let whole = pieces.reduce(into: Data()) { $0.append(contentsOf: $1) }
        #expect(whole.count > 4 * (8 << 20))
        try OutputFile.write(to: path) { chunk in
            for piece in pieces { try piece.withUnsafeBytes(chunk) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == whole)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
    }
}

import Foundation
import Testing

/// Compares `actual` with a committed golden file. With LADDER_RECORD=1 it rewrites the file
/// and fails, so a re-recording can never pass unnoticed.
public func expectGolden(_ actual: String, at url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if ProcessInfo.processInfo.environment["LADDER_RECORD"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url, options: .atomic)
        Issue.record("recorded \(url.path); unset LADDER_RECORD and run again", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden at \(url.path); run with LADDER_RECORD=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
        let want = first < expectedLines.count ? String(expectedLines[first]) : "(end of file)"
        let got = first < actualLines.count ? String(actualLines[first]) : "(end of output)"
        Issue.record("differs from \(url.lastPathComponent) at line \(first + 1):\n  expected: \(want)\n  actual:   \(got)\n(LADDER_RECORD=1 re-records on purpose)", sourceLocation: sourceLocation)
    }
}

import Foundation
import Ladder

/// Writes command output atomically: a reader sees the old file or the new one, never a torn one.
enum OutputFile {
    /// - Throws: ``OutputError`` naming the file.
    static func write(_ text: String, to path: String) throws {
        try write(RenderedReport(text: text), to: path)
    }

    static func write(_ report: RenderedReport, to path: String) throws {
        try write(to: path, report.withChunks)
    }

    static func write(_ data: Data, to path: String) throws {
        try write(to: path) { chunk in try data.withUnsafeBytes(chunk) }
    }

    /// Writes the runs of bytes `chunks` gives, one after the other, into a file beside `path`,
    /// flushes it to disk, then renames it over `path`; on any failure the file beside is
    /// removed and `path` is as it was.
    /// - Throws: ``OutputError`` naming the file and saying what the system said.
    static func write(to path: String, _ chunks: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        func failure(_ code: Int32 = errno) -> OutputError { OutputError(file: path, reason: String(cString: strerror(code))) }

        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure() }
        var written = false
        defer { if !written { unlink(temporary) } }
        let flushing = BackgroundFlush(fd)
        do {
            try chunks { bytes in
                var rest = bytes
                while !rest.isEmpty {
                    let count = Foundation.write(fd, rest.baseAddress, rest.count)
                    if count < 0 && errno == EINTR { continue }
                    guard count >= 0 else { throw failure() }
                    rest = UnsafeRawBufferPointer(rebasing: rest[count...])
                    flushing.wrote(count)
                }
            }
            // Durable before it replaces the old file: a crash leaves one or the other.
            if let code = flushing.finish() { throw failure(code) }
            guard fsync(fd) == 0 else { throw failure() }
        } catch {
            _ = flushing.finish()
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw failure() }
        guard rename(temporary, path) == 0 else { throw failure() }
        written = true
    }

    /// Writes the report to standard output, piece by piece.
    static func writeToStandardOutput(_ report: RenderedReport) throws {
        try report.withChunks { bytes in
            guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
            FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: bytes.count, deallocator: .none))
        }
    }
}

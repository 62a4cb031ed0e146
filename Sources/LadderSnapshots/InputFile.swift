import Foundation
import LadderModel

/// Reads an input the way a command-line user expects: a regular file (mapped, not copied), a
/// pipe, a FIFO, process substitution, `/dev/stdin`, or `-` for standard input; refused before
/// reading when it is larger than ``maxBytes``; and a folder or missing path said plainly.
public enum InputFile {
    /// The largest input read: `LADDER_MAX_INPUT_BYTES` when set, else 1 GiB — ten times the
    /// largest organisation measured (docs/snapshot-format.md, "Size").
    public static var maxBytes: Int {
        ProcessInfo.processInfo.environment["LADDER_MAX_INPUT_BYTES"].flatMap(Int.init).map { max(0, $0) } ?? 1 << 30
    }

    /// - Throws: ``LadderError/unreadableFile(_:reason:)`` naming the path and why.
    public static func read(_ path: String, limit: Int = maxBytes) throws -> Data {
        if path == "-" { return try stream(FileHandle.standardInput, path: "standard input", limit: limit) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LadderError.unreadableFile(path, reason: errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw LadderError.unreadableFile(path, reason: "is a folder, not a file")
        case S_IFREG:
            guard Int(info.st_size) <= limit else { throw tooLarge(path, "\(Int(info.st_size)) bytes", limit) }
            do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
                throw LadderError.unreadableFile(path, reason: access(path, R_OK) != 0 ? "permission denied" : "cannot be read")
            }
        default:
            // A pipe, FIFO, character device or socket: read it as a stream.
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw LadderError.unreadableFile(path, reason: access(path, R_OK) != 0 ? "permission denied" : "cannot be opened")
            }
            defer { try? handle.close() }
            return try stream(handle, path: path, limit: limit)
        }
    }

    private static func stream(_ handle: FileHandle, path: String, limit: Int) throws -> Data {
        var data = Data()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { throw LadderError.unreadableFile(path, reason: "\(error)") }
            guard let chunk, !chunk.isEmpty else { return data }
            data.append(chunk)
            if data.count > limit { throw tooLarge(path, "more than \(limit) bytes", limit) }
        }
    }

    private static func tooLarge(_ path: String, _ size: String, _ limit: Int) -> LadderError {
        LadderError.unreadableFile(path, reason: "\(size), above the \(limit)-byte limit on inputs; raise LADDER_MAX_INPUT_BYTES to read it")
    }
}

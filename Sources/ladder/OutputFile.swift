import Foundation

/// Writes command output atomically: a reader sees the old file or the new one, never a torn one.
enum OutputFile {
    /// - Throws: ``OutputError`` naming the file.
    static func write(_ text: String, to path: String) throws {
        try withBytes(of: text) { try write($0, to: path) }
    }

    /// `body` given the text's UTF-8 as `Data` without copying it (a report can be hundreds of
    /// megabytes).
    static func withBytes<T>(of text: String, _ body: (Data) throws -> T) rethrows -> T {
        var text = text
        return try text.withUTF8 { bytes in
            guard let start = bytes.baseAddress, !bytes.isEmpty else { return try body(Data()) }
            return try body(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: bytes.count, deallocator: .none))
        }
    }

    static func write(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw OutputError(file: path, reason: error.localizedDescription)
        }
    }
}

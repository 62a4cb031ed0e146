import Foundation

/// Writes command output atomically: a reader sees the old file or the new one, never a torn one.
enum OutputFile {
    /// - Throws: ``OutputError`` naming the file.
    static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw OutputError(file: path, reason: error.localizedDescription)
        }
    }
}

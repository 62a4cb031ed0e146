import Foundation

/// Pack folders written for one test, removed when it ends.
final class ScratchPacks {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-layers-\(UUID().uuidString)")
    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `files` (path → text) into the folder `name` and returns it.
    @discardableResult
    func pack(_ name: String, _ files: [String: String]) throws -> URL {
        let folder = root.appendingPathComponent(name)
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }
}

import Foundation

/// Paths in the repository, found from this file so tests never depend on the working directory.
enum PackPaths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let core = repository.appendingPathComponent("rules/core")
    static func fixturePack(_ name: String) -> URL { fixtures.appendingPathComponent("packs/\(name)") }
    static func example(_ name: String) -> URL { repository.appendingPathComponent("examples/\(name)/snapshot.json") }
}

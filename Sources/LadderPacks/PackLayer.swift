import Foundation
import LadderModel

/// One pack folder: its manifest, its Lua sources and its own content hash. A ``RulePack`` is
/// one or more of them, each extending the one below.
public struct PackLayer: Sendable {
    public let manifest: PackManifest
    /// The pack folder as given.
    public let root: URL
    /// Lua sources by path relative to the pack folder (`hero_late_stage_ownership.lua`, `lib/metrics.lua`).
    public internal(set) var sources: [String: String]
    /// SHA-256 over the manifest and every Lua file, for provenance.
    public let sha256: String

    /// The name Lua shows for a file: its path from the folder that holds the pack's folder,
    /// e.g. `rules/core/hero_late_stage_ownership.lua`, whatever the working directory.
    public func chunkName(_ file: String) -> String {
        let folder = root.standardizedFileURL.pathComponents.suffix(2).joined(separator: "/")
        return "\(folder)/\(file)"
    }

    /// Module names for `require`: `lib/metrics.lua` → `lib.metrics`. Rule files, replacements
    /// and tests are not modules.
    public var modules: [String: String] {
        var modules: [String: String] = [:]
        let rules = Set(manifest.rules + manifest.replace.map(\.file))
        for file in sources.keys where !file.hasPrefix("tests/") && !rules.contains(file) {
            modules[String(file.dropLast(4)).replacingOccurrences(of: "/", with: ".")] = file
        }
        return modules
    }

    public var name: String { manifest.name }

    /// Reads a pack folder.
    /// - Throws: ``LadderError/invalidPack(file:problems:)`` listing every problem of the
    ///   manifest with its line, or ``LadderError/unreadableFile(_:reason:)``.
    static func read(from root: URL) throws -> PackLayer {
        let manifestURL = root.appendingPathComponent(RulePack.manifestName)
        let manifestPath = manifestURL.relativePath
        guard let manifestData = FileManager.default.contents(atPath: manifestURL.path) else {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder)
            throw LadderError.unreadableFile(manifestPath, reason: exists && isFolder.boolValue
                ? "no \(RulePack.manifestName) in the pack folder" : "the pack folder \(root.relativePath) does not exist")
        }
        var reader = PackManifestReader(file: manifestPath)
        guard let text = String(data: manifestData, encoding: .utf8), let manifest = reader.read(text) else {
            throw LadderError.invalidPack(file: manifestPath, problems: reader.problems.isEmpty ? ["not UTF-8 text"] : reader.problems)
        }
        var parts: [String: Data] = [RulePack.manifestName: manifestData]
        var sources: [String: String] = [:]
        for file in luaFiles(under: root) {
            let url = root.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw LadderError.unreadableFile(url.relativePath, reason: "not readable as UTF-8 text")
            }
            parts[file] = data
            sources[file] = text
        }
        let missing = manifest.rules.filter { sources[$0] == nil }.map { "\(manifestPath): rules: \($0) does not exist in \(root.relativePath)" }
            + manifest.replace.filter { sources[$0.file] == nil }.map { "\(manifest.at($0.line)): replace.\($0.rule): \($0.file) does not exist in \(root.relativePath)" }
        if !missing.isEmpty {
            throw LadderError.invalidPack(file: manifestPath, problems: missing)
        }
        return PackLayer(manifest: manifest, root: root, sources: sources, sha256: Digest.sha256(parts: parts))
    }

    /// Every `.lua` file below the pack folder, relative and sorted.
    private static func luaFiles(under root: URL) -> [String] {
        let base = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            // Hidden folders hold tools' files (`ladder types` writes .ladder/), never the pack's.
            if path.hasSuffix(".lua") && !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { files.append(path) }
        }
        return files.sorted()
    }
}

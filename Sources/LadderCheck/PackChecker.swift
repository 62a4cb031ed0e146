import Foundation
import LadderEngine
import LadderModel
import LadderPackTests
import LadderPacks

/// `ladder check`: what can be found wrong in a pack without a client's data — the manifest,
/// every file compiles, every rule declares itself properly, ids are unique, names the rules
/// read exist, and every rule of the pack has a test case.
public struct PackChecker: Sendable {
    /// Folders holding packs that `extends:` may name.
    public var packPath: [URL]

    public init(packPath: [URL] = []) { self.packPath = packPath }

    /// Every finding for the pack at `folder`, in file and line order.
    public func check(_ folder: URL) -> [CheckFinding] {
        let pack: RulePack
        do { pack = try RulePack.load(from: folder, packPath: packPath) } catch {
            return Self.findings(for: error)
        }
        let compiled = CompiledPack(pack)
        let declared: PackDeclarations
        do { declared = try compiled.declarations() } catch { return [CheckFinding(file: pack.manifest.file, message: "\(error)")] }

        // Lua names files by chunk name; editors need the path as given.
        var paths: [String: String] = [:]
        for layer in pack.layers {
            for file in layer.sources.keys { paths[layer.chunkName(file)] = layer.root.appendingPathComponent(file).relativePath }
        }
        func path(_ chunk: String) -> String { paths[chunk] ?? chunk }

        var findings: [CheckFinding] = declared.failures.map { failure in
            // Lua shortens long file names in its locations: take only the line from them.
            let line = failure.location.flatMap { $0.split(separator: ":").last.flatMap { Int($0) } }
            let message = [failure.rule.map { "rule \($0): " }, failure.message].compactMap(\.self).joined()
            return CheckFinding(file: path(failure.file), line: line, message: message)
        }
        findings += declared.problems.map { CheckFinding(located: $0) }
        findings += scan(pack, declared, path: path)
        findings += tests(compiled, declared, path: path)
        return findings.sorted { ($0.file, $0.line ?? 0, $0.column ?? 0) < ($1.file, $1.line ?? 0, $1.column ?? 0) }
    }

    /// Names the pack's own Lua files use that nothing defines.
    private func scan(_ pack: RulePack, _ declared: PackDeclarations, path: (String) -> String) -> [CheckFinding] {
        let names = SourceScan.Names(
            parameters: pack.parameters.map(\.name), contextFields: RuleContract.contextFields + pack.helpers.keys.sorted(),
            snapshotFields: SnapshotSchema.record("snapshot")!.fieldNames,
            indexes: Dictionary(uniqueKeysWithValues: RuleContract.indexes.map { ($0.name, $0.kind) }),
            collections: Dictionary(uniqueKeysWithValues: RuleContract.collections.map { ($0.name, $0.kind) }))
        let layer = pack.top
        var findings: [CheckFinding] = []
        for file in layer.sources.keys.sorted() where !file.hasPrefix("tests/") {
            let chunk = layer.chunkName(file)
            let subjects = Set(declared.rules.filter { $0.declaration.file == chunk }.map { $0.declaration.subject == .team ? "team" : "person" })
            var scan = SourceScan(file: path(chunk), names: names, subjectKind: subjects.count == 1 ? subjects.first : nil)
            scan.scan(layer.sources[file]!)
            findings += scan.findings
        }
        return findings
    }

    /// Problems of the pack's test files, and its rules that no case names.
    private func tests(_ compiled: CompiledPack, _ declared: PackDeclarations, path: (String) -> String) -> [CheckFinding] {
        let pack = compiled.pack
        let suite = PackTestRunner(packPath: packPath).suite(for: compiled)
        var findings = suite.problems.map { CheckFinding(located: $0) }
        let tested = Set(suite.cases.flatMap { $0.expectations.map(\.rule) })
        let top = pack.layers.count - 1
        for rule in declared.rules where rule.layer == top && !tested.contains(rule.declaration.id) {
            var finding = CheckFinding(located: rule.location, severity: .warning)
            finding.file = path(finding.file)
            finding.message = "rule \(rule.declaration.id) has no test case; add one under tests/ (see docs/pack-tests.md)"
            findings.append(finding)
        }
        return findings
    }

    private static func findings(for error: any Error) -> [CheckFinding] {
        if case LadderError.invalidPack(let file, let problems) = error {
            return problems.isEmpty ? [CheckFinding(file: file, message: "invalid pack")] : problems.map { CheckFinding(located: $0) }
        }
        if case LadderError.unreadableFile(let file, let reason) = error { return [CheckFinding(file: file, message: reason)] }
        return [CheckFinding(file: "", message: "\(error)")]
    }
}

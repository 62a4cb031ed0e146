import Foundation
import LadderModel

/// Turns snapshot bytes into a validated ``LoadedSnapshot``.
///
/// Decoding sits behind ``SnapshotDecoding`` so that a faster parser can replace the default
/// one without touching validation or the engine.
public struct SnapshotLoader: Sendable {
    /// Problems listed before a refusal stops counting.
    public static let maxProblems = 100

    public var decoder: any SnapshotDecoding
    /// Reads the large collections of a plainly valid snapshot straight into records
    /// (``DirectSnapshotReader``); off, every document goes through the JSON tree. Both give the
    /// same snapshot, warnings and problems: the switch is for tests that show it.
    public var readsDirectly = true
    /// Told as each step starts, for a progress display.
    public var onStep: (@Sendable (Step) -> Void)?

    /// The steps of a load, in order.
    public enum Step: String, Sendable {
        case reading, parsing, validating, indexing
    }

    public init(decoder: any SnapshotDecoding = JSONParser(), onStep: (@Sendable (Step) -> Void)? = nil) {
        self.decoder = decoder
        self.onStep = onStep
    }

    /// Loads and validates a snapshot file.
    /// - Throws: ``SnapshotError`` listing every problem with its JSON path, or a ``LadderError``
    ///   when the file cannot be read.
    public func load(contentsOf url: URL) throws -> LoadedSnapshot {
        try loadFile(url).snapshot
    }

    /// Like ``load(contentsOf:)``, with the file's bytes as read (to keep a copy of them).
    public func loadFile(_ url: URL) throws -> (snapshot: LoadedSnapshot, data: Data) {
        onStep?(.reading)
        let data = try InputFile.read(url.relativePath)
        do { return (try load(data), data) } catch {
            var located = error
            located.file = url.relativePath
            throw located
        }
    }

    /// Loads and validates snapshot bytes.
    /// - Throws: ``SnapshotError`` listing every problem with its JSON path.
    public func load(_ data: Data) throws(SnapshotError) -> LoadedSnapshot {
        onStep?(.parsing)
        let sha256 = Background { Digest.sha256(data) }
        defer { _ = sha256.value }  // no work outlives the load, refused or not
        if readsDirectly && decoder is JSONParser, var direct = DirectSnapshotReader.read(data) {
            // The collections are handed on, not shared: validation fills in deals' teams, and a
            // second reference would make that copy every deal.
            let collections = direct.collections
            direct.collections = .init()
            var loaded = try load(document: .object(direct.root), collections: collections, sha256: { sha256.value })
            loaded.warnings = direct.notes.map { SnapshotIssue("", $0) } + loaded.warnings
            return loaded
        }
        let document: JSONValue, notes: [String]
        do {
            (document, notes) = try decoder.decodeNoting(data)
        } catch {
            throw SnapshotError(file: nil, problems: [SnapshotIssue("", "not valid JSON: \(error)")], truncated: false)
        }
        var loaded = try load(document: document, collections: nil, sha256: { sha256.value })
        loaded.warnings = notes.map { SnapshotIssue("", $0) } + loaded.warnings
        return loaded
    }

    /// Validates a snapshot already parsed (a test case's snapshot with a fragment merged in).
    /// - Parameter sha256: the hash reports show for it.
    /// - Throws: ``SnapshotError`` listing every problem with its JSON path.
    public func load(document: JSONValue, sha256: String) throws(SnapshotError) -> LoadedSnapshot {
        try load(document: document, collections: nil, sha256: { sha256 })
    }

    /// - Parameter sha256: the hash, asked for once the snapshot is valid (it may still be computed).
    private func load(document: JSONValue, collections: consuming DirectSnapshotReader.Collections?,
                      sha256: () -> String) throws(SnapshotError) -> LoadedSnapshot {
        onStep?(.validating)
        var reader = SnapshotReader()
        var read = reader.read(document, collections: consume collections)
        var problems = reader.problems
        var warnings = reader.warnings
        if var snapshot = read.take() {  // the only reference: validating changes it in place
            var validator = SnapshotValidator()
            validator.validate(&snapshot)
            problems += validator.problems
            warnings += validator.warnings
            if problems.isEmpty {
                onStep?(.indexing)
                return LoadedSnapshot(snapshot: snapshot, index: SnapshotIndex(snapshot, byId: validator.byId), warnings: warnings, sha256: sha256())
            }
        }
        throw SnapshotError(file: nil, problems: Array(problems.prefix(Self.maxProblems)), truncated: problems.count > Self.maxProblems)
    }
}

/// A validated snapshot, its indexes and the warnings it loaded with.
public struct LoadedSnapshot: Sendable {
    public let snapshot: Snapshot
    public let index: SnapshotIndex
    public internal(set) var warnings: [SnapshotIssue]
    /// SHA-256 of the bytes it was loaded from, for provenance.
    public let sha256: String
}

/// Parses snapshot bytes into a JSON tree. ``JSONParser`` is the default.
public protocol SnapshotDecoding: Sendable {
    func decode(_ data: Data) throws -> JSONValue
    /// Decodes, with a note (`line L, column C: …`) for each value read less precisely than
    /// written; the loader adds them to the snapshot's warnings.
    func decodeNoting(_ data: Data) throws -> (value: JSONValue, notes: [String])
}

extension SnapshotDecoding {
    /// A decoder that cannot tell keeps no notes.
    public func decodeNoting(_ data: Data) throws -> (value: JSONValue, notes: [String]) { (try decode(data), []) }
}

struct JSONSyntaxError: Error, CustomStringConvertible {
    let detail: String
    var description: String { detail }
}

import Foundation
import LadderEngine
import LadderModel
import LadderPacks

/// One evaluation as the history keeps it: the evaluation itself and everything needed to show
/// later what was decided, by which pack and parameters, on which data — and to replay it.
public struct RunRecord: Sendable {
    public var evaluation: Evaluation
    /// The pack as it ran, with the parameters in force.
    public var pack: PackDescription
    /// Every file of every layer with its hash, so a replay can name the file that changed.
    public var files: [PackFile]
    /// Rules and subjects the run was limited to (`--rule`, `--subject`); empty: all.
    public var rules: [String]
    public var subjects: [String]
    public var luaRelease: String
    public var actor: String
    public var note: String?
    /// When it was recorded, to the second, in UTC.
    public var recordedAt: Date
    /// The snapshot's bytes, when the run keeps a copy (`--store-snapshot`).
    public var snapshot: Data?

    public init(evaluation: Evaluation, pack: PackDescription, files: [PackFile], rules: [String] = [], subjects: [String] = [],
                luaRelease: String = CompiledPack.luaRelease, actor: String, note: String? = nil, recordedAt: Date = Date(),
                snapshot: Data? = nil) {
        self.evaluation = evaluation
        self.pack = pack
        self.files = files
        self.rules = rules
        self.subjects = subjects
        self.luaRelease = luaRelease
        self.actor = actor
        self.note = note
        self.recordedAt = Date(timeIntervalSince1970: recordedAt.timeIntervalSince1970.rounded(.down))
        self.snapshot = snapshot
    }
}

/// A file of a pack layer and its content hash.
public struct PackFile: Sendable, Equatable, Codable {
    public var layer: String
    /// The layer's folder as it was given.
    public var folder: String
    /// Relative to the layer's folder: `pack.yaml`, `lib/metrics.lua`.
    public var file: String
    public var sha256: String

    public init(layer: String, folder: String, file: String, sha256: String) {
        self.layer = layer
        self.folder = folder
        self.file = file
        self.sha256 = sha256
    }

    /// Every file a pack runs from: each layer's manifest and Lua files, base first.
    public static func files(of pack: RulePack) -> [PackFile] {
        pack.layers.flatMap { layer -> [PackFile] in
            let folder = CompiledPack.display(layer.root)
            let manifest = FileManager.default.contents(atPath: layer.root.appendingPathComponent(RulePack.manifestName).path) ?? Data()
            return [PackFile(layer: layer.name, folder: folder, file: RulePack.manifestName, sha256: Digest.sha256(manifest))]
                + layer.sources.keys.sorted().filter { !$0.hasPrefix("tests/") }.map {
                    PackFile(layer: layer.name, folder: folder, file: $0, sha256: Digest.sha256(Data(layer.sources[$0]!.utf8)))
                }
        }
    }
}

/// A run read back from the history.
public struct RecordedRun: Sendable {
    public var id: Int64
    public var record: RunRecord
    /// The evaluation exactly as stored (canonical JSON): a replay must reproduce these bytes.
    public var evaluationJSON: String
    /// SHA-256 over the run's content and the previous run's hash: the chain `verify` checks.
    public var contentSHA256: String
    public var previousSHA256: String
    /// A copy of the snapshot is kept.
    public var snapshotStored: Bool
}

/// One line of `ladder history list`.
public struct RunSummary: Sendable, Equatable {
    public var id: Int64
    public var recordedAt: Date
    public var actor: String
    public var note: String?
    public var pack: String
    public var packVersion: String
    public var organization: String
    public var asOf: String
    public var snapshotSHA256: String
    public var results: Int
    public var breaches: Int
    public var failures: Int
}

/// Which runs `list` shows; every field is optional.
public struct RunFilter: Sendable {
    public var pack: String?
    /// A prefix of the snapshot's hash, or the organization's name.
    public var snapshot: String?
    /// Recorded on or after / before this day (`2026-07-01`), in UTC.
    public var since: String?
    public var until: String?

    public init(pack: String? = nil, snapshot: String? = nil, since: String? = nil, until: String? = nil) {
        self.pack = pack
        self.snapshot = snapshot
        self.since = since
        self.until = until
    }
}

public enum HistoryError: Error, CustomStringConvertible, Equatable {
    case noHistory(String)
    case noRun(Int64, path: String)
    case corrupt(String)
    case snapshotMismatch(expected: String, actual: String)
    case noSnapshot(Int64)
    case packChanged([String])

    public var description: String {
        switch self {
        case .noHistory(let path): "no history at \(path): record a run with ladder evaluate --record (or give --history FILE, or set LADDER_HISTORY)"
        case .noRun(let id, let path): "no run \(id) in \(path) (ladder history list shows the runs)"
        case .corrupt(let why): "the history is damaged: \(why)"
        case .snapshotMismatch(let expected, let actual):
            "the snapshot's SHA-256 is \(actual), but the run was made on \(expected): give the snapshot the run used"
        case .noSnapshot(let id): "run \(id) kept no copy of its snapshot (record with --store-snapshot): give the snapshot file the run used"
        case .packChanged(let files): "the pack on disk is not the pack the run used: " + files.joined(separator: "; ")
        }
    }
}

import Foundation
import LadderEngine
import LadderModel
import LadderPacks
import LadderSnapshots

/// Re-evaluates a recorded run with the recorded pack, parameters and selection on the recorded
/// snapshot, and says whether the result is the same (`ladder replay`, docs/history.md).
public struct Replay: Sendable {
    public var run: RecordedRun
    /// Where the pack is now; nil: the folder the run recorded.
    public var packFolder: URL?
    public var packPath: [URL]

    public init(_ run: RecordedRun, packFolder: URL? = nil, packPath: [URL] = []) {
        self.run = run
        self.packFolder = packFolder
        self.packPath = packPath
    }

    public struct Outcome: Sendable {
        public var evaluation: Evaluation
        /// The canonical JSON is the stored one, byte for byte.
        public var identical: Bool
        /// What differs, verdict by verdict; empty when the verdicts are the same (the bytes can
        /// still differ, e.g. in the Ladder version stamped on the run).
        public var diff: EvaluationDiff
    }

    /// - Throws: ``HistoryError/snapshotMismatch(expected:actual:)`` for another snapshot,
    ///   ``HistoryError/packChanged(_:)`` naming each file that differs from the recorded pack,
    ///   or what loading and evaluating throw.
    public func replay(snapshot data: Data) throws -> Outcome {
        let recorded = run.record.evaluation
        let actual = Digest.sha256(data)
        guard actual == recorded.snapshot.sha256 else { throw HistoryError.snapshotMismatch(expected: recorded.snapshot.sha256, actual: actual) }
        guard let folder = packFolder ?? run.record.pack.layers.last.map({ URL(fileURLWithPath: $0.folder) }) else {
            throw HistoryError.corrupt("run \(run.id) names no pack layer")
        }
        let pack = try RulePack.load(from: folder, packPath: packPath)
        let changes = Self.changes(from: run.record.files, to: PackFile.files(of: pack))
        guard changes.isEmpty else { throw HistoryError.packChanged(changes) }

        let overrides = Dictionary(recorded.parameters.values.filter { $0.setBy == ParameterSet.commandLine }.map { ($0.name, $0.value) },
                                   uniquingKeysWith: { a, _ in a })
        let options = EvaluationOptions(parameters: overrides, rules: run.record.rules, subjects: run.record.subjects)
        let evaluation = try Evaluator(pack: pack, options: options).evaluate(try SnapshotLoader().load(data))
        return Outcome(evaluation: evaluation, identical: try HistoryStore.canonicalJSON(evaluation) == run.evaluationJSON,
                       diff: EvaluationDiff(from: recorded, to: evaluation))
    }

    /// `folder/file: changed`, `… no longer there`, `… is new`, in layer and file order.
    static func changes(from recorded: [PackFile], to current: [PackFile]) -> [String] {
        func key(_ f: PackFile) -> String { "\(f.layer)/\(f.file)" }
        let now = Dictionary(current.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let then = Dictionary(recorded.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        var out: [String] = []
        for f in recorded {
            guard let n = now[key(f)] else { out.append("\(f.folder)/\(f.file) is no longer there"); continue }
            if n.sha256 != f.sha256 { out.append("\(n.folder)/\(n.file) changed since the run") }
        }
        for f in current where then[key(f)] == nil { out.append("\(f.folder)/\(f.file) is new since the run") }
        return out
    }
}

import Foundation
import LadderModel

/// `ladder history export`: one run as a self-contained JSON document (`"schema":
/// "ladder.run/1"`, docs/history.md), for a client file or another tool.
public enum RunExport {
    public static let schema = "ladder.run/1"

    public static func json(_ run: RecordedRun) throws -> String {
        struct Document: Encodable {
            var schema = RunExport.schema
            var id: Int64
            var recorded_at, actor: String
            var note: String?
            var lua_release, content_sha256, previous_sha256: String
            var snapshot_stored: Bool
            var selection: [String: [String]]
            var pack: PackDescription
            var files: [PackFile]
            var evaluation: Evaluation
        }
        let r = run.record
        let document = Document(id: run.id, recorded_at: HistoryStore.stamp(r.recordedAt), actor: r.actor, note: r.note,
                                lua_release: r.luaRelease, content_sha256: run.contentSHA256, previous_sha256: run.previousSHA256,
                                snapshot_stored: run.snapshotStored, selection: ["rules": r.rules, "subjects": r.subjects],
                                pack: r.pack, files: r.files, evaluation: r.evaluation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}

import Foundation
import LadderModel

/// Writes a snapshot as JSON in one form: keys sorted, two-space indents, a final newline, so
/// the same records always give the same bytes.
public enum SnapshotWriter {
    public static func data(_ snapshot: Snapshot) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(snapshot)
        data.append(0x0A)
        return data
    }
}

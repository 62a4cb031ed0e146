import Foundation
import LadderModel
import LadderPacks
import LadderSnapshots
import Yams

/// A pack's verdicts on a snapshot, kept in a committed file so that no change to a rule can
/// shift a verdict unnoticed (`ladder test --golden`). Only verdicts are kept — no hashes or
/// versions — so editing a comment changes nothing, while any changed outcome, value or
/// message does.
public enum GoldenVerdicts {
    /// The verdicts as stable, sorted JSON text, one verdict a line so that a change reads as
    /// a one-line diff.
    public static func render(_ e: Evaluation) -> String {
        let lines = e.verdicts.map { record in
            var fields = record.fields
            fields["rule"] = .text(record.rule)
            fields["subject"] = .text(record.subject)
            return "  " + FieldValue.object(fields)
        }
        return "{\"verdicts\": [\n" + lines.joined(separator: ",\n") + "\n]}\n"
    }

    /// Reads a golden file back into verdicts; nil when it is not one.
    public static func read(_ text: String) -> [VerdictRecord]? {
        guard case .object(let root)? = try? JSONParser().decode(Data(text.utf8)), case .array(let list)? = root["verdicts"] else { return nil }
        return list.compactMap { item -> VerdictRecord? in
            guard case .object(var fields) = item, case .string(let rule)? = fields.removeValue(forKey: "rule"),
                  case .string(let subject)? = fields.removeValue(forKey: "subject") else { return nil }
            return VerdictRecord(rule: rule, subject: subject, fields: fields.mapValues(FieldValue.init).dictionary)
        }
    }

    /// The snapshots a pack pins, from `tests/golden/snapshots.yaml` (paths relative to it),
    /// each with the golden file that holds its verdicts.
    public static func pinned(in pack: RulePack) throws -> [(snapshot: URL, golden: URL)] {
        let folder = pack.root.appendingPathComponent("tests/golden")
        let list = folder.appendingPathComponent("snapshots.yaml")
        guard let text = try? String(contentsOf: list, encoding: .utf8) else { return [] }
        guard let root = try? Yams.compose(yaml: text), let items = root["snapshots"]?.sequence else {
            throw LadderError.invalidPack(file: list.relativePath, problems: ["expected snapshots: [paths to snapshot files]"])
        }
        return items.compactMap(\.string).map { path in
            let snapshot = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)).standardizedFileURL
            let stem = snapshot.lastPathComponent == "snapshot.json"
                ? snapshot.deletingLastPathComponent().lastPathComponent : snapshot.deletingPathExtension().lastPathComponent
            return (snapshot, folder.appendingPathComponent("\(stem).json"))
        }
    }

    /// What changed between two renderings, one line per changed field: added and removed
    /// verdicts, and `rule subject field: old → new`.
    public static func changes(from old: String, to new: String) -> [String] {
        EvaluationDiff(from: read(old) ?? [], to: read(new) ?? []).lines
    }
}

extension FieldValue {
    /// A pinned verdict's field as it was written.
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let b): self = .flag(b)
        case .number(let x): self = .number(x)
        case .string(let s): self = .text(s)
        case .array(let items): self = .texts(items.compactMap { if case .string(let s) = $0 { s } else { nil } })
        case .object(let map): self = .numbers(map.compactMapValues { if case .number(let x) = $0 { x } else { nil } }.dictionary)
        }
    }
}

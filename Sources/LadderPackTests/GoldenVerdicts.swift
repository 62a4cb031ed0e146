import Foundation
import LadderEngine
import LadderModel
import LadderPacks
import LadderSnapshots
import Yams

/// A pack's verdicts on a snapshot, kept in a committed file so that no change to a rule can
/// shift a verdict unnoticed (`ladder test --golden`). Only verdicts are kept — no hashes or
/// versions — so editing a comment changes nothing, while any changed outcome, value or
/// message does.
public enum GoldenVerdicts {
    /// The verdicts as stable, sorted JSON text.
    public static func render(_ e: Evaluation) throws -> String {
        var entries: [[String: JSONValue]] = []
        for r in e.results {
            var entry: [String: JSONValue] = ["rule": .string(r.rule), "subject": .string(r.subject.id),
                                              "message": r.message.map(JSONValue.string) ?? .null,
                                              "evidence": .array(r.evidence.map(JSONValue.string)),
                                              "notes": .array(r.notes.map(JSONValue.string))]
            switch r.verdict {
            case .gate(let g):
                entry["outcome"] = .string(g.outcome)
                entry["reasons"] = .array(g.reasons.map(JSONValue.string))
                entry["exposure"] = g.exposure.map(JSONValue.number) ?? .null
            case .threshold(let t):
                entry["value"] = t.value.map(JSONValue.number) ?? .null
                entry["limit"] = .number(t.limit)
                entry["breached"] = .bool(t.breached)
                entry["severity"] = .string(t.severity.rawValue)
                entry["exposure"] = t.exposure.map(JSONValue.number) ?? .null
            case .weighting(let w):
                entry["weights"] = .object(w.weights.mapValues(JSONValue.number))
                entry["components"] = .object(w.components.mapValues(JSONValue.number))
                entry["blended"] = .number(w.blended)
                entry["payout"] = w.payout.map(JSONValue.number) ?? .null
            }
            entries.append(entry)
        }
        for f in e.failures {
            entries.append(["rule": .string(f.rule ?? f.file), "subject": .string(f.subject?.id ?? ""),
                            "failure": .string(f.kind.rawValue), "message": .string(f.message)])
        }
        // one verdict a line, so a change reads as a one-line diff
        return "{\"verdicts\": [\n" + entries.map { "  " + JSONText.render(.object($0)) }.joined(separator: ",\n") + "\n]}\n"
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
            let snapshot = folder.appendingPathComponent(path).standardizedFileURL
            let stem = snapshot.lastPathComponent == "snapshot.json"
                ? snapshot.deletingLastPathComponent().lastPathComponent : snapshot.deletingPathExtension().lastPathComponent
            return (snapshot, folder.appendingPathComponent("\(stem).json"))
        }
    }

    /// What changed between two renderings, one line per changed field: added and removed
    /// verdicts, and `rule subject field: old → new`.
    public static func changes(from old: String, to new: String) -> [String] {
        func index(_ text: String) -> [String: [String: JSONValue]] {
            guard case .object(let root)? = try? JSONParser().decode(Data(text.utf8)), case .array(let list)? = root["verdicts"] else { return [:] }
            var out: [String: [String: JSONValue]] = [:]
            for case .object(let v) in list {
                if case .string(let rule)? = v["rule"], case .string(let subject)? = v["subject"] { out["\(rule) \(subject)"] = v }
            }
            return out
        }
        let a = index(old), b = index(new)
        var lines: [String] = []
        for key in Set(a.keys).union(b.keys).sorted() {
            switch (a[key], b[key]) {
            case (nil, _?): lines.append("\(key): new verdict")
            case (_?, nil): lines.append("\(key): verdict gone")
            case let (x?, y?):
                for field in Set(x.keys).union(y.keys).sorted() where x[field] != y[field] {
                    lines.append("\(key) \(field): \(JSONText.render(x[field] ?? .null)) → \(JSONText.render(y[field] ?? .null))")
                }
            default: break
            }
        }
        return lines
    }
}

/// Compact JSON text with sorted keys: the same value always gives the same text.
enum JSONText {
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.clean
        case .string(let s): return quote(s)
        case .array(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .object(let fields):
            return "{" + fields.keys.sorted().map { "\(quote($0)): \(render(fields[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

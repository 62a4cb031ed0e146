/// The comparable part of one result or one failure: the fields pinned verdicts keep and
/// ``EvaluationDiff`` compares. Titles, names and provenance are left out, so renaming a
/// subject or editing a comment changes no record.
public struct VerdictRecord: Sendable, Equatable {
    /// The rule; for a failure outside any rule (a file that does not compile), its file.
    public var rule: String
    /// The subject's id; empty for a failure of a whole rule or file.
    public var subject: String
    /// By name: `message`, `evidence`, `notes`, then the kind's own (`outcome`, `reasons` and
    /// `exposure`; `value`, `limit`, `breached`, `severity` and `exposure`; `weights`,
    /// `components`, `blended` and `payout`), or `failure` and `message` for a failure.
    public var fields: [String: FieldValue]

    public init(rule: String, subject: String, fields: [String: FieldValue]) {
        self.rule = rule
        self.subject = subject
        self.fields = fields
    }
}

/// One field of a verdict.
public enum FieldValue: Sendable, Equatable {
    case none
    case text(String)
    case number(Double)
    case flag(Bool)
    case texts([String])
    case numbers([String: Double])
}

extension FieldValue: CustomStringConvertible {
    /// Compact JSON with sorted keys: the same value always reads the same.
    public var description: String {
        switch self {
        case .none: "null"
        case .text(let s): Self.quote(s)
        case .number(let x): x.clean
        case .flag(let b): b ? "true" : "false"
        case .texts(let items): "[" + items.map(Self.quote).joined(separator: ", ") + "]"
        case .numbers(let map): "{" + map.keys.sorted().map { "\(Self.quote($0)): \(map[$0]!.clean)" }.joined(separator: ", ") + "}"
        }
    }

    /// Fields as one compact JSON object, keys sorted: the same fields always read the same.
    package static func object(_ fields: [String: FieldValue]) -> String {
        "{" + fields.keys.sorted().map { "\(quote($0)): \(fields[$0]!)" }.joined(separator: ", ") + "}"
    }

    /// A JSON string literal.
    package static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension Evaluation {
    /// Every result, then every failure, as records, in the evaluation's order.
    public var verdicts: [VerdictRecord] {
        results.map(\.record) + failures.map(\.record)
    }
}

extension RuleResult {
    public var record: VerdictRecord {
        var f: [String: FieldValue] = ["message": message.map(FieldValue.text) ?? .none, "evidence": .texts(evidence), "notes": .texts(notes)]
        func number(_ x: Double?) -> FieldValue { x.map(FieldValue.number) ?? .none }
        switch verdict {
        case .gate(let g):
            f["outcome"] = .text(g.outcome)
            f["reasons"] = .texts(g.reasons)
            f["exposure"] = number(g.exposure)
        case .threshold(let t):
            f["value"] = number(t.value)
            f["limit"] = .number(t.limit)
            f["breached"] = .flag(t.breached)
            f["severity"] = .text(t.severity.rawValue)
            f["exposure"] = number(t.exposure)
        case .weighting(let w):
            f["weights"] = .numbers(w.weights)
            f["components"] = .numbers(w.components)
            f["blended"] = .number(w.blended)
            f["payout"] = number(w.payout)
            if let m = w.multiplier { f["multiplier"] = .number(m) }  // only rules that report one
        }
        return VerdictRecord(rule: rule, subject: subject.id, fields: f)
    }
}

extension RuleFailure {
    public var record: VerdictRecord {
        VerdictRecord(rule: rule ?? file, subject: subject?.id ?? "", fields: ["failure": .text(kind.rawValue), "message": .text(message)])
    }
}

import Foundation

// An evaluation is its own record: the JSON report (docs/report-json.md) is this encoding plus
// `schema` and a summary, so a report reads back into an equal evaluation.

extension Evaluation: Codable {
    /// The JSON report's schema; bumped on any change a reader could notice.
    public static let jsonSchema = "ladder.evaluation/2"
    /// Schemas this Ladder reads back: 2 only adds to 1 (docs/report-json.md).
    public static let readableSchemas: Set<String> = ["ladder.evaluation/1", jsonSchema]

    enum CodingKeys: String, CodingKey {
        case ladderVersion = "ladder_version", pack, layers, snapshot, parameters, parameterSources = "parameter_sources", rules,
             results, failures, warnings, records
    }

    /// Where a parameter's value comes from, beside the `parameters` name → value map.
    struct ParameterSource: Codable {
        let `default`: ParameterValue
        let setBy: String
        enum CodingKeys: String, CodingKey { case `default`, setBy = "set_by" }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let pack = try c.decode(PackInfo.self, forKey: .pack)
        let values = try c.decode([String: ParameterValue].self, forKey: .parameters)
        // Reports written before packs had layers carry neither sources nor layers: their pack
        // set every value itself.
        let sources = try c.decodeIfPresent([String: ParameterSource].self, forKey: .parameterSources) ?? [:]
        let parameters = values.keys.sorted().map { name in
            let source = sources[name] ?? ParameterSource(default: values[name]!, setBy: pack.name)
            return ParameterSet.Setting(name: name, value: values[name]!, defaultValue: source.default, setBy: source.setBy)
        }
        self.init(ladderVersion: try c.decode(String.self, forKey: .ladderVersion),
                  pack: pack, layers: try c.decodeIfPresent([PackInfo].self, forKey: .layers) ?? [pack],
                  snapshot: try c.decode(SnapshotInfo.self, forKey: .snapshot),
                  parameters: ParameterSet(parameters),
                  results: try c.decode([RuleResult].self, forKey: .results),
                  failures: try c.decode([RuleFailure].self, forKey: .failures),
                  rules: try c.decode([RuleDeclaration].self, forKey: .rules),
                  warnings: try c.decode([SnapshotIssue].self, forKey: .warnings),
                  records: try c.decodeIfPresent(EvidenceRecords.self, forKey: .records) ?? [:])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ladderVersion, forKey: .ladderVersion)
        try c.encode(pack, forKey: .pack)
        try c.encode(layers, forKey: .layers)
        try c.encode(snapshot, forKey: .snapshot)
        try c.encode(Dictionary(uniqueKeysWithValues: parameters.values.map { ($0.name, $0.value) }), forKey: .parameters)
        try c.encode(Dictionary(uniqueKeysWithValues: parameters.values.map { ($0.name, ParameterSource(default: $0.defaultValue, setBy: $0.setBy)) }),
                     forKey: .parameterSources)
        try c.encode(rules, forKey: .rules)
        try c.encode(results, forKey: .results)
        try c.encode(failures, forKey: .failures)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(records, forKey: .records)
    }

    /// Reads a JSON report (`ladder evaluate --format json`) back into the evaluation it shows.
    /// Parameters come back in name order; everything else as it was.
    /// - Throws: ``LadderError/unreadableReport(_:)`` for text that is not a report of a schema
    ///   this Ladder reads.
    public init(jsonReport data: Data) throws {
        struct Header: Decodable { let schema: String? }
        let decoder = JSONDecoder()
        let schema: String?
        do { schema = try decoder.decode(Header.self, from: data).schema } catch {
            throw LadderError.unreadableReport("not JSON, or not an object (\(error.localizedDescription))")
        }
        guard let schema, Self.readableSchemas.contains(schema) else {
            throw LadderError.unreadableReport(schema.map { "schema \"\($0)\" is not one this Ladder reads (\(Self.readableSchemas.sorted().joined(separator: ", ")))" }
                ?? "no \"schema\" field; expected \(Self.jsonSchema)")
        }
        do { self = try decoder.decode(Evaluation.self, from: data) } catch let error as DecodingError {
            throw LadderError.unreadableReport(error.readable)
        }
    }
}

extension RuleDeclaration {
    enum CodingKeys: String, CodingKey { case id, title, kind, subject, file, unit, description, outcomes, action }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
                  kind: try c.decode(Kind.self, forKey: .kind), subject: try c.decode(SubjectKind.self, forKey: .subject),
                  description: try c.decodeIfPresent(String.self, forKey: .description),
                  outcomes: try c.decodeIfPresent([String].self, forKey: .outcomes) ?? [],
                  unit: try c.decodeIfPresent(Unit.self, forKey: .unit) ?? .share,
                  action: try Self.decodeAction(c),
                  file: try c.decode(String.self, forKey: .file))
    }

    /// A unit only for thresholds and outcomes only for gates: the other kinds have none.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(kind, forKey: .kind)
        try c.encode(subject, forKey: .subject)
        try c.encode(file, forKey: .file)
        if kind == .threshold { try c.encode(unit, forKey: .unit) }
        try c.encodeIfPresent(description, forKey: .description)
        if kind == .gate { try c.encode(outcomes, forKey: .outcomes) }
        switch action {
        case .one(let text): try c.encode(text, forKey: .action)
        case .byOutcome(let map): try c.encode(map, forKey: .action)
        case nil: break
        }
    }

    /// A text, or an object of texts by outcome.
    private static func decodeAction(_ c: KeyedDecodingContainer<CodingKeys>) throws -> ActionTemplate? {
        guard c.contains(.action) else { return nil }
        if let text = try? c.decode(String.self, forKey: .action) { return .one(text) }
        return .byOutcome(try c.decode([String: String].self, forKey: .action))
    }
}

/// A result is one flat object: the common fields, then its kind's fields.
extension RuleResult: Codable {
    enum CodingKeys: String, CodingKey {
        case rule, title, kind, subject, origin, message, evidence, notes, action, outcome, reasons, conditions, value, limit,
             breached, severity, exposure, weights, components, blended, payout, multiplier
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let verdict: Verdict
        switch try c.decode(RuleDeclaration.Kind.self, forKey: .kind) {
        case .gate:
            verdict = .gate(GateVerdict(outcome: try c.decode(String.self, forKey: .outcome),
                                        reasons: try c.decode([String].self, forKey: .reasons),
                                        conditions: try c.decode([GateCondition].self, forKey: .conditions),
                                        exposure: try c.decodeIfPresent(Double.self, forKey: .exposure)))
        case .threshold:
            verdict = .threshold(ThresholdVerdict(value: try c.decodeIfPresent(Double.self, forKey: .value),
                                                  limit: try c.decode(Double.self, forKey: .limit),
                                                  breached: try c.decode(Bool.self, forKey: .breached),
                                                  severity: try c.decode(ThresholdVerdict.Severity.self, forKey: .severity),
                                                  exposure: try c.decodeIfPresent(Double.self, forKey: .exposure),
                                                  conditions: try c.decodeIfPresent([GateCondition].self, forKey: .conditions) ?? []))
        case .weighting:
            verdict = .weighting(WeightingVerdict(weights: try c.decode([String: Double].self, forKey: .weights),
                                                  components: try c.decode([String: Double].self, forKey: .components),
                                                  blended: try c.decode(Double.self, forKey: .blended),
                                                  payout: try c.decodeIfPresent(Double.self, forKey: .payout),
                                                  multiplier: try c.decodeIfPresent(Double.self, forKey: .multiplier)))
        }
        self.init(rule: try c.decode(String.self, forKey: .rule), title: try c.decode(String.self, forKey: .title),
                  subject: try c.decode(SubjectRef.self, forKey: .subject), verdict: verdict,
                  message: try c.decodeIfPresent(String.self, forKey: .message),
                  evidence: try c.decode([String].self, forKey: .evidence), notes: try c.decode([String].self, forKey: .notes),
                  origin: try c.decode(RuleOrigin.self, forKey: .origin),
                  action: try c.decodeIfPresent(String.self, forKey: .action))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(title, forKey: .title)
        try c.encode(subject, forKey: .subject)
        try c.encode(origin, forKey: .origin)
        try c.encode(message, forKey: .message)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(notes, forKey: .notes)
        try c.encode(action, forKey: .action)
        switch verdict {
        case .gate(let g):
            try c.encode(RuleDeclaration.Kind.gate, forKey: .kind)
            try c.encode(g.outcome, forKey: .outcome)
            try c.encode(g.reasons, forKey: .reasons)
            try c.encode(g.conditions, forKey: .conditions)
            try c.encode(g.exposure, forKey: .exposure)
        case .threshold(let t):
            try c.encode(RuleDeclaration.Kind.threshold, forKey: .kind)
            try c.encode(t.value, forKey: .value)
            try c.encode(t.limit, forKey: .limit)
            try c.encode(t.breached, forKey: .breached)
            try c.encode(t.severity, forKey: .severity)
            try c.encode(t.exposure, forKey: .exposure)
            try c.encode(t.conditions, forKey: .conditions)
        case .weighting(let w):
            try c.encode(RuleDeclaration.Kind.weighting, forKey: .kind)
            try c.encode(w.weights, forKey: .weights)
            try c.encode(w.components, forKey: .components)
            try c.encode(w.blended, forKey: .blended)
            try c.encode(w.payout, forKey: .payout)
            try c.encode(w.multiplier, forKey: .multiplier)
        }
    }
}

/// Every field is written, absent ones as null, so a reader sees the same keys on every failure.
extension RuleFailure: Codable {
    enum CodingKeys: String, CodingKey { case pack, rule, file, subject, kind, message, location, code, traceback }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(pack: try c.decode(String.self, forKey: .pack), rule: try c.decodeIfPresent(String.self, forKey: .rule),
                  file: try c.decode(String.self, forKey: .file), subject: try c.decodeIfPresent(SubjectRef.self, forKey: .subject),
                  kind: try c.decode(Kind.self, forKey: .kind), message: try c.decode(String.self, forKey: .message),
                  location: try c.decodeIfPresent(String.self, forKey: .location),
                  code: try c.decodeIfPresent(String.self, forKey: .code), traceback: try c.decode([String].self, forKey: .traceback))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pack, forKey: .pack)
        try c.encode(rule, forKey: .rule)
        try c.encode(file, forKey: .file)
        try c.encode(subject, forKey: .subject)
        try c.encode(kind, forKey: .kind)
        try c.encode(message, forKey: .message)
        try c.encode(location, forKey: .location)
        try c.encode(code, forKey: .code)
        try c.encode(traceback, forKey: .traceback)
    }
}

extension DecodingError {
    /// `results[3].limit: expected a number` rather than Foundation's description.
    var readable: String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch self {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])): required field is missing"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(self)"
        }
    }
}

import LadderModel
import LadderPacks
import LadderSnapshots
import Yams

/// Reads a pack's test file (YAML) into cases, collecting every problem with its line.
struct PackTestFileReader {
    let pack: String
    let file: String
    let parameters: [Parameter]
    private(set) var problems: [String] = []

    init(pack: String, file: String, parameters: [Parameter]) {
        self.pack = pack
        self.file = file
        self.parameters = parameters
    }

    private mutating func problem(_ node: Node?, _ path: String, _ message: String) {
        let line = node?.mark.map { ":\($0.line)" } ?? ""
        problems.append("\(file)\(line): \(path.isEmpty ? "" : path + ": ")\(message)")
    }

    mutating func read(_ text: String) -> [PackTestCase] {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            problems.append(PackManifestReader.yamlProblem(error, file: file))
            return []
        }
        guard let top = root?.mapping else {
            problem(root, "", "a test file is a mapping with cases: (see docs/pack-tests.md)")
            return []
        }
        unknownKeys(top, "", allowed: ["snapshot", "merge", "remove", "params", "cases"])
        let defaults = Row(snapshot: top["snapshot"].flatMap { snapshotBase($0, "snapshot") },
                           merges: top["merge"].flatMap { fragment($0, "merge") }.map { [$0] } ?? [],
                           removals: top["remove"].map { removals($0, "remove") } ?? [:],
                           params: top["params"].map { params($0, "params") } ?? [:], expectations: [])
        guard let cases = top["cases"]?.sequence, !cases.isEmpty else {
            problem(top["cases"] ?? root, "cases", "list the cases, each with a name and expect:")
            return []
        }
        var result: [PackTestCase] = []
        let fileProblems = problems
        for (i, node) in cases.enumerated() {
            let path = "cases[\(i)]"
            let before = problems.count
            let first = result.count
            defer {
                // A case with a problem fails, whatever its expectations say; so does every case
                // of a file with a problem of its own.
                let mine = fileProblems + problems[before...]
                if !mine.isEmpty { for k in first..<result.count { result[k].problems = Array(mine) } }
            }
            guard let map = node.mapping else { problem(node, path, "expected a mapping (name:, expect:, ...)"); continue }
            unknownKeys(map, path, allowed: ["name", "snapshot", "merge", "remove", "params", "expect", "each"])
            guard let name = map["name"]?.string, !name.isEmpty else { problem(node, "\(path).name", "required"); continue }
            let row = defaults.adding(row(map, path))
            if let each = map["each"] {
                guard let rows = each.sequence, !rows.isEmpty else { problem(each, "\(path).each", "expected a list of rows"); continue }
                for (j, rowNode) in rows.enumerated() {
                    let rowPath = "\(path).each[\(j)]"
                    guard let rowMap = rowNode.mapping else { problem(rowNode, rowPath, "expected a mapping"); continue }
                    unknownKeys(rowMap, rowPath, allowed: ["name", "snapshot", "merge", "remove", "params", "expect"])
                    let rowName = rowMap["name"]?.string ?? "#\(j + 1)"
                    if let c = makeCase("\(name) [\(rowName)]", line: rowNode.mark?.line ?? 0, row.adding(self.row(rowMap, rowPath)), rowPath) {
                        result.append(c)
                    }
                }
            } else if let c = makeCase(name, line: node.mark?.line ?? 0, row, path) {
                result.append(c)
            }
        }
        return result
    }

    /// The parts of a case or row; rows add to their case.
    private struct Row {
        var snapshot: CaseSnapshot.Base?
        var merges: [JSONValue]
        var removals: [String: [JSONValue]]
        var params: [String: ParameterValue]
        var expectations: [Expectation]

        /// A snapshot given here discards the fragments written for the snapshot above: they
        /// name its records (docs/pack-tests.md).
        func adding(_ other: Row) -> Row {
            let own = other.snapshot != nil
            return Row(snapshot: other.snapshot ?? snapshot, merges: (own ? [] : merges) + other.merges,
                       removals: (own ? [:] : removals).merging(other.removals) { $0 + $1 },
                       params: params.merging(other.params) { $1 }, expectations: expectations + other.expectations)
        }
    }

    private mutating func row(_ map: Node.Mapping, _ path: String) -> Row {
        var expectations: [Expectation] = []
        if let node = map["expect"] {
            if let list = node.sequence {
                for (i, e) in list.enumerated() { if let x = expectation(e, "\(path).expect[\(i)]") { expectations.append(x) } }
            } else { problem(node, "\(path).expect", "expected a list of expectations") }
        }
        return Row(snapshot: map["snapshot"].flatMap { snapshotBase($0, "\(path).snapshot") },
                   merges: map["merge"].flatMap { fragment($0, "\(path).merge") }.map { [$0] } ?? [],
                   removals: map["remove"].map { removals($0, "\(path).remove") } ?? [:],
                   params: map["params"].map { params($0, "\(path).params") } ?? [:], expectations: expectations)
    }

    private mutating func makeCase(_ name: String, line: Int, _ row: Row, _ path: String) -> PackTestCase? {
        guard let base = row.snapshot else {
            problems.append("\(file):\(line): \(path): no snapshot (give snapshot: here or at the top of the file)")
            return nil
        }
        if row.expectations.isEmpty {
            problems.append("\(file):\(line): \(path): no expectations (expect: [...])")
            return nil
        }
        return PackTestCase(pack: pack, name: name, file: file, line: line,
                            snapshot: CaseSnapshot(base: base, merges: row.merges, removals: row.removals),
                            parameters: row.params, expectations: row.expectations)
    }

    private mutating func snapshotBase(_ node: Node, _ path: String) -> CaseSnapshot.Base? {
        if let text = node.scalar?.string { return .file(text) }
        if node.mapping != nil { return .inline(json(node)) }
        problem(node, path, "expected a snapshot file path or a whole snapshot")
        return nil
    }

    private mutating func fragment(_ node: Node, _ path: String) -> JSONValue? {
        guard node.mapping != nil else { problem(node, path, "expected a mapping of snapshot keys (deals:, people:, ...)"); return nil }
        return json(node)
    }

    private mutating func removals(_ node: Node, _ path: String) -> [String: [JSONValue]] {
        guard let map = node.mapping else { problem(node, path, "expected collection: [ids or field matches], e.g. deals: [d-1]"); return [:] }
        var out: [String: [JSONValue]] = [:]
        for (k, v) in map {
            guard let key = k.string, SnapshotMerge.collections.contains(key) else {
                problem(k, path, "\"\(k.string ?? "?")\" is not a collection (\(SnapshotMerge.collections.joined(separator: ", ")))")
                continue
            }
            guard let items = v.sequence else { problem(v, "\(path).\(key)", "expected a list"); continue }
            for (i, item) in items.enumerated() {
                if item.mapping != nil { out[key, default: []].append(json(item)) }
                else if let id = item.string, SnapshotMerge.keyed[key] != nil { out[key, default: []].append(.string(id)) }
                else {
                    problem(item, "\(path).\(key)[\(i)]", SnapshotMerge.keyed[key] != nil ? "expected an id or a mapping of fields to match"
                        : "\(key) have no id: give the fields to match, e.g. {person_id: u-ann, period_id: 2026-Q2}")
                }
            }
        }
        return out
    }

    private mutating func params(_ node: Node, _ path: String) -> [String: ParameterValue] {
        guard let map = node.mapping else { problem(node, path, "expected name: value"); return [:] }
        var out: [String: ParameterValue] = [:]
        for (k, v) in map {
            guard let name = k.string, let parameter = parameters.first(where: { $0.name == name }) else {
                problem(k, "\(path).\(k.string ?? "?")", "the pack \(self.pack) has no such parameter\((k.string ?? "").didYouMean(parameters.map(\.name)))")
                continue
            }
            let value: ParameterValue?
            switch parameter.kind {
            case .number: value = v.scalar.flatMap { Double.construct(from: $0) }.map(ParameterValue.number)
            case .integer: value = v.scalar.flatMap { Int.construct(from: $0) }.map(ParameterValue.integer)
            case .boolean: value = v.scalar.flatMap { Bool.construct(from: $0) }.map(ParameterValue.boolean)
            case .string: value = v.scalar.map { ParameterValue.string($0.string) }
            case .list: value = v.sequence.map { ParameterValue.list($0.compactMap(\.string)) }
            }
            guard let value else { problem(v, "\(path).\(name)", "expected \(parameter.kind.article)"); continue }
            out[name] = value
        }
        return out
    }

    private mutating func expectation(_ node: Node, _ path: String) -> Expectation? {
        guard let map = node.mapping else { problem(node, path, "expected rule:, subject: and what to check"); return nil }
        unknownKeys(map, path, allowed: ["rule", "subject", "outcome", "breached", "severity", "value", "limit", "blended", "payout",
                                         "exposure", "weights", "components", "tolerance", "message_contains", "reasons_contain",
                                         "notes_contain", "evidence_includes", "evidence_count", "no_result", "fails_with", "failure_kind",
                                         "message_not_contains", "notes", "evidence", "conditions"])
        guard let rule = map["rule"]?.string, let subject = map["subject"]?.string else {
            problem(node, path, "rule: and subject: are required")
            return nil
        }
        var e = Expectation(rule: rule, subject: subject, line: node.mark?.line ?? 0, tolerance: 1e-9, messageContains: [],
                            reasonsContain: [], notesContain: [], evidenceIncludes: [], noResult: false)
        for (k, _) in map { if let key = k.string, let line = k.mark?.line { e.keyLines[key] = line } }
        if let n = map["outcome"] { e.outcome = n.string }
        if let n = map["breached"] { e.breached = bool(n, "\(path).breached") }
        if let n = map["severity"] {
            e.severity = n.string
            if !["none", "medium", "high"].contains(e.severity ?? "") { problem(n, "\(path).severity", "none, medium or high") }
        }
        if let n = map["value"] { e.value = optionalNumber(n, "\(path).value") }
        if let n = map["limit"] { e.limit = number(n, "\(path).limit") }
        if let n = map["blended"] { e.blended = number(n, "\(path).blended") }
        if let n = map["payout"] { e.payout = optionalNumber(n, "\(path).payout") }
        if let n = map["exposure"] { e.exposure = optionalNumber(n, "\(path).exposure") }
        if let n = map["weights"] { e.weights = numbers(n, "\(path).weights") }
        if let n = map["components"] { e.components = numbers(n, "\(path).components") }
        if let n = map["tolerance"], let t = number(n, "\(path).tolerance") { e.tolerance = t }
        e.messageContains = texts(map["message_contains"])
        e.messageNotContains = texts(map["message_not_contains"])
        if let n = map["notes"] { e.notes = texts(n) }
        if let n = map["evidence"] { e.evidence = texts(n) }
        if let n = map["conditions"] {
            if let conditions = n.mapping {
                for (k, v) in conditions {
                    guard let name = k.string else { continue }
                    if let passed = v.scalar.flatMap({ Bool.construct(from: $0) }) { e.conditions[name] = (passed, nil) }
                    else if let fields = v.mapping {
                        unknownKeys(fields, "\(path).conditions.\(name)", allowed: ["passed", "detail_contains"])
                        e.conditions[name] = (fields["passed"].flatMap { bool($0, "\(path).conditions.\(name).passed") }, fields["detail_contains"]?.string)
                    } else { problem(v, "\(path).conditions.\(name)", "expected true, false, or {passed:, detail_contains:}") }
                }
            } else { problem(n, "\(path).conditions", "expected a mapping of condition names, e.g. {track record: true}") }
        }
        e.reasonsContain = texts(map["reasons_contain"])
        e.notesContain = texts(map["notes_contain"])
        e.evidenceIncludes = texts(map["evidence_includes"])
        if let n = map["evidence_count"] { e.evidenceCount = n.scalar.flatMap { Int.construct(from: $0) } }
        if let n = map["no_result"] { e.noResult = bool(n, "\(path).no_result") ?? false }
        if let n = map["fails_with"] { e.failsWith = n.string ?? "" }
        if let n = map["failure_kind"] {
            e.failureKind = n.string
            if e.failsWith == nil { e.failsWith = "" }
        }
        return e
    }

    private func texts(_ node: Node?) -> [String] {
        guard let node else { return [] }
        if let list = node.sequence { return list.compactMap(\.string) }
        return node.string.map { [$0] } ?? []
    }

    private mutating func bool(_ node: Node, _ path: String) -> Bool? {
        guard let b = node.scalar.flatMap({ Bool.construct(from: $0) }) else { problem(node, path, "expected true or false"); return nil }
        return b
    }

    private mutating func number(_ node: Node, _ path: String) -> Double? {
        guard let d = node.scalar.flatMap({ Double.construct(from: $0) }) else { problem(node, path, "expected a number"); return nil }
        return d
    }

    private mutating func optionalNumber(_ node: Node, _ path: String) -> Double?? {
        if Tag.Name(rawValue: node.tag.rawValue) == .null { return .some(nil) }
        return number(node, path).map { .some($0) }
    }

    private mutating func numbers(_ node: Node, _ path: String) -> [String: Double]? {
        guard let map = node.mapping else { problem(node, path, "expected name: number"); return nil }
        var out: [String: Double] = [:]
        for (k, v) in map { if let key = k.string, let d = number(v, "\(path).\(key)") { out[key] = d } }
        return out
    }

    private mutating func unknownKeys(_ map: Node.Mapping, _ path: String, allowed: Set<String>) {
        for (k, _) in map where !allowed.contains(k.string ?? "") {
            problem(k, path.isEmpty ? (k.string ?? "?") : "\(path).\(k.string ?? "?")", "unknown key (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// YAML as JSON values, scalars typed by their resolved tag.
    private func json(_ node: Node) -> JSONValue {
        switch node {
        case .mapping(let map):
            var fields = IDMap<JSONValue>()
            for (k, v) in map { fields[k.string ?? ""] = json(v) }
            return .object(fields)
        case .sequence(let seq):
            return .array(seq.map(json))
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return Bool.construct(from: scalar).map(JSONValue.bool) ?? .string(scalar.string)
            case .int, .float: return Double.construct(from: scalar).map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .alias:
            return .null
        }
    }
}

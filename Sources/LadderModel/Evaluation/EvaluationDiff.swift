/// What changed between two evaluations, verdict by verdict and field by field: the one diff
/// behind pinned verdicts, and what a dry run or a history compares.
///
/// ```swift
/// let before = try Evaluation(jsonReport: Data(contentsOf: URL(fileURLWithPath: "before.json")))
/// let after = try Evaluation(jsonReport: Data(contentsOf: URL(fileURLWithPath: "after.json")))
/// for line in EvaluationDiff(from: before, to: after).lines { print(line) }
/// ```
public struct EvaluationDiff: Sendable, Equatable {
    /// Changed verdicts, by rule, then subject id.
    public var entries: [Entry]

    public var isEmpty: Bool { entries.isEmpty }

    public struct Entry: Sendable, Equatable {
        public var rule: String
        /// Empty for a failure of a whole rule or file.
        public var subject: String
        public var change: Change

        public init(rule: String, subject: String, change: Change) {
            self.rule = rule
            self.subject = subject
            self.change = change
        }
    }

    public enum Change: Sendable, Equatable {
        /// Only the newer evaluation has this verdict.
        case added(VerdictRecord)
        /// Only the older evaluation has it.
        case removed(VerdictRecord)
        /// Both have it; these fields differ.
        case changed([FieldChange])
    }

    public struct FieldChange: Sendable, Equatable {
        public var field: String
        public var before: FieldValue
        public var after: FieldValue

        public init(field: String, before: FieldValue, after: FieldValue) {
            self.field = field
            self.before = before
            self.after = after
        }

        /// `after - before` when both are numbers.
        public var delta: Double? {
            if case .number(let a) = before, case .number(let b) = after { return b - a }
            return nil
        }

        /// Items of a list (evidence, reasons, notes) that only the newer verdict has.
        public var addedItems: [String] {
            guard case .texts(let a) = before, case .texts(let b) = after else { return [] }
            return b.filter { !a.contains($0) }
        }

        /// Items of a list that only the older verdict has.
        public var droppedItems: [String] {
            guard case .texts(let a) = before, case .texts(let b) = after else { return [] }
            return a.filter { !b.contains($0) }
        }
    }

    /// Compares two evaluations; numbers closer than `tolerance` count as equal.
    public init(from before: Evaluation, to after: Evaluation, tolerance: Double = 0) {
        self.init(from: before.verdicts, to: after.verdicts, tolerance: tolerance)
    }

    /// Compares two lists of verdicts (pinned verdicts read back, for instance).
    public init(from before: [VerdictRecord], to after: [VerdictRecord], tolerance: Double = 0) {
        func index(_ records: [VerdictRecord]) -> [Key: VerdictRecord] {
            Dictionary(records.map { (Key(rule: $0.rule, subject: $0.subject), $0) }, uniquingKeysWith: { first, _ in first })
        }
        let old = index(before), new = index(after)
        var entries: [Entry] = []
        for key in Set(old.keys).union(new.keys).sorted() {
            switch (old[key], new[key]) {
            case (nil, let b?):
                entries.append(Entry(rule: key.rule, subject: key.subject, change: .added(b)))
            case (let a?, nil):
                entries.append(Entry(rule: key.rule, subject: key.subject, change: .removed(a)))
            case (let a?, let b?):
                let changes = Set(a.fields.keys).union(b.fields.keys).sorted().compactMap { field -> FieldChange? in
                    let x = a.fields[field] ?? .none, y = b.fields[field] ?? .none
                    return Self.same(x, y, tolerance: tolerance) ? nil : FieldChange(field: field, before: x, after: y)
                }
                if !changes.isEmpty { entries.append(Entry(rule: key.rule, subject: key.subject, change: .changed(changes))) }
            case (nil, nil):
                break
            }
        }
        self.entries = entries
    }

    /// One line per change: `rule subject: new verdict`, `… verdict gone`, `rule subject field: old → new`.
    public var lines: [String] {
        entries.flatMap { entry -> [String] in
            let key = "\(entry.rule) \(entry.subject)"
            switch entry.change {
            case .added: return ["\(key): new verdict"]
            case .removed: return ["\(key): verdict gone"]
            case .changed(let fields): return fields.map { "\(key) \($0.field): \($0.before) → \($0.after)" }
            }
        }
    }

    private struct Key: Hashable, Comparable {
        let rule: String
        let subject: String
        static func < (a: Key, b: Key) -> Bool { (a.rule, a.subject) < (b.rule, b.subject) }
    }

    private static func same(_ a: FieldValue, _ b: FieldValue, tolerance: Double) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return abs(x - y) <= tolerance
        case let (.numbers(x), .numbers(y)):
            return x.keys.sorted() == y.keys.sorted() && x.allSatisfy { abs($0.value - y[$0.key]!) <= tolerance }
        default: return a == b
        }
    }
}

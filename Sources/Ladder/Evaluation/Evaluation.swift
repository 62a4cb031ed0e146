/// Everything one evaluation produced, with its provenance.
public struct Evaluation: Sendable, Equatable {
    public var ladderVersion: String
    public var pack: PackInfo
    public var snapshot: SnapshotInfo
    /// The parameters in force, in manifest order.
    public var parameters: ParameterSet
    /// Sorted by rule (pack order), then subject id.
    public var results: [RuleResult]
    /// Sorted by rule, then subject id.
    public var failures: [RuleFailure]
    public var rules: [RuleDeclaration]
    public var warnings: [SnapshotIssue]
    /// Lines of Lua run, by chunk name, when ``EvaluationOptions/coverage`` was set.
    public var coverage: [String: Set<Int>] = [:]

    public struct PackInfo: Sendable, Equatable, Codable {
        public var name: String
        public var version: String
        public var sha256: String
    }

    public struct SnapshotInfo: Sendable, Equatable, Codable {
        public var sha256: String
        public var asOf: Day
        public var organization: String
        /// ISO 4217 code money is in.
        public var currency: String
    }
}

/// The running Ladder's version, stamped on every report.
public enum LadderVersion {
    public static let current = "0.1.0"
}

/// Everything one evaluation produced, with its provenance.
public struct Evaluation: Sendable, Equatable {
    public var ladderVersion: String
    /// The pack evaluated: its name and version, and a hash over every layer.
    public var pack: PackInfo
    /// The pack's layers, base first (`core`, then a client's); one layer for a pack that
    /// extends none.
    public var layers: [PackInfo]
    public var snapshot: SnapshotInfo
    /// The parameters in force, in manifest order.
    public var parameters: ParameterSet
    /// Sorted by rule (pack order), then subject id.
    public var results: [RuleResult]
    /// Sorted by rule, then subject id.
    public var failures: [RuleFailure]
    public var rules: [RuleDeclaration]
    public var warnings: [SnapshotIssue]
    /// Every evidence id of the results that names a record of the snapshot, with its record.
    public var records: EvidenceRecords

    public init(ladderVersion: String = LadderVersion.current, pack: PackInfo, layers: [PackInfo], snapshot: SnapshotInfo,
                parameters: ParameterSet, results: [RuleResult], failures: [RuleFailure], rules: [RuleDeclaration],
                warnings: [SnapshotIssue], records: EvidenceRecords = [:]) {
        self.ladderVersion = ladderVersion
        self.pack = pack
        self.layers = layers
        self.snapshot = snapshot
        self.parameters = parameters
        self.results = results
        self.failures = failures
        self.rules = rules
        self.warnings = warnings
        self.records = records
    }

    public struct PackInfo: Sendable, Equatable, Codable {
        public var name: String
        public var version: String
        public var sha256: String

        public init(name: String, version: String, sha256: String) {
            self.name = name
            self.version = version
            self.sha256 = sha256
        }
    }

    public struct SnapshotInfo: Sendable, Equatable, Codable {
        public var sha256: String
        public var asOf: Day
        public var organization: String
        /// ISO 4217 code money is in.
        public var currency: String

        public init(sha256: String, asOf: Day, organization: String, currency: String) {
            self.sha256 = sha256
            self.asOf = asOf
            self.organization = organization
            self.currency = currency
        }

        enum CodingKeys: String, CodingKey { case sha256, asOf = "as_of", organization, currency }
    }
}

/// The running Ladder's version, stamped on every report.
public enum LadderVersion {
    public static let current = "0.1.0"
}

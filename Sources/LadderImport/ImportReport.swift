/// What an import read, used, skipped and noticed: every row accounted for.
public struct ImportReport: Sendable, Encodable {
    public static let formatVersion = 1

    public struct FileSummary: Sendable, Encodable {
        public var path: String
        public var kind: String
        /// Data rows read (the header, blank rows and footer lines not counted).
        public var rows: Int
        public var used: Int
        public var skipped: Int
        /// The footer lines set aside, as written.
        public var footer: [String]
        public var blankRows: Int
        /// Field → the column label read for it.
        public var columns: [String: String]
        /// Header labels no field reads.
        public var ignoredColumns: [String]

        enum CodingKeys: String, CodingKey {
            case path, kind, rows, used, skipped, columns, footer
            case blankRows = "blank_rows", ignoredColumns = "ignored_columns"
        }
    }

    /// A skipped row or a warning, where it is.
    public struct Note: Sendable, Encodable, CustomStringConvertible {
        public var file: String?
        public var line: Int?
        public var message: String

        public var description: String {
            switch (file, line) {
            case let (file?, line?): "\(file):\(line): \(message)"
            case let (file?, nil): "\(file): \(message)"
            default: message
            }
        }
    }

    public struct TeamTotals: Sendable, Encodable {
        public var id: String
        public var name: String
        public var manager: String?
        public var people: Int
        public var openDeals: Int
        public var lateStageDeals: Int
        public var openAmount: Double
        public var wonDeals: Int
        public var wonAmount: Double

        enum CodingKeys: String, CodingKey {
            case id, name, manager, people
            case openDeals = "open_deals", lateStageDeals = "late_stage_deals", openAmount = "open_amount"
            case wonDeals = "won_deals", wonAmount = "won_amount"
        }
    }

    public var manifest: String
    public var output: String?
    public var files: [FileSummary] = []
    public var skipped: [Note] = []
    public var warnings: [Note] = []
    /// Why the import was refused; empty when a snapshot was made.
    public var problems: [ImportProblem] = []
    public var teams: [TeamTotals] = []
    /// Records per kind in the snapshot.
    public var counts: [String: Int] = [:]
    public var currency: String?
    /// SHA-256 of the snapshot's bytes.
    public var sha256: String?

    public init(manifest: String) { self.manifest = manifest }

    enum CodingKeys: String, CodingKey {
        case format, manifest, output, files, skipped, warnings, problems, teams, counts, currency, sha256
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .format)
        try container.encode(manifest, forKey: .manifest)
        try container.encodeIfPresent(output, forKey: .output)
        try container.encode(files, forKey: .files)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(problems, forKey: .problems)
        try container.encode(teams, forKey: .teams)
        try container.encode(counts, forKey: .counts)
        try container.encodeIfPresent(currency, forKey: .currency)
        try container.encodeIfPresent(sha256, forKey: .sha256)
    }
}

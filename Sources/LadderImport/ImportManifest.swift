import LadderModel

/// What `ladder import` reads: the client's export files and how to read them
/// (docs/import.md). Paths are relative to the manifest's folder.
public struct ImportManifest: Sendable {
    /// The CRM the deal exports come from; it gives the default stages and the snapshot's
    /// `organization.source`. Column labels of every preset are recognised in every file.
    public enum Preset: String, Sendable, CaseIterable {
        case salesforce, hubspot, manual
    }

    /// How a reference to a person in a cell (a deal's owner, a manager, an attendee) is
    /// matched to the roster.
    public enum MatchKey: String, Sendable, CaseIterable {
        case id, email, name
    }

    /// A snapshot stage and the client's labels for it.
    public struct StageMapping: Sendable {
        public var stage: Stage
        /// Labels in the exports that mean this stage, besides its name; `Label (Pipeline)`
        /// matches that label in that pipeline only.
        public var aliases: [String]
    }

    public struct Source: Sendable {
        public var path: String
        public var kind: SourceKind
        /// Field name → the column label this file uses for it, overriding the defaults.
        public var columns: [String: String]
        /// Assessment score name → column label, for assessment files.
        public var scores: [String: String]
        public var dateFormat: DateFormat?
        public var numberFormat: NumberFormat?
        public var delimiter: Character
        public var encoding: CSVTable.Encoding
    }

    /// Where the manifest was read from; paths are relative to its folder.
    public var file: String
    public var preset: Preset
    public var organization: Organization
    public var asOf: Day
    public var dateFormat: DateFormat?
    public var numberFormat: NumberFormat
    /// Currency code → how much one unit is worth in the organisation's currency.
    public var exchangeRates: [String: Double]
    public var match: [MatchKey]
    /// nil: the preset's stages.
    public var stages: [StageMapping]?
    /// Periods written in the manifest (a `periods` file adds more).
    public var periods: [Period]
    public var sources: [Source]
    /// Client team-role label → snapshot member role (`assist`, `manager`, …).
    public var memberRoles: [String: String]
    /// Client activity label → snapshot activity kind (`one_on_one`, `mentoring`, …).
    public var activityKinds: [String: String]
    /// Client exit label → event kind, for the roster's exit column.
    public var exitKinds: [String: String]
    /// HubSpot's stage timestamp columns, with `{stage}` and `{pipeline}` in the label.
    public var stageEnteredColumn: String

    public static let hubspotStageEnteredColumn = #"Date entered "{stage} ({pipeline})""#

    /// The stages deals are mapped to: the manifest's, or the preset's.
    public var stageMappings: [StageMapping] {
        if let stages { return stages }
        switch preset {
        case .hubspot:
            return [("Appointment Scheduled", "appointmentscheduled", 0.2), ("Qualified To Buy", "qualifiedtobuy", 0.4),
                    ("Presentation Scheduled", "presentationscheduled", 0.6), ("Decision Maker Bought-In", "decisionmakerboughtin", 0.8),
                    ("Contract Sent", "contractsent", 0.9), ("Closed Won", "closedwon", 1.0), ("Closed Lost", "closedlost", 0.0)]
                .enumerated().map { offset, stage in
                    let closed = stage.0.hasPrefix("Closed")
                    return StageMapping(stage: Stage(name: stage.0, order: offset + 1, probability: stage.2, late: !closed && stage.2 >= 0.75,
                                                     closed: closed, won: stage.0 == "Closed Won"), aliases: [stage.1])
                }
        case .salesforce, .manual:
            return Stage.salesforceDefaults.map { StageMapping(stage: $0, aliases: []) }
        }
    }
}

/// What a file holds. Deal files, their team members and stage history come from the CRM;
/// the rest are the consultancy's own spreadsheets.
public enum SourceKind: String, Sendable, CaseIterable {
    case roster, teams, users, periods, quotas, deals
    case dealMembers = "deal_members"
    case stageHistory = "stage_history"
    case activities, assessments, events

    /// Salesforce's and HubSpot's names for the same exports.
    static let aliases: [String: SourceKind] = [
        "opportunities": .deals, "opportunity_team": .dealMembers, "opportunity_team_members": .dealMembers,
        "opportunity_history": .stageHistory, "people": .roster,
    ]

    public init?(named name: String) {
        guard let kind = SourceKind(rawValue: name) ?? Self.aliases[name] else { return nil }
        self = kind
    }
}

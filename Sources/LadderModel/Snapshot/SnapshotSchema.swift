/// The snapshot format as data: every record kind and its fields, as docs/snapshot-format.md
/// describes them. One description serves the rules' strict records, `ladder check`, the
/// editor annotations of `ladder types` and the JSON Schema of `ladder schema`.
public enum SnapshotSchema {
    /// Amounts are 0 or between a hundredth and 1e20: far past any real deal, quota or pay, and
    /// small enough that every sum over a snapshot, and every ratio of one sum to another, stays
    /// a finite number a report can show (1.79e308 summed twice is infinity).
    public static let amounts = 0.01...1e20
    /// A ramp factor is 0 or at least this, so a ramped quota keeps a ratio to it finite.
    public static let smallestRampFactor = 0.0001
    public struct Record: Sendable {
        /// As messages name it: `deal`, `deal member`.
        public let kind: String
        /// As editor annotations name it: `Deal`, `DealMember`.
        public let typeName: String
        public let description: String
        public let fields: [Field]

        public var fieldNames: [String] { fields.map(\.name) }
        public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
    }

    public struct Field: Sendable {
        public let name: String
        public let type: FieldType
        /// Must be in the JSON.
        public let required: Bool
        /// What an absent field becomes; nil when it stays absent (reads as nil in Lua).
        public let defaultValue: String?
        public let description: String
        /// Bounds of a number (of each score, for scores).
        public var minimum: Double? = nil
        public var maximum: Double? = nil

        /// Present in every record Lua sees: required, or filled in with a default.
        public var alwaysPresent: Bool { required || defaultValue != nil }
    }

    public indirect enum FieldType: Sendable, Equatable {
        case text, integer, number, boolean
        /// `YYYY-MM-DD`, text in Lua.
        case date
        /// The id of a record of this kind (text).
        case reference(String)
        case list(FieldType)
        /// A nested record of this kind.
        case record(String)
        /// Name → number (assessment scores).
        case numbers
    }

    private static func f(_ name: String, _ type: FieldType, required: Bool = false, default value: String? = nil,
                          min: Double? = nil, max: Double? = nil, _ description: String) -> Field {
        Field(name: name, type: type, required: required, defaultValue: value, description: description, minimum: min, maximum: max)
    }

    public static let records: [Record] = [
        Record(kind: "snapshot", typeName: "Snapshot", description: "A sales organisation as of one date.", fields: [
            f("version", .integer, required: true, "Format version: 1."),
            f("as_of", .date, required: true, "The day the snapshot describes: today for every rule."),
            f("organization", .record("organization"), required: true, "Who the snapshot is of."),
            f("stages", .list(.record("stage")), default: "Salesforce's standard stages", "The pipeline's stages."),
            f("periods", .list(.record("period")), required: true, "Quota periods, ordered by start."),
            f("teams", .list(.record("team")), required: true, "Teams; at least one."),
            f("people", .list(.record("person")), required: true, "Reps, managers and above."),
            f("quotas", .list(.record("quota")), default: "none", "Quotas per person and period."),
            f("deals", .list(.record("deal")), default: "none", "Opportunities, open and closed."),
            f("activities", .list(.record("activity")), default: "none", "1-on-1s, coaching, mentoring and other activities."),
            f("assessments", .list(.record("assessment")), default: "none", "Leadership assessments."),
            f("events", .list(.record("event")), default: "none", "Hires, promotions, exits and other people events."),
        ]),
        Record(kind: "organization", typeName: "Organization", description: "The client organisation.", fields: [
            f("id", .text, required: true, "Its id."),
            f("name", .text, required: true, "Its name, shown on every report."),
            f("currency", .text, required: true, "ISO 4217 code money is in, e.g. USD."),
            f("source", .text, "Where the data came from: salesforce, hubspot, manual or other text."),
        ]),
        Record(kind: "stage", typeName: "Stage", description: "A pipeline stage.", fields: [
            f("name", .text, required: true, "Unique; deals name their stage by it."),
            f("order", .integer, required: true, "Ascending through the pipeline."),
            f("probability", .number, required: true, min: 0, max: 1, "0 to 1."),
            f("late", .boolean, default: "open and probability >= 0.75", "An open deal in a late stage is a late-stage deal."),
            f("closed", .boolean, default: "false (true when won)", "A deal in a closed stage is closed."),
            f("won", .boolean, default: "false", "A deal in a won stage is won."),
        ]),
        Record(kind: "period", typeName: "Period", description: "A quota period.", fields: [
            f("id", .text, required: true, "Unique, e.g. 2026-Q2."),
            f("start", .date, required: true, "First day."),
            f("end", .date, required: true, "Last day, inclusive; closed once it is on or before as_of."),
        ]),
        Record(kind: "team", typeName: "Team", description: "A team with one front-line manager.", fields: [
            f("id", .text, required: true, "Unique."),
            f("name", .text, required: true, "Its name."),
            f("manager_id", .reference("person"), "Its front-line manager."),
            f("parent_id", .reference("team"), "The team above it (regions, divisions)."),
        ]),
        Record(kind: "person", typeName: "Person", description: "A rep, a manager, or anyone else in the organisation.", fields: [
            f("id", .text, required: true, "Unique."),
            f("name", .text, required: true, "Full name."),
            f("email", .text, "Email address."),
            f("role", .text, required: true, "rep, manager, director or other text."),
            f("track", .text, default: "individual", "individual, producer (senior individual contributor) or management."),
            f("team_id", .reference("team"), "The team they belong to; for a manager, the team they lead."),
            f("manager_id", .reference("person"), "Their direct manager."),
            f("hire_date", .date, "When they joined."),
            f("role_start_date", .date, "When they took their current role; for a manager, the promotion date."),
            f("active", .boolean, default: "true", "False for people who left."),
            f("target_incentive", .number, min: 0, max: amounts.upperBound, "Variable pay at 100% attainment; 0 or 0.01 to 1e20."),
        ]),
        Record(kind: "quota", typeName: "Quota", description: "A person's quota for one period.", fields: [
            f("person_id", .reference("person"), required: true, "Whose quota."),
            f("period_id", .reference("period"), required: true, "Which period."),
            f("amount", .number, required: true, min: 0, max: amounts.upperBound, "0, or 0.01 to 1e20."),
            f("ramp_factor", .number, default: "1", min: 0, max: 1, "0, or 0.0001 to 1; scales the quota of someone still ramping."),
        ]),
        Record(kind: "deal", typeName: "Deal", description: "An opportunity.", fields: [
            f("id", .text, required: true, "Unique."),
            f("name", .text, "Its name."),
            f("team_id", .reference("team"), default: "the owner's team", "The team it is booked to."),
            f("owner_id", .reference("person"), required: true, "The primary owner."),
            f("amount", .number, required: true, min: 0, max: amounts.upperBound, "0, or 0.01 to 1e20."),
            f("stage", .text, required: true, "The name of its stage."),
            f("created_date", .date, "When it was created."),
            f("close_date", .date, "When it closed, or is expected to."),
            f("stage_entered_date", .date, "When it entered its current stage."),
            f("members", .list(.record("deal member")), default: "none", "Other people on the deal."),
        ]),
        Record(kind: "deal member", typeName: "DealMember", description: "Someone on a deal besides its owner.", fields: [
            f("person_id", .reference("person"), required: true, "Who."),
            f("role", .text, required: true, "assist, manager, executive_sponsor, presales or other text."),
        ]),
        Record(kind: "activity", typeName: "Activity", description: "A 1-on-1, coaching session, mentoring or other activity.", fields: [
            f("kind", .text, required: true, "one_on_one, coaching, deal_review, joint_call, mentoring, peer_assist, lead_shared, led_project or other text."),
            f("owner_id", .reference("person"), required: true, "Who held or did it."),
            f("with_ids", .list(.reference("person")), default: "none", "Who it was with."),
            f("date", .date, required: true, "When."),
            f("deal_id", .reference("deal"), "The deal it was about."),
        ]),
        Record(kind: "assessment", typeName: "Assessment", description: "A leadership assessment.", fields: [
            f("person_id", .reference("person"), required: true, "Who was assessed."),
            f("date", .date, required: true, "When."),
            f("assessor", .text, "Who assessed."),
            f("scores", .numbers, required: true, min: 1, max: 5, "Scores 1 to 5 by name: mentorship, systems_thinking, emotional_regulation, curiosity, management_interest; any may be missing."),
        ]),
        Record(kind: "event", typeName: "Event", description: "A hire, promotion, exit or other people event.", fields: [
            f("person_id", .reference("person"), required: true, "Whose event."),
            f("date", .date, required: true, "When; a promotion after as_of marks a nomination."),
            f("kind", .text, required: true, "hire, promotion, voluntary_exit, involuntary_exit, transfer, return_to_individual, leave or other text."),
            f("regretted", .boolean, default: "false", "For exits: the organisation wanted to keep them."),
        ]),
    ]

    public static func record(_ kind: String) -> Record? { records.first { $0.kind == kind } }
}

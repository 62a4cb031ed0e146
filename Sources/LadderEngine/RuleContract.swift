/// What a rule can read besides its subject, as docs/rule-contract.md lists it.
public enum RuleContract {
    /// `ctx.index` lookups, each with the kind of record it leads to.
    public static let indexes: [(name: String, kind: String)] = [
        ("people_by_id", "person"), ("teams_by_id", "team"), ("stages_by_name", "stage"), ("periods_by_id", "period"),
        ("deals_by_id", "deal"), ("reports_by_manager", "person"), ("people_by_team", "person"), ("teams_by_manager", "team"),
        ("deals_by_team", "deal"), ("deals_by_owner", "deal"), ("deals_by_stage", "deal"), ("quotas_by_person", "quota"),
        ("activities_by_owner", "activity"), ("assessments_by_person", "assessment"), ("events_by_person", "event"),
        ("closed_periods", "period"),
    ]

    /// `ctx`'s own fields; the pack's helpers (`ctx.metrics`) come on top.
    public static let contextFields = ["params", "snapshot", "index", "as_of", "rule", "pack"]

    /// `ctx.snapshot`'s collections, each with the kind of its records.
    public static let collections: [(name: String, kind: String)] = [
        ("stages", "stage"), ("periods", "period"), ("teams", "team"), ("people", "person"), ("quotas", "quota"),
        ("deals", "deal"), ("activities", "activity"), ("assessments", "assessment"), ("events", "event"),
    ]
}

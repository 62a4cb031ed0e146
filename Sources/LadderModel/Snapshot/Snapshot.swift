/// A sales organisation as of one date: the typed input every rule runs against
/// (docs/snapshot-format.md). Defaults are resolved: a deal's `teamId` falls back to its
/// owner's team, a stage's `late`/`closed` flags are filled in, periods are ordered by start.
///
/// Field names are camelCase here and snake_case in JSON and Lua (the coding keys).
public struct Snapshot: Sendable, Encodable {
    /// The highest snapshot format version this Ladder reads.
    public static let highestSupportedVersion = 1

    public var version: Int
    public var asOf: Day
    public var organization: Organization
    public var stages: [Stage]
    public var periods: [Period]
    public var teams: [Team]
    public var people: [Person]
    public var quotas: [Quota]
    public var deals: [Deal]
    public var activities: [Activity]
    public var assessments: [Assessment]
    public var events: [Event]

    enum CodingKeys: String, CodingKey {
        case version, asOf = "as_of", organization, stages, periods, teams, people, quotas, deals, activities, assessments, events
    }

    public init(version: Int, asOf: Day, organization: Organization, stages: [Stage], periods: [Period], teams: [Team], people: [Person], quotas: [Quota], deals: [Deal], activities: [Activity], assessments: [Assessment], events: [Event]) {
        self.version = version
        self.asOf = asOf
        self.organization = organization
        self.stages = stages
        self.periods = periods
        self.teams = teams
        self.people = people
        self.quotas = quotas
        self.deals = deals
        self.activities = activities
        self.assessments = assessments
        self.events = events
    }
}

public struct Organization: Sendable, Encodable, Equatable {
    public var id: String
    public var name: String
    public var currency: String
    public var source: String?

    public init(id: String, name: String, currency: String, source: String? = nil) {
        self.id = id
        self.name = name
        self.currency = currency
        self.source = source
    }
}

public struct Stage: Sendable, Encodable, Equatable {
    public var name: String
    public var order: Int
    public var probability: Double
    /// An open deal in this stage is late-stage.
    public var late: Bool
    public var closed: Bool
    public var won: Bool

    /// Salesforce's standard opportunity stages, used when a snapshot has none.
    public static let salesforceDefaults: [Stage] = [
        ("Prospecting", 0.10), ("Qualification", 0.10), ("Needs Analysis", 0.20), ("Value Proposition", 0.50),
        ("Id. Decision Makers", 0.60), ("Perception Analysis", 0.70), ("Proposal/Price Quote", 0.75),
        ("Negotiation/Review", 0.90), ("Closed Won", 1.0), ("Closed Lost", 0.0),
    ].enumerated().map { offset, stage in
        let closed = stage.0.hasPrefix("Closed")
        return Stage(name: stage.0, order: offset + 1, probability: stage.1,
                     late: !closed && stage.1 >= 0.75, closed: closed, won: stage.0 == "Closed Won")
    }

    public init(name: String, order: Int, probability: Double, late: Bool, closed: Bool, won: Bool) {
        self.name = name
        self.order = order
        self.probability = probability
        self.late = late
        self.closed = closed
        self.won = won
    }
}

public struct Period: Sendable, Encodable, Equatable {
    public var id: String
    public var start: Day
    /// Inclusive.
    public var end: Day

    public func contains(_ day: Day) -> Bool { start <= day && day <= end }

    public init(id: String, start: Day, end: Day) {
        self.id = id
        self.start = start
        self.end = end
    }
}

public struct Team: Sendable, Encodable, Equatable {
    public var id: String
    public var name: String
    public var managerId: String?
    public var parentId: String?

    enum CodingKeys: String, CodingKey { case id, name, managerId = "manager_id", parentId = "parent_id" }

    public init(id: String, name: String, managerId: String? = nil, parentId: String? = nil) {
        self.id = id
        self.name = name
        self.managerId = managerId
        self.parentId = parentId
    }
}

public struct Person: Sendable, Encodable, Equatable {
    public var id: String
    public var name: String
    public var email: String?
    /// `rep`, `manager`, `director` or other text.
    public var role: String
    /// `individual` (default), `producer` or `management`.
    public var track: String
    public var teamId: String?
    public var managerId: String?
    public var hireDate: Day?
    public var roleStartDate: Day?
    public var active: Bool
    public var targetIncentive: Double?

    enum CodingKeys: String, CodingKey {
        case id, name, email, role, track, teamId = "team_id", managerId = "manager_id", hireDate = "hire_date",
             roleStartDate = "role_start_date", active, targetIncentive = "target_incentive"
    }

    public init(id: String, name: String, email: String? = nil, role: String, track: String, teamId: String? = nil, managerId: String? = nil, hireDate: Day? = nil, roleStartDate: Day? = nil, active: Bool, targetIncentive: Double? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.track = track
        self.teamId = teamId
        self.managerId = managerId
        self.hireDate = hireDate
        self.roleStartDate = roleStartDate
        self.active = active
        self.targetIncentive = targetIncentive
    }
}

public struct Quota: Sendable, Encodable, Equatable {
    public var personId: String
    public var periodId: String
    public var amount: Double
    public var rampFactor: Double

    enum CodingKeys: String, CodingKey { case personId = "person_id", periodId = "period_id", amount, rampFactor = "ramp_factor" }

    public init(personId: String, periodId: String, amount: Double, rampFactor: Double) {
        self.personId = personId
        self.periodId = periodId
        self.amount = amount
        self.rampFactor = rampFactor
    }
}

public struct Deal: Sendable, Encodable, Equatable {
    public var id: String
    public var name: String?
    /// As given, or the owner's team when absent.
    public var teamId: String?
    public var ownerId: String
    public var amount: Double
    public var stage: String
    public var createdDate: Day?
    public var closeDate: Day?
    public var stageEnteredDate: Day?
    public var members: [DealMember]

    enum CodingKeys: String, CodingKey {
        case id, name, teamId = "team_id", ownerId = "owner_id", amount, stage, createdDate = "created_date",
             closeDate = "close_date", stageEnteredDate = "stage_entered_date", members
    }

    public init(id: String, name: String? = nil, teamId: String? = nil, ownerId: String, amount: Double, stage: String, createdDate: Day? = nil, closeDate: Day? = nil, stageEnteredDate: Day? = nil, members: [DealMember]) {
        self.id = id
        self.name = name
        self.teamId = teamId
        self.ownerId = ownerId
        self.amount = amount
        self.stage = stage
        self.createdDate = createdDate
        self.closeDate = closeDate
        self.stageEnteredDate = stageEnteredDate
        self.members = members
    }
}

public struct DealMember: Sendable, Encodable, Equatable {
    public var personId: String
    public var role: String

    enum CodingKeys: String, CodingKey { case personId = "person_id", role }

    public init(personId: String, role: String) {
        self.personId = personId
        self.role = role
    }
}

public struct Activity: Sendable, Encodable, Equatable {
    public var kind: String
    public var ownerId: String
    public var withIds: [String]
    public var date: Day
    public var dealId: String?

    enum CodingKeys: String, CodingKey { case kind, ownerId = "owner_id", withIds = "with_ids", date, dealId = "deal_id" }

    public init(kind: String, ownerId: String, withIds: [String], date: Day, dealId: String? = nil) {
        self.kind = kind
        self.ownerId = ownerId
        self.withIds = withIds
        self.date = date
        self.dealId = dealId
    }
}

public struct Assessment: Sendable, Encodable, Equatable {
    public var personId: String
    public var date: Day
    public var assessor: String?
    public var scores: [String: Double]

    enum CodingKeys: String, CodingKey { case personId = "person_id", date, assessor, scores }

    public init(personId: String, date: Day, assessor: String? = nil, scores: [String: Double]) {
        self.personId = personId
        self.date = date
        self.assessor = assessor
        self.scores = scores
    }
}

public struct Event: Sendable, Encodable, Equatable {
    public var personId: String
    public var date: Day
    public var kind: String
    public var regretted: Bool

    enum CodingKeys: String, CodingKey { case personId = "person_id", date, kind, regretted }

    public init(personId: String, date: Day, kind: String, regretted: Bool) {
        self.personId = personId
        self.date = date
        self.kind = kind
        self.regretted = regretted
    }
}

/// What one rule concluded about one subject, with everything needed to trace it back.
public struct RuleResult: Sendable, Equatable {
    public var rule: String
    public var title: String
    public var subject: SubjectRef
    public var verdict: Verdict
    /// Plain business language with the numbers in it.
    public var message: String?
    /// Ids of the records behind the verdict (deals, people, periods).
    public var evidence: [String]
    /// Caveats such as "insufficient data".
    public var notes: [String]
    /// The pack and file that produced it.
    public var origin: RuleOrigin
    /// What to do about it: the rule's declared action, filled with this result's subject and
    /// evidence (nil when the rule declares none for this result).
    public var action: String?

    /// A breached threshold: the things a report shows first.
    public var isBreach: Bool {
        if case .threshold(let t) = verdict { return t.breached }
        return false
    }

    public init(rule: String, title: String, subject: SubjectRef, verdict: Verdict, message: String? = nil, evidence: [String], notes: [String], origin: RuleOrigin, action: String? = nil) {
        self.rule = rule
        self.title = title
        self.subject = subject
        self.verdict = verdict
        self.message = message
        self.evidence = evidence
        self.notes = notes
        self.origin = origin
        self.action = action
    }
}

/// Who or what a result is about, and where they sit: their team and manager, so that a
/// report can group by team and put reps' outcomes beside their manager without the snapshot.
public struct SubjectRef: Sendable, Equatable, Hashable, Codable {
    public var kind: RuleDeclaration.SubjectKind
    public var id: String
    public var name: String
    /// The team a person belongs to (a team: itself).
    public var teamId: String?
    /// That team's name.
    public var team: String?
    /// A person's direct manager.
    public var managerId: String?

    public init(kind: RuleDeclaration.SubjectKind, id: String, name: String, teamId: String? = nil, team: String? = nil, managerId: String? = nil) {
        self.kind = kind
        self.id = id
        self.name = name
        self.teamId = teamId
        self.team = team
        self.managerId = managerId
    }

    enum CodingKeys: String, CodingKey { case kind, id, name, teamId = "team_id", team, managerId = "manager_id" }
}

public struct RuleOrigin: Sendable, Equatable, Codable {
    public var pack: String
    public var version: String
    public var file: String

    public init(pack: String, version: String, file: String) {
        self.pack = pack
        self.version = version
        self.file = file
    }
}

/// The kind-specific part of a result.
public enum Verdict: Sendable, Equatable {
    case gate(GateVerdict)
    case threshold(ThresholdVerdict)
    case weighting(WeightingVerdict)
}

public struct GateVerdict: Sendable, Equatable, Codable {
    public var outcome: String
    /// Why, one sentence each: the gaps for `develop`, the failed test for `not_yet`, ...
    public var reasons: [String]
    /// Each condition the gate checked, passed or not, with the value seen.
    public var conditions: [GateCondition]
    /// Estimated cost when the outcome goes wrong (a failed promotion).
    public var exposure: Double?

    public init(outcome: String, reasons: [String], conditions: [GateCondition], exposure: Double? = nil) {
        self.outcome = outcome
        self.reasons = reasons
        self.conditions = conditions
        self.exposure = exposure
    }
}

/// One test a gate or threshold checked: passed or not, in words, and as numbers when it has
/// them (a threshold's conditions are charted against their limits).
public struct GateCondition: Sendable, Equatable, Codable {
    public var name: String
    public var passed: Bool
    public var detail: String?
    public var value: Double?
    public var limit: Double?

    public init(name: String, passed: Bool, detail: String? = nil, value: Double? = nil, limit: Double? = nil) {
        self.name = name
        self.passed = passed
        self.detail = detail
        self.value = value
        self.limit = limit
    }
}

public struct ThresholdVerdict: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
        case none, medium, high
        public static func < (a: Severity, b: Severity) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// Nil when it cannot be computed (no data).
    public var value: Double?
    public var limit: Double
    public var breached: Bool
    public var severity: Severity
    public var exposure: Double?
    /// The separate tests behind a verdict that has more than one (the early warning's bookings
    /// and regretted exits), each with its own value and limit when it has them.
    public var conditions: [GateCondition]

    public init(value: Double? = nil, limit: Double, breached: Bool, severity: Severity, exposure: Double? = nil,
                conditions: [GateCondition] = []) {
        self.value = value
        self.limit = limit
        self.breached = breached
        self.severity = severity
        self.exposure = exposure
        self.conditions = conditions
    }
}

public struct WeightingVerdict: Sendable, Equatable, Codable {
    /// Named weights that sum to 1.
    public var weights: [String: Double]
    /// The measured value of each component.
    public var components: [String: Double]
    public var blended: Double
    public var payout: Double?
    /// The payout curve's factor on the blended score (payout = target × multiplier), when the
    /// rule reports it; above 1 pays above target.
    public var multiplier: Double?

    public init(weights: [String: Double], components: [String: Double], blended: Double, payout: Double? = nil,
                multiplier: Double? = nil) {
        self.weights = weights
        self.components = components
        self.blended = blended
        self.payout = payout
        self.multiplier = multiplier
    }

    /// Each weight's part of the blended score (weight × component), by name.
    public var contributions: [String: Double] {
        weights.reduce(into: [:]) { $0[$1.key] = $1.value * (components[$1.key] ?? 0) }
    }
}

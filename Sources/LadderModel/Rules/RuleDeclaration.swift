/// What a rule file declares about a rule (its `evaluate` function stays in Lua).
public struct RuleDeclaration: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A decision among declared outcomes (promotion readiness).
        case gate
        /// A measured value against a limit (Hero-Manager share).
        case threshold
        /// Named weights blended into a payout (manager compensation).
        case weighting
    }

    public enum SubjectKind: String, Sendable, Codable, CaseIterable {
        /// Active people whose role is `rep`.
        case rep
        /// Active people whose role is `manager`.
        case manager
        /// Every team.
        case team
    }

    public var id: String
    public var title: String
    public var kind: Kind
    public var subject: SubjectKind
    public var description: String?
    /// The outcomes a gate may return, in the order the rule lists them.
    public var outcomes: [String]
    /// How reports write a threshold's value and limit.
    public var unit: Unit

    public enum Unit: String, Sendable, Codable, CaseIterable {
        /// A ratio written as a percentage (0.241 → 24.1%); the default.
        case share
        case count
        case days
        case money
        case number
        /// A fall as a share of where it was: 0.23 reads "fell 23%", -0.047 "rose 4.7%".
        case drop
    }
    /// What to do about a result (see ``ActionTemplate``); nil when the rule recommends nothing.
    public var action: ActionTemplate?
    /// Where it was declared, as Lua names it (`rules/core/hero_late_stage_ownership.lua`).
    public var file: String

    public init(id: String, title: String, kind: Kind, subject: SubjectKind, description: String? = nil,
                outcomes: [String] = [], unit: Unit = .share, action: ActionTemplate? = nil, file: String) {
        self.id = id
        self.title = title
        self.kind = kind
        self.subject = subject
        self.description = description
        self.outcomes = outcomes
        self.unit = unit
        self.action = action
        self.file = file
    }
}

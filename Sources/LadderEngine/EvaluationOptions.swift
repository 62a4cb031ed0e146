import LadderModel

/// What to evaluate and how.
public struct EvaluationOptions: Sendable {
    /// Parameter overrides, checked against the pack's parameter types and ranges.
    public var parameters: [String: ParameterValue]
    /// Rule ids to run; empty runs them all.
    public var rules: [String]
    /// Subject ids to evaluate; empty evaluates every subject.
    public var subjects: [String]
    /// Lua states working in parallel (one per thread); nil picks one per core available
    /// (``Cores``).
    public var workers: Int?
    /// Record the lines of Lua each rule runs (``EvaluationRun/coverage``); slower.
    public var coverage: Bool
    /// Keep what rules write with `print` or `ctx.log` (``EvaluationRun/trace``).
    public var trace: Bool
    /// Called from the workers as each run of subjects finishes, for a progress display.
    public var progress: (@Sendable (EvaluationProgress) -> Void)?

    public init(parameters: [String: ParameterValue] = [:], rules: [String] = [], subjects: [String] = [], workers: Int? = nil,
                coverage: Bool = false, trace: Bool = false, progress: (@Sendable (EvaluationProgress) -> Void)? = nil) {
        self.progress = progress
        self.trace = trace
        self.parameters = parameters
        self.rules = rules
        self.subjects = subjects
        self.workers = workers
        self.coverage = coverage
    }
}

/// How far an evaluation has come: of one rule, `done` of its `total` subjects evaluated.
public struct EvaluationProgress: Sendable, Equatable {
    public let rule: String
    /// What the rule runs on.
    public let subject: RuleDeclaration.SubjectKind
    public let done: Int
    public let total: Int
}

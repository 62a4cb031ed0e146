import LadderModel

/// What to evaluate and how.
public struct EvaluationOptions: Sendable {
    /// Parameter overrides, checked against the pack's parameter types and ranges.
    public var parameters: [String: ParameterValue]
    /// Rule ids to run; empty runs them all.
    public var rules: [String]
    /// Subject ids to evaluate; empty evaluates every subject.
    public var subjects: [String]
    /// Lua states working in parallel (one per thread); nil picks one per processor.
    public var workers: Int?
    /// Record the lines of Lua each rule runs (``Evaluation/coverage``); slower.
    public var coverage: Bool

    public init(parameters: [String: ParameterValue] = [:], rules: [String] = [], subjects: [String] = [], workers: Int? = nil,
                coverage: Bool = false) {
        self.parameters = parameters
        self.rules = rules
        self.subjects = subjects
        self.workers = workers
        self.coverage = coverage
    }
}

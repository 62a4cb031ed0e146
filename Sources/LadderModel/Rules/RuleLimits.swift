/// The budgets one rule invocation runs under, as a pack's `limits:` sets them. Zero disables a budget.
public struct RuleLimits: Sendable, Equatable, Codable {
    /// Lua VM instructions.
    public var instructions: Int64
    /// Bytes a run may allocate.
    public var memoryBytes: Int
    /// Wall-clock seconds.
    public var seconds: Double
    /// Worst-case steps of a single pattern-matching call (`string.find`, `match`, `gmatch`, `gsub`).
    public var patternSteps: Double

    public init(instructions: Int64 = 50_000_000, memoryBytes: Int = 64 << 20, seconds: Double = 2, patternSteps: Double = 1e9) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
        self.seconds = seconds
        self.patternSteps = patternSteps
    }

    /// Generous for policy rules, small enough that a runaway rule ends in seconds.
    public static let `default` = RuleLimits()
}

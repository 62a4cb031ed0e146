/// Budgets for one rule invocation. A zero disables that budget.
public struct LuaLimits: Sendable, Equatable, Codable {
    /// Lua VM instructions (counted by a hook, to within 1,000).
    public var instructions: Int64
    /// Bytes a run may add to the state.
    public var memoryBytes: Int
    /// Wall-clock seconds, checked while Lua code runs.
    public var seconds: Double
    /// Worst-case steps a single `string.find/match/gmatch/gsub` call may take; Lua's matcher
    /// runs in C where the instruction hook cannot stop it.
    public var patternSteps: Double

    public init(instructions: Int64 = 50_000_000, memoryBytes: Int = 64 << 20, seconds: Double = 5,
                patternSteps: Double = 1e9) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
        self.seconds = seconds
        self.patternSteps = patternSteps
    }

    /// The defaults: generous for policy rules, small enough that a runaway rule ends in seconds.
    public static let `default` = LuaLimits()
    /// No budgets at all: for Ladder's own trusted set-up code.
    public static let unlimited = LuaLimits(instructions: 0, memoryBytes: 0, seconds: 0, patternSteps: 0)
}

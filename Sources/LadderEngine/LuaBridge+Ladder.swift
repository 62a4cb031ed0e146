import LadderModel
import LuaBridge

// How the domain's values cross into Lua. Only the engine imports the bridge, so these
// conformances and conversions live here rather than in the model.

extension Day: LuaText {
    public var luaText: String { description }
}

extension LuaLimits {
    init(_ limits: RuleLimits) {
        self.init(instructions: limits.instructions, memoryBytes: limits.memoryBytes, seconds: limits.seconds,
                  patternSteps: limits.patternSteps)
    }
}

extension LuaSandboxTexts {
    /// The sandbox's messages in the words of rule authors.
    static let rules = LuaSandboxTexts(
        scriptNoun: "rules",
        readOnlyHint: "snapshot records, parameters and ctx cannot be modified",
        requireHint: "a rule may require only Lua files of its pack")
}

extension ParameterValue {
    var luaValue: LuaValue {
        switch self {
        case .number(let x): .number(x)
        case .integer(let i): .integer(Int64(i))
        case .boolean(let b): .boolean(b)
        case .string(let s): .string(s)
        case .list(let l): .array(l.map(LuaValue.string))
        }
    }
}

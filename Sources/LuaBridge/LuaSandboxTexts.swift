/// The host's words in the sandbox's own error messages, so that a script's author reads them in
/// the host's terms: "__gc metamethods are not allowed in rules".
public struct LuaSandboxTexts: Sendable, Equatable {
    /// What the scripts are: "not allowed in <scriptNoun>".
    public var scriptNoun: String
    /// Why a read-only value cannot change: "attempt to change read-only field 'x' (<readOnlyHint>)".
    public var readOnlyHint: String
    /// What `require` can find: "module 'x' not found: <requireHint> (…)".
    public var requireHint: String

    public init(scriptNoun: String = "scripts", readOnlyHint: String = "read-only values cannot be modified",
                requireHint: String = "only modules the host provides can be required") {
        self.scriptNoun = scriptNoun
        self.readOnlyHint = readOnlyHint
        self.requireHint = requireHint
    }
}

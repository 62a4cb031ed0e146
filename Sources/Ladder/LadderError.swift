/// Errors of Ladder's library that are not about a snapshot's content (see ``SnapshotError``)
/// or a rule's behaviour (see ``RuleFailure``).
public enum LadderError: Error, Sendable, Equatable {
    case unreadableFile(String, reason: String)
    case invalidPack(file: String, problems: [String])
    case invalidParameterOverride(String, reason: String)
    case unknownRule(String, known: [String])
}

extension LadderError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unreadableFile(let file, let reason):
            "cannot read \(file): \(reason)"
        case .invalidPack(let file, let problems):
            (["\(file): invalid pack"] + problems.map { "  \($0)" }).joined(separator: "\n")
        case .invalidParameterOverride(let text, let reason):
            "--param \(text): \(reason)"
        case .unknownRule(let id, let known):
            "no rule \"\(id)\" in the pack (rules: \(known.joined(separator: ", ")))"
        }
    }
}

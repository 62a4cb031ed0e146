/// Errors of Ladder's library that are not about a snapshot's content (see ``SnapshotError``)
/// or a rule's behaviour (see ``RuleFailure``). They speak of files, packs, parameters, rules
/// and subjects; how a program asked for them is the program's business.
public enum LadderError: Error, Sendable, Equatable {
    case unreadableFile(String, reason: String)
    case invalidPack(file: String, problems: [String])
    /// A parameter value that does not fit its type or range.
    case invalidParameter(String, reason: String)
    case unknownParameter(String, pack: String, known: [String])
    case unknownRule(String, known: [String])
    case unknownSubject(String)
    /// A JSON report that cannot be read back into an evaluation.
    case unreadableReport(String)
}

extension LadderError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unreadableFile(let file, let reason):
            "cannot read \(file): \(reason)"
        case .invalidPack(let file, let problems):
            (["\(file): invalid pack"] + problems.map { "  \($0)" }).joined(separator: "\n")
        case .invalidParameter(let name, let reason):
            "parameter \(name): \(reason)"
        case .unknownParameter(let name, let pack, let known):
            "the pack \(pack) has no parameter \"\(name)\" (parameters: \(known.joined(separator: ", ")))"
        case .unknownRule(let id, let known):
            "no rule \"\(id)\" in the pack (rules: \(known.joined(separator: ", ")))"
        case .unknownSubject(let id):
            "no person or team \"\(id)\" in the snapshot"
        case .unreadableReport(let reason):
            "not a Ladder JSON report: \(reason)"
        }
    }
}

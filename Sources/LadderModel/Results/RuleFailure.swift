

/// A rule that could not produce a result: it raised an error, ran over a budget, returned
/// something that is not a valid result, or could not be loaded.
public struct RuleFailure: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// The rule file does not compile or does not declare a valid rule.
        case declaration
        /// The rule raised an error.
        case error
        /// The rule ran over its instruction, memory or time budget.
        case budget
        /// The rule returned a malformed result.
        case invalidResult = "invalid_result"
    }

    /// The pack the failing file belongs to.
    public var pack: String
    /// Nil when the file failed before declaring any rule.
    public var rule: String?
    public var file: String
    public var subject: SubjectRef?
    public var kind: Kind
    public var message: String
    /// `file:line` where it failed, when known.
    public var location: String?
    public var code: String?
    public var traceback: [String]


    public init(pack: String, rule: String? = nil, file: String, subject: SubjectRef? = nil, kind: Kind, message: String, location: String? = nil, code: String? = nil, traceback: [String]) {
        self.pack = pack
        self.rule = rule
        self.file = file
        self.subject = subject
        self.kind = kind
        self.message = message
        self.location = location
        self.code = code
        self.traceback = traceback
    }
}

extension RuleFailure: CustomStringConvertible {
    public var description: String {
        let who = [rule, subject.map { "subject \($0.id)" }].compactMap(\.self).joined(separator: ", ")
        let at = location ?? file
        return "\(at): \(who.isEmpty ? "" : "[\(who)] ")\(message)"
    }
}

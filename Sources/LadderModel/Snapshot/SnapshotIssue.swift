/// One problem found in a snapshot, where it is and what is wrong.
public struct SnapshotIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A JSON path such as `deals[412].owner_id`.
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A snapshot that was refused, with every problem found (up to ``SnapshotLoader/maxProblems``).
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    /// The file the snapshot came from, when it came from one.
    public var file: String?
    public var problems: [SnapshotIssue]
    /// More problems than were listed.
    public var truncated: Bool

    public var description: String {
        let head = "\(file ?? "snapshot"): refused, \(problems.count)\(truncated ? "+" : "") problem\(problems.count == 1 ? "" : "s")"
        return ([head] + problems.map { "  \($0)" }).joined(separator: "\n")
    }

    public init(file: String? = nil, problems: [SnapshotIssue], truncated: Bool) {
        self.file = file
        self.problems = problems
        self.truncated = truncated
    }
}

/// Why an import cannot go on: a manifest, a file or a column Ladder cannot read as asked,
/// named with what to do. Rows it cannot use are not problems: they are skipped and reported.
public struct ImportProblem: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The file (or `file:line`) the problem is in.
    public var location: String
    public var message: String

    public init(_ location: String, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}

/// An import refused, with every problem found.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]
    /// What was read before the import was refused, for the report.
    public var report: ImportReport?

    public init(problems: [ImportProblem], report: ImportReport? = nil) {
        self.problems = problems
        self.report = report
    }

    public var description: String {
        (["import refused, \(problems.count) problem\(problems.count == 1 ? "" : "s"):"] + problems.map { "  \($0)" }).joined(separator: "\n")
    }
}

import LadderModel

/// The formats a report renders to.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case markdown
    case json
    case csv
    case html

    /// Renders an evaluation; the same evaluation always gives the same bytes.
    public func render(_ evaluation: Evaluation, options: TextReport.Options = .init()) throws -> String {
        // The JSON report shows only the summary of what the others compute.
        if self == .json { return try JSONReport.render(evaluation) }
        let report = Report(evaluation)
        switch self {
        case .text: return TextReport(options: options).render(report)
        case .markdown: return MarkdownReport.render(report)
        case .json: return try JSONReport.render(report)
        case .csv: return try CSVReport.render(report)
        case .html: return HTMLReport.render(report)
        }
    }
}

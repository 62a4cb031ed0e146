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
        try rendered(evaluation, options: options).text
    }

    /// Like ``render(_:options:)``, as the pieces it was written in (a JSON report of a large
    /// organisation is not joined into one string only to be written out).
    public func rendered(_ evaluation: Evaluation, options: TextReport.Options = .init()) throws -> RenderedReport {
        // The JSON report shows only the summary of what the others compute.
        if self == .json { return try JSONReport.rendered(evaluation) }
        return RenderedReport(text: try text(of: Report(evaluation), options: options))
    }

    private func text(of report: Report, options: TextReport.Options) throws -> String {
        switch self {
        case .text: return TextReport(options: options).render(report)
        case .markdown: return MarkdownReport.render(report)
        case .json: return try JSONReport.render(report)
        case .csv: return try CSVReport.render(report)
        case .html: return HTMLReport.render(report)
        }
    }
}

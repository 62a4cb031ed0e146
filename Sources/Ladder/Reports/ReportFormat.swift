/// The formats a report renders to.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// Renders an evaluation; the same evaluation always gives the same bytes.
    public func render(_ evaluation: Evaluation, options: TextReport.Options = .init()) throws -> String {
        switch self {
        case .text: TextReport(options: options).render(evaluation)
        case .json: try JSONReport.render(evaluation)
        }
    }
}

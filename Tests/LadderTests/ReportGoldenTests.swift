import Foundation
import LadderTestSupport
import Testing
import Ladder
@testable import LadderReports

/// Every renderer against a committed golden, on an example that exercises every kind of rule,
/// and on a pack whose rules fail.
@Suite struct ReportGoldens {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    static func readyRep() throws -> Evaluation {
        let pack = try RulePack.load(from: PackPaths.core)
        return try Evaluator(pack: pack).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example("ready-rep")))
    }

    @Test(arguments: ReportFormat.allCases) func everyFormat(format: ReportFormat) throws {
        let rendered = try format.render(try Self.readyRep())
        try expectGolden(rendered, at: Self.goldens.appendingPathComponent("ready-rep.\(format.fileExtension)"))
    }

    @Test(arguments: [ReportFormat.markdown, .html, .csv]) func failuresAreReported(format: ReportFormat) throws {
        let pack = try RulePack.load(from: PackPaths.fixturePack("adversarial"))
        let evaluation = try Evaluator(pack: pack, options: .init(workers: 1)).evaluate(try SnapshotFixture().load())
        try expectGolden(try format.render(evaluation), at: Self.goldens.appendingPathComponent("adversarial.\(format.fileExtension)"))
    }

    @Test func htmlIsSelfContainedAndEscaped() throws {
        let html = try ReportFormat.html.render(try Self.readyRep())
        // One inline script (the scorecard's sorting); nothing loaded from anywhere.
        #expect(html.components(separatedBy: "<script").count == 2 && html.contains("<script>document.querySelectorAll"))
        #expect(!html.contains(" src=") && !html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("<svg"))
        var h = HTML()
        h.text("<b>O'Neil & \"Sons\"</b>")
        #expect(h.output == "&lt;b&gt;O&#39;Neil &amp; &quot;Sons&quot;&lt;/b&gt;")
    }

    @Test func summaryCountsWhatTheResultsSay() throws {
        let summary = Report(try Self.readyRep()).summary
        let gate = try #require(summary.outcomes.first)
        #expect(gate.counts.map(\.outcome) == ["ready", "develop", "not_yet", "producer_track"])
        #expect(gate.counts.map(\.count) == [1, 3, 0, 0])
        #expect(abs(summary.totalPayout - 65400) < 1e-6)
        #expect(summary.totalExposure == 0)
    }

    @Test func csvQuotesFieldsThatNeedIt() throws {
        let csv = try ReportFormat.csv.render(try Self.readyRep())
        let lines = csv.split(separator: "\n")
        #expect(lines.first == Substring(CSVReport.columns.joined(separator: ",")))
        #expect(csv.contains("\"Priya Nair, 39 months in role"))
    }
}

extension ReportFormat {
    var fileExtension: String {
        switch self {
        case .text: "txt"
        case .markdown: "md"
        case .json: "json"
        case .csv: "csv"
        case .html: "html"
        }
    }
}

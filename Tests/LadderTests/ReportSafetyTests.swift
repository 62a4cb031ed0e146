import Foundation
import Ladder
import Testing

/// Names from a client's CRM cannot drive a terminal, a spreadsheet or the page's layout.
@Suite struct ReportSafety {
    static let core = CompiledPack(try! RulePack.load(from: PackPaths.repository.appendingPathComponent("rules/core")))

    private func evaluation(manager: String, rep: String) throws -> Evaluation {
        var f = SnapshotFixture()
        f.set("people", 0, "name", manager)
        f.set("people", 1, "name", rep)
        return try Evaluator(compiled: Self.core).evaluate(try f.load())
    }

    @Test func controlCharactersInNamesReachNoTerminal() throws {
        let e = try evaluation(manager: "Mia \u{1B}[2J\u{1B}]0;pwned\u{07}Manager", rep: "Ann\u{0}Rep")
        let text = try ReportFormat.text.render(e)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("Mia \\x1B[2J\\x1B]0;pwned\\x07Manager"))
        let colored = try ReportFormat.text.render(e, options: .init(color: true))
        #expect(colored.contains("\u{1B}[1m"))           // the report's own colours stay
        #expect(!colored.contains("\u{1B}[2J"))          // the name's escape does not
    }

    @Test func spreadsheetCellsCannotStartAFormula() throws {
        let e = try evaluation(manager: "=HYPERLINK(\"http://evil\",\"x\")", rep: "@SUM(A1)")
        let csv = try ReportFormat.csv.render(e)
        #expect(csv.contains("'=HYPERLINK"))
        #expect(csv.contains("'@SUM(A1)"))
        #expect(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"))
        #expect(CSVReport.spreadsheetSafe("-0.25") == "-0.25")
        #expect(CSVReport.spreadsheetSafe("-1,+2") == "'-1,+2")
        #expect(CSVReport.spreadsheetSafe("a\u{1B}b") == "a\\x1Bb")
    }

    /// Every cell reads back as written, through the CSV reader imports use (CSV.swift): quotes,
    /// commas and line breaks in names, messages and evidence.
    @Test func csvCellsReadBackAsWritten() throws {
        let e = try evaluation(manager: "Ana \"the, closer\"\nSmith", rep: "Bo, \"Jr\"")
        let csv = try ReportFormat.csv.render(e)
        #expect(csv.hasSuffix("\n") && !csv.hasSuffix("\n\n"))
        let table = try CSVTable.parse(Data(csv.utf8), file: "report.csv")
        #expect(table.header == CSVReport.columns)
        #expect(table.rows.count == e.results.count + e.failures.count)
        for (row, result) in zip(table.rows, e.results) {
            let cells = Dictionary(uniqueKeysWithValues: zip(table.header, row.cells))
            #expect(cells["subject_name"] == CSVReport.spreadsheetSafe(result.subject.name))
            #expect(cells["message"] == CSVReport.spreadsheetSafe(result.message ?? ""))
            #expect(cells["evidence"] == result.evidence.joined(separator: "; "))
        }
        #expect(table.rows.contains { $0.cells.contains("Ana \"the, closer\"\nSmith") })
    }

    @Test func theCompanyNameIsEscapedInTheMarkdownHeading() throws {
        var f = SnapshotFixture()
        f["organization"] = ["id": "acme", "name": "Acme *Corp* [x](http://evil) <b>", "currency": "USD"]
        let md = try ReportFormat.markdown.render(try Evaluator(compiled: Self.core).evaluate(try f.load()))
        let heading = try #require(md.split(separator: "\n").first)
        #expect(!heading.contains("*Corp*") && !heading.contains("[x](") && !heading.contains("<b>"), "\(heading)")
    }

    @Test func longNamesAreCutInChartsWithTheFullNameAsTitle() throws {
        let long = "Maximiliana Bartholomew-Featherstonehaugh"
        let html = try ReportFormat.html.render(try evaluation(manager: long, rep: "Ann Rep"))
        #expect(html.contains("<title>\(long)</title>Maximiliana Bartholomew…</text>"), "\(html)")
        #expect(html.contains("<td>\(long)</td>"))  // tables keep the whole name
    }

    @Test func rightToLeftNamesAreIsolatedInHTML() throws {
        let e = try evaluation(manager: "Mia \u{202E}reganaM", rep: "עדי כהן")
        let html = try ReportFormat.html.render(e)
        #expect(html.contains("<bdi>Mia \u{202E}reganaM</bdi>"))
        #expect(html.contains("<bdi>עדי כהן</bdi>"))
        #expect(!html.contains("<title><bdi>"))
    }
}

import Foundation
import Ladder
import Testing

/// The HTML report as a person sees it, in headless Chromium: the scorecard's rows and values
/// against the evaluation, chart labels inside their charts, chart text readable on a 390-pixel
/// phone, no page wider than the phone, and the number of pages when printed. Runs wherever
/// Chromium is installed (`make test` installs it); CI without it fails rather than skips.
@Suite(.serialized, .enabled(if: Browser.path != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct BrowserTests {
    static let stories = ["northwind", "sarah-promotion", "hero-owner", "ready-rep", "elite-producer", "healthy-coach",
                          "involved-not-owner", "new-manager-ramp", "stalled-pipeline"]

    @Test(arguments: stories) func aStoryReadsAsItsEvaluationSays(story: String) throws {
        let pack = try RulePack.load(from: PackPaths.core)
        let evaluation = try Evaluator(pack: pack).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example(story)))
        let page = try Browser.page(HTMLReport.render(Report(evaluation)))
        try expectScorecard(page.desktop, matches: evaluation)
        try expectReadable(page)
        #expect(page.printedPages <= 14, "\(story) prints on \(page.printedPages) pages")
    }

    /// 500 managers and 4,000 reps: charts keep to 30 bars and a histogram, tables fold, and the
    /// printed report stays a document rather than 818 pages.
    @Test func aLargeOrganisationHoldsUp() throws {
        let pack = try RulePack.load(from: PackPaths.core)
        let loaded = try SnapshotLoader().load(GeneratedOrganization.snapshot(managers: 500, reps: 8))
        let evaluation = try Evaluator(pack: pack).evaluate(loaded)
        let page = try Browser.page(HTMLReport.render(Report(evaluation)))
        try expectScorecard(page.desktop, matches: evaluation)
        try expectReadable(page)
        #expect(page.desktop.tallestChart <= 40 * 24 + 60, "a chart \(page.desktop.tallestChart) px tall")
        #expect(page.printedPages <= 60, "prints on \(page.printedPages) pages")
    }

    /// Every manager has a row; each policy's cell shows the evaluation's value (as the reader
    /// parses it back) and is red exactly when the manager breaches it; the payout is theirs;
    /// rows with more breaches come first.
    private func expectScorecard(_ seen: Browser.Measures, matches e: Evaluation) throws {
        let managers = Dictionary(e.results.filter { $0.subject.kind == .manager }.map { ($0.subject.name, $0.subject) }, uniquingKeysWith: { a, _ in a })
        #expect(seen.scorecard.count == managers.count)
        let columns = e.rules.filter { $0.subject == .manager && $0.kind != .weighting }
        var breachCounts: [Int] = []
        for row in seen.scorecard {
            let manager = try #require(managers[row.cells[0]], "a scorecard row for \(row.cells[0]), who has no result")
            #expect(row.cells[1] == manager.team ?? "—")
            var breaches = 0
            for (i, rule) in columns.enumerated() {
                let cell = row.cells[2 + i], red = row.red[2 + i]
                guard let result = e.results.first(where: { $0.rule == rule.id && $0.subject.id == manager.id }),
                      case .threshold(let t) = result.verdict else {
                    #expect(cell == "—", "\(manager.name), \(rule.id)")
                    continue
                }
                #expect(red == t.breached, "\(manager.name), \(rule.id): \(cell) shown \(red ? "red" : "plain")")
                if t.breached { breaches += 1 }
                if result.lacksData { #expect(cell == "n/a"); continue }
                let value = try #require(t.value)
                if rule.unit == .drop && value == 0 { #expect(cell == "held steady"); continue }
                let shown = try #require(Self.number(in: cell), "\(manager.name), \(rule.id): \"\(cell)\"")
                let expected = rule.unit == .share || rule.unit == .drop ? abs(value) * 100 : value
                #expect(abs(shown - expected) <= (rule.unit == .share || rule.unit == .drop ? 0.0501 : 0.501), "\(manager.name), \(rule.id): \(cell) for \(value)")
            }
            breachCounts.append(breaches)
            if let pay = e.results.first(where: { $0.rule == "compensation.weighting" && $0.subject.id == manager.id }),
               case .weighting(let w) = pay.verdict, let payout = w.payout {
                #expect(Self.number(in: row.cells[2 + columns.count]) == payout.rounded(), "\(manager.name)'s payout")
            }
        }
        #expect(breachCounts == breachCounts.sorted(by: >), "rows with more breaches first: \(breachCounts)")
    }

    /// Labels inside their charts at both widths; on the phone, chart text at least 10 px tall and
    /// nothing but scroll boxes wider than the screen.
    private func expectReadable(_ page: Browser.Page) throws {
        for seen in [page.desktop, page.phone] {
            #expect(seen.labelsOutside.isEmpty, "labels outside their chart at \(seen.width) px: \(seen.labelsOutside.prefix(5))")
            #expect(seen.limitLabelsBelowBars.isEmpty, "limit labels not at the top: \(seen.limitLabelsBelowBars.prefix(5))")
        }
        #expect(page.phone.pageWidth <= page.phone.width, "the page is \(page.phone.pageWidth) px wide on a \(page.phone.width) px phone")
        #expect(page.phone.smallestChartText >= 10, "chart text \(page.phone.smallestChartText) px tall on a phone")
    }

    /// "38.5%" → 38.5, "73 days" → 73, "fell 23%" → 23, "65,400" → 65400.
    static func number(in text: String) -> Double? {
        let digits = text.filter { $0.isNumber || $0 == "." || $0 == "-" }
        return Double(digits)
    }
}

/// Headless Chromium, driven from the command line: the page loaded at a desktop and a phone
/// width with a script that measures what is on screen, and printed to PDF.
enum Browser {
    static let path: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap { name in
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }.first

    struct Page {
        var desktop: Measures
        var phone: Measures
        var printedPages: Int
    }

    struct Measures: Decodable {
        struct Row: Decodable {
            var cells: [String]
            var red: [Bool]
        }
        var width: Int
        var pageWidth: Int
        var scorecard: [Row]
        var labelsOutside: [String]
        var limitLabelsBelowBars: [String]
        var smallestChartText: Double
        var tallestChart: Double
    }

    /// What the page shows, written into it as JSON by a script run after layout.
    private static let measure = """
        <script>
        (function () {
          var out = { width: window.innerWidth, pageWidth: document.documentElement.scrollWidth, labelsOutside: [],
                      limitLabelsBelowBars: [], smallestChartText: 1e9, tallestChart: 0 };
          out.scorecard = Array.from(document.querySelectorAll("section.scorecard tbody tr")).map(function (tr) {
            return { cells: Array.from(tr.cells).map(function (c) { return c.innerText.trim(); }),
                     red: Array.from(tr.cells).map(function (c) {
                       var m = getComputedStyle(c).color.match(/\\d+/g); return m[0] > 150 && m[1] < 80; }) };
          });
          document.querySelectorAll("svg.chart").forEach(function (svg) {
            var box = svg.getBoundingClientRect();
            out.tallestChart = Math.max(out.tallestChart, box.height);
            var firstBar = svg.querySelector("rect.bar");
            svg.querySelectorAll("text").forEach(function (t) {
              var r = t.getBoundingClientRect();
              if (r.width === 0) return;
              if (r.left < box.left - 1 || r.right > box.right + 1) out.labelsOutside.push(t.textContent + " at " + Math.round(r.left) + "–" + Math.round(r.right) + " in " + Math.round(box.left) + "–" + Math.round(box.right));
              out.smallestChartText = Math.min(out.smallestChartText, r.height);
              if (t.classList.contains("limit-label") && firstBar && r.bottom > firstBar.getBoundingClientRect().top + 1) out.limitLabelsBelowBars.push(t.textContent);
            });
          });
          var pre = document.createElement("pre"); pre.id = "measured"; pre.textContent = JSON.stringify(out);
          document.body.appendChild(pre);
        })();
        </script>
        """

    static func page(_ html: String) throws -> Page {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("report.html"), measured = folder.appendingPathComponent("measured.html")
        try html.write(to: plain, atomically: true, encoding: .utf8)
        try html.replacingOccurrences(of: "</body>", with: measure + "</body>").write(to: measured, atomically: true, encoding: .utf8)
        let pdf = folder.appendingPathComponent("report.pdf")
        _ = try run(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", plain.absoluteString])
        // Chromium writes each page as an uncompressed `/Type /Page` object.
        let text = String(decoding: try Data(contentsOf: pdf), as: UTF8.self)
        let pages = try NSRegularExpression(pattern: #"/Type\s*/Page(?![a-zA-Z])"#).numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        return Page(desktop: try measures(measured, width: 1200), phone: try measures(measured, width: 390), printedPages: pages)
    }

    private static func measures(_ file: URL, width: Int) throws -> Measures {
        let dom = try run(["--window-size=\(width),900", "--dump-dom", file.absoluteString])
        guard let start = dom.range(of: "<pre id=\"measured\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            throw BrowserError(detail: "the page did not measure itself: \(dom.suffix(500))")
        }
        let json = dom[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Measures.self, from: Data(json.utf8))
    }

    struct BrowserError: Error, CustomStringConvertible {
        var detail: String
        var description: String { detail }
    }

    private static func run(_ arguments: [String]) throws -> String {
        guard let path else { throw BrowserError(detail: "no Chromium on PATH: apt-get install chromium (make test does)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=5000"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BrowserError(detail: "chromium \(arguments.last ?? "") exited with \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}

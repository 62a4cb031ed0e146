import Foundation
import Ladder
import Testing

/// What the summary puts first, and what it says when it cannot list everything or has nothing.
@Suite struct ReportSummary {
    /// Fifteen managers; `far` puts Manager n at n% against a 1% limit, `even` puts everyone at
    /// 50% against 10%, `calm` breaches nobody.
    private func evaluate(_ rules: [String], managers: Int = 15) throws -> Evaluation {
        let bodies = [
            "far": "local n = tonumber(manager.id:match('%d+')) return { value = n / 100, limit = 0.01, breached = n > 1, severity = n > 1 and 'medium' or 'none' }",
            "even": "return { value = 0.5, limit = 0.1, breached = true, severity = 'medium' }",
            "calm": "return { value = 0, limit = 1, breached = false }",
            "noisy": "return { value = 0, limit = 1, breached = false, exposure = 60000 * 1.09 }",
            "thin": "return { value = 0, limit = 0.2, breached = false, notes = { 'insufficient data' } }",
        ]
        var files = ["pack.yaml": "name: ranks\nversion: 1.0.0\nrules: [\(rules.map { "\($0).lua" }.joined(separator: ", "))]\n"]
        for rule in rules {
            files["\(rule).lua"] = """
                return {
                  id = "ranks.\(rule)", title = "\(rule)", kind = "threshold", subject = "manager",
                  evaluate = function(manager, ctx)
                    \(bodies[rule]!)
                  end,
                }
                """
        }
        let scratch = ScratchPacks()  // the folder lives as long as this does
        let folder = try scratch.pack("ranks", files)
        let loaded = try SnapshotLoader().load(GeneratedOrganization.snapshot(managers: managers, reps: 2))
        return try withExtendedLifetime(scratch) { try Evaluator(pack: try RulePack.load(from: folder)).evaluate(loaded) }
    }

    @Test func actionsComeFurthestOverTheLimitFirstAndSayHowManyMore() throws {
        let s = Report(try evaluate(["far"])).summary
        #expect(s.actions.map(\.subject.name) == (5...14).reversed().map { "Manager \($0)" })
        #expect(s.actionCount == 13)
        #expect(s.moreActions == "+3 more, each under its policy below")
        let text = TextReport().render(Report(try evaluate(["far"])))
        #expect(text.contains("    1. Manager 14 — ranks.far") && text.contains("    +3 more, each under its policy below"), "\(text)")
    }

    /// Equally urgent breaches come in the order a person reads names, the first ten of them.
    @Test func equallyUrgentActionsComeByName() throws {
        let s = Report(try evaluate(["even"])).summary
        #expect(s.actions.map(\.subject.name) == (0...9).map { "Manager \($0)" })
        #expect(s.actionCount == 15)
        let mixed = Report(try evaluate(["far", "even"])).summary  // far's 5% against 1% ties even's 50% against 10%
        #expect(mixed.actions.map { "\($0.rule) \($0.subject.name)" } == (6...14).reversed().map { "ranks.far Manager \($0)" } + ["ranks.even Manager 0"])
        #expect(mixed.actionCount == 28)
    }

    /// Beyond 30 subjects a chart shows the breaches (at most 30, furthest first) and a histogram
    /// of everyone; tables show 30 rows and fold the rest.
    @Test func chartsAndTablesKeepTheirSizeAtScale() throws {
        let html = HTMLReport.render(Report(try evaluate(["far"], managers: 80)))
        #expect(html.contains("<p class=\"chart-note\">78 of 80 over the limit; the 30 furthest over:</p>"), "\(html.prefix(3000))")
        #expect(html.contains("aria-label=\"far: how many subjects have each value\""))
        let bars = html.components(separatedBy: "<rect x=\"190.0\"").count - 1
        #expect(bars == 30)
        let first = try #require(html.range(of: "Manager 79</text>")), second = try #require(html.range(of: "Manager 78</text>"))
        #expect(first.lowerBound < second.lowerBound)  // sorted by value
        #expect(html.contains("<details class=\"more\"><summary>50 more</summary>"))
        let small = HTMLReport.render(Report(try evaluate(["far"], managers: 12)))
        #expect(!small.contains("<p class=\"chart-note\"") && !small.contains("details class=\"more\""))
        #expect(small.contains("<ul class=\"legend\"><li><span class=\"swatch ok\"></span>within the limit</li><li><span class=\"swatch medium\"></span>breach</li>"))
    }

    @Test func theScorecardPutsMostBreachesFirstThenFurthestOverTheLimit() throws {
        let card = Report(try evaluate(["far", "even", "thin"])).scorecard
        #expect(card.rules.map(\.id) == ["ranks.far", "ranks.even", "ranks.thin"])
        // Managers 2–14 breach both, furthest first (n against 1%, or 50% against 10%: 5×);
        // 2–5 tie at 5× and go by name; 0 and 1 breach only `even`.
        #expect(card.rows.map(\.manager.name) == (6...14).reversed().map { "Manager \($0)" } + (2...5).map { "Manager \($0)" } + ["Manager 0", "Manager 1"])
        let top = try #require(card.rows.first)
        #expect(top.cells.map { "\($0?.state.rawValue ?? "-") \($0?.text ?? "-")" } == ["breach 14%", "breach 50%", "n/a n/a"])
        #expect(top.manager.team == "Team 14" && top.breaches == 2)
        // Each manager's two reps, under the gate when the pack has one; none here.
        #expect(card.gate == nil && Scorecard.repsText(top.reps) == "—")
        let text = TextReport().render(Report(try evaluate(["far"])))
        #expect(text.contains("Scorecard (managers, most needing attention first; ! marks a breach)"))
        #expect(text.contains("  Manager 14 (u-m14)  Team 14  14% !"), "\(text)")
        let html = try ReportFormat.html.render(try evaluate(["far"]), options: .init())
        #expect(html.contains("<th class=\"num\"><a href=\"#rule-ranks.far\" title=\"far\">far</a></th>"))
        #expect(html.contains("<section class=\"policy\" id=\"rule-ranks.far\">"))
    }

    @Test func theScorecardCountsEachManagersRepsByGateOutcome() throws {
        let loaded = try SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))
        let card = Report(try Evaluator(pack: try RulePack.load(from: PackPaths.core)).evaluate(loaded)).scorecard
        #expect(card.gate?.id == "promotion.gate")
        #expect(card.rows.map { "\($0.manager.name), \($0.manager.team ?? "-"): \(Scorecard.repsText($0.reps))" } == [
            "Marcus Reed, West: 5 develop", "Tom Alvarez, South: 3 develop, 1 producer track", "Dana Fox, East: 1 ready, 4 develop",
            "Grace Liu, North: 3 develop", "Priya Nair, Central: 4 develop",
        ])
        #expect(card.rows.map(\.payout) == [63900, 76200, 65400, 65400, 65400])
    }

    @Test func tiesAreInTheOrderAPersonReadsNames() throws {
        let s = Report(try evaluate(["even"])).summary
        #expect(s.actions.map(\.subject.name) == (0...9).map { "Manager \($0)" })
        #expect("Dana Fox 2".naturallyPrecedes("Dana Fox 10") && !"Dana Fox 10".naturallyPrecedes("Dana Fox 2"))
        #expect("a02".naturallyPrecedes("a2") != "a2".naturallyPrecedes("a02"))
    }

    @Test func aReportWithNothingToDoSaysSo() throws {
        let report = Report(try evaluate(["calm"]))
        let nothing = "Nothing needs action: no breaches, no exposed nominations, no rule failures."
        for format in [ReportFormat.text, .markdown, .html] {
            #expect(try format.render(report.evaluation, options: .init()).contains(nothing), "\(format)")
        }
        #expect(Report(try evaluate(["far"])).summary.nothingToAct == nil)
    }

    @Test func attentionOnlyLeavesOutPoliciesWithNothingToActOn() throws {
        let e = try evaluate(["far", "calm"])
        let text = TextReport(options: .init(showAll: false)).render(Report(e))
        #expect(text.contains("ranks.far — far") && !text.contains("ranks.calm — calm"), "\(text)")
        #expect(TextReport().render(Report(e)).contains("ranks.calm — calm"))
    }

    @Test func moneyIsKeptToTheCent() throws {
        let e = try evaluate(["noisy"])
        #expect(60000 * 1.09 != 65400.0)
        #expect(e.results.allSatisfy { $0.exposure == 65400 })
        #expect(try JSONReport.render(Report(e)).contains("\"exposure\" : 65400,"))
    }

    @Test func countsAgreeWithTheirNouns() throws {
        let html = HTMLReport.render(Report(try evaluate(["calm"])))
        #expect(html.contains("15 results, 0 rule failures"), "\(html.prefix(2000))")
        #expect(try JSONReport.render(Report(try evaluate(["far"]))).contains("\"action_count\" : 13"))
    }

    @Test func missingDataIsNotAPass() throws {
        let report = Report(try evaluate(["thin"]))
        #expect(report.evaluation.results.allSatisfy { $0.lacksData && $0.status == "n/a — insufficient data" })
        #expect(TextReport().render(report).contains("  n/a  Manager 0 (u-m0)"))
        let md = MarkdownReport.render(report)
        #expect(md.contains("| n/a — insufficient data |") && !md.contains("| ok"), "\(md)")
        #expect(HTMLReport.render(report).contains("<td>n/a — insufficient data</td>"))
        #expect(try CSVReport.render(report).contains(",n/a,"))
    }

    @Test func csvCarriesGateReasonsConditionsAndWeights() throws {
        let core = try RulePack.load(from: PackPaths.core)
        let report = Report(try Evaluator(pack: core).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))))
        let csv = try CSVReport.render(report)
        #expect(csv.hasPrefix(CSVReport.columns.joined(separator: ",")))
        #expect(csv.contains("track_record: passed") && csv.contains("personal=0; retention=0.1; team=0.9"), "\(csv.prefix(3000))")
        // No nominee carries an exposure here: no exposure column in the gate's table.
        let md = MarkdownReport.render(report)
        #expect(md.contains("| subject | outcome | reasons | action |\n") && !md.contains("| subject | outcome | reasons | action | exposure |"))
    }

    @Test func theFewWhoGotAGateOutcomeAreNamed() throws {
        let core = try RulePack.load(from: PackPaths.core)
        let report = Report(try Evaluator(pack: core).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))))
        let gate = try #require(report.summary.outcomes.first)
        #expect(gate.text() == "1 ready (Ann Cole), 19 develop, 0 not_yet, 1 producer_track (Rosa Diaz)")
        #expect(TextReport().render(report).contains("  promotion.gate: 1 ready (Ann Cole), 19 develop"))
    }

    @Test func gateResultsWithTheSameReasonsAreSaidOnce() throws {
        let core = try RulePack.load(from: PackPaths.core)
        let report = Report(try Evaluator(pack: core).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))))
        let text = TextReport().render(report)
        let gate = try #require(text.components(separatedBy: "promotion.gate — ").last?.components(separatedBy: "\n\n").first)
        #expect(gate.contains("  develop  19 people with the same reasons: Ben Ortiz (u-ben), Chloe Park (u-chloe)"), "\(gate)")
        #expect(gate.components(separatedBy: "no leadership assessment on file").count == 2)
        #expect(gate.contains("  producer_track  Rosa Diaz (u-rosa)"))  // alone: as before
    }
}

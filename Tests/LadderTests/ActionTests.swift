import Foundation
import Ladder
import Testing

/// Recommended actions: a rule's `action` template, checked when the pack loads and filled per
/// result with the subject, figures and evidence by name; and evidence resolved in every format.
@Suite struct Actions {
    /// A pack of one rule declaring `declaration` (Lua fields) and returning `result`, run on
    /// the generated organisation's six managers and their reps.
    private func evaluate(kind: String, subject: String = "manager", _ declaration: String, result: String) throws -> Evaluation {
        let scratch = ScratchPacks()
        let folder = try scratch.pack("acts", [
            "pack.yaml": "name: acts\nversion: 1.0.0\nrules: [rule.lua]\n",
            "rule.lua": """
                return {
                  id = "acts.rule", title = "Acts", kind = "\(kind)", subject = "\(subject)",
                  \(declaration)
                  evaluate = function(s, ctx)
                    local mine = ctx.index.deals_by_owner[s.id] or {}
                    local ids = {}
                    for i, d in ipairs(mine) do ids[i] = d.id end
                    \(result)
                  end,
                }
                """,
        ])
        let loaded = try SnapshotLoader().load(GeneratedOrganization.snapshot())
        return try withExtendedLifetime(scratch) { try Evaluator(pack: try RulePack.load(from: folder)).evaluate(loaded) }
    }

    @Test func aBreachGetsItsActionWithTheEvidenceByName() throws {
        let e = try evaluate(kind: "threshold", #"action = "Hand {deals} back; {subject} of {team} is at {value} against {limit}","#,
                             result: "return { value = #ids / 10, limit = 0.2, breached = #ids > 2, evidence = ids }")
        let breach = try #require(e.results.first { $0.isBreach })
        let names = breach.evidence.map { e.records[$0]!.name }
        #expect(names.count > 2 && e.records[breach.evidence[0]]?.kind == .deal)
        let shown = names.count > 4 ? names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more" : Evaluation.listing(names)
        #expect(breach.action == "Hand \(shown) back; \(breach.subject.name) of \(breach.subject.team!) is at "
                + "\(Int((Double(names.count) / 10 * 100).rounded()))% against 20%", "\(breach.action ?? "nil")")
        // Deals are named, with amount, stage and owner, wherever evidence is shown.
        let detail = try #require(e.records[breach.evidence[0]]?.detail)
        #expect(detail.contains(" USD, ") && detail.contains(", owner "))
        #expect(TextReport().render(Report(e)).contains("        \(names[0]): \(detail)"))
        #expect(try ReportFormat.csv.render(e).contains("\(names[0]): \(detail)"))
        // Not breached: nothing to do.
        #expect(e.results.filter { !$0.isBreach }.allSatisfy { $0.action == nil })
    }

    /// `{deals}` and `{people}` count only the evidence of their kind, `{evidence}` every id
    /// (one naming nothing by itself), whatever order each result cites them in; what the run
    /// found each id to name is what a lookup in the report's records gives.
    @Test func evidenceIsListedByKind() throws {
        let e = try evaluate(kind: "threshold", #"action = "{deals} | {people} | {evidence}","#,
                             result: """
                                 local cited = {}
                                 for i = 1, math.min(#ids, string.byte(s.id, -1) % 3) do cited[#cited + 1] = ids[i] end
                                 cited[#cited + 1] = "nobody"
                                 cited[#cited + 1] = s.id
                                 return { value = 1, limit = 0, breached = true, evidence = cited }
                                 """)
        #expect(Set(e.results.map { $0.evidence.count }).count > 1, "results cite different numbers of deals")
        func listing(_ names: [String]) -> String { names.isEmpty ? "none" : Evaluation.listing(names) }
        for r in e.results {
            let deals = r.evidence.filter { e.records[$0]?.kind == .deal }.map { e.records[$0]!.name }
            #expect(r.action == "\(listing(deals)) | \(r.subject.name) | \(listing(deals + ["nobody", r.subject.name]))")
        }
        var again = e
        for i in again.results.indices { again.results[i].action = nil }
        again.fillActions()
        #expect(again.results.map(\.action) == e.results.map(\.action))
    }

    /// A template is filled in one pass: a placeholder used twice is filled twice, and a value
    /// that reads like a placeholder (a reason a rule wrote) is left as it is.
    @Test func valuesAreNotFilledAgain() throws {
        let e = try evaluate(kind: "gate", subject: "rep", #"outcomes = { "develop" }, action = { develop = "{subject}: {reasons}, {subject}" },"#,
                             result: #"return { outcome = "develop", reasons = { "ask {subject} about {team}" } }"#)
        let r = try #require(e.results.first)
        #expect(r.action == "\(r.subject.name): ask {subject} about {team}, \(r.subject.name)")
    }

    @Test func aGateNamesAnActionPerOutcome() throws {
        let e = try evaluate(kind: "gate", subject: "rep", #"outcomes = { "ready", "develop" }, action = { develop = "Coach {subject}: {reasons}" },"#,
                             result: #"if #ids >= 5 then return { outcome = "ready" } end return { outcome = "develop", reasons = { "more deals", "a mentor" } }"#)
        let develop = try #require(e.results.first { $0.outcome == "develop" })
        #expect(develop.action == "Coach \(develop.subject.name): more deals; a mentor")
        let ready = e.results.filter { $0.outcome == "ready" }
        #expect(!ready.isEmpty && ready.allSatisfy { $0.action == nil })
        #expect(e.rules[0].action == .byOutcome(["develop": "Coach {subject}: {reasons}"]))
    }

    @Test func aWeightingSaysWhatToPay() throws {
        let e = try evaluate(kind: "weighting", #"action = "Pay {subject} {payout} ({multiplier} of target, blended {blended})","#,
                             result: "return { weights = { team = 1 }, components = { team = 1.1 }, blended = 1.1, payout = 55000 * 1.15, multiplier = 1.15 }")
        let r = try #require(e.results.first)
        #expect(r.action == "Pay \(r.subject.name) 63,250 USD (115% of target, blended 110%)")
        guard case .weighting(let w) = r.verdict else { Issue.record("not a weighting"); return }
        #expect(w.multiplier == 1.15 && w.contributions == ["team": 1.1])
    }

    @Test(arguments: [
        ("threshold", #"action = "Coach {subjct}","#, "declaration.action: {subjct} is not a placeholder of a threshold; did you mean {subject}?"),
        ("threshold", #"action = "Coach {subject","#, "declaration.action: a \"{\" that is not closed by \"}\""),
        ("threshold", #"action = { breach = "x" },"#, "declaration.action: a threshold's action is one text"),
        ("threshold", #"action = "Pay {payout}","#, "{payout} is not a placeholder of a threshold"),
        ("gate", #"outcomes = { "ready" }, action = { promote = "x" },"#, "declaration.action.promote: \"promote\" is not an outcome the rule declares (ready)"),
        ("gate", #"outcomes = { "ready" }, action = "x","#, "declaration.action: expected a gate's actions by outcome"),
    ])
    func aBadTemplateIsRefusedWhenThePackLoads(kind: String, declaration: String, message: String) throws {
        let e = try evaluate(kind: kind, declaration, result: "return nil")
        let failure = try #require(e.failures.first)
        #expect(failure.kind == .declaration && failure.message.contains(message), "\(failure.message)")
        #expect(e.results.isEmpty)
    }

    @Test func theCorePackDeclaresAnActionForEveryPolicy() throws {
        let e = try Evaluator(pack: try RulePack.load(from: PackPaths.core)).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example("northwind")))
        #expect(e.rules.allSatisfy { $0.action != nil }, "\(e.rules.filter { $0.action == nil }.map(\.id))")
        let tom = try #require(e.results.first { $0.rule == "hero.late_stage_ownership" && $0.subject.id == "u-tom" })
        #expect(tom.action == "Hand Tailspin Toys multi-year, Wingtip pilot, Proseware add-on seats and 2 more back to the reps who worked them, and coach Tom Alvarez to lead the close instead of owning it")
    }

    @Test func aFlaggedManagerPaidAboveTargetIsExplained() throws {
        let e = try Evaluator(pack: try RulePack.load(from: PackPaths.core)).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example("northwind")))
        let report = Report(e)
        let marcus = try #require(e.results.first { $0.rule == "compensation.weighting" && $0.subject.id == "u-marcus" })
        #expect(report.aboveTarget(marcus) == "Paid above target (106.5%) while flagged by other policies (Hero-Manager: involved in too many deals; "
                + "Coaching: 1-on-1 cadence). The team's attainment counts only the reps still on the team: those who left (Zoe Grant) no longer count.")
        let grace = try #require(e.results.first { $0.rule == "compensation.weighting" && $0.subject.id == "u-grace" })
        #expect(report.aboveTarget(grace) == nil)  // above target, but flagged by nothing
        guard case .weighting(let w) = marcus.verdict else { return }
        #expect(Report.payParts(w) == ["personal: 0% × 0% = 0%", "retention: 10% × 83.3% = 8.3%", "team: 90% × 106.7% = 96%"])
        #expect(Report.payTotal(w, currency: report.evaluation.snapshot.currency) == "blended 104.3% → multiplier 106.5% → payout 63,900 USD")
    }

    @Test func aDropReadsAsAFallOrARise() throws {
        let e = try Evaluator(pack: try RulePack.load(from: PackPaths.core)).evaluate(try SnapshotLoader().load(contentsOf: PackPaths.example("sarah-promotion")))
        let sarah = try #require(e.results.first { $0.rule == "promotion.early_warning" })
        guard case .threshold(let t) = sarah.verdict else { Issue.record("not a threshold"); return }
        #expect(t.conditions.map(\.name) == ["team bookings", "regretted exits"] && t.conditions.allSatisfy { !$0.passed })
        #expect(t.conditions[1].value == 2 && t.conditions[1].limit == 2)
        let md = MarkdownReport.render(Report(e))
        #expect(md.contains("| Sarah Kim | fell 23% | a 15% fall | **breach (medium)** |"), "\(md)")
        #expect(md.contains("  - ✗ regretted exits: 2 since the promotion"))
    }

    /// Over 1,000 results, actions are filled on every core: each is what the same result gets
    /// in a run of a few subjects, filled on one.
    @Test func actionsFilledOnEveryCoreAreThoseOfASmallRun() throws {
        let loaded = try SnapshotLoader().load(GeneratedOrganization.snapshot(managers: 80, reps: 8))
        let pack = try RulePack.load(from: PackPaths.core)
        let all = try Evaluator(pack: pack).evaluate(loaded)
        #expect(all.results.count >= 1_000)
        let action = Dictionary(uniqueKeysWithValues: all.results.map { ("\($0.rule) \($0.subject.id)", $0.action) })
        let some = Array(Set(all.results.filter { $0.action != nil }.map(\.subject.id)).sorted().prefix(12))
        let few = try Evaluator(pack: pack, options: .init(subjects: some)).evaluate(loaded)
        #expect(few.results.count < 1_000 && few.results.contains { $0.action != nil })
        for r in few.results { #expect(action["\(r.rule) \(r.subject.id)"] == r.action, "\(r.rule) \(r.subject.id)") }
    }
}

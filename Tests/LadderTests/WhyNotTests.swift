import Foundation
import Ladder
import Testing

@Suite struct WhyNotSearch {
    static let core = CompiledPack(try! RulePack.load(from: PackPaths.core))

    /// The answers for one subject of a snapshot, after `change` edits its JSON.
    static func answers(_ example: String, _ subject: String, rule: String? = nil, _ change: (inout [String: Any]) -> Void = { _ in }) throws -> [WhyNotAnswer] {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: PackPaths.example(example))) as? [String: Any])
        change(&json)
        let loaded = try SnapshotLoader().load(try JSONSerialization.data(withJSONObject: json))
        let options = EvaluationOptions(rules: rule.map { [$0] } ?? [], subjects: [subject])
        let evaluation = try Evaluator(compiled: core, options: options).evaluate(loaded)
        return try WhyNot(compiled: core).answers(for: subject, in: evaluation, on: loaded)
    }

    @Test func aHeroManagerHandsBackTheFewestDealsThatBringHerUnderTheLimit() throws {
        let dana = try Self.answers("northwind", "u-dana")
        #expect(dana.map(\.result.rule) == ["hero.late_stage_ownership"])
        #expect(dana[0].options == [.init(change: "handing 1 of the 3 deals in the evidence back to reps (NO-0337 to Ann Cole)",
                                          then: "Dana Fox is primary owner of 2 of 13 late-stage deals (15.4%), below the 20% limit")])
        // 4 of 12 (33%): one deal back leaves 25%, two leave 16.7%.
        let tom = try Self.answers("hero-owner", "u-tom", rule: "hero.late_stage_ownership")
        #expect(tom[0].options.map(\.change) == ["handing 2 of the 4 deals in the evidence back to reps (RI-0065 to Ann Cole, RI-0066 to Ann Cole)"])
    }

    @Test func closedDealsAndPastGapsAreNotLevers() throws {
        let marcus = try Self.answers("northwind", "u-marcus")
        #expect(marcus.map(\.result.rule) == ["hero.involvement", "coaching.one_on_one_cadence"])
        // Only the 20 open deals of the 36 in the evidence can change; 5 of them are enough.
        #expect(marcus[0].options.map(\.change) == ["stepping off 5 of the 20 deals in the evidence (off NO-0093, off NO-0094, off NO-0095, off NO-0096, off NO-0109)"])
        #expect(marcus[0].options[0].then == "Marcus Reed is involved in 31 of 40 open or recently closed deals (77.5%), below the 80% limit")
        // A 73-day gap has happened: no meeting from today undoes it.
        #expect(marcus[1].options.isEmpty)
    }

    @Test func aRepShortOfExperienceNeedsOneMentoringOrThreePeerAssists() throws {
        let ann = try Self.answers("ready-rep", "u-ann", rule: "promotion.gate") { json in
            let activities = json["activities"] as? [[String: Any]] ?? []
            json["activities"] = activities.filter { !($0["owner_id"] as? String == "u-ann" && ["mentoring", "led_project"].contains($0["kind"] as? String)) }
        }
        #expect(ann.first?.options.map(\.change) == ["1 more mentoring activity from today", "1 more led project activity from today",
                                                     "3 more peer assist activities from today", "3 more lead shared activities from today"])
        #expect(ann.first?.options.first?.then == "Ann Cole is ready for a management role")
    }

    @Test func aRepShortOfTrackRecordNeedsTheCurrentQuarterAtQuota() throws {
        let ann = try Self.answers("ready-rep", "u-ann", rule: "promotion.gate") { json in
            let deals = json["deals"] as? [[String: Any]] ?? []
            json["deals"] = deals.filter { deal in
                let close = deal["close_date"] as? String ?? ""
                return !(deal["owner_id"] as? String == "u-ann" && deal["stage"] as? String == "Closed Won"
                         && (("2026-01-01"..."2026-03-31").contains(close) || ("2025-07-01"..."2025-09-30").contains(close)))
            }
            json["quotas"] = (json["quotas"] as? [[String: Any]] ?? []) + [["person_id": "u-ann", "period_id": "2026-Q3", "amount": 300000]]
        }
        #expect(ann.first?.result.outcome == "not_yet")
        #expect(ann.first?.options.map(\.change) == ["2026-Q3 closing with 300,000 booked (100% of quota) — as of 2026-09-30"])
    }

    @Test func withoutAQuotaOrAnAssessmentNothingAllowedFlipsIt() throws {
        // Ben has no assessment: indicators and interest cannot be invented.
        let ben = try Self.answers("northwind", "u-ben", rule: "promotion.gate")
        #expect(ben.count == 1 && ben[0].options.isEmpty)
        #expect(try Self.answers("northwind", "u-ann").isEmpty)
    }
}

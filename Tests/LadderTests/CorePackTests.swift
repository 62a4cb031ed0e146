import Foundation
import Testing
import Ladder

/// A team of one manager and reps with deals in chosen stages, for boundary tests of core rules.
struct TeamBuilder {
    var fixture = SnapshotFixture()
    private var next = 0

    init() {
        fixture["deals"] = [[String: Any]]()
        fixture["quotas"] = [[String: Any]]()
        fixture["periods"] = [
            ["id": "2025-Q3", "start": "2025-07-01", "end": "2025-09-30"], ["id": "2025-Q4", "start": "2025-10-01", "end": "2025-12-31"],
            ["id": "2026-Q1", "start": "2026-01-01", "end": "2026-03-31"], ["id": "2026-Q2", "start": "2026-04-01", "end": "2026-06-30"],
        ]
        for i in 1...4 { fixture.append("people", ["id": "u-r\(i)", "name": "Rep \(i)", "role": "rep", "team_id": "t-1", "manager_id": "u-m"]) }
    }

    static let quarters = ["2025-Q3": "2025-08-15", "2025-Q4": "2025-11-15", "2026-Q1": "2026-02-15", "2026-Q2": "2026-05-15"]

    /// A quota in each listed quarter, and won deals booking `attainment` × quota in it.
    mutating func record(_ person: String, attainment: [String: Double], quota: Double = 100000, ramp: Double = 1) {
        for (quarter, a) in attainment.sorted(by: { $0.key < $1.key }) {
            fixture.append("quotas", ["person_id": person, "period_id": quarter, "amount": quota, "ramp_factor": ramp])
            if a > 0 { won(person, amount: a * quota * ramp, on: Self.quarters[quarter]!) }
        }
    }

    mutating func won(_ owner: String, amount: Double, on day: String) {
        next += 1
        fixture.append("deals", ["id": "w-\(next)", "owner_id": owner, "amount": amount, "stage": "Closed Won", "close_date": day])
    }

    mutating func assess(_ person: String, _ scores: [String: Double], on day: String = "2026-05-01") {
        fixture.append("assessments", ["person_id": person, "date": day, "scores": scores])
    }

    mutating func activity(_ kind: String, owner: String, with ids: [String] = [], on day: String) {
        fixture.append("activities", ["kind": kind, "owner_id": owner, "with_ids": ids, "date": day])
    }

    mutating func event(_ person: String, _ kind: String, on day: String, regretted: Bool = false) {
        fixture.append("events", ["person_id": person, "kind": kind, "date": day, "regretted": regretted])
    }

    mutating func set(person index: Int, _ field: String, _ value: Any?) { fixture.set("people", index, field, value) }

    /// Adds `count` deals owned by `owner` in `stage`, optionally with members.
    mutating func deals(_ count: Int, owner: String, stage: String, closed: String? = nil, members: [String] = []) {
        for _ in 0..<count {
            next += 1
            var deal: [String: Any] = ["id": "d-\(next)", "owner_id": owner, "amount": 10000, "stage": stage,
                                       "members": members.map { ["person_id": $0, "role": "assist"] }]
            if let closed { deal["close_date"] = closed }
            fixture.append("deals", deal)
        }
    }

    func evaluate(_ rule: String, subject: String = "u-m", params: [String: ParameterValue] = [:]) throws -> RuleResult {
        let result = try evaluateIfAny(rule, subject: subject, params: params)
        return try #require(result)
    }

    func evaluateIfAny(_ rule: String, subject: String = "u-m", params: [String: ParameterValue] = [:]) throws -> RuleResult? {
        let pack = try RulePack.load(from: PackPaths.core)
        let evaluation = try Evaluator(pack: pack, options: .init(parameters: params, rules: [rule], subjects: [subject])).evaluate(try fixture.load())
        #expect(evaluation.failures.isEmpty, "\(evaluation.failures)")
        return evaluation.results.first
    }
}

extension RuleResult {
    var threshold: ThresholdVerdict? { if case .threshold(let t) = verdict { t } else { nil } }
    var gate: GateVerdict? { if case .gate(let g) = verdict { g } else { nil } }
    var weighting: WeightingVerdict? { if case .weighting(let w) = verdict { w } else { nil } }
}

@Suite struct HeroLateStageOwnership {
    let rule = "hero.late_stage_ownership"

    @Test func exactlyTheLimitIsNotABreach() throws {
        var team = TeamBuilder()
        team.deals(1, owner: "u-m", stage: "Negotiation/Review")
        team.deals(4, owner: "u-r1", stage: "Proposal/Price Quote")
        let result = try team.evaluate(rule)
        #expect(result.threshold?.value == 0.2)
        #expect(result.threshold?.breached == false)
        #expect(result.message == "Mia Manager is primary owner of 1 of 5 late-stage deals (20.0%), at the 20% limit")
    }

    @Test func justAboveTheLimitIsAMediumBreachWithEvidence() throws {
        var team = TeamBuilder()
        team.deals(2, owner: "u-m", stage: "Negotiation/Review")
        team.deals(7, owner: "u-r1", stage: "Negotiation/Review")
        let result = try team.evaluate(rule)
        #expect(result.threshold?.breached == true)
        #expect(result.threshold?.severity == .medium)
        #expect(result.evidence == ["d-1", "d-2"])
        #expect(result.message == "Mia Manager is primary owner of 2 of 9 late-stage deals (22.2%), above the 20% limit")
    }

    @Test func aboveTwiceTheLimitIsHigh() throws {
        var team = TeamBuilder()
        team.deals(3, owner: "u-m", stage: "Negotiation/Review")
        team.deals(4, owner: "u-r2", stage: "Negotiation/Review")
        #expect(try team.evaluate(rule).threshold?.severity == .high)
    }

    @Test func fourLateDealsAreInsufficientData() throws {
        var team = TeamBuilder()
        team.deals(4, owner: "u-m", stage: "Negotiation/Review")
        let result = try team.evaluate(rule)
        #expect(result.threshold?.breached == false)
        #expect(result.threshold?.value == 1)
        #expect(result.notes == ["insufficient data"])
    }

    @Test func onlyOpenDealsInLateStagesCount() throws {
        var team = TeamBuilder()
        team.deals(3, owner: "u-m", stage: "Closed Won", closed: "2026-06-01")
        team.deals(3, owner: "u-m", stage: "Qualification")
        team.deals(5, owner: "u-r1", stage: "Proposal/Price Quote")
        let result = try team.evaluate(rule)
        #expect(result.threshold?.value == 0)
        #expect(result.message?.contains("0 of 5 late-stage deals") == true)
    }

    @Test func theLimitIsAParameter() throws {
        var team = TeamBuilder()
        team.deals(2, owner: "u-m", stage: "Negotiation/Review")
        team.deals(7, owner: "u-r1", stage: "Negotiation/Review")
        #expect(try team.evaluate(rule, params: ["late_share_limit": .number(0.25)]).threshold?.breached == false)
    }

    @Test func aShareThatRoundsToTheLimitIsWrittenSoItDoesNotContradictTheVerdict() throws {
        var team = TeamBuilder()
        team.deals(1001, owner: "u-r1", stage: "Negotiation/Review")
        team.deals(251, owner: "u-m", stage: "Negotiation/Review")
        let result = try team.evaluate(rule)  // 251 / 1252 = 20.048%
        #expect(result.threshold?.breached == true)
        #expect(result.message?.contains("(20.05%), above the 20% limit") == true)
    }
}

@Suite struct HeroInvolvement {
    let rule = "hero.involvement"

    @Test func eightyPercentIsABreach() throws {
        var team = TeamBuilder()
        team.deals(6, owner: "u-r1", stage: "Qualification", members: ["u-m"])
        team.deals(2, owner: "u-m", stage: "Prospecting")
        team.deals(2, owner: "u-r2", stage: "Prospecting")
        let result = try team.evaluate(rule)
        #expect(result.threshold?.value == 0.8)
        #expect(result.threshold?.breached == true)
        #expect(result.evidence.count == 8)
    }

    @Test func closedDealsCountOnlyInsideTheWindow() throws {
        var team = TeamBuilder()
        team.deals(9, owner: "u-r1", stage: "Qualification", members: ["u-m"])
        team.deals(1, owner: "u-r2", stage: "Closed Won", closed: "2026-01-01")  // 180 days before as_of: inside
        team.deals(5, owner: "u-r2", stage: "Closed Lost", closed: "2025-12-31")  // 181 days: outside
        team.deals(1, owner: "u-r2", stage: "Closed Won", closed: "2026-07-01")  // after as_of: ignored
        let result = try team.evaluate(rule)
        #expect(result.message == "Mia Manager is involved in 9 of 10 open or recently closed deals (90.0%), above the 80% limit")
    }

    @Test func fewerThanTenDealsAreInsufficientData() throws {
        var team = TeamBuilder()
        team.deals(9, owner: "u-m", stage: "Qualification")
        let result = try team.evaluate(rule)
        #expect(result.threshold?.breached == false)
        #expect(result.notes == ["insufficient data"])
    }

    @Test func aManagerWithNoTeamHasNothingToJudge() throws {
        var team = TeamBuilder()
        team.fixture.set("teams", 0, "manager_id", nil)
        let result = try team.evaluate(rule)
        #expect(result.threshold?.value == 0)
        #expect(result.notes == ["insufficient data"])
    }
}

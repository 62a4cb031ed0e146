import Foundation
import Testing
import Ladder

private let atQuota = ["2025-Q3": 1.0, "2025-Q4": 1.05, "2026-Q1": 1.1, "2026-Q2": 1.0]
private let strong = ["mentorship": 4.0, "systems_thinking": 4, "emotional_regulation": 3.5, "curiosity": 4, "management_interest": 4]

@Suite struct PromotionGate {
    let rule = "promotion.gate"

    func readyRep() -> TeamBuilder {
        var team = TeamBuilder()
        team.record("u-r1", attainment: atQuota)
        team.assess("u-r1", strong)
        team.activity("mentoring", owner: "u-r1", with: ["u-r2"], on: "2026-03-01")
        return team
    }

    @Test func everythingPassingIsReadyWithoutExposure() throws {
        let r = try readyRep().evaluate(rule, subject: "u-r1")
        #expect(r.gate?.outcome == "ready")
        #expect(r.gate?.conditions.allSatisfy(\.passed) == true)
        #expect(r.gate?.exposure == nil)
    }

    @Test func aMissingAssessmentIsADevelopmentGap() throws {
        var team = TeamBuilder()
        team.record("u-r1", attainment: atQuota)
        team.activity("led_project", owner: "u-r1", on: "2026-01-10")
        let r = try team.evaluate(rule, subject: "u-r1")
        #expect(r.gate?.outcome == "develop")
        #expect(r.gate?.reasons == ["no leadership assessment on file"])
    }

    @Test func aMissingScoreFailsAndIsNamed() throws {
        var team = readyRep()
        var scores = strong
        scores["management_interest"] = nil
        scores["curiosity"] = 2.5
        team.assess("u-r1", scores, on: "2026-06-01")
        let r = try team.evaluate(rule, subject: "u-r1")
        #expect(r.gate?.outcome == "develop")
        #expect(r.gate?.reasons == ["curiosity 2.5, below 3", "management interest not assessed"])
    }

    @Test func theIndicatorMeanMustReachItsBar() throws {
        var team = readyRep()
        team.assess("u-r1", ["mentorship": 3, "systems_thinking": 3.5, "emotional_regulation": 3, "curiosity": 3.5, "management_interest": 5], on: "2026-06-02")
        #expect(try team.evaluate(rule, subject: "u-r1").gate?.reasons == ["indicator mean 3.25, below 3.5"])
    }

    @Test func threePeerAssistsCountAsExperienceTwoDoNot() throws {
        var team = TeamBuilder()
        team.record("u-r1", attainment: atQuota)
        team.assess("u-r1", strong)
        team.activity("peer_assist", owner: "u-r1", on: "2026-02-01")
        team.activity("lead_shared", owner: "u-r1", on: "2026-03-01")
        #expect(try team.evaluate(rule, subject: "u-r1").gate?.outcome == "develop")
        team.activity("peer_assist", owner: "u-r1", on: "2025-07-01")  // 364 days before as_of: inside
        #expect(try team.evaluate(rule, subject: "u-r1").gate?.outcome == "ready")
    }

    @Test func twoOfFourPeriodsIsNotYet() throws {
        var team = TeamBuilder()
        team.record("u-r1", attainment: ["2025-Q3": 1.2, "2025-Q4": 0.7, "2026-Q1": 1.0, "2026-Q2": 0.99])
        team.assess("u-r1", strong)
        let r = try team.evaluate(rule, subject: "u-r1")
        #expect(r.gate?.outcome == "not_yet")
        #expect(r.gate?.reasons == ["track record: 2 of the last 4 closed periods at 100% of quota or more, needs 3"])
    }

    @Test func aPeriodWithoutQuotaOrWithZeroRampIsAMiss() throws {
        var team = TeamBuilder()
        team.record("u-r1", attainment: ["2025-Q3": 1.2, "2026-Q1": 1.3])
        team.record("u-r1", attainment: ["2026-Q2": 1.0], ramp: 0)
        team.won("u-r1", amount: 500000, on: "2025-11-20")  // bookings without a quota in 2025-Q4
        team.assess("u-r1", strong)
        #expect(try team.evaluate(rule, subject: "u-r1").gate?.outcome == "not_yet")
    }

    @Test func anEliteProducerWhoDoesNotWantToManageStaysAProducer() throws {
        var team = TeamBuilder()
        team.record("u-r1", attainment: ["2025-Q3": 1.5, "2025-Q4": 1.4, "2026-Q1": 1.3, "2026-Q2": 1.2])
        var scores = strong
        scores["management_interest"] = 2
        team.assess("u-r1", scores)
        team.event("u-r1", "promotion", on: "2026-08-01")
        let r = try team.evaluate(rule, subject: "u-r1")
        #expect(r.gate?.outcome == "producer_track")
        #expect(r.gate?.exposure == 1_680_000)
        #expect(r.gate?.reasons.last == "management interest 2, below 3")
    }

    @Test func anEliteProducerWithoutAssessmentIsNotSentToTheProducerTrack() throws {
        var team = TeamBuilder()
        team.record("u-r1", attainment: ["2025-Q3": 1.5, "2025-Q4": 1.4, "2026-Q1": 1.3, "2026-Q2": 1.2])
        #expect(try team.evaluate(rule, subject: "u-r1").gate?.outcome == "develop")
    }

    @Test func nomineesFromTheParameterCarryExposure() throws {
        var team = TeamBuilder()
        team.record("u-r1", attainment: atQuota)
        let r = try team.evaluate(rule, subject: "u-r1", params: ["nominees": .list(["u-r1"])])
        #expect(r.gate?.outcome == "develop")
        #expect(r.gate?.exposure == 1_680_000)
        #expect(r.message?.contains("risks 1,680,000 (70% x 2,400,000)") == true)
    }
}

@Suite struct CompensationWeighting {
    let rule = "compensation.weighting"

    func team(roleStart: String?) -> TeamBuilder {
        var team = TeamBuilder()
        team.set(person: 0, "role_start_date", roleStart)
        team.set(person: 0, "target_incentive", 50000)
        for r in ["u-r1", "u-r2"] { team.record(r, attainment: ["2026-Q2": 1.0]) }
        return team
    }

    @Test func fourMonthsInRoleWithAQuota() throws {
        var t = team(roleStart: "2026-02-28")
        t.record("u-m", attainment: ["2026-Q2": 0.5])
        let w = try #require(try t.evaluate(rule).weighting)
        #expect(abs(w.weights["team"]! - 0.55) < 1e-12)
        #expect(w.weights["retention"] == 0.10)
        #expect(abs(w.weights["personal"]! - 0.35) < 1e-12)
        #expect(w.components == ["team": 1, "retention": 1, "personal": 0.5])
        #expect(abs(w.blended - 0.825) < 1e-12)
        #expect(abs(w.payout! - 41250) < 1e-6)
    }

    @Test func aMonthCompletesOnTheLastDayWhenTheDayDoesNotExist() throws {
        let message = try team(roleStart: "2026-03-31").evaluate(rule).message
        #expect(message?.hasPrefix("Mia Manager, 3 months in role") == true)
    }

    @Test func withoutAQuotaThePersonalWeightGoesToTheTeam() throws {
        let w = try #require(try team(roleStart: "2024-01-01").evaluate(rule).weighting)
        #expect(w.weights == ["team": 0.9, "retention": 0.1, "personal": 0])
    }

    @Test func thePayoutCurveHasAFloorAnAcceleratorAndACap() throws {
        for (attainment, multiplier) in [(0.45, 0.0), (0.8, 0.8), (1.2, 1.3), (1.5, 1.75), (2.0, 1.75)] {
            var t = TeamBuilder()
            t.set(person: 0, "role_start_date", "2020-01-01")
            t.set(person: 0, "target_incentive", 10000)
            t.record("u-r1", attainment: ["2026-Q2": attainment])
            let w = try #require(try t.evaluate(rule).weighting)
            // retention 1 at 10%, team capped at 1.5
            let team = min(attainment, 1.5)
            let blended = 0.9 * team + 0.1
            let expected = blended < 0.5 ? 0 : blended <= 1 ? blended : min(1 + 1.5 * (blended - 1), 2)
            #expect(abs(w.payout! - 10000 * expected) < 1e-6, "attainment \(attainment)")
            _ = multiplier
        }
    }

    @Test func aManagerWithNoReportsHasNoTeamComponent() throws {
        var t = TeamBuilder()
        t.set(person: 0, "role_start_date", "2020-01-01")
        for i in 1...4 { t.set(person: 1 + i, "manager_id", nil) }
        t.set(person: 1, "manager_id", nil)
        let r = try t.evaluate(rule)
        #expect(r.weighting?.components["team"] == 0)
        #expect(r.weighting?.payout == nil)
        #expect(r.notes.contains("insufficient data: no report has a quota in the payout period"))
        #expect(r.notes.contains("insufficient data: no reports and no leavers, retention counts as 100%"))
    }

    @Test func retentionCountsLeaversWithinAYear() throws {
        var t = team(roleStart: "2020-01-01")
        t.set(person: 2, "active", false)
        t.event("u-r1", "voluntary_exit", on: "2025-07-01")
        t.event("u-r2", "voluntary_exit", on: "2025-06-29")  // 366 days: outside
        let w = try #require(try t.evaluate(rule).weighting)
        #expect(abs(w.components["retention"]! - (1 - 1.0 / 5)) < 1e-12)
    }
}

@Suite struct ManagerScorecard {
    @Test func cadenceWithNoReportsIsUnknown() throws {
        var t = TeamBuilder()
        for i in 1...5 { t.set(person: i, "manager_id", nil) }
        let r = try t.evaluate("coaching.one_on_one_cadence")
        #expect(r.threshold?.value == nil)
        #expect(r.threshold?.breached == false)
        #expect(r.notes == ["insufficient data"])
    }

    @Test func cadenceBoundaryIsTwentyOneDays() throws {
        var t = TeamBuilder()
        for i in 1...5 { t.set(person: i, "manager_id", i == 1 ? "u-m" : nil) }
        t.set(person: 1, "hire_date", "2026-05-19")  // window starts at hire: 42 days
        t.activity("one_on_one", owner: "u-m", with: ["u-a"], on: "2026-06-09")
        #expect(try t.evaluate("coaching.one_on_one_cadence").threshold?.value == 21)
        #expect(try t.evaluate("coaching.one_on_one_cadence").threshold?.breached == false)
        t.set(person: 1, "hire_date", "2026-05-18")
        let r = try t.evaluate("coaching.one_on_one_cadence")
        #expect(r.threshold?.value == 22)
        #expect(r.threshold?.breached == true)
        #expect(r.evidence == ["u-a"])
    }

    @Test func stalledShareAtTheLimitIsNotABreach() throws {
        var t = TeamBuilder()
        t.deals(3, owner: "u-r1", stage: "Qualification")
        t.fixture.append("deals", ["id": "s-1", "owner_id": "u-r1", "amount": 1, "stage": "Prospecting", "stage_entered_date": "2026-05-15"])  // 46 days
        let r = try t.evaluate("pipeline.stalled_deals")
        #expect(r.threshold?.value == 0.25)
        #expect(r.threshold?.breached == false)
        #expect(r.evidence == ["s-1"])
    }

    @Test func noOpenDealsIsInsufficientData() throws {
        let r = try TeamBuilder().evaluate("pipeline.stalled_deals")
        #expect(r.threshold?.breached == false)
        #expect(r.notes == ["insufficient data"])
    }

    @Test func aRepLiftedFromBelowEightyPercentToQuotaCounts() throws {
        var t = TeamBuilder()
        t.set(person: 0, "role_start_date", "2026-01-01")
        t.record("u-r1", attainment: ["2025-Q3": 0.6, "2025-Q4": 0.7, "2026-Q1": 1.0, "2026-Q2": 1.1])
        t.record("u-r2", attainment: ["2025-Q3": 0.9, "2025-Q4": 0.9, "2026-Q1": 1.0, "2026-Q2": 1.1])
        let r = try t.evaluate("coaching.reps_elevated")
        #expect(r.threshold?.value == 1)
        #expect(r.evidence == ["u-r1"])
        #expect(r.threshold?.breached == false)
    }
}

@Suite struct EarlyWarning {
    let rule = "promotion.early_warning"

    func newManager(before: Double, after: Double) -> TeamBuilder {
        var t = TeamBuilder()
        t.set(person: 0, "role_start_date", "2026-01-05")
        t.won("u-r1", amount: before, on: "2025-11-01")
        t.won("u-r1", amount: after, on: "2026-04-01")
        return t
    }

    @Test func aDropOfExactlyTheLimitIsABreachWithExposure() throws {
        let r = try newManager(before: 100000, after: 85000).evaluate(rule)
        #expect(abs(r.threshold!.value! - 0.15) < 1e-12)
        #expect(r.threshold?.breached == true)
        #expect(r.threshold?.exposure == 1_680_000)
    }

    @Test func aSmallerDropIsNot() throws {
        let r = try newManager(before: 100000, after: 85001).evaluate(rule)
        #expect(r.threshold?.breached == false)
        #expect(r.threshold?.exposure == nil)
    }

    @Test func twoRegrettedExitsAloneAreABreach() throws {
        var t = newManager(before: 0, after: 0)
        t.event("u-r1", "voluntary_exit", on: "2026-03-01", regretted: true)
        t.event("u-r2", "voluntary_exit", on: "2026-04-01", regretted: true)
        t.event("u-r3", "voluntary_exit", on: "2026-04-02")
        let r = try t.evaluate(rule)
        #expect(r.threshold?.value == nil)
        #expect(r.threshold?.breached == true)
        #expect(r.evidence.prefix(2) == ["u-r1", "u-r2"])
    }

    @Test func onlyManagersInTheirFirstEighteenMonthsAreWatched() throws {
        var t = newManager(before: 100000, after: 10000)
        t.set(person: 0, "role_start_date", "2024-12-30")
        #expect(try t.evaluateIfAny(rule) == nil)
        t.set(person: 0, "role_start_date", nil)
        #expect(try t.evaluateIfAny(rule) == nil)
    }
}

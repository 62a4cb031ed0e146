import Foundation
import Testing
import Ladder
@testable import LadderSnapshots

@Suite struct SnapshotValidation {
    @Test func aValidSnapshotLoadsWithDefaultsResolved() throws {
        let loaded = try SnapshotFixture().load()
        #expect(loaded.snapshot.stages.count == 10)
        #expect(loaded.snapshot.stages.filter(\.late).map(\.name) == ["Proposal/Price Quote", "Negotiation/Review"])
        #expect(loaded.snapshot.deals[0].teamId == "t-1")
        #expect(loaded.snapshot.people[0].track == "individual")
        #expect(loaded.snapshot.quotas[0].rampFactor == 1)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.sha256.count == 64)
    }

    @Test func aHigherVersionIsRefusedAtOnce() {
        var f = SnapshotFixture()
        f["version"] = 2
        f["teams"] = "not even an array"
        #expect(f.problems() == ["version: format version 2 is not supported; the highest supported is 1"])
    }

    @Test func notJSON() {
        let error = #expect(throws: SnapshotError.self) { try SnapshotLoader().load(Data("{\"version\": 1,".utf8)) }
        #expect(error?.problems.first?.message.hasPrefix("not valid JSON") == true)
    }

    @Test func missingRequiredKeys() {
        var f = SnapshotFixture()
        f.set("people", 1, "name", nil)
        f["as_of"] = nil
        #expect(f.problems().contains("as_of: required"))
        #expect(f.problems().contains("people[1].name: required"))
    }

    @Test func wrongJSONTypes() {
        var f = SnapshotFixture()
        f.set("deals", 0, "amount", "1000")
        f.set("people", 0, "active", "yes")
        #expect(f.problems().contains("deals[0].amount: expected a number, found a string"))
        #expect(f.problems().contains("people[0].active: expected true or false, found a string"))
    }

    @Test func badDates() {
        var f = SnapshotFixture()
        f.set("people", 1, "hire_date", "2024-13-01")
        f.set("periods", 0, "end", "31/03/2026")
        #expect(f.problems().contains("people[1].hire_date: \"2024-13-01\" is not a date; write YYYY-MM-DD"))
        #expect(f.problems().contains("periods[0].end: \"31/03/2026\" is not a date; write YYYY-MM-DD"))
    }

    @Test func periodEndingBeforeItStarts() {
        var f = SnapshotFixture()
        f.set("periods", 0, "end", "2025-12-31")
        #expect(f.problems().contains("periods[0].end: 2025-12-31 is before start 2026-01-01"))
    }

    @Test func overlappingPeriods() {
        var f = SnapshotFixture()
        f.set("periods", 1, "start", "2026-03-15")
        #expect(f.problems() == ["periods[1]: 2026-Q2 (2026-03-15 to 2026-06-30) overlaps 2026-Q1 (2026-01-01 to 2026-03-31) at periods[0]"])
    }

    /// Periods out of time order in the file are named by their place in the file, and rules
    /// still see them in time order.
    @Test func problemsNamePeriodsByTheirPlaceInTheFile() throws {
        var f = SnapshotFixture()
        f.set("periods", 0, "start", "2026-06-01")
        f.set("periods", 0, "end", "2026-07-31")
        #expect(f.problems().contains("periods[0]: 2026-Q1 (2026-06-01 to 2026-07-31) overlaps 2026-Q2 (2026-04-01 to 2026-06-30) at periods[1]"), "\(f.problems())")
    }

    @Test func duplicateIds() {
        var f = SnapshotFixture()
        f.append("deals", ["id": "d-1", "owner_id": "u-a", "amount": 5, "stage": "Prospecting"])
        f.append("deals", ["id": "d-1", "owner_id": "u-a", "amount": 6, "stage": "Prospecting"])
        #expect(f.problems() == ["deals[1].id: duplicate deal id \"d-1\" (first at deals[0])",
                                 "deals[2].id: duplicate deal id \"d-1\" (first at deals[0])"])
    }

    @Test func brokenReferences() {
        var f = SnapshotFixture()
        f.set("deals", 0, "owner_id", "u-zed")
        f.set("deals", 0, "stage", "Won")
        f.set("quotas", 0, "period_id", "2027-Q1")
        f.append("activities", ["kind": "one_on_one", "owner_id": "u-m", "with_ids": ["u-a", "u-x"], "date": "2026-06-01"])
        #expect(Set(f.problems()) == [
            "deals[0].owner_id: no person \"u-zed\"",
            "deals[0].stage: no stage \"Won\"",
            "quotas[0].period_id: no period \"2027-Q1\"",
            "activities[0].with_ids[1]: no person \"u-x\"",
        ])
    }

    @Test func managerCycleIsReportedOnceAtItsFirstMember() {
        var f = SnapshotFixture()
        f.set("people", 0, "manager_id", "u-a")
        #expect(f.problems() == ["people[0].manager_id: cycle u-m → u-a → u-m"])
    }

    @Test func teamCycle() {
        var f = SnapshotFixture()
        f.set("teams", 0, "parent_id", "t-1")
        #expect(f.problems() == ["teams[0].parent_id: cycle t-1 → t-1"])
    }

    @Test func twoQuotasForOnePersonAndPeriod() {
        var f = SnapshotFixture()
        f.append("quotas", ["person_id": "u-a", "period_id": "2026-Q2", "amount": 5])
        #expect(f.problems() == ["quotas[1]: a second quota for u-a in 2026-Q2 (first at quotas[0])"])
    }

    @Test func valuesOutOfRange() {
        var f = SnapshotFixture()
        f.set("deals", 0, "amount", -5)
        f.set("quotas", 0, "ramp_factor", 1.5)
        f.set("people", 1, "target_incentive", -1)
        f["stages"] = [["name": "Open", "order": 1, "probability": 1.2]]
        f.append("assessments", ["person_id": "u-a", "date": "2026-05-01", "scores": ["curiosity": 6]])
        let problems = f.problems()
        #expect(problems.contains("deals[0].amount: -5 must be not negative"))
        #expect(problems.contains("quotas[0].ramp_factor: 1.5 must be between 0 and 1"))
        #expect(problems.contains("people[1].target_incentive: -1 must be not negative"))
        #expect(problems.contains("stages[0].probability: 1.2 must be between 0 and 1"))
        #expect(problems.contains("assessments[0].scores.curiosity: 6 must be between 1 and 5"))
    }

    @Test func wonStageThatIsNotClosed() {
        var f = SnapshotFixture()
        f["stages"] = [["name": "Open", "order": 1, "probability": 0.5],
                       ["name": "Won", "order": 2, "probability": 1, "won": true, "closed": false]]
        f.set("deals", 0, "stage", "Open")
        #expect(f.problems() == ["stages[1].won: a won stage must be closed (remove \"closed\": false)"])
    }

    @Test func emptyTeamsAndStages() {
        var f = SnapshotFixture()
        f["teams"] = [[String: Any]]()
        f["stages"] = [[String: Any]]()
        f.set("people", 0, "team_id", nil)
        f.set("people", 1, "team_id", nil)
        #expect(f.problems().contains("teams: must list at least one team"))
        #expect(f.problems().contains("stages: must not be empty (leave it out for Salesforce's default stages)"))
    }

    @Test func everyProblemIsListedUpToTheCap() {
        var f = SnapshotFixture()
        for i in 0..<150 { f.append("deals", ["id": "x-\(i)", "owner_id": "nobody", "amount": 1, "stage": "Prospecting"]) }
        do {
            _ = try f.load()
            Issue.record("expected a refusal")
        } catch {
            #expect(error.problems.count == SnapshotLoader.maxProblems)
            #expect(error.truncated)
            #expect(error.description.hasPrefix("snapshot: refused, 100+ problems"))
        }
    }

    @Test func warningsDoNotRefuse() throws {
        var f = SnapshotFixture()
        f["organization"] = ["id": "acme", "name": "Acme", "currency": "usd", "region": "EU"]
        f.set("people", 1, "track", "expert")
        f.set("people", 1, "hire_date", "2026-08-01")
        f.set("people", 0, "team_id", nil)
        f.append("people", ["id": "u-b", "name": "Bo Boss", "role": "manager", "team_id": "t-1"])
        f.append("events", ["person_id": "u-a", "date": "2026-02-01", "kind": "sabbatical"])
        f.set("deals", 0, "stage", "Closed Won")
        f.set("deals", 0, "close_date", "2026-07-15")
        let warnings = try f.warnings()
        #expect(warnings.contains("organization.currency: \"usd\" is not an ISO 4217 code (three capital letters)"))
        #expect(warnings.contains("organization.region: unknown field, ignored"))
        #expect(warnings.contains("people[1].track: unknown track \"expert\" (known: individual, producer, management)"))
        #expect(warnings.contains("people[1].hire_date: 2026-08-01 is after as_of 2026-06-30"))
        #expect(warnings.contains("people[2].team_id: manager u-b does not lead team \"t-1\" (its manager_id is \"u-m\")"))
        #expect(warnings.contains("events[0].kind: unknown event kind \"sabbatical\" (kept as text)"))
        #expect(warnings.contains("deals[0].close_date: won deal closes 2026-07-15, after as_of 2026-06-30"))
    }

    /// A large snapshot's deals are checked in runs on the cores available: what is found comes
    /// out in the deals' order, as one pass over them finds it.
    @Test func aLargeSnapshotsDealProblemsComeInDealOrder() {
        var f = SnapshotFixture.manyDeals(60_000)
        f.set("deals", 59_999, "owner_id", "u-zed")
        f.set("deals", 3, "stage", "Won")
        f.set("deals", 31_000, "team_id", "t-9")
        f.set("deals", 31_000, "members", [["person_id": "u-x", "role": "assist"]])
        f.set("deals", 31_001, "id", "d-2")
        #expect(f.problems() == [
            "deals[31001].id: duplicate deal id \"d-2\" (first at deals[2])",
            "deals[3].stage: no stage \"Won\"",
            "deals[31000].team_id: no team \"t-9\"",
            "deals[31000].members[0].person_id: no person \"u-x\"",
            "deals[59999].owner_id: no person \"u-zed\"",
        ])
    }

    @Test func aLargeSnapshotsDealsGetTheirTeamsAndWarningsInOrder() throws {
        var f = SnapshotFixture.manyDeals(60_000)
        f.append("teams", ["id": "t-2", "name": "Two"])
        for i in [2, 40_000, 59_999] {
            f.set("deals", i, "stage", "Closed Won")
            f.set("deals", i, "close_date", "2026-07-15")
        }
        f.set("deals", 50_000, "team_id", "t-2")
        let loaded = try f.load()
        #expect(loaded.warnings.map(\.description) == [2, 40_000, 59_999].map { "deals[\($0)].close_date: won deal closes 2026-07-15, after as_of 2026-06-30" })
        #expect(loaded.snapshot.deals[59_999].teamId == "t-1" && loaded.snapshot.deals[50_000].teamId == "t-2")
        #expect(loaded.index.dealOwner[59_999] == 1 && loaded.index.dealOwner.count == 60_000)
    }

    @Test func aDealBookedToAnotherTeamKeepsIt() throws {
        var f = SnapshotFixture()
        f.append("teams", ["id": "t-2", "name": "Two"])
        f.set("deals", 0, "team_id", "t-2")
        #expect(try f.load().snapshot.deals[0].teamId == "t-2")
    }
}

@Suite struct Days {
    @Test func parsesOnlyRealDates() {
        #expect(Day("2024-02-29")?.description == "2024-02-29")
        for text in ["0001-01-01", "0999-12-31", "1970-01-01", "2000-10-09", "9999-12-31"] { #expect(Day(text)?.description == text) }
        #expect(Day("2023-02-29") == nil)
        #expect(Day("2026-6-30") == nil)
        #expect(Day("2026-06-30T00:00") == nil)
        #expect(Day("2026-06-30")! - Day("2026-01-01")! == 180)
        #expect(Day("1970-01-01")?.ordinal == 0)
    }
}

@Suite struct JSONParsing {
    @Test func errorsNameLineAndColumn() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser().decode(Data("{\n  \"a\": [1, 2,]\n}".utf8)) }
        do { _ = try JSONParser().decode(Data("{\n  \"a\": [1, 2,]\n}".utf8)) } catch {
            #expect("\(error)" == "unexpected character ']' at line 2, column 14")
        }
    }

    @Test func aBadByteIsShownAsItsCode() {
        do { _ = try JSONParser().decode(Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0xC3, 0x7D])) } catch {
            #expect("\(error)" == "unexpected byte 0xC3 at line 1, column 6")
        }
    }

    @Test func valuesAndEscapes() throws {
        let value = try JSONParser().decode(Data(#"{"s": "a\"b\u00e9\ud83d\ude00", "n": -1.5e2, "i": 12, "t": true, "z": null, "l": []}"#.utf8))
        #expect(value == .object(["s": .string("a\"bé😀"), "n": .number(-150), "i": .number(12), "t": .bool(true), "z": .null, "l": .array([])]))
    }

    @Test func refusesWhatIsNotJSON() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\u{01}\"", "{\"a\": 1, \"a\": 2}", "nul", "[1] x"] {
            #expect(throws: JSONSyntaxError.self, "\(text)") { try JSONParser().decode(Data(text.utf8)) }
        }
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        #expect(try JSONParser().decode(Data([0xEF, 0xBB, 0xBF] + Array("[1]".utf8))) == .array([.number(1)]))
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONSyntaxError.self) { try JSONParser().decode(Data(deep.utf8)) }
    }
}

/// Ids compare byte for byte, as the format says: "é" and "e" + U+0301 are two ids.
@Suite struct ByteExactIds {
    @Test func aReferenceInAnotherNormalFormIsNoReference() {
        var f = SnapshotFixture()
        f.set("people", 1, "id", "u-\u{E9}")
        f.set("quotas", 0, "person_id", "u-e\u{301}")
        f.set("deals", 0, "owner_id", "u-\u{E9}")
        #expect(f.problems() == ["quotas[0].person_id: no person \"u-e\u{301}\""], "\(f.problems())")
    }

    @Test func twoIdsInTwoNormalFormsAreTwoIds() throws {
        var f = SnapshotFixture()
        f.append("teams", ["id": "t-caf\u{E9}", "name": "Precomposed"])
        f.append("teams", ["id": "t-cafe\u{301}", "name": "Decomposed"])
        let loaded = try f.load()
        #expect(loaded.index.teamById["t-caf\u{E9}"].map { loaded.snapshot.teams[$0].name } == "Precomposed")
        #expect(loaded.index.teamById["t-cafe\u{301}"].map { loaded.snapshot.teams[$0].name } == "Decomposed")
        #expect(loaded.index.teamById.count == 3)
    }

    @Test func fieldNamesInTwoNormalFormsAreTwoNames() throws {
        let json = "{\"caf\u{E9}\": 1, \"cafe\u{301}\": 2, \"x\": {\"caf\u{E9}\": 3, \"caf\u{E9}\": 4}}"
        #expect(throws: JSONSyntaxError.self) { try JSONParser().decode(Data(json.utf8)) }  // a byte-equal repeat
        let twoForms = try JSONParser().decode(Data("{\"caf\u{E9}\": 1, \"cafe\u{301}\": 2}".utf8))
        guard case .object(let fields) = twoForms else { Issue.record("not an object"); return }
        #expect(fields["caf\u{E9}"] == .number(1) && fields["cafe\u{301}"] == .number(2) && fields.count == 2)
    }

    @Test func unknownFieldsInTwoNormalFormsAreEachWarnedAbout() throws {
        // Written by hand: a Swift dictionary would hold the two names as one.
        let json = String(decoding: SnapshotFixture().data, as: UTF8.self)
            .replacingOccurrences(of: "\"name\":\"Mia Manager\"", with: "\"name\":\"Mia Manager\",\"caf\u{E9}\":1,\"cafe\u{301}\":2")
        let warnings = try SnapshotLoader().load(Data(json.utf8)).warnings.map(\.description)
        #expect(warnings.filter { $0.contains("unknown field") }.count == 2, "\(warnings)")
    }
}

/// Amounts stay where sums and ratios of them are finite numbers a report can show.
@Suite struct AmountBounds {
    @Test func amountsPastTheLargestOrBelowAHundredthAreRefusedByPath() {
        var f = SnapshotFixture()
        f.set("deals", 0, "amount", 1.79e308)
        f.set("quotas", 0, "amount", 0.001)
        f.set("quotas", 0, "ramp_factor", 0.00001)
        f.set("people", 0, "target_incentive", 2e20)
        #expect(f.problems() == [
            "people[0].target_incentive: 2e+20 is larger than 1e+20, the largest amount a snapshot holds (sums of larger amounts cannot be shown)",
            "quotas[0].amount: 0.001 is less than 0.01: write 0, or an amount of at least 0.01",
            "quotas[0].ramp_factor: 1e-05 is below 0.0001: write 0 for no quota, or at least 0.0001",
            "deals[0].amount: 1.79e+308 is larger than 1e+20, the largest amount a snapshot holds (sums of larger amounts cannot be shown)",
        ], "\(f.problems())")
    }

    @Test func theBoundsThemselvesAreValid() throws {
        var f = SnapshotFixture()
        f.set("deals", 0, "amount", 1e20)
        f.set("quotas", 0, "amount", 0.01)
        f.set("quotas", 0, "ramp_factor", 0.0001)
        f.set("people", 0, "target_incentive", 0)
        #expect(f.problems() == [])
    }
}

@Suite struct LossyNumbers {
    @Test func numbersReadLessPreciselyThanWrittenAreWarnedAbout() throws {
        let json = "{\n  \"a\": 1e-400,\n  \"b\": 12345678901234567890, \"c\": 123456789012345678, \"d\": 0.1, \"e\": 0, \"f\": -0.0e5\n}"
        let (_, notes) = try JSONParser().decodeNoting(Data(json.utf8))
        #expect(notes == ["line 2, column 8: 1e-400 is smaller than the smallest number and reads as 0",
                          "line 3, column 8: 12345678901234567890 has more digits than a number holds and reads as 12345678901234567168",
                          "line 3, column 35: 123456789012345678 has more digits than a number holds and reads as 123456789012345680"])
    }
}

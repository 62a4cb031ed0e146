import Foundation
import Ladder
import Testing

/// A misspelt field, parameter, index or helper is an error naming the nearest valid name,
/// never a silent nil; an optional field that is absent still reads as nil.
@Suite struct StrictRecords {
    static let snapshot = try! SnapshotLoader().load(contentsOf: PackPaths.example("northwind"))

    /// The message of the failure of a one-rule pack whose `evaluate` body is `body`.
    func failure(_ body: String) throws -> String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-strict-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("name: strict\nversion: 1.0.0\nextends: \(PackPaths.core.path)\nrules: [r.lua]\n".utf8).write(to: folder.appendingPathComponent("pack.yaml"))
        try Data("""
            return {id = "strict.r", title = "R", kind = "threshold", subject = "manager",
              evaluate = function(manager, ctx)
                \(body)
                return {value = 0, limit = 1, breached = false}
              end}
            """.utf8).write(to: folder.appendingPathComponent("r.lua"))
        let evaluation = try Evaluator(pack: try RulePack.load(from: folder), options: .init(rules: ["strict.r"])).evaluate(Self.snapshot)
        return evaluation.failures.first?.message
    }

    @Test func aMisspeltFieldNamesTheRecordKindAndTheNearestField() throws {
        #expect(try failure("local x = manager.tem_id") == "person has no field 'tem_id' (did you mean team_id?)")
        #expect(try failure("local d = ctx.snapshot.deals[1]; local x = d.ammount") == "deal has no field 'ammount' (did you mean amount?)")
        #expect(try failure("for _, d in ipairs(ctx.snapshot.deals) do if #d.members > 0 then local x = d.members[1].rol end end")
                == "deal member has no field 'rol' (did you mean role?)")
        #expect(try failure("local x = ctx.snapshot.organisation") == "the snapshot has no field 'organisation' (did you mean organization?)")
        #expect(try failure("local x = manager.favourite_colour") == "person has no field 'favourite_colour'")
    }

    @Test func absentOptionalFieldsStillReadNil() throws {
        #expect(try failure("local _ = {manager.email, manager.hire_date, manager.target_incentive, manager.team_id}") == nil)
        #expect(try failure("local s = ctx.snapshot.assessments[1]; assert(s == nil or s.scores.no_such_score == nil)") == nil)
        #expect(try failure("assert(ctx.snapshot.deals[100000] == nil)") == nil)
    }

    @Test func parametersIndexesAndHelpersAreStrictToo() throws {
        #expect(try failure("local x = ctx.params.late_share_limt") == "ctx.params has no parameter 'late_share_limt' (did you mean late_share_limit?); declare it under parameters: in pack.yaml")
        #expect(try failure("local x = ctx.index.deals_by_ownr") == "ctx.index has no index 'deals_by_ownr' (did you mean deals_by_owner?)")
        #expect(try failure("local x = ctx.metrcs") == "ctx has no field 'metrcs' (did you mean metrics?); helpers such as ctx.metrics are listed under helpers: in pack.yaml")
        #expect(try failure("local x = require('ladder').param") == "require(\"ladder\") has no field 'param' (did you mean params?)")
    }

    /// The schema the strict records, `ladder check` and the editor annotations use is the one
    /// the snapshot reader and the Lua encoder use.
    @Test func theSchemaNamesEveryFieldOfEveryRecord() throws {
        let day = Day("2026-01-01")!
        func keys(_ value: some Encodable) throws -> Set<String> {
            let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as! [String: Any]
            return Set(object.keys)
        }
        let expected: [(String, Set<String>)] = [
            ("organization", try keys(Organization(id: "o", name: "O", currency: "USD", source: "manual"))),
            ("stage", try keys(Stage(name: "s", order: 1, probability: 0.5, late: false, closed: false, won: false))),
            ("period", try keys(Period(id: "p", start: day, end: day))),
            ("team", try keys(Team(id: "t", name: "T", managerId: "m", parentId: "p"))),
            ("person", try keys(Person(id: "p", name: "P", email: "e", role: "rep", track: "individual", teamId: "t", managerId: "m",
                                       hireDate: day, roleStartDate: day, active: true, targetIncentive: 1))),
            ("quota", try keys(Quota(personId: "p", periodId: "p", amount: 1, rampFactor: 1))),
            ("deal", try keys(Deal(id: "d", name: "D", teamId: "t", ownerId: "o", amount: 1, stage: "s", createdDate: day, closeDate: day,
                                   stageEnteredDate: day, members: []))),
            ("deal member", try keys(DealMember(personId: "p", role: "assist"))),
            ("activity", try keys(Activity(kind: "k", ownerId: "o", withIds: [], date: day, dealId: "d"))),
            ("assessment", try keys(Assessment(personId: "p", date: day, assessor: "a", scores: [:]))),
            ("event", try keys(Event(personId: "p", date: day, kind: "hire", regretted: false))),
        ]
        for (kind, fields) in expected {
            #expect(Set(try #require(SnapshotSchema.record(kind)).fieldNames) == fields, "\(kind)")
        }
    }
}

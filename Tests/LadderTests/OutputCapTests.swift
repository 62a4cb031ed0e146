import Foundation
import Ladder
import Testing

/// A rule cannot put megabytes into a report (docs/rule-contract.md, "Sizes").
@Suite struct OutputCaps {
    private func evaluate(_ body: String) throws -> Evaluation {
        let scratch = ScratchPacks()
        let folder = try scratch.pack("huge", [
            "pack.yaml": "name: huge\nversion: 1.0.0\nrules: [huge.lua]\n",
            "huge.lua": """
                return {
                  id = "huge.rule", title = "Huge", kind = "threshold", subject = "manager",
                  evaluate = function(manager, ctx)
                \(body)
                  end,
                }
                """,
        ])
        let loaded = try SnapshotLoader().load(contentsOf: PackPaths.repository.appendingPathComponent("examples/hero-owner/snapshot.json"))
        return try Evaluator(pack: try RulePack.load(from: folder)).evaluate(loaded)
    }

    @Test func aHugeErrorMessageIsCutAndSaysSo() throws {
        let e = try evaluate("    error(string.rep(\"x\", 8e6))")
        let failure = try #require(e.failures.first)
        #expect(failure.message.utf8.count < 4200)
        #expect(failure.message.hasSuffix("more bytes)"), "\(failure.message.suffix(60))")
        #expect(try JSONReport.render(Report(e)).utf8.count < 100_000)
    }

    @Test func hugeMessagesNotesAndEvidenceAreCut() throws {
        let e = try evaluate("""
                local evidence, notes = {}, {}
                for i = 1, 20000 do evidence[i] = "d-" .. i end
                for i = 1, 300 do notes[i] = string.rep("n", 5000) end
                return { value = 1, limit = 2, breached = false, severity = "none",
                         message = string.rep("é", 100000), evidence = evidence, notes = notes }
            """)
        let r = try #require(e.results.first)
        #expect(r.evidence.count == 10_000)
        #expect(r.evidence.last == "d-10000")
        #expect(r.notes.count == 102)
        #expect(r.notes.contains("evidence cut to the first 10,000 of 20,000"))
        #expect(r.notes.contains("notes cut to the first 100 of 300"))
        #expect(r.notes[0].utf8.count < 1100)
        let message = try #require(r.message)
        #expect(message.utf8.count < 4200)
        #expect(message.hasPrefix("éé"))
        #expect(message.hasSuffix("more bytes)"))
    }
}

/// A pattern that would run for minutes inside one C call is refused, for its rule only.
@Suite struct PatternBombRules {
    @Test func aPatternBombFailsItsRuleAndTheOthersStillRun() throws {
        let scratch = ScratchPacks()
        let folder = try scratch.pack("bombs", [
            "pack.yaml": "name: bombs\nversion: 1.0.0\nrules: [bomb.lua, fine.lua]\n",
            "bomb.lua": """
                return {
                  id = "bomb.pattern", title = "Bomb", kind = "threshold", subject = "manager",
                  evaluate = function(manager, ctx)
                    string.find(("a"):rep(40), ("a?"):rep(40) .. ("a"):rep(40) .. "b")
                    return { value = 1, limit = 2, breached = false }
                  end,
                }
                """,
            "fine.lua": """
                return {
                  id = "fine.rule", title = "Fine", kind = "threshold", subject = "manager",
                  evaluate = function(manager, ctx) return { value = 1, limit = 2, breached = false } end,
                }
                """,
        ])
        let loaded = try SnapshotLoader().load(contentsOf: PackPaths.repository.appendingPathComponent("examples/hero-owner/snapshot.json"))
        let started = ContinuousClock.now
        let e = try Evaluator(pack: try RulePack.load(from: folder)).evaluate(loaded)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(e.failures.allSatisfy { $0.rule == "bomb.pattern" && $0.message.contains("is too costly") })
        #expect(!e.failures.isEmpty)
        #expect(e.results.filter { $0.rule == "fine.rule" }.count == e.results.count)
        #expect(!e.results.isEmpty)
    }
}

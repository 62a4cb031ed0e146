import Foundation
import LadderTestSupport
import Testing

@Suite struct ExplainCommand {
    @Test func explainsAGateWithItsConditionsAndEvidence() throws {
        let out = try CLIRunner.run(["explain", "--pack", "rules/core", "examples/ready-rep/snapshot.json", "--subject", "u-ben"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("✗ failed leadership_indicators"))
        #expect(out.stdout.contains("- emotional regulation 2.5, below 3"))
        try expectGolden(out.stdout, at: CLIRunner.goldens.appendingPathComponent("explain-u-ben.txt"))
    }

    @Test func explainsAManagerWithResolvedEvidence() throws {
        let out = try CLIRunner.run(["explain", "--pack", "rules/core", "examples/hero-owner/snapshot.json", "--subject", "u-tom",
                                     "--rule", "hero.late_stage_ownership"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("BREACHED (medium): value 33.3%, limit 20%"))
        #expect(out.stdout.contains("Negotiation/Review, owner Tom Alvarez"))
    }

    @Test func whyNotSaysWhatWouldFlipTheVerdict() throws {
        let out = try CLIRunner.run(["explain", "--pack", "rules/core", "examples/hero-owner/snapshot.json", "--subject", "u-tom", "--why-not"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("""
            What would it take?
              hero.late_stage_ownership — breach (medium): Tom Alvarez is primary owner of 4 of 12 late-stage deals (33.3%), above the 20% limit
                would be within the limit with any one of:
                - handing 2 of the 4 deals in the evidence back to reps (RI-0065 to Ann Cole, RI-0066 to Ann Cole)
                  then: Tom Alvarez is primary owner of 2 of 12 late-stage deals (16.7%), below the 20% limit
            """), "\(out.stdout)")
        let clean = try CLIRunner.run(["explain", "--pack", "rules/core", "examples/northwind/snapshot.json", "--subject", "u-ann", "--why-not"])
        #expect(clean.stdout.hasSuffix("What would it take?\n  Nothing to change: Ann Cole breaches no threshold and meets every gate.\n"), "\(clean.stdout)")
    }

    @Test func anUnknownSubjectIsAUsageError() throws {
        let out = try CLIRunner.run(["explain", "--pack", "rules/core", "examples/ready-rep/snapshot.json", "--subject", "u-nobody"])
        #expect(out.status == 64)
        #expect(out.stderr.contains("no person or team \"u-nobody\""))
    }
}

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

    @Test func anUnknownSubjectIsAUsageError() throws {
        let out = try CLIRunner.run(["explain", "--pack", "rules/core", "examples/ready-rep/snapshot.json", "--subject", "u-nobody"])
        #expect(out.status == 64)
        #expect(out.stderr.contains("no person or team \"u-nobody\""))
    }
}

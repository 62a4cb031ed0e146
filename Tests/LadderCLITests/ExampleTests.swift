import Foundation
import LadderTestSupport
import Testing

/// Every example snapshot against its committed expected reports, and the verdicts each
/// example was designed to produce (its README tells the story).
@Suite struct Examples {
    static let names = (try? FileManager.default.contentsOfDirectory(atPath: CLIRunner.repository.appendingPathComponent("examples").path))?
        .filter { FileManager.default.fileExists(atPath: CLIRunner.repository.appendingPathComponent("examples/\($0)/snapshot.json").path) }
        .sorted() ?? []

    /// Breached thresholds (rule and subject) each example is built to show; nothing else may breach.
    static let designedBreaches: [String: [String]] = [
        "healthy-coach": [],
        "hero-owner": ["hero.late_stage_ownership u-tom"],
        "involved-not-owner": ["hero.involvement u-marcus"],
        "stalled-pipeline": ["pipeline.stalled_deals u-grace"],
        "ready-rep": [],
        "elite-producer": [],
        "new-manager-ramp": [],
        "sarah-promotion": ["promotion.early_warning u-sarah"],
        "northwind": ["hero.late_stage_ownership u-dana", "hero.late_stage_ownership u-tom", "hero.involvement u-marcus",
                      "coaching.one_on_one_cadence u-marcus"],
    ]

    @Test func everyExampleHasADesignAndAStory() {
        #expect(Self.names.count >= 8)
        #expect(Set(Self.names) == Set(Self.designedBreaches.keys))
        for name in Self.names {
            #expect(FileManager.default.fileExists(atPath: CLIRunner.repository.appendingPathComponent("examples/\(name)/README.md").path), "\(name) has no README")
        }
    }

    @Test(arguments: names) func reportsMatchTheirGoldens(name: String) throws {
        let expected = CLIRunner.repository.appendingPathComponent("examples/\(name)/expected")
        for (format, file) in [("text", "report.txt"), ("json", "report.json")] {
            let out = try CLIRunner.run(["evaluate", "--pack", "rules/core", "examples/\(name)/snapshot.json", "--format", format])
            #expect(out.status == 0, "\(out.stderr)")
            try expectGolden(out.stdout, at: expected.appendingPathComponent(file))
        }
    }

    @Test(arguments: names) func exactlyTheDesignedThresholdsAreBreached(name: String) throws {
        let out = try CLIRunner.run(["evaluate", "--pack", "rules/core", "examples/\(name)/snapshot.json", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        let breaches = results.filter { $0["breached"] as? Bool == true }.map {
            "\($0["rule"]!) \(($0["subject"] as! [String: Any])["id"]!)"
        }
        #expect(breaches == Self.designedBreaches[name])
        #expect((report["failures"] as? [Any])?.isEmpty == true)
    }
}

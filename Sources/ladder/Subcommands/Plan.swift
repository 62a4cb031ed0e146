import ArgumentParser
import Foundation
import Ladder

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dry-run a policy change: who flips, what moves, what it costs.",
        discussion: """
            Examples:
              ladder plan --pack rules/core --param late_share_limit=0.25 examples/northwind/snapshot.json
              ladder plan --pack rules/clients/keller --baseline rules/core examples/*/snapshot.json
              ladder plan --pack rules/core --param team_weight_ramp=0.2 snap.json --format html --output plan.html

            Evaluates the baseline and the candidate on each snapshot and compares
            them (docs/plan.md). --param applies to the candidate; with no
            --baseline the baseline is the candidate's pack without those overrides.
            Like `terraform plan -detailed-exitcode`, the exit code is 0 when no
            verdict changes and 3 when one does, so CI can gate a pack change on it;
            otherwise the codes of evaluate: 2 for a snapshot or pack that cannot be
            used, 64 for a usage error, 74 when the output cannot be written.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The candidate pack folder.", valueName: "folder"))
    var pack: String

    @Option(name: .long, help: ArgumentHelp("The baseline pack folder (default: the candidate's pack without --param).", valueName: "folder"))
    var baseline: String?

    @OptionGroup var search: PackSearch

    @Argument(help: ArgumentHelp("Team snapshots (JSON, format version 1).", valueName: "snapshot"))
    var snapshots: [String]

    @Option(name: .customLong("param"), help: ArgumentHelp("Override a parameter of the candidate, e.g. late_share_limit=0.25 (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .long, help: ArgumentHelp("Values closer than this count as unchanged.", valueName: "x"))
    var tolerance: Double = 1e-9

    @Option(name: .long, help: "Report format: text, markdown, json or html.")
    var format: ReportFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write the plan to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Lua states working in parallel (default: one per processor).", valueName: "n"))
    var workers: Int?

    func validate() throws {
        if snapshots.isEmpty { throw ValidationError("give at least one snapshot") }
        if format == .csv { throw ValidationError("a plan comes as text, markdown, json or html") }
        if !(tolerance >= 0) { throw ValidationError("--tolerance must be 0 or more") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    func run() throws {
        let candidatePack = try search.load(pack)
        let overrides = try ParameterSet.parseOverrides(parameters, for: candidatePack)
        let candidate = CompiledPack(candidatePack)
        let base = try baseline.map { CompiledPack(try search.load($0)) } ?? candidate
        let loaded = try snapshots.map { try SnapshotLoader().load(contentsOf: URL(fileURLWithPath: $0)) }
        let plan = PolicyPlan(baseline: base, candidate: candidate, candidateParameters: overrides, tolerance: tolerance, workers: workers)
        let result = try plan.run(loaded)
        let report = try PlanReport.render(result, format: format)
        if let output { try OutputFile.write(report, to: output) } else { FileHandle.standardOutput.write(Data(report.utf8)) }
        if result.hasChanges { throw ExitStatus.changesPlanned }
    }
}

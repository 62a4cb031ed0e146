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
              ladder plan --pack rules/clients/acme --baseline-run 12      # against what was decided in run 12

            Evaluates the baseline and the candidate on each snapshot and compares
            them (docs/plan.md). --param applies to the candidate; with no
            --baseline the baseline is the candidate's pack without those overrides.
            --baseline-run takes the baseline from the decision history: the run's
            recorded results, on its snapshot (kept by the history, or given).
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

    @Option(name: .long, help: ArgumentHelp("Take the baseline from this recorded run (ladder history list).", valueName: "run"))
    var baselineRun: Int64?

    @OptionGroup var history: HistoryFile

    @OptionGroup var search: PackSearch

    @Argument(help: ArgumentHelp("Team snapshots (JSON, format version 1); with --baseline-run, the run's own by default.", valueName: "snapshot"))
    var snapshots: [String] = []

    @Option(name: .customLong("param"), help: ArgumentHelp("Override a parameter of the candidate, e.g. late_share_limit=0.25 (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .long, help: ArgumentHelp("Values closer than this count as unchanged.", valueName: "x"))
    var tolerance: Double = 1e-9

    @Option(name: .long, help: "Report format: text, markdown, json or html.")
    var format: ReportFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write the plan to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var cores: Workers

    func validate() throws {
        if snapshots.isEmpty && baselineRun == nil { throw ValidationError("give at least one snapshot") }
        if baselineRun != nil && baseline != nil { throw ValidationError("--baseline and --baseline-run are two baselines; give one") }
        if baselineRun != nil && snapshots.count > 1 { throw ValidationError("--baseline-run compares on the run's own snapshot: give at most that one") }
        if format == .csv { throw ValidationError("a plan comes as text, markdown, json or html") }
        if !(tolerance >= 0) { throw ValidationError("--tolerance must be 0 or more") }
    }

    func run() throws {
        HugePages.restartIfLarge(reading: snapshots)
        cores.limitCores()
        let candidatePack = try search.load(pack)
        let overrides = try ParameterSet.parseOverrides(parameters, for: candidatePack)
        let candidate = CompiledPack(candidatePack)
        if let baselineRun { return try planAgainstRun(baselineRun, candidate: candidate, overrides: overrides) }
        let base = try baseline.map { CompiledPack(try search.load($0)) } ?? candidate
        let loaded = try snapshots.map { try SnapshotLoader().load(contentsOf: URL(fileURLWithPath: $0)) }
        let plan = PolicyPlan(baseline: base, candidate: candidate, candidateParameters: overrides, tolerance: tolerance, workers: cores.workers)
        KeptUntilExit.keep(loaded)
        try finish(try plan.run(loaded))
    }

    /// The candidate against a recorded run, on the run's snapshot.
    private func planAgainstRun(_ id: Int64, candidate: CompiledPack, overrides: [String: ParameterValue]) throws {
        let store = try HistoryStore(path: history.path)
        let recorded = try store.run(id)
        let data: Data
        if let file = snapshots.first {
            let (_, bytes) = try SnapshotLoader().loadFile(URL(fileURLWithPath: file))
            guard Digest.sha256(bytes) == recorded.record.evaluation.snapshot.sha256 else {
                throw HistoryError.snapshotMismatch(expected: recorded.record.evaluation.snapshot.sha256, actual: Digest.sha256(bytes))
            }
            data = bytes
        } else {
            guard let kept = try store.snapshot(of: recorded) else { throw HistoryError.noSnapshot(id) }
            data = kept
        }
        let plan = PolicyPlan(baseline: candidate, candidate: candidate, candidateParameters: overrides, tolerance: tolerance, workers: cores.workers)
        try finish(try plan.run(against: recorded.record.evaluation, pack: recorded.record.pack, on: try SnapshotLoader().load(data)))
    }

    private func finish(_ result: PlanResult) throws {
        let report = try PlanReport.render(result, format: format)
        if let output { try OutputFile.write(report, to: output) } else { FileHandle.standardOutput.write(Data(report.utf8)) }
        if result.hasChanges { throw ExitStatus.changesPlanned }
    }
}

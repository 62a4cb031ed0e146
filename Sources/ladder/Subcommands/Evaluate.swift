import ArgumentParser
import Foundation
import Ladder

extension ReportFormat: ExpressibleByArgument {}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a rule pack over a snapshot and report the results.",
        discussion: """
            Examples:
              ladder evaluate --pack rules/core examples/northwind/snapshot.json
              ladder evaluate --pack rules/core snap.json --format json --output out.json
              ladder evaluate --pack rules/core snap.json --param late_share_limit=0.25
              ladder evaluate --pack rules/core snap.json --rule hero.involvement
              ladder evaluate --pack rules/core snap.json --record --note "Q2 review"

            The exit code is 0 when every rule ran, 1 when a rule failed (the report
            lists it), 2 for a snapshot or pack that cannot be used, 64 for a usage
            error and 74 when the output cannot be written.

            --record keeps the run in the decision history (docs/history.md): the
            file given with --history, else $LADDER_HISTORY, else
            .ladder/history.sqlite in the working directory.
            """
    )

    @OptionGroup var input: EvaluationInput

    @Option(name: .long, help: "Report format.")
    var format: ReportFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write the report to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("subject"), help: ArgumentHelp("Evaluate only this person or team (repeatable).", valueName: "id"))
    var subjects: [String] = []

    @Flag(name: .long, help: "In text reports, list only breaches and failures.")
    var attentionOnly = false

    @Flag(name: .long, help: "Keep the run in the decision history.")
    var record = false

    @OptionGroup var history: HistoryFile

    @Option(name: .long, help: ArgumentHelp("With --record: who ran it (default: $USER).", valueName: "name"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("With --record: why, in a sentence.", valueName: "text"))
    var note: String?

    @Flag(name: .long, help: "With --record: keep a compressed copy of the snapshot, so the run can be replayed without it.")
    var storeSnapshot = false

    func validate() throws {
        if !record && (actor != nil || note != nil || storeSnapshot) { throw ValidationError("--actor, --note and --store-snapshot go with --record") }
    }

    func run() throws {
        let evaluated = try input.evaluate(subjects: subjects)
        let evaluation = evaluated.evaluation

        let color = output == nil && format == .text && isatty(STDOUT_FILENO) == 1
            && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let report = try format.rendered(evaluation, options: .init(color: color, showAll: !attentionOnly))
        if let output {
            try OutputFile.write(report, to: output)
        } else {
            try OutputFile.writeToStandardOutput(report)
        }
        if record { try keep(evaluated) }
        KeptUntilExit.keep((evaluated, report))
        if !evaluation.failures.isEmpty { throw CommandFailure.ruleFailures(evaluation.failures.count) }
    }

    /// Records the run, failures and all: a failed rule is part of what was decided.
    private func keep(_ evaluated: EvaluationInput.Evaluated) throws {
        let store = try HistoryStore(path: history.path, create: true)
        let description = try PolicyPlan.describe(CompiledPack(evaluated.pack), evaluated.overrides)
        let run = try store.record(RunRecord(
            evaluation: evaluated.evaluation, pack: description, files: PackFile.files(of: evaluated.pack), rules: input.rules,
            subjects: subjects, actor: actor ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown", note: note,
            snapshot: storeSnapshot ? evaluated.snapshotData : nil))
        FileHandle.standardError.write(Data("ladder: recorded run \(run.id) in \(store.path)\n".utf8))
    }
}

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

            The exit code is 0 when every rule ran, 1 when a rule failed (the report
            lists it), 2 for a snapshot or pack that cannot be used, 64 for a usage
            error and 74 when the output cannot be written.
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

    func run() throws {
        let (evaluation, _) = try input.evaluate(subjects: subjects)

        let color = output == nil && format == .text && isatty(STDOUT_FILENO) == 1
            && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let report = try format.render(evaluation, options: .init(color: color, showAll: !attentionOnly))
        if let output {
            try OutputFile.write(report, to: output)
        } else {
            FileHandle.standardOutput.write(Data(report.utf8))
        }
        if !evaluation.failures.isEmpty { throw CommandFailure.ruleFailures(evaluation.failures.count) }
    }
}

import ArgumentParser
import Foundation
import Ladder

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show everything Ladder concluded about one person or team, and why.",
        discussion: """
            Examples:
              ladder explain --pack rules/core snap.json --subject u-dana
              ladder explain --pack rules/core snap.json --subject u-ann \\
                --rule promotion.gate
              ladder explain --pack rules/core snap.json --subject u-dana --why-not

            Each result is listed with its verdict, the conditions that passed and
            failed with the values seen, the reasons, and the evidence resolved to
            the deals, people and periods it names. Exit codes are those of
            `ladder evaluate`.

            --why-not adds, for each breach and each gate short of its first
            outcome, the smallest change of each kind that would flip it: handing
            open deals in the evidence back to reps or stepping off them, a 1-on-1
            today with the people in the evidence, more activities of a kind from
            today, or the current period closing with enough booked. Each is found
            by re-running the rule on a changed copy of the snapshot; past periods,
            assessments and dates already past never change.
            """
    )

    @OptionGroup var input: EvaluationInput

    @Option(name: .long, help: ArgumentHelp("The person or team to explain.", valueName: "id"))
    var subject: String

    @Flag(name: .customLong("why-not"), help: "Also search the smallest changes to the subject's data that would flip each breach or failed gate.")
    var whyNot = false

    func run() throws {
        let evaluated = try input.evaluate(subjects: [subject])
        let evaluation = evaluated.evaluation, loaded = evaluated.loaded
        var text = Explanation(subject: subject, evaluation: evaluation, snapshot: loaded).renderText()
        if whyNot {
            let search = WhyNot(compiled: CompiledPack(evaluated.pack), parameters: evaluated.overrides)
            let name = evaluation.results.first { $0.subject.id == subject }?.subject.name ?? subject
            text += WhyNotText.render(try search.answers(for: subject, in: evaluation, on: loaded), subject: name)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        if !evaluation.failures.isEmpty { throw ExitStatus.ruleFailures }
    }
}

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

            Each result is listed with its verdict, the conditions that passed and
            failed with the values seen, the reasons, and the evidence resolved to
            the deals, people and periods it names. Exit codes are those of
            `ladder evaluate`.
            """
    )

    @OptionGroup var input: EvaluationInput

    @Option(name: .long, help: ArgumentHelp("The person or team to explain.", valueName: "id"))
    var subject: String

    func run() throws {
        let evaluated = try input.evaluate(subjects: [subject])
        let evaluation = evaluated.evaluation, loaded = evaluated.loaded
        let text = Explanation(subject: subject, evaluation: evaluation, snapshot: loaded).renderText()
        FileHandle.standardOutput.write(Data(text.utf8))
        if !evaluation.failures.isEmpty { throw ExitStatus.ruleFailures }
    }
}

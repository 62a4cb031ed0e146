import ArgumentParser
import Ladder

@main
struct LadderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Evaluate sales-leadership policies written in Lua against team snapshots.",
        discussion: """
            Exit codes:
              0   success
              1   a rule failed (error, budget, malformed result; the report lists
                  it), or for `ladder test` a case failed
              2   invalid input: a snapshot, pack or test file that cannot be used
              64  usage error: a bad option, parameter override, rule or subject
              74  the output file could not be written
            """,
        version: LadderVersion.current,
        subcommands: [Evaluate.self, Explain.self, Test.self]
    )
}

/// Exit codes, as documented in `ladder --help` and docs/cli.md.
enum ExitStatus {
    static let ruleFailures = ExitCode(1)
    static let invalidInput = ExitCode(2)
    static let usage = ExitCode.validationFailure
    static let cannotWrite = ExitCode(74)
}

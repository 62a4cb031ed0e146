import ArgumentParser
import Foundation
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
                  it); for `ladder test` a case failed; for `ladder check` a
                  problem was found
              2   invalid input: a snapshot, pack or test file that cannot be used
              64  usage error: a bad option, parameter override, rule or subject
              74  the output file could not be written
            """,
        version: LadderVersion.current,
        subcommands: [Evaluate.self, Import.self, Explain.self, Plan.self, Sweep.self, History.self, Replay.self, Test.self, Check.self, PackCommand.self, Init.self, Types.self, Schema.self]
    )

    /// Runs the command; an error Ladder knows is printed as `ladder: …` with its exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard let code = ExitStatus.code(for: error) else { exit(withError: error) }
            FileHandle.standardError.write(Data("ladder: \(error)\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}

import ArgumentParser
import Foundation
import Ladder

/// The options every command that evaluates shares: pack, snapshot, parameters, rules.
struct EvaluationInput: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The rule pack folder (holding pack.yaml).", valueName: "folder"))
    var pack: String

    @Argument(help: ArgumentHelp("The team snapshot (JSON, format version 1).", valueName: "snapshot"))
    var snapshot: String

    @Option(name: .customLong("param"), help: ArgumentHelp("Override a pack parameter, e.g. late_share_limit=0.25 (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .customLong("rule"), help: ArgumentHelp("Run only this rule (repeatable).", valueName: "id"))
    var rules: [String] = []

    @Option(name: .long, help: ArgumentHelp("Lua states working in parallel (default: one per processor).", valueName: "n"))
    var workers: Int?

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    /// The pack and the snapshot, or exit 2 with every problem.
    func load() -> (RulePack, LoadedSnapshot) {
        do {
            return (try RulePack.load(from: URL(fileURLWithPath: pack)), try SnapshotLoader().load(contentsOf: URL(fileURLWithPath: snapshot)))
        } catch {
            fail(error, ExitStatus.invalidInput)
        }
    }

    /// Exits 64 unless every id names a person or team of the snapshot.
    func requireSubjects(_ ids: [String], in loaded: LoadedSnapshot) {
        for id in ids where loaded.index.personById[id] == nil && loaded.index.teamById[id] == nil {
            fail("--subject \(id): no person or team \"\(id)\" in \(snapshot)", ExitStatus.usage)
        }
    }

    /// Evaluates, or exits 64 for overrides and rule ids that do not fit the pack.
    func evaluate(_ rulePack: RulePack, _ loaded: LoadedSnapshot, subjects: [String]) -> Evaluation {
        do {
            let overrides = try ParameterSet.parseOverrides(parameters, for: rulePack.manifest)
            let options = EvaluationOptions(parameters: overrides, rules: rules, subjects: subjects, workers: workers)
            return try Evaluator(pack: rulePack, options: options).evaluate(loaded)
        } catch let error as LadderError {
            fail(error, ExitStatus.usage)
        } catch {
            fail(error, ExitStatus.invalidInput)
        }
    }
}

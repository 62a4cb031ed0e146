import ArgumentParser
import Foundation
import Ladder

/// The options every command that evaluates shares: pack, snapshot, parameters, rules.
struct EvaluationInput: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The rule pack folder (holding pack.yaml).", valueName: "folder"))
    var pack: String

    @OptionGroup var search: PackSearch

    @Argument(help: ArgumentHelp("The team snapshot (JSON, format version 1).", valueName: "snapshot"))
    var snapshot: String

    @Option(name: .customLong("param"), help: ArgumentHelp("Override a pack parameter, e.g. late_share_limit=0.25 (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .customLong("rule"), help: ArgumentHelp("Run only this rule (repeatable).", valueName: "id"))
    var rules: [String] = []

    @OptionGroup var cores: Workers

    @Flag(name: .long, help: "Show what rules write with print or ctx.log on standard error, by rule and subject.")
    var trace = false

    /// What one evaluation ran on, for commands that keep more than the evaluation.
    struct Evaluated {
        var evaluation: Evaluation
        var loaded: LoadedSnapshot
        var pack: RulePack
        var overrides: [String: ParameterValue]
        /// The snapshot file's bytes, as read.
        var snapshotData: Data
    }

    /// Loads the pack and the snapshot and evaluates the selected rules and subjects.
    /// - Throws: what the library throws; ``ExitStatus`` gives each its code.
    func evaluate(subjects: [String] = []) throws -> Evaluated {
        HugePages.restartIfLarge(reading: [snapshot])
        cores.limitCores()
        let progress = ProgressLine()
        defer { progress.finish() }
        let rulePack = try search.load(pack)
        let name = URL(fileURLWithPath: snapshot).lastPathComponent
        let loader = SnapshotLoader(onStep: { step in progress.update("\(step.rawValue) \(name)") })
        let (loaded, data) = try loader.loadFile(URL(fileURLWithPath: snapshot))
        let overrides = try ParameterSet.parseOverrides(parameters, for: rulePack)
        let options = EvaluationOptions(parameters: overrides, rules: rules, subjects: subjects, workers: cores.workers, trace: trace,
                                        progress: { step in progress.update("\(step.rule): \(step.done) of \(step.total) \(step.subject.rawValue)s") })
        progress.update("starting the rules")
        let run = try Evaluator(pack: rulePack, options: options).run(loaded)
        FreedMemory.handBack()
        if trace {
            let lines = run.trace.map { line in
                "trace [\(line.rule)\(line.subject.isEmpty ? "" : " \(line.subject)")] \(line.text)\n"
            }
            FileHandle.standardError.write(Data(lines.joined().utf8))
        }
        return Evaluated(evaluation: run.evaluation, loaded: loaded, pack: rulePack, overrides: overrides, snapshotData: data)
    }
}

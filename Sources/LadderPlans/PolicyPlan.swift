import Foundation
import LadderEngine
import LadderModel
import LadderPacks
import LadderSnapshots

/// A dry run of a policy change (`ladder plan`, docs/plan.md): the baseline pack and the
/// candidate, each with its parameter overrides, evaluated on the same snapshots and compared.
///
/// ```swift
/// let core = CompiledPack(try RulePack.load(from: URL(fileURLWithPath: "rules/core")))
/// let plan = PolicyPlan(baseline: core, candidate: core, candidateParameters: ["late_share_limit": .number(0.25)])
/// let result = try plan.run([try SnapshotLoader().load(contentsOf: URL(fileURLWithPath: "examples/northwind/snapshot.json"))])
/// for manager in result.snapshots[0].rules[0].cleared { print(manager.name) }
/// ```
public struct PolicyPlan: Sendable {
    public var baseline: CompiledPack
    public var baselineParameters: [String: ParameterValue]
    public var candidate: CompiledPack
    public var candidateParameters: [String: ParameterValue]
    /// Numbers closer than this count as unchanged.
    public var tolerance: Double
    public var workers: Int?

    public init(baseline: CompiledPack, baselineParameters: [String: ParameterValue] = [:], candidate: CompiledPack,
                candidateParameters: [String: ParameterValue] = [:], tolerance: Double = 1e-9, workers: Int? = nil) {
        self.baseline = baseline
        self.baselineParameters = baselineParameters
        self.candidate = candidate
        self.candidateParameters = candidateParameters
        self.tolerance = tolerance
        self.workers = workers
    }

    /// Evaluates both sides on every snapshot and compares them.
    /// - Throws: what evaluation throws: a parameter that does not fit, a pack that does not load.
    public func run(_ snapshots: [LoadedSnapshot]) throws -> PlanResult {
        let plans = try snapshots.map { loaded in
            let before = try evaluate(baseline, baselineParameters, loaded)
            return compare(baseline: before, on: loaded, candidate: try evaluate(candidate, candidateParameters, loaded))
        }
        return PlanResult(causes: try causes(), snapshots: plans)
    }

    /// Compares a recorded baseline evaluation (`--baseline-run`) with the candidate on the
    /// same snapshot. `baselinePack` is the recorded pack, for the causes.
    public func run(against recorded: Evaluation, pack baselinePack: PackDescription, on loaded: LoadedSnapshot) throws -> PlanResult {
        let after = try evaluate(candidate, candidateParameters, loaded)
        return PlanResult(causes: PlanCauses(baseline: baselinePack, candidate: try Self.describe(candidate, candidateParameters)),
                          snapshots: [compare(baseline: recorded, on: loaded, candidate: after)])
    }

    private func evaluate(_ pack: CompiledPack, _ parameters: [String: ParameterValue], _ loaded: LoadedSnapshot) throws -> Evaluation {
        try Evaluator(compiled: pack, options: EvaluationOptions(parameters: parameters, workers: workers)).evaluate(loaded)
    }

    private func compare(baseline: Evaluation, on loaded: LoadedSnapshot, candidate: Evaluation) -> SnapshotPlan {
        SnapshotPlan(baseline: baseline, candidate: candidate, teams: SnapshotPlan.teamNames(loaded), tolerance: tolerance)
    }

    private func causes() throws -> PlanCauses {
        PlanCauses(baseline: try Self.describe(baseline, baselineParameters), candidate: try Self.describe(candidate, candidateParameters))
    }

    /// The pack as it runs, with a run's overrides in force.
    public static func describe(_ pack: CompiledPack, _ overrides: [String: ParameterValue]) throws -> PackDescription {
        var description = try pack.describe()
        for i in description.parameters.indices {
            if let value = overrides[description.parameters[i].name] {
                description.parameters[i].value = value
                description.parameters[i].setBy = ParameterSet.commandLine
            }
        }
        return description
    }
}

extension SnapshotPlan {
    /// The team each subject belongs to, by subject id: the team a manager leads, else the
    /// person's own team; a team is its own.
    public static func teamNames(_ loaded: LoadedSnapshot) -> [String: String] {
        let s = loaded.snapshot
        var names: [String: String] = [:]
        for team in s.teams { names[team.id] = team.name }
        for person in s.people {
            if let led = loaded.index.teamsByManager[person.id]?.first {
                names[person.id] = s.teams[led].name
            } else if let id = person.teamId, let t = loaded.index.teamById[id] {
                names[person.id] = s.teams[t].name
            }
        }
        return names
    }
}

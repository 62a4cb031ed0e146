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

/// Everything a plan found.
public struct PlanResult: Sendable, Equatable {
    public var causes: PlanCauses
    /// One per snapshot, in the order given.
    public var snapshots: [SnapshotPlan]

    public init(causes: PlanCauses, snapshots: [SnapshotPlan]) {
        self.causes = causes
        self.snapshots = snapshots
    }

    /// True when any verdict differs on any snapshot: `ladder plan` then exits 3.
    public var hasChanges: Bool { snapshots.contains(where: \.hasChanges) }
}

/// Why the two sides can differ: the rules and parameters of the two effective packs.
public struct PlanCauses: Sendable, Equatable {
    public var baseline: PackDescription
    public var candidate: PackDescription
    /// Rules added, removed, replaced or disabled, and parameters whose value differs.
    public var diff: PackDiff
    /// Layers of the same name whose content differs: a rule edited in place.
    public var changedLayers: [(name: String, before: String, after: String)]

    public init(baseline: PackDescription, candidate: PackDescription) {
        self.baseline = baseline
        self.candidate = candidate
        self.diff = PackDiff(from: baseline, to: candidate)
        self.changedLayers = candidate.layers.compactMap { layer in
            guard let old = baseline.layers.first(where: { $0.name == layer.name }), old.sha256 != layer.sha256 else { return nil }
            return (layer.name, old.sha256, layer.sha256)
        }
    }

    public static func == (a: PlanCauses, b: PlanCauses) -> Bool {
        a.baseline == b.baseline && a.candidate == b.candidate
    }
}

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

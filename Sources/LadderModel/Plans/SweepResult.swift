/// What a sweep found.
public struct SweepResult: Sendable {
    public var parameter: String
    public var snapshot: String
    public var asOf: String
    public var pack: String
    /// Every threshold and gate of the pack, in pack order.
    public var rules: [(id: String, title: String, kind: RuleDeclaration.Kind)]
    public var points: [Point]

    public init(parameter: String, snapshot: String, asOf: String, pack: String,
                rules: [(id: String, title: String, kind: RuleDeclaration.Kind)], points: [Point]) {
        self.parameter = parameter
        self.snapshot = snapshot
        self.asOf = asOf
        self.pack = pack
        self.rules = rules
        self.points = points
    }

    public struct Point: Sendable {
        public var value: ParameterValue
        /// Subjects flagged (thresholds) or ready (gates), by rule.
        public var counts: [String: Int]
        /// Total payout; nil when no manager is paid.
        public var payout: Double?
        public var failures: Int
        /// Why the pack refuses this value (a constraint it breaks); nil when it ran.
        public var refused: String?

        public init(value: ParameterValue, counts: [String: Int], payout: Double?, failures: Int, refused: String?) {
            self.value = value
            self.counts = counts
            self.payout = payout
            self.failures = failures
            self.refused = refused
        }
    }

    /// Rules whose count changes across the range: the ones the parameter moves.
    public var affectedRules: [(id: String, title: String, kind: RuleDeclaration.Kind)] {
        rules.filter { rule in Set(points.filter { $0.refused == nil }.map { $0.counts[rule.id] ?? 0 }).count > 1 }
    }

    /// The total payout changes across the range.
    public var affectsPayout: Bool {
        Set(points.filter { $0.refused == nil }.map { $0.payout.map { ($0 * 100).rounded() } ?? -1 }).count > 1
    }
}

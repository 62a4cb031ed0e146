/// What a policy change does to the people of one snapshot: the baseline's and the candidate's
/// verdicts side by side, reduced to what an admin decides on — who flips, what moves, what it
/// costs, team by team (docs/plan.md).
public struct SnapshotPlan: Sendable, Equatable {
    public var snapshot: Evaluation.SnapshotInfo
    /// Every changed verdict, field by field: what `history diff` and pinned verdicts show.
    public var diff: EvaluationDiff
    /// Outcome, breached and severity changes, by rule, then subject.
    public var flips: [Flip]
    /// Values (a threshold's value, a weighting's blended score) that moved beyond the tolerance.
    public var moves: [Move]
    /// Evidence that only one side cites.
    public var evidence: [EvidenceChange]
    /// Every manager whose payout changed, largest rise first, largest fall last.
    public var payouts: [PayoutChange]
    /// Per rule: subjects newly flagged and cleared (thresholds), newly ready and no longer
    /// ready (gates).
    public var rules: [RuleTotals]
    public var payout: PayoutTotals
    /// Failed-promotion exposure summed over every result that carries one.
    public var exposure: Change<Double>
    /// Rule failures on each side, as `rule subject: message`.
    public var failures: Change<[String]>

    public var hasChanges: Bool { !diff.isEmpty }

    public struct Flip: Sendable, Equatable {
        public var rule: String
        public var subject: SubjectRef
        public var team: String?
        /// `outcome`, `breached` or `severity`.
        public var field: String
        /// As text (`develop`, `true`, `medium`); nil when that side has no result.
        public var before: String?
        public var after: String?
    }

    public struct Move: Sendable, Equatable {
        public var rule: String
        public var subject: SubjectRef
        public var field: String
        public var before: Double?
        public var after: Double?
    }

    public struct EvidenceChange: Sendable, Equatable {
        public var rule: String
        public var subject: SubjectRef
        public var added: [String]
        public var dropped: [String]
    }

    public struct PayoutChange: Sendable, Equatable {
        public var rule: String
        public var subject: SubjectRef
        public var team: String?
        /// Nil when that side pays nothing (no target incentive, or no result).
        public var before: Double?
        public var after: Double?
        /// `after - before`, a missing payout counting 0.
        public var delta: Double
        /// The change as a share of the baseline payout; nil when it was 0 or none.
        public var percent: Double? {
            guard let before, before != 0 else { return nil }
            return delta / before
        }
    }

    public struct RuleTotals: Sendable, Equatable {
        public var rule: String
        public var title: String
        public var kind: RuleDeclaration.Kind
        /// Thresholds: breached on the candidate side only, on the baseline side only.
        public var newlyFlagged: [SubjectRef]
        public var cleared: [SubjectRef]
        /// Gates: `ready` on the candidate side only, on the baseline side only.
        public var newlyReady: [SubjectRef]
        public var noLongerReady: [SubjectRef]
        /// Subjects flagged (thresholds) or ready (gates) on each side.
        public var count: Change<Int>
    }

    public struct PayoutTotals: Sendable, Equatable {
        public var total: Change<Double>
        /// `after - before` per team name (`(no team)` for a manager without one), sorted by team.
        public var byTeam: [(team: String, delta: Double)]

        public static func == (a: PayoutTotals, b: PayoutTotals) -> Bool {
            a.total == b.total && a.byTeam.map(\.team) == b.byTeam.map(\.team) && a.byTeam.map(\.delta) == b.byTeam.map(\.delta)
        }
    }

    /// A quantity on both sides.
    public struct Change<Value: Sendable & Equatable>: Sendable, Equatable {
        public var before: Value
        public var after: Value

        public init(before: Value, after: Value) {
            self.before = before
            self.after = after
        }
    }
}

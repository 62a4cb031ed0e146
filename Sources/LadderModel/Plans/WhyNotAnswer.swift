/// What would flip one verdict (`ladder explain --why-not`): the smallest change of each kind
/// that does, each verified by a real evaluation, or none.
public struct WhyNotAnswer: Sendable {
    /// One change that flips the verdict, at its smallest.
    public struct Option: Sendable, Equatable {
        /// "handing 1 of the 3 deals in the evidence back to reps (NO-0337 to Ann Cole)".
        public var change: String
        /// The rule's message on the changed snapshot.
        public var then: String

        public init(change: String, then: String) {
            self.change = change
            self.then = then
        }
    }

    public var result: RuleResult
    /// Empty: no allowed change flips it.
    public var options: [Option]

    public init(result: RuleResult, options: [Option]) {
        self.result = result
        self.options = options
    }
}

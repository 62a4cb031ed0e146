import LadderModel
import LadderSnapshots

/// One test case of a pack (docs/pack-tests.md): a snapshot, parameter overrides, and what
/// the rules must conclude about given subjects.
public struct PackTestCase: Sendable, Identifiable {
    /// `core/hero_late_stage_ownership.yaml: a share at the limit is not a breach`.
    public var id: String { "\(pack)/\(file.split(separator: "/").last ?? ""): \(name)" }
    public var pack: String
    public var name: String
    /// The test file as given (`rules/core/tests/hero_late_stage_ownership.yaml`) and the case's line.
    public var file: String
    public var line: Int
    public var snapshot: CaseSnapshot
    public var parameters: [String: ParameterValue]
    public var expectations: [Expectation]
    /// Problems found reading the case (or its file): the case fails with them.
    public var problems: [String] = []
}

/// Where a case's snapshot comes from.
public struct CaseSnapshot: Sendable {
    /// A snapshot file, or a whole snapshot written inline.
    public enum Base: Sendable { case file(String), inline(JSONValue) }
    public var base: Base
    /// A fragment merged over the base (docs/pack-tests.md, "merge").
    public var merges: [JSONValue]
    /// Ids to take out, by collection.
    /// Records to take out, by collection: ids (of people, teams, deals, periods; a stage's
    /// name), or field matches (`{person_id: u-ann, period_id: 2026-Q2}`) for any collection.
    public var removals: [String: [JSONValue]]
}

/// What one rule must conclude about one subject; every field is optional but `rule`/`subject`.
public struct Expectation: Sendable {
    public var rule: String
    public var subject: String
    public var line: Int
    /// The line of each key of the expectation, so a failure points at what failed.
    public var keyLines: [String: Int] = [:]
    public var outcome: String?
    public var breached: Bool?
    public var severity: String?
    /// `.some(nil)` expects no value (`value: null`).
    public var value: Double??
    public var limit: Double?
    public var blended: Double?
    public var payout: Double??
    public var exposure: Double??
    public var weights: [String: Double]?
    public var components: [String: Double]?
    public var tolerance: Double
    public var messageContains: [String]
    public var messageNotContains: [String] = []
    /// Exact lists, in any order.
    public var notes: [String]?
    public var evidence: [String]?
    /// A gate's conditions by name: passed or not, and text its detail must contain.
    public var conditions: [String: (passed: Bool?, detailContains: String?)] = [:]
    public var reasonsContain: [String]
    public var notesContain: [String]
    public var evidenceIncludes: [String]
    public var evidenceCount: Int?
    /// The rule returns nothing for this subject.
    public var noResult: Bool
    /// The rule fails: with this text in its message (empty: any failure) and this kind, if given.
    public var failsWith: String?
    public var failureKind: String?
}

/// What an evidence id stands for, resolved from the snapshot when the evaluation ran, so that
/// every report says "Acme renewal: 48,000 USD, Negotiation" where a rule wrote `NO-0337`.
public struct EvidenceRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case deal, person, period, team
    }

    public var kind: Kind
    /// What a sentence calls it: the deal's or person's name, the period's id.
    public var name: String
    /// The facts a reader checks it by: amount, stage, owner and dates; role; start and end.
    public var detail: String

    public init(kind: Kind, name: String, detail: String) {
        self.kind = kind
        self.name = name
        self.detail = detail
    }

    /// "Acme renewal: 48,000 USD, Negotiation, owner Kira Holt", "Kira Holt, rep (left)",
    /// "2026-Q1, 2026-01-01 to 2026-03-31".
    public var text: String {
        switch kind {
        case .deal: "\(name): \(detail)"
        case .person, .team, .period: "\(name), \(detail)"
        }
    }
}

extension Evaluation {
    /// A result's evidence as a person reads it: each id's record, or the id itself when the
    /// snapshot has no record of it.
    public func evidenceText(_ ids: [String]) -> [String] {
        ids.map { records[$0]?.text ?? $0 }
    }

    /// Names in a sentence: "Ann, Bo and Cy"; past `limit`, "Ann, Bo, Cy and 4 more". `names`
    /// may be the first `limit` of `count` names: the rest are only counted.
    public static func listing(_ names: [String], of count: Int? = nil, limit: Int = listed) -> String {
        let count = count ?? names.count
        guard count > 1 else { return names.first ?? "" }
        if count > limit { return names.prefix(limit - 1).joined(separator: ", ") + " and \(count - limit + 1) more" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// How many names a listing shows at most.
    public static let listed = 4
}

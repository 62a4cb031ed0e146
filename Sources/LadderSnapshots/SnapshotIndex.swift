import LadderModel

/// Lookups a rule needs to be fast, as positions into the snapshot's arrays. Built once per
/// snapshot; the Lua side exposes the same lookups as `ctx.index`.
public struct SnapshotIndex: Sendable {
    public let personById: [String: Int]
    public let teamById: [String: Int]
    public let stageByName: [String: Int]
    public let periodById: [String: Int]
    public let dealById: [String: Int]
    /// People whose `manager_id` is the key, active or not, in snapshot order.
    public let reportsByManager: [String: [Int]]
    /// People whose `team_id` is the key, active or not, in snapshot order.
    public let peopleByTeam: [String: [Int]]
    /// Teams whose `manager_id` is the key.
    public let teamsByManager: [String: [Int]]
    public let dealsByTeam: [String: [Int]]
    public let dealsByOwner: [String: [Int]]
    public let dealsByStage: [String: [Int]]
    public let quotasByPerson: [String: [Int]]
    public let activitiesByOwner: [String: [Int]]
    public let assessmentsByPerson: [String: [Int]]
    public let eventsByPerson: [String: [Int]]

    public init(_ s: Snapshot) {
        func unique<T>(_ items: [T], _ key: (T) -> String) -> [String: Int] {
            var map: [String: Int] = [:]
            map.reserveCapacity(items.count)
            for (i, item) in items.enumerated() where map[key(item)] == nil { map[key(item)] = i }
            return map
        }
        func grouped<T>(_ items: [T], _ keys: (T) -> String?) -> [String: [Int]] {
            var map: [String: [Int]] = [:]
            for (i, item) in items.enumerated() { if let k = keys(item) { map[k, default: []].append(i) } }
            return map
        }
        personById = unique(s.people, \.id)
        teamById = unique(s.teams, \.id)
        stageByName = unique(s.stages, \.name)
        periodById = unique(s.periods, \.id)
        dealById = unique(s.deals, \.id)
        reportsByManager = grouped(s.people, \.managerId)
        peopleByTeam = grouped(s.people, \.teamId)
        teamsByManager = grouped(s.teams, \.managerId)
        dealsByTeam = grouped(s.deals, \.teamId)
        dealsByOwner = grouped(s.deals, \.ownerId)
        dealsByStage = grouped(s.deals, \.stage)
        quotasByPerson = grouped(s.quotas, \.personId)
        activitiesByOwner = grouped(s.activities, \.ownerId)
        assessmentsByPerson = grouped(s.assessments, \.personId)
        eventsByPerson = grouped(s.events, \.personId)
    }
}

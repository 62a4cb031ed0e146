import LadderModel

/// Lookups a rule needs to be fast, as positions into the snapshot's arrays, by ids compared
/// byte for byte. Built once per
/// snapshot; the Lua side exposes the same lookups as `ctx.index`.
public struct SnapshotIndex: Sendable {
    public let personById: IDMap<Int>
    public let teamById: IDMap<Int>
    public let stageByName: IDMap<Int>
    public let periodById: IDMap<Int>
    public let dealById: IDMap<Int>
    /// People whose `manager_id` is the key, active or not, in snapshot order.
    public let reportsByManager: IDMap<[Int]>
    /// People whose `team_id` is the key, active or not, in snapshot order.
    public let peopleByTeam: IDMap<[Int]>
    /// Teams whose `manager_id` is the key.
    public let teamsByManager: IDMap<[Int]>
    public let dealsByTeam: IDMap<[Int]>
    public let dealsByOwner: IDMap<[Int]>
    public let dealsByStage: IDMap<[Int]>
    public let quotasByPerson: IDMap<[Int]>
    public let activitiesByOwner: IDMap<[Int]>
    public let assessmentsByPerson: IDMap<[Int]>
    public let eventsByPerson: IDMap<[Int]>

    public init(_ s: Snapshot) {
        func unique<T>(_ items: [T], _ key: (T) -> String) -> IDMap<Int> {
            var map = IDMap<Int>()
            map.reserveCapacity(items.count)
            for (i, item) in items.enumerated() where map[key(item)] == nil { map[key(item)] = i }
            return map
        }
        func grouped<T>(_ items: [T], _ keys: (T) -> String?) -> IDMap<[Int]> {
            var map = IDMap<[Int]>()
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

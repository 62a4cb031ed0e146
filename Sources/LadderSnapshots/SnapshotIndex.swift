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
    /// Each deal's owner, team and stage as positions in the people, teams and stages (-1: none).
    public let dealOwner, dealTeam, dealStage: [Int32]
    public let quotasByPerson: IDMap<[Int]>
    public let activitiesByOwner: IDMap<[Int]>
    public let assessmentsByPerson: IDMap<[Int]>
    public let eventsByPerson: IDMap<[Int]>

    /// The positions by id the validator finds on its way (the first of each id).
    struct ByID {
        let people, teams, stages, deals: IDMap<Int>
        /// Each deal's owner, team (its own or its owner's) and stage, as positions (-1: none).
        let dealOwner, dealTeam, dealStage: [Int32]
    }

    public init(_ s: Snapshot) { self.init(s, byId: nil) }

    init(_ s: Snapshot, byId: ByID?) {
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
        personById = byId?.people ?? unique(s.people, \.id)
        teamById = byId?.teams ?? unique(s.teams, \.id)
        stageByName = byId?.stages ?? unique(s.stages, \.name)
        periodById = unique(s.periods, \.id)  // the validator's are in document order; these in time order
        dealById = byId?.deals ?? unique(s.deals, \.id)
        reportsByManager = grouped(s.people, \.managerId)
        peopleByTeam = grouped(s.people, \.teamId)
        teamsByManager = grouped(s.teams, \.managerId)
        // Deals by the positions the validator resolved: a hash lookup per group, not per deal.
        func grouped(_ positions: [Int32], keys: [String]) -> IDMap<[Int]> {
            var groups = [[Int]](repeating: [], count: keys.count)
            for (i, p) in positions.enumerated() where p >= 0 { groups[Int(p)].append(i) }
            var map = IDMap<[Int]>()
            for (p, group) in groups.enumerated() where !group.isEmpty { map[keys[p]] = group }
            return map
        }
        func positions(_ key: (Deal) -> String?, in map: IDMap<Int>) -> [Int32] {
            s.deals.map { d in key(d).flatMap { map[$0] }.map(Int32.init) ?? -1 }
        }
        (dealOwner, dealTeam, dealStage) = if let byId { (byId.dealOwner, byId.dealTeam, byId.dealStage) } else {
            (positions(\.ownerId, in: personById), positions(\.teamId, in: teamById), positions(\.stage, in: stageByName))
        }
        if let byId {
            dealsByTeam = grouped(byId.dealTeam, keys: s.teams.map(\.id))
            dealsByOwner = grouped(byId.dealOwner, keys: s.people.map(\.id))
            dealsByStage = grouped(byId.dealStage, keys: s.stages.map(\.name))
        } else {
            dealsByTeam = grouped(s.deals, \.teamId)
            dealsByOwner = grouped(s.deals, \.ownerId)
            dealsByStage = grouped(s.deals, \.stage)
        }
        quotasByPerson = grouped(s.quotas, \.personId)
        activitiesByOwner = grouped(s.activities, \.ownerId)
        assessmentsByPerson = grouped(s.assessments, \.personId)
        eventsByPerson = grouped(s.events, \.personId)
    }
}

import LadderModel
import LadderSnapshots
import LuaBridge

/// The snapshot's larger collections in a ``LuaRecordStore``, built once per evaluation and read
/// by every worker's Lua state: a rule reads a deal's fields straight from the store's cells,
/// so no state copies the snapshot into Lua tables. The fields are those of the snapshot format
/// (``SnapshotSchema``), in its order, with the values rules always saw. The small collections
/// (stages, periods, the organization) and assessments (whose scores are a map) are still
/// marshalled as tables by ``LuaSnapshot``.
final class SnapshotRecords: Sendable {
    let store: LuaRecordStore
    let team, person, quota, deal, activity, event: LuaRecordStore.Kind
    /// Record positions grouped by key, for `ctx.index`'s grouped indexes.
    let groups: [String: Groups]

    /// A grouped index: each key's positions, a slice of one buffer the store keeps.
    struct Groups: @unchecked Sendable {
        let kind: LuaRecordStore.Kind
        let keys: [(key: String, positions: UnsafeBufferPointer<UInt32>)]
    }

    /// - Parameter dealParts: how many parts the deals are filled in (by default, one per core
    ///   available once they are many); the store reads the same however many.
    init(_ loaded: LoadedSnapshot, dealParts: Int? = nil) {
        let s = loaded.snapshot
        let store = LuaRecordStore()
        var texts = TextCells(store: store)
        typealias F = LuaRecordStore
        func kind(_ name: String, _ fields: [(name: String, type: LuaRecordStore.FieldType)], scalar: Bool = false, count: Int) -> LuaRecordStore.Kind {
            precondition(scalar || fields.map(\.name) == SnapshotSchema.record(name)!.fieldNames, "\(name)'s fields follow the format")
            return store.addKind(name, fields: fields, scalar: scalar, count: count)
        }

        team = kind("team", [("id", .text), ("name", .text), ("manager_id", .text), ("parent_id", .text)], count: s.teams.count)
        var c = store.cells(team)
        for t in s.teams {
            c[0] = texts.unique(t.id); c[1] = texts.unique(t.name)
            c[2] = texts.shared(t.managerId); c[3] = texts.shared(t.parentId)
            c += 4
        }

        person = kind("person", [("id", .text), ("name", .text), ("email", .text), ("role", .text), ("track", .text),
                                 ("team_id", .text), ("manager_id", .text), ("hire_date", .text), ("role_start_date", .text),
                                 ("active", .boolean), ("target_incentive", .number)], count: s.people.count)
        c = store.cells(person)
        for p in s.people {
            c[0] = texts.unique(p.id); c[1] = texts.unique(p.name); c[2] = texts.unique(p.email)
            c[3] = texts.shared(p.role); c[4] = texts.shared(p.track); c[5] = texts.shared(p.teamId)
            c[6] = texts.shared(p.managerId); c[7] = texts.day(p.hireDate); c[8] = texts.day(p.roleStartDate)
            c[9] = F.boolean(p.active); c[10] = F.number(p.targetIncentive)
            c += 11
        }

        quota = kind("quota", [("person_id", .text), ("period_id", .text), ("amount", .number), ("ramp_factor", .number)],
                     count: s.quotas.count)
        c = store.cells(quota)
        for q in s.quotas {
            c[0] = texts.shared(q.personId); c[1] = texts.shared(q.periodId)
            c[2] = F.number(q.amount); c[3] = F.number(q.rampFactor)
            c += 4
        }

        // The deals, in parts filled at once on the cores available, each part's text in a
        // segment of its own (a single pass was most of a second at two million deals).
        let parts = Self.parts(of: s.deals.count, in: dealParts)
        let firstMember = parts.map { part in s.deals[part].reduce(0) { $0 + $1.members.count } }.reduce(into: [0]) { $0.append($0.last! + $1) }
        let member = kind("deal member", [("person_id", .text), ("role", .text)], count: firstMember.last!)
        deal = kind("deal", [("id", .text), ("name", .text), ("team_id", .text), ("owner_id", .text), ("amount", .number),
                             ("stage", .text), ("created_date", .text), ("close_date", .text), ("stage_entered_date", .text),
                             ("members", .list(of: member))], count: s.deals.count)
        // A deal's team, owner and stage are the cells of the ids they name, found by the
        // positions the index resolved: no lookup per deal.
        let columns = DealColumns(
            deals: Cells(store.cells(deal)), members: Cells(store.cells(member)), dealWidth: deal.fieldCount,
            teamIds: Cells(store.cells(team)), teamWidth: team.fieldCount, personIds: Cells(store.cells(person)), personWidth: person.fieldCount,
            stageNames: s.stages.map { texts.shared($0.name) })
        Cores.perform(parts.count) { p in
            var texts = TextCells(store: store, segment: p)
            columns.fill(parts[p], firstMember: firstMember[p], of: s.deals, index: loaded.index, texts: &texts)
        }

        let withCount = s.activities.reduce(0) { $0 + $1.withIds.count }
        let with = kind("with id", [("id", .text)], scalar: true, count: withCount)
        activity = kind("activity", [("kind", .text), ("owner_id", .text), ("with_ids", .list(of: with)), ("date", .text),
                                     ("deal_id", .text)], count: s.activities.count)
        c = store.cells(activity)
        var w = store.cells(with), withs = 0
        for a in s.activities {
            c[0] = texts.shared(a.kind); c[1] = texts.shared(a.ownerId)
            c[2] = F.list(start: withs, count: a.withIds.count)
            c[3] = texts.day(a.date); c[4] = texts.shared(a.dealId)
            for id in a.withIds { w[0] = texts.shared(id); w += 1 }
            withs += a.withIds.count
            c += 5
        }

        event = kind("event", [("person_id", .text), ("date", .text), ("kind", .text), ("regretted", .boolean)], count: s.events.count)
        c = store.cells(event)
        for e in s.events {
            c[0] = texts.shared(e.personId); c[1] = texts.day(e.date); c[2] = texts.shared(e.kind); c[3] = F.boolean(e.regretted)
            c += 4
        }

        func grouped(_ map: IDMap<[Int]>, _ kind: LuaRecordStore.Kind) -> Groups {
            let all = store.positions(map.flatMap(\.value))
            var offset = 0
            let keys = map.map { key, positions in
                defer { offset += positions.count }
                return (key, UnsafeBufferPointer(rebasing: all[offset ..< offset + positions.count]))
            }
            return Groups(kind: kind, keys: keys)
        }
        let i = loaded.index
        groups = [
            "reports_by_manager": grouped(i.reportsByManager, person), "people_by_team": grouped(i.peopleByTeam, person),
            "teams_by_manager": grouped(i.teamsByManager, team), "deals_by_team": grouped(i.dealsByTeam, deal),
            "deals_by_owner": grouped(i.dealsByOwner, deal), "deals_by_stage": grouped(i.dealsByStage, deal),
            "quotas_by_person": grouped(i.quotasByPerson, quota), "activities_by_owner": grouped(i.activitiesByOwner, activity),
            "events_by_person": grouped(i.eventsByPerson, event),
        ]
        self.store = store
    }
}

extension SnapshotRecords {
    /// `count` deals in `parts` parts (by default one per core available once they are many),
    /// at most one per text segment.
    static func parts(of count: Int, in parts: Int?) -> [Range<Int>] {
        (0 ..< count).split(into: min(parts ?? (count < 100_000 ? 1 : Cores.available), LuaRecordStore.textSegments))
    }
}

/// A kind's cells, which parts filled on different cores write at different records.
private struct Cells: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt64>
    init(_ base: UnsafeMutablePointer<UInt64>) { self.base = base }
}

/// Where deals' cells go, and the cells of what they refer to.
private struct DealColumns: Sendable {
    let deals, members: Cells
    let dealWidth: Int
    let teamIds: Cells, teamWidth: Int, personIds: Cells, personWidth: Int
    let stageNames: [UInt64]

    /// Fills the cells of the deals in `range`, whose members start at `firstMember`.
    func fill(_ range: Range<Int>, firstMember: Int, of all: [Deal], index i: SnapshotIndex, texts: inout TextCells) {
        typealias F = LuaRecordStore
        func cell(_ position: Int32, _ cells: (Int) -> UInt64) -> UInt64 { position < 0 ? F.nilText : cells(Int(position)) }
        var c = deals.base + range.lowerBound * dealWidth, m = members.base + firstMember * 2, members = firstMember
        all.withUnsafeBufferPointer { deals in
            for n in range {
                let d = deals.baseAddress! + n  // read in place: a copy of each deal retained and released its strings
                c[0] = texts.unique(d.pointee.id); c[1] = texts.unique(d.pointee.name); c[4] = F.number(d.pointee.amount)
                c[2] = cell(i.dealTeam[n]) { teamIds.base[$0 * teamWidth] }
                c[3] = cell(i.dealOwner[n]) { personIds.base[$0 * personWidth] }
                c[5] = cell(i.dealStage[n]) { stageNames[$0] }
                c[6] = texts.day(d.pointee.createdDate); c[7] = texts.day(d.pointee.closeDate); c[8] = texts.day(d.pointee.stageEnteredDate)
                c[9] = F.list(start: members, count: d.pointee.members.count)
                for dm in d.pointee.members {
                    m[0] = texts.shared(dm.personId); m[1] = texts.shared(dm.role)
                    m += 2
                }
                members += d.pointee.members.count
                c += dealWidth
            }
        }
    }
}

/// Text cells: each distinct reference, role, stage and date stored once per segment.
private struct TextCells {
    let store: LuaRecordStore
    var segment = 0
    var seen = IDMap<UInt64>()  // byte for byte, as ids compare
    /// Dates within 50 years either side of the first one by position; others by ordinal.
    var recentDays = [UInt64](repeating: LuaRecordStore.nilText, count: 36_525)
    var dayBase: Int?
    var days: [Int: UInt64] = [:]

    /// Text most records have their own of (ids, names): not worth looking up.
    func unique(_ text: String?) -> UInt64 { text.map { store.text($0, segment: segment) } ?? LuaRecordStore.nilText }

    /// Text many records repeat (references, roles, stages).
    mutating func shared(_ text: String?) -> UInt64 {
        guard let text else { return LuaRecordStore.nilText }
        if let cell = seen[text] { return cell }
        let cell = store.text(text, segment: segment)
        seen[text] = cell
        return cell
    }

    mutating func day(_ day: Day?) -> UInt64 {
        guard let day else { return LuaRecordStore.nilText }
        if dayBase == nil { dayBase = day.ordinal - recentDays.count / 2 }
        let slot = day.ordinal - dayBase!
        if recentDays.indices.contains(slot) {
            if recentDays[slot] == LuaRecordStore.nilText { recentDays[slot] = store.text(day.description, segment: segment) }
            return recentDays[slot]
        }
        if let cell = days[day.ordinal] { return cell }
        let cell = store.text(day.description, segment: segment)
        days[day.ordinal] = cell
        return cell
    }
}

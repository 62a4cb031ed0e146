import LadderModel
import LadderSnapshots
import LuaBridge

/// The snapshot as rules see it: `ctx.snapshot` and `ctx.index`, read-only, with snake_case
/// field names. The large collections are proxies over the shared ``SnapshotRecords``; the
/// small ones, and indexes, are built on first access, so a rule pays only for what it reads,
/// and then shared by every later rule and subject in the same state.
final class LuaSnapshot {
    static let collectionNames = RuleContract.collections.map(\.name)
    static let indexNames = RuleContract.indexes.map(\.name)

    /// Record kinds marshalled as tables, by the Swift type that holds them.
    static let tableKinds: [(type: Any.Type, kind: String)] = [
        (Organization.self, "organization"), (Stage.self, "stage"), (Period.self, "period"), (Assessment.self, "assessment"),
    ]

    let state: LuaState
    let loaded: LoadedSnapshot
    let records: SnapshotRecords
    /// Every record gets the shape of its kind: reading a field the snapshot format does not
    /// define is an error naming the nearest one.
    let shapes: LuaShapes
    private var collections: [String: LuaRef] = [:]
    private(set) var root: LuaRef!
    private(set) var index: LuaRef!

    init(state: LuaState, loaded: LoadedSnapshot, records: SnapshotRecords) throws {
        self.state = state
        self.loaded = loaded
        self.records = records
        state.openRecords(records.store)
        var shapes: LuaShapes = [:]
        for (type, kind) in Self.tableKinds {
            shapes[ObjectIdentifier(type)] = state.makeShape(label: kind, noun: "field", names: SnapshotSchema.record(kind)!.fieldNames)
        }
        self.shapes = shapes
        let s = loaded.snapshot
        let rootShape = state.makeShape(label: "the snapshot", noun: "field", names: SnapshotSchema.record("snapshot")!.fieldNames)
        root = try state.makeLazyTable(lazyKeys: Self.collectionNames, shape: rootShape, load: { [unowned self] key in
            .reference(try self.collection(key))
        }) { table in
            table.set("version", .integer(Int64(s.version)))
            table.set("as_of", .string(s.asOf.description))
            try table.set("organization", encoding: s.organization, shapes: shapes)
        }
        let indexShape = state.makeShape(label: "ctx.index", noun: "index", names: Self.indexNames)
        index = try state.makeLazyTable(lazyKeys: Self.indexNames, shape: indexShape, load: { [unowned self] key in
            .reference(try self.makeIndex(key))
        }) { _ in }
    }

    /// A collection as a read-only list, built once.
    func collection(_ name: String) throws -> LuaRef {
        if let ref = collections[name] { return ref }
        let s = loaded.snapshot
        let ref: LuaRef
        switch name {
        case "stages": ref = try state.makeReadOnly(encoding: s.stages, shapes: shapes)
        case "periods": ref = try state.makeReadOnly(encoding: s.periods, shapes: shapes)
        case "teams": ref = state.list(of: records.team, count: s.teams.count)
        case "people": ref = state.list(of: records.person, count: s.people.count)
        case "quotas": ref = state.list(of: records.quota, count: s.quotas.count)
        case "deals": ref = state.list(of: records.deal, count: s.deals.count)
        case "activities": ref = state.list(of: records.activity, count: s.activities.count)
        case "assessments": ref = try state.makeReadOnly(encoding: s.assessments, shapes: shapes)
        case "events": ref = state.list(of: records.event, count: s.events.count)
        default: preconditionFailure("unknown collection \(name)")
        }
        collections[name] = ref
        return ref
    }

    /// The record a subject stands for, shared with `ctx.snapshot`.
    func subject(_ subject: RuleDeclaration.SubjectKind, position: Int) -> LuaRef {
        state.record(subject == .team ? records.team : records.person, at: position)
    }

    private func makeIndex(_ name: String) throws -> LuaRef {
        if let groups = records.groups[name] { return grouped(groups) }
        let i = loaded.index
        switch name {
        case "people_by_id": return byKey(i.personById, records.person)
        case "teams_by_id": return byKey(i.teamById, records.team)
        case "stages_by_name": return try byKey(i.stageByName, "stages")
        case "periods_by_id": return try byKey(i.periodById, "periods")
        case "deals_by_id": return byKey(i.dealById, records.deal)
        case "assessments_by_person": return try grouped(i.assessmentsByPerson, "assessments")
        case "closed_periods":
            let periods = try collection("periods")
            let asOf = loaded.snapshot.asOf
            return state.makeTable { table in
                var n = 0
                for (p, period) in loaded.snapshot.periods.enumerated() where period.end <= asOf {
                    n += 1
                    table.set(.position(n), elementAt: p + 1, of: periods)
                }
            }
        default: preconditionFailure("unknown index \(name)")
        }
    }

    private func byKey(_ map: IDMap<Int>, _ collectionName: String) throws -> LuaRef {
        let list = try collection(collectionName)
        return state.makeTable { table in
            for (key, position) in map { table.set(.name(key), elementAt: position + 1, of: list) }
        }
    }

    private func byKey(_ map: IDMap<Int>, _ kind: LuaRecordStore.Kind) -> LuaRef {
        state.makeTable { table in
            for (key, position) in map { table.set(.name(key), record: kind, at: position) }
        }
    }

    private func grouped(_ groups: SnapshotRecords.Groups) -> LuaRef {
        state.makeTable { table in
            for (key, positions) in groups.keys { table.set(.name(key), records: groups.kind, at: positions) }
        }
    }

    private func grouped(_ map: IDMap<[Int]>, _ collectionName: String) throws -> LuaRef {
        let list = try collection(collectionName)
        return state.makeTable { table in
            for (key, positions) in map {
                table.set(.name(key)) { group in
                    for (n, position) in positions.enumerated() { group.set(.position(n + 1), elementAt: position + 1, of: list) }
                }
            }
        }
    }
}

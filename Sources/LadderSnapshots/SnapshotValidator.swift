import LadderModel

/// Checks that need the whole snapshot: uniqueness, references, cycles, overlaps, and the
/// warnings about dates after `as_of`. Also resolves each deal's team from its owner.
struct SnapshotValidator {
    var problems: [SnapshotIssue] = []
    var warnings: [SnapshotIssue] = []

    /// Positions by id (the first of each), which the index reuses.
    private(set) var byId: SnapshotIndex.ByID?

    mutating func validate(_ s: inout Snapshot) {
        let people = unique(s.people.map(\.id), "people", "id", "person")
        let teams = unique(s.teams.map(\.id), "teams", "id", "team")
        let stagesByName = unique(s.stages.map(\.name), "stages", "name", "stage")
        let periods = unique(s.periods.map(\.id), "periods", "id", "period")
        // The deals' ids, the largest map, are indexed on another core meanwhile.
        let dealIds = s.deals.map(\.id)
        let dealsByID = Background { Self.unique(dealIds, "deals", "id", "deal") }
        let dealProblemsAt = problems.count

        // The path is built only for a problem: building it for every reference was a good part
        // of loading a large snapshot.
        @discardableResult
        func ref(_ id: String?, _ path: @autoclosure () -> String, in ids: IDMap<Int>, _ what: String) -> Int? {
            Self.position(of: id, path(), in: ids, what, problems: &problems)
        }

        for (i, t) in s.teams.enumerated() {
            ref(t.managerId, "teams[\(i)].manager_id", in: people, "person")
            ref(t.parentId, "teams[\(i)].parent_id", in: teams, "team")
        }
        var personTeam = [Int?](repeating: nil, count: s.people.count)
        for (i, p) in s.people.enumerated() {
            personTeam[i] = ref(p.teamId, "people[\(i)].team_id", in: teams, "team")
            ref(p.managerId, "people[\(i)].manager_id", in: people, "person")
            if let d = p.hireDate, d > s.asOf { warnings.append(SnapshotIssue("people[\(i)].hire_date", "\(d) is after as_of \(s.asOf)")) }
            if let d = p.roleStartDate, d > s.asOf { warnings.append(SnapshotIssue("people[\(i)].role_start_date", "\(d) is after as_of \(s.asOf)")) }
            if p.role == "manager", p.active, let team = p.teamId, let t = teams[team], s.teams[t].managerId != p.id {
                warnings.append(SnapshotIssue("people[\(i)].team_id", "manager \(p.id) does not lead team \"\(team)\" (its manager_id is \(s.teams[t].managerId.map { "\"\($0)\"" } ?? "null"))"))
            }
        }
        for (i, q) in s.quotas.enumerated() {
            ref(q.personId, "quotas[\(i)].person_id", in: people, "person")
            ref(q.periodId, "quotas[\(i)].period_id", in: periods, "period")
        }
        var quotaSeen = IDMap<Int>()
        quotaSeen.reserveCapacity(s.quotas.count)
        for (i, q) in s.quotas.enumerated() {
            let key = q.personId + "\u{0}" + q.periodId
            if let first = quotaSeen[key] {
                problems.append(SnapshotIssue("quotas[\(i)]", "a second quota for \(q.personId) in \(q.periodId) (first at quotas[\(first)])"))
            } else { quotaSeen[key] = i }
        }
        // The deals' references, in runs on the cores available, put together in run order: the
        // same problems, in the same order, whatever the number of cores.
        let runs = (0 ..< s.deals.count).split(into: s.deals.count < 50_000 ? 1 : 32)
        let checked = SharedSlots<DealReferences>.array(runs.count, parallelFrom: 2) { [deals = s.deals, stages = s.stages, asOf = s.asOf, personTeam] run in
            DealReferences(deals, runs[run], people: people, teams: teams, stages: stages, stageIDs: stagesByName, personTeam: personTeam, asOf: asOf)
        }
        var dealOwner: [Int32] = [], dealTeam: [Int32] = [], dealStage: [Int32] = []
        var teamless: [(deal: Int, owner: Int)] = []
        for run in checked {
            dealOwner += run.owner
            dealTeam += run.team
            dealStage += run.stage
            teamless += run.teamless
            problems += run.problems
            warnings += run.warnings
        }
        for (deal, owner) in teamless { s.deals[deal].teamId = s.people[owner].teamId }
        let (deals, dealProblems) = dealsByID.value
        problems.insert(contentsOf: dealProblems, at: dealProblemsAt)
        byId = .init(people: people, teams: teams, stages: stagesByName, deals: deals, dealOwner: dealOwner, dealTeam: dealTeam, dealStage: dealStage)
        for (i, a) in s.activities.enumerated() {
            ref(a.ownerId, "activities[\(i)].owner_id", in: people, "person")
            for (j, w) in a.withIds.enumerated() { ref(w, "activities[\(i)].with_ids[\(j)]", in: people, "person") }
            ref(a.dealId, "activities[\(i)].deal_id", in: deals, "deal")
        }
        for (i, a) in s.assessments.enumerated() { ref(a.personId, "assessments[\(i)].person_id", in: people, "person") }
        for (i, e) in s.events.enumerated() { ref(e.personId, "events[\(i)].person_id", in: people, "person") }

        checkOverlaps(s.periods)
        // Rules see periods in time order; problems above name them in the document's order.
        s.periods.sort { ($0.start, $0.id) < ($1.start, $1.id) }
        checkCycles(ids: s.people.map(\.id), next: s.people.map(\.managerId), index: people, path: "people", field: "manager_id")
        checkCycles(ids: s.teams.map(\.id), next: s.teams.map(\.parentId), index: teams, path: "teams", field: "parent_id")
    }

    /// Where `id` is in `ids`, or a problem at `path` when it is not there.
    fileprivate static func position(of id: String?, _ path: @autoclosure () -> String, in ids: IDMap<Int>, _ what: String,
                                     problems: inout [SnapshotIssue]) -> Int? {
        guard let id else { return nil }
        guard let position = ids[id] else {
            problems.append(SnapshotIssue(path(), "no \(what) \"\(id)\""))
            return nil
        }
        return position
    }

    private mutating func unique(_ ids: [String], _ array: String, _ field: String, _ what: String) -> IDMap<Int> {
        let (seen, duplicates) = Self.unique(ids, array, field, what)
        problems += duplicates
        return seen
    }

    /// Each id's first position, and a problem for each repeat.
    private static func unique(_ ids: [String], _ array: String, _ field: String, _ what: String) -> (IDMap<Int>, [SnapshotIssue]) {
        var seen = IDMap<Int>()
        var duplicates: [SnapshotIssue] = []
        seen.reserveCapacity(ids.count)
        // One hash-table visit per id: an id seen before gets its first position back.
        for (i, id) in ids.enumerated() {
            if let first = seen.updateValue(i, forKey: id) {
                seen[id] = first
                duplicates.append(SnapshotIssue("\(array)[\(i)].\(field)", "duplicate \(what) \(field) \"\(id)\" (first at \(array)[\(first)])"))
            }
        }
        return (seen, duplicates)
    }

    /// In time order, each period must end before the next starts; a problem names the later
    /// one by its place in the document.
    private mutating func checkOverlaps(_ periods: [Period]) {
        let order = periods.indices.sorted { (periods[$0].start, periods[$0].id) < (periods[$1].start, periods[$1].id) }
        for (i, j) in zip(order, order.dropFirst()) where periods[j].start <= periods[i].end {
            let a = periods[i], b = periods[j]
            problems.append(SnapshotIssue("periods[\(j)]", "\(b.id) (\(b.start) to \(b.end)) overlaps \(a.id) (\(a.start) to \(a.end)) at periods[\(i)]"))
        }
    }

    /// Reports each cycle once, at its first member in array order: `u-a → u-b → u-a`.
    private mutating func checkCycles(ids: [String], next: [String?], index: IDMap<Int>, path: String, field: String) {
        var state = [UInt8](repeating: 0, count: ids.count)  // 0 new, 1 on the current walk, 2 done
        var reported = Set<Int>()
        for start in ids.indices where state[start] == 0 {
            var walk: [Int] = []
            var current: Int? = start
            while let c = current, state[c] == 0 {
                state[c] = 1
                walk.append(c)
                current = next[c].flatMap { index[$0] }
            }
            if let c = current, state[c] == 1, let from = walk.firstIndex(of: c) {
                let cycle = Array(walk[from...])
                let first = cycle.min()!
                if reported.insert(first).inserted {
                    let rotated = Array(cycle[cycle.firstIndex(of: first)!...] + cycle[..<cycle.firstIndex(of: first)!])
                    let names = (rotated + [first]).map { ids[$0] }.joined(separator: " → ")
                    problems.append(SnapshotIssue("\(path)[\(first)].\(field)", "cycle \(names)"))
                }
            }
            for w in walk { state[w] = 2 }
        }
    }
}

/// What a run of deals refers to: each deal's owner, team and stage as positions (-1 for none),
/// the deals without a team of their own, and the problems and warnings found, in deal order.
private struct DealReferences {
    var owner: [Int32] = [], team: [Int32] = [], stage: [Int32] = []
    var teamless: [(deal: Int, owner: Int)] = []
    var problems: [SnapshotIssue] = [], warnings: [SnapshotIssue] = []

    init(_ deals: [Deal], _ run: Range<Int>, people: IDMap<Int>, teams: IDMap<Int>, stages: [Stage], stageIDs: IDMap<Int>,
         personTeam: [Int?], asOf: Day) {
        (owner, team, stage) = ([Int32](repeating: -1, count: run.count), [Int32](repeating: -1, count: run.count), [Int32](repeating: -1, count: run.count))
        func ref(_ id: String?, _ path: @autoclosure () -> String, in ids: IDMap<Int>, _ what: String) -> Int? {
            SnapshotValidator.position(of: id, path(), in: ids, what, problems: &problems)
        }
        deals.withUnsafeBufferPointer { deals in
            for i in run {
                // Read in place, field by field: a copy of each deal retained and released its strings.
                let d = deals.baseAddress! + i
                let owner = ref(d.pointee.ownerId, "deals[\(i)].owner_id", in: people, "person")
                var team = ref(d.pointee.teamId, "deals[\(i)].team_id", in: teams, "team")
                let stage = ref(d.pointee.stage, "deals[\(i)].stage", in: stageIDs, "stage")
                for (j, m) in d.pointee.members.enumerated() { _ = ref(m.personId, "deals[\(i)].members[\(j)].person_id", in: people, "person") }
                if d.pointee.teamId == nil, let owner {
                    teamless.append((i, owner))
                    team = personTeam[owner]
                }
                if let stage, stages[stage].won, let close = d.pointee.closeDate, close > asOf {
                    warnings.append(SnapshotIssue("deals[\(i)].close_date", "won deal closes \(close), after as_of \(asOf)"))
                }
                let at = i - run.lowerBound
                (self.owner[at], self.team[at], self.stage[at]) = (Int32(owner ?? -1), Int32(team ?? -1), Int32(stage ?? -1))
            }
        }
    }
}

import Dispatch
import LadderModel

extension LoadedSnapshot {
    /// What each id names in the snapshot — a deal, a person, a period or a team, tried in that
    /// order — for the ids that name something. Large lists are resolved on every core.
    public func evidenceRecords(for ids: some Sequence<String>) -> [String: EvidenceRecord] {
        let ids = Array(ids)
        // What each id names, found on every core; then each record's first citation, by
        // position rather than by hashing the ids again; then the records, on every core.
        let named = SharedSlots<Named>(count: ids.count)
        Self.forEach(ids.count) { i in named[i] = self.named(ids[i]) }
        let s = snapshot
        var cited: [EvidenceRecord.Kind: [Bool]] = [.deal: .init(repeating: false, count: s.deals.count),
                                                     .person: .init(repeating: false, count: s.people.count),
                                                     .period: .init(repeating: false, count: s.periods.count),
                                                     .team: .init(repeating: false, count: s.teams.count)]
        let first = ids.indices.compactMap { i -> (id: String, named: Named)? in
            guard let n = named[i], !cited[n.kind]![n.position] else { return nil }
            cited[n.kind]![n.position] = true
            return (ids[i], n)
        }
        let records = SharedSlots<EvidenceRecord>(count: first.count)
        Self.forEach(first.count) { i in records[i] = record(first[i].named) }
        var out: [String: EvidenceRecord] = .init(minimumCapacity: first.count)
        // Ids Swift sees as equal but bytes tell apart name two records; the first cited is kept.
        for (i, entry) in first.enumerated() where out[entry.id] == nil { out[entry.id] = records[i] }
        return out
    }

    /// `body` for each of `0 ..< count`: in eight interleaved parts on every core when there are many.
    private static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        let parts = count < 10_000 ? 1 : 8
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for i in stride(from: part, to: count, by: parts) { body(i) }
        }
    }

    /// A record an id names: its kind and position in its collection.
    struct Named {
        let kind: EvidenceRecord.Kind
        let position: Int
    }

    private func named(_ id: String) -> Named? {
        if let i = index.dealById[id] { return Named(kind: .deal, position: i) }
        if let i = index.personById[id] { return Named(kind: .person, position: i) }
        if let i = index.periodById[id] { return Named(kind: .period, position: i) }
        if let i = index.teamById[id] { return Named(kind: .team, position: i) }
        return nil
    }

    private func record(_ named: Named) -> EvidenceRecord {
        let s = snapshot
        switch named.kind {
        case .deal:
            let d = s.deals[named.position]
            let owner = index.personById[d.ownerId].map { s.people[$0].name } ?? d.ownerId
            let detail = "\(NumberText.money(d.amount)) \(s.organization.currency), \(d.stage), owner \(owner)"
                + (d.closeDate.map { ", close \($0)" } ?? "") + (d.stageEnteredDate.map { ", in stage since \($0)" } ?? "")
            return EvidenceRecord(kind: .deal, name: d.name ?? d.id, detail: detail)
        case .person:
            let p = s.people[named.position]
            return EvidenceRecord(kind: .person, name: p.name, detail: p.role + (p.active ? "" : " (left)"))
        case .period:
            let period = s.periods[named.position]
            return EvidenceRecord(kind: .period, name: period.id, detail: "\(period.start) to \(period.end)")
        case .team:
            return EvidenceRecord(kind: .team, name: s.teams[named.position].name, detail: "team")
        }
    }
}

import LadderModel

extension LoadedSnapshot {
    /// What each id names in the snapshot — a deal, a person, a period or a team, tried in that
    /// order — for the ids that name something. Large lists are resolved on every core.
    public func evidenceRecords(for ids: some Sequence<String>) -> [String: EvidenceRecord] {
        let ids = Array(ids)
        // What each id names, found on every core; then each record's first citation, by
        // position rather than by hashing the ids again; then the records, on every core.
        let named = SharedSlots<Named>.map(ids.count) { i in self.named(ids[i]) }
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
        let records = SharedSlots<EvidenceRecord>.map(first.count) { i in record(first[i].named) }
        var out: [String: EvidenceRecord] = .init(minimumCapacity: first.count)
        // Ids Swift sees as equal but bytes tell apart name two records; the first cited is kept.
        // One hash lookup per id: `merge` keeps the value already there.
        out.merge(first.indices.lazy.map { (first[$0].id, records[$0]!) }) { kept, _ in kept }
        return out
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
            let ownerAt = Int(index.dealOwner[named.position])
            let owner = ownerAt < 0 ? d.ownerId : s.people[ownerAt].name
            // Appended in place: one string per deal rather than one per piece.
            var detail = NumberText.money(d.amount)
            detail.reserveCapacity(detail.utf8.count + s.organization.currency.utf8.count + d.stage.utf8.count + owner.utf8.count + 64)
            detail += " "; detail += s.organization.currency; detail += ", "; detail += d.stage; detail += ", owner "; detail += owner
            if let close = d.closeDate { detail += ", close "; detail += close.description }
            if let since = d.stageEnteredDate { detail += ", in stage since "; detail += since.description }
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

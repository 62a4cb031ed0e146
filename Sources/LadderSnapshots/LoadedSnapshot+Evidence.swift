import LadderModel

extension LoadedSnapshot {
    /// What each id names in the snapshot — a deal, a person, a period or a team, tried in that
    /// order — for the ids that name something, in the ids' byte order. Large lists are
    /// resolved on the cores available.
    public func evidenceRecords(for ids: some Sequence<String>) -> EvidenceRecords {
        evidence(citedIn: Array(ids)).records
    }

    /// The records of ``evidenceRecords(for:)``, and what each of `ids` names, in their order.
    public func evidence(citedIn ids: [String]) -> (records: EvidenceRecords, kinds: [EvidenceRecord.Kind?]) {
        // What each id names, found on the cores available; then each record's first citation, by
        // position rather than by hashing the ids again; then the ids put in order and their
        // records made, on the cores available.
        let named = SharedSlots<Named?>.array(ids.count) { i in self.named(ids[i]) }
        // Cited yet: one flag per record, deals first, then people, periods and teams.
        let s = snapshot
        var cited = [Bool](repeating: false, count: s.deals.count + s.people.count + s.periods.count + s.teams.count)
        func place(_ n: Named) -> Int {
            switch n.kind {
            case .deal: n.position
            case .person: s.deals.count + n.position
            case .period: s.deals.count + s.people.count + n.position
            case .team: s.deals.count + s.people.count + s.periods.count + n.position
            }
        }
        var first: [(id: String, named: Named)] = []
        first.reserveCapacity(ids.count)
        for i in ids.indices {
            guard let n = named[i] else { continue }
            let place = place(n)
            if cited[place] { continue }
            cited[place] = true
            first.append((ids[i], n))
        }
        // One record per place, so no two ids are the same bytes: each names its own record.
        let order = ByteOrder.positions(of: first.map(\.id))
        let records = SharedSlots<EvidenceRecord>.array(order.count) { [first] i in record(first[order[i]].named) }
        let kinds = SharedSlots<EvidenceRecord.Kind?>.array(ids.count) { i in named[i]?.kind }
        return (EvidenceRecords(sortedIDs: order.map { first[$0].id }, records: records), kinds)
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
            // Read in place, field by field: copying the whole deal retained each of its strings.
            return s.deals.withUnsafeBufferPointer { deals in
                let d = deals.baseAddress! + named.position
                let ownerAt = Int(index.dealOwner[named.position])
                let owner = ownerAt < 0 ? d.pointee.ownerId : s.people[ownerAt].name
                // Each piece apart ("", not a joined ", close …", when a date is missing): a joined
                // piece is one more string to allocate.
                let close = d.pointee.closeDate?.description, since = d.pointee.stageEnteredDate?.description
                let detail = Self.joined([NumberText.money(d.pointee.amount), " ", s.organization.currency, ", ", d.pointee.stage, ", owner ", owner,
                                          close == nil ? "" : ", close ", close ?? "", since == nil ? "" : ", in stage since ", since ?? ""])
                return EvidenceRecord(kind: .deal, name: d.pointee.name ?? d.pointee.id, detail: detail)
            }
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

    /// The pieces as one string, written into a buffer of their total length: a deal's detail
    /// appended piece by piece cost more than the rest of its record.
    private static func joined(_ pieces: [String]) -> String {
        String(unsafeUninitializedCapacity: pieces.reduce(0) { $0 + $1.utf8.count }) { buffer in
            var at = 0
            for var piece in pieces {
                piece.withUTF8 { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[at...]).initialize(fromContentsOf: bytes)
                    at += bytes.count
                }
            }
            return at
        }
    }
}

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
        // position rather than by hashing the ids again; then the ids put in order. The records
        // are made when a report asks for them.
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
        let kinds = SharedSlots<EvidenceRecord.Kind?>.array(ids.count) { i in named[i]?.kind }
        let records = CitedRecords(loaded: self, named: order.map { first[$0].named })
        return (EvidenceRecords(sortedIDs: order.map { first[$0].id }, madeBy: records), kinds)
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
}

/// What an evaluation's cited ids name, made from the snapshot each time a report asks. A
/// class holding only what records are made from: a report asks once per record, and copying
/// the whole loaded snapshot for each ask retained every one of its arrays.
final class CitedRecords: EvidenceSource {
    let deals: [Deal], people: [Person], periods: [Period], teams: [Team]
    let currency: String
    /// Each deal's owner's position among the people, or -1.
    let dealOwner: [Int32]
    /// What the i-th id, in byte order, names.
    let named: [LoadedSnapshot.Named]

    init(loaded: LoadedSnapshot, named: [LoadedSnapshot.Named]) {
        let s = loaded.snapshot
        (deals, people, periods, teams, currency) = (s.deals, s.people, s.periods, s.teams, s.organization.currency)
        dealOwner = loaded.index.dealOwner
        self.named = named
    }

    func record(at i: Int, detail: (UnsafeBufferPointer<UInt8>) -> Void) -> (kind: EvidenceRecord.Kind, name: String) {
        let position = named[i].position
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Runs.capacity) { buffer in
            withoutActuallyEscaping(detail) { detail in
                var runs = Runs(buffer: buffer, detail: detail)
                defer { runs.flush() }
                switch named[i].kind {
                case .deal:
                    // Read in place, field by field: copying the whole deal retained each of its strings.
                    return deals.withUnsafeBufferPointer { deals in
                        let d = deals.baseAddress! + position
                        let ownerAt = Int(dealOwner[position])
                        runs.put(NumberText.money(d.pointee.amount))
                        runs.put(" ")
                        runs.put(currency)
                        runs.put(", ")
                        runs.put(d.pointee.stage)
                        runs.put(", owner ")
                        runs.put(ownerAt < 0 ? d.pointee.ownerId : people[ownerAt].name)
                        if let close = d.pointee.closeDate {
                            runs.put(", close ")
                            runs.put(close.description)
                        }
                        if let since = d.pointee.stageEnteredDate {
                            runs.put(", in stage since ")
                            runs.put(since.description)
                        }
                        return (.deal, d.pointee.name ?? d.pointee.id)
                    }
                case .person:
                    let p = people[position]
                    runs.put(p.role)
                    if !p.active { runs.put(" (left)") }
                    return (.person, p.name)
                case .period:
                    let period = periods[position]
                    runs.put(period.start.description)
                    runs.put(" to ")
                    runs.put(period.end.description)
                    return (.period, period.id)
                case .team:
                    runs.put("team")
                    return (.team, teams[position].name)
                }
            }
        }
    }

    /// A detail's pieces gathered on the stack and handed over a buffer at a time: handing over
    /// each piece (ten for a deal) cost a record more than copying its bytes did.
    private struct Runs {
        static let capacity = 256
        let buffer: UnsafeMutableBufferPointer<UInt8>
        let detail: (UnsafeBufferPointer<UInt8>) -> Void
        var count = 0

        mutating func put(_ text: String) {
            var text = text
            text.withUTF8 { put($0) }
        }

        mutating func put(_ text: StaticString) { text.withUTF8Buffer { put($0) } }

        mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
            if count + bytes.count > buffer.count {
                flush()
                guard bytes.count <= buffer.count else { return detail(bytes) }
            }
            _ = UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(fromContentsOf: bytes)
            count += bytes.count
        }

        mutating func flush() {
            if count > 0 { detail(UnsafeBufferPointer(rebasing: buffer[..<count])) }
            count = 0
        }
    }
}

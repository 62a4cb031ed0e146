import LadderModel

extension LoadedSnapshot {
    /// What each id names in the snapshot — a deal, a person, a period or a team, tried in that
    /// order — for the ids that name something.
    public func evidenceRecords(for ids: some Sequence<String>) -> [String: EvidenceRecord] {
        let s = snapshot
        var records: [String: EvidenceRecord] = [:]
        for id in ids where records[id] == nil {
            if let d = index.dealById[id].map({ s.deals[$0] }) {
                let owner = index.personById[d.ownerId].map { s.people[$0].name } ?? d.ownerId
                let detail = "\(NumberText.money(d.amount)) \(s.organization.currency), \(d.stage), owner \(owner)"
                    + (d.closeDate.map { ", close \($0)" } ?? "") + (d.stageEnteredDate.map { ", in stage since \($0)" } ?? "")
                records[id] = EvidenceRecord(kind: .deal, name: d.name ?? d.id, detail: detail)
            } else if let p = index.personById[id].map({ s.people[$0] }) {
                records[id] = EvidenceRecord(kind: .person, name: p.name, detail: p.role + (p.active ? "" : " (left)"))
            } else if let period = index.periodById[id].map({ s.periods[$0] }) {
                records[id] = EvidenceRecord(kind: .period, name: period.id, detail: "\(period.start) to \(period.end)")
            } else if let t = index.teamById[id].map({ s.teams[$0] }) {
                records[id] = EvidenceRecord(kind: .team, name: t.name, detail: "team")
            }
        }
        return records
    }
}

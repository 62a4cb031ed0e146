import Dispatch
import LadderModel

extension LoadedSnapshot {
    /// What each id names in the snapshot — a deal, a person, a period or a team, tried in that
    /// order — for the ids that name something. Large lists are resolved on every core.
    public func evidenceRecords(for ids: some Sequence<String>) -> [String: EvidenceRecord] {
        var seen = Set<String>()
        let distinct = ids.filter { seen.insert($0).inserted }
        let parts = distinct.count < 10_000 ? 1 : 8
        let resolved = SharedSlots<(String, EvidenceRecord)?>(count: distinct.count)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for i in stride(from: part, to: distinct.count, by: parts) { resolved[i] = record(distinct[i]).map { (distinct[i], $0) } }
        }
        return Dictionary(uniqueKeysWithValues: resolved.values.compactMap { $0 })
    }

    private func record(_ id: String) -> EvidenceRecord? {
        let s = snapshot
        if let d = index.dealById[id].map({ s.deals[$0] }) {
            let owner = index.personById[d.ownerId].map { s.people[$0].name } ?? d.ownerId
            let detail = "\(NumberText.money(d.amount)) \(s.organization.currency), \(d.stage), owner \(owner)"
                + (d.closeDate.map { ", close \($0)" } ?? "") + (d.stageEnteredDate.map { ", in stage since \($0)" } ?? "")
            return EvidenceRecord(kind: .deal, name: d.name ?? d.id, detail: detail)
        } else if let p = index.personById[id].map({ s.people[$0] }) {
            return EvidenceRecord(kind: .person, name: p.name, detail: p.role + (p.active ? "" : " (left)"))
        } else if let period = index.periodById[id].map({ s.periods[$0] }) {
            return EvidenceRecord(kind: .period, name: period.id, detail: "\(period.start) to \(period.end)")
        } else if let t = index.teamById[id].map({ s.teams[$0] }) {
            return EvidenceRecord(kind: .team, name: t.name, detail: "team")
        }
        return nil
    }
}

/// Slots that concurrent work fills, each written by one iteration only: a buffer of its own,
/// so no write is an access to a shared array.
private final class SharedSlots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    subscript(i: Int) -> Value? {
        get { buffer[i] }
        set { buffer[i] = newValue }
    }

    var values: [Value] { buffer.compactMap { $0 } }
}

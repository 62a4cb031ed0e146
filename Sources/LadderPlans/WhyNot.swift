import Foundation
import LadderEngine
import LadderModel
import LadderSnapshots

/// `ladder explain --why-not`: for a breached threshold or a gate short of its first outcome,
/// the smallest changes to the subject's data that would flip the verdict, each found by
/// re-running the rule on a changed copy of the snapshot and verified by that run.
///
/// Only what can still change is changed (docs/snapshot-format.md, "What can change"): who
/// owns or works an open deal, activities held from today, and bookings in a period not yet
/// closed, with `as_of` moved to its end (so tenure grows and windows slide as they would).
/// Past periods, assessments and dates already past are fixed.
public struct WhyNot: Sendable {
    public let compiled: CompiledPack
    public let parameters: [String: ParameterValue]

    public init(compiled: CompiledPack, parameters: [String: ParameterValue] = [:]) {
        self.compiled = compiled
        self.parameters = parameters
    }

    /// Answers for every result of `subject` that a change could improve: breaches, and gate
    /// outcomes other than the first.
    public func answers(for subject: String, in evaluation: Evaluation, on loaded: LoadedSnapshot) throws -> [WhyNotAnswer] {
        try evaluation.results.filter { $0.subject.id.sameID(subject) && needsChange($0, evaluation) }.map { result in
            WhyNotAnswer(result: result, options: try options(for: result, on: loaded, evaluation))
        }
    }

    private func needsChange(_ result: RuleResult, _ evaluation: Evaluation) -> Bool {
        switch result.verdict {
        case .threshold(let t): return t.breached
        case .gate(let g): return g.outcome != evaluation.rules.first { $0.id == result.rule }?.outcomes.first
        case .weighting: return false
        }
    }

    /// A way to change the snapshot, in steps 1...most, each step a bigger change.
    struct Lever {
        let most: Int
        let describe: (Int) -> String
        let apply: (Int, Snapshot) -> Snapshot
    }

    private func options(for result: RuleResult, on loaded: LoadedSnapshot, _ evaluation: Evaluation) throws -> [WhyNotAnswer.Option] {
        let snapshot = loaded.snapshot
        var options: [WhyNotAnswer.Option] = []
        for lever in levers(for: result, on: loaded) {
            // The biggest change first: when even that does not flip it, the lever cannot.
            guard let most = try flipped(result, lever.apply(lever.most, snapshot), evaluation) else { continue }
            var (low, high, best) = (0, lever.most, (lever.most, most))
            while high - low > 1 {
                let middle = (low + high) / 2
                if let then = try flipped(result, lever.apply(middle, snapshot), evaluation) { (high, best) = (middle, (middle, then)) } else { low = middle }
            }
            options.append(WhyNotAnswer.Option(change: lever.describe(best.0), then: best.1))
        }
        return options
    }

    /// The rule's message when the changed snapshot flips the verdict, else nil.
    private func flipped(_ result: RuleResult, _ changed: Snapshot, _ evaluation: Evaluation) throws -> String? {
        let loaded: LoadedSnapshot
        do { loaded = try SnapshotLoader().load(try SnapshotWriter.data(changed)) } catch { return nil }
        let options = EvaluationOptions(parameters: parameters, rules: [result.rule], subjects: [result.subject.id], workers: 1)
        guard let after = try Evaluator(compiled: compiled, options: options).evaluate(loaded).results.first,
              !needsChange(after, evaluation) else { return nil }
        return after.message ?? "the verdict flips"
    }

    // MARK: Levers

    private func levers(for result: RuleResult, on loaded: LoadedSnapshot) -> [Lever] {
        let snapshot = loaded.snapshot, subject = result.subject.id
        var levers: [Lever] = []
        let people = loaded.index.personById.mapValues { snapshot.people[$0] }  // ids compared byte for byte
        let closed = Set(snapshot.stages.filter(\.closed).map(\.name))
        let evidence = Set(result.evidence)

        // Open deals in the evidence the subject owns or works on: hand them to a rep, or leave them.
        let deals = snapshot.deals.indices.filter { i in
            let deal = snapshot.deals[i]
            return evidence.contains(deal.id) && !closed.contains(deal.stage)
                && (deal.ownerId == subject || deal.members.contains { $0.personId == subject })
        }
        if !deals.isEmpty {
            let owned = deals.filter { snapshot.deals[$0].ownerId == subject }.count
            levers.append(Lever(most: deals.count, describe: { k in
                let moves = deals.prefix(k).map { i -> String in
                    let deal = snapshot.deals[i]
                    return deal.ownerId == subject ? "\(deal.id) to \(Self.rep(for: deal, subject, snapshot).flatMap { people[$0]?.name } ?? "a rep")" : "off \(deal.id)"
                }
                let noun = owned == deals.count ? "handing \(k) of the \(deals.count) deals in the evidence back to reps"
                    : owned == 0 ? "stepping off \(k) of the \(deals.count) deals in the evidence" : "stepping back from \(k) of the \(deals.count) deals in the evidence"
                return "\(noun) (\(moves.joined(separator: ", ")))"
            }, apply: { k, snapshot in
                var changed = snapshot
                for i in deals.prefix(k) {
                    if changed.deals[i].ownerId == subject {
                        guard let rep = Self.rep(for: changed.deals[i], subject, changed) else { continue }
                        changed.deals[i].members.removeAll { $0.personId == rep }
                        changed.deals[i].ownerId = rep
                    } else {
                        changed.deals[i].members.removeAll { $0.personId == subject }
                    }
                }
                return changed
            }))
        }

        // People in the evidence: meet each of them today.
        let named = result.evidence.filter { id in people[id] != nil && id != subject }
        if !named.isEmpty {
            levers.append(Lever(most: named.count, describe: { k in
                "a 1-on-1 today with \(named.prefix(k).compactMap { people[$0]?.name }.joined(separator: ", "))"
            }, apply: { k, snapshot in
                var changed = snapshot
                for id in named.prefix(k) { changed.activities.append(Activity(kind: "one_on_one", ownerId: subject, withIds: [id], date: snapshot.asOf)) }
                return changed
            }))
        }

        // More of each kind of activity, from today.
        if let person = people[subject] {
            let teammate = snapshot.people.filter { $0.active && $0.id != subject && $0.teamId != nil && $0.teamId == person.teamId }
                .sorted { $0.id.precedesID($1.id) }.first?.id ?? person.managerId
            let kinds = result.subject.kind == .rep ? ["mentoring", "led_project", "peer_assist", "lead_shared"] : ["coaching", "one_on_one", "deal_review", "joint_call"]
            for kind in kinds {
                levers.append(Lever(most: 10, describe: { k in "\(k) more \(kind.replacingOccurrences(of: "_", with: " ")) activit\(k == 1 ? "y" : "ies") from today" }, apply: { k, snapshot in
                    var changed = snapshot
                    for _ in 0..<k { changed.activities.append(Activity(kind: kind, ownerId: subject, withIds: teammate.map { [$0] } ?? [], date: snapshot.asOf)) }
                    return changed
                }))
            }
        }

        // The period not yet closed ends with bookings: as_of moves to its end.
        if let period = snapshot.periods.sorted(by: { $0.start < $1.start }).first(where: { $0.end > snapshot.asOf }),
           let quota = snapshot.quotas.first(where: { $0.personId == subject && $0.periodId == period.id }), quota.amount > 0,
           let won = snapshot.stages.first(where: \.won) {
            let target = quota.amount * quota.rampFactor
            let step = max(1, (target / 100).rounded())
            levers.append(Lever(most: 300, describe: { k in
                "\(period.id) closing with \(NumberText.money(Double(k) * step)) booked (\(k)% of quota) — as of \(period.end)"
            }, apply: { k, snapshot in
                var changed = snapshot
                changed.asOf = period.end
                changed.deals.append(Deal(id: "why-not-booking", name: "booked by \(period.end)", ownerId: subject, amount: Double(k) * step,
                                          stage: won.name, createdDate: period.start, closeDate: period.end, stageEnteredDate: period.end, members: []))
                return changed
            }))
        }
        return levers
    }

    /// Who takes over a deal: a rep already on it, else the first active rep of its team.
    static func rep(for deal: Deal, _ subject: String, _ snapshot: Snapshot) -> String? {
        let reps = snapshot.people.filter { $0.active && $0.role == "rep" && $0.id != subject }
        if let member = deal.members.first(where: { m in reps.contains { $0.id == m.personId } }) { return member.personId }
        let team = deal.teamId ?? snapshot.people.first { $0.id == subject }?.teamId
        return reps.filter { $0.teamId != nil && $0.teamId == team }.sorted { $0.name.naturallyPrecedes($1.name) }.first?.id
    }
}

import Foundation
import LadderModel
import LadderSnapshots

/// The snapshot made, checked by the loader `evaluate` uses, and the totals per team.
extension ImportRun {
    mutating func validate() throws(ImportError) -> SnapshotImporter.Result {
        let snapshot = Snapshot(version: 1, asOf: manifest.asOf, organization: manifest.organization, stages: stages, periods: periods,
                                teams: teams, people: people, quotas: quotas, deals: deals, activities: activities,
                                assessments: assessments, events: events)
        let data: Data
        do { data = try SnapshotWriter.data(snapshot) } catch {
            throw ImportError(problems: [ImportProblem("", "the snapshot cannot be written: \(error)")], report: report)
        }
        let loaded: LoadedSnapshot
        do { loaded = try SnapshotLoader().load(data) } catch {
            problems = error.problems.map { ImportProblem(place($0.path), $0.description) }
            throw refusal()
        }
        for warning in loaded.warnings { report.warnings.append(.init(file: placeNote(warning.path)?.file, line: placeNote(warning.path)?.line, message: warning.description)) }
        report.sha256 = loaded.sha256
        report.currency = manifest.organization.currency
        report.counts = ["stages": stages.count, "periods": periods.count, "teams": teams.count, "people": people.count, "quotas": quotas.count,
                         "deals": deals.count, "activities": activities.count, "assessments": assessments.count, "events": events.count]
        report.teams = totals(loaded.snapshot)
        return .init(data: data, loaded: loaded, report: report)
    }

    /// The file and line a snapshot path (`deals[12].owner_id`) came from.
    private func placeNote(_ path: String) -> ImportReport.Note? {
        guard let open = path.firstIndex(of: "[") else { return nil }
        var scanner = ByteScanner(path[path.index(after: open)...])
        guard let digits = scanner.digits(1...9), scanner.byte(in: "]") != nil, let index = Int(digits),
              let origins = origins[String(path[..<open])], index < origins.count else { return nil }
        return origins[index]
    }

    private func place(_ path: String) -> String {
        guard let note = placeNote(path), let file = note.file else { return "snapshot" }
        return note.line.map { "\(file):\($0)" } ?? file
    }

    private func totals(_ snapshot: Snapshot) -> [ImportReport.TeamTotals] {
        let stages = Dictionary(snapshot.stages.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var totals = snapshot.teams.map {
            ImportReport.TeamTotals(id: $0.id, name: $0.name, manager: $0.managerId, people: 0, openDeals: 0, lateStageDeals: 0, openAmount: 0, wonDeals: 0, wonAmount: 0)
        }
        var index = IDMap<Int>()
        for (i, team) in snapshot.teams.enumerated() { index[team.id] = i }
        for person in snapshot.people where person.active {
            if let team = person.teamId, let i = index[team] { totals[i].people += 1 }
        }
        for deal in snapshot.deals {
            guard let team = deal.teamId, let i = index[team], let stage = stages[deal.stage] else { continue }
            if !stage.closed {
                totals[i].openDeals += 1
                totals[i].openAmount += deal.amount
                if stage.late { totals[i].lateStageDeals += 1 }
            } else if stage.won, deal.closeDate.map({ $0 <= snapshot.asOf }) ?? true {
                totals[i].wonDeals += 1
                totals[i].wonAmount += deal.amount
            }
        }
        return totals.map {
            var total = $0
            total.openAmount = (total.openAmount * 100).rounded() / 100
            total.wonAmount = (total.wonAmount * 100).rounded() / 100
            return total
        }
    }
}

import Foundation

/// A made-up organisation large enough that every rule's subjects are cut into several work
/// units: `managers` teams of `reps` reps, with quotas, deals in every stage, 1-on-1s,
/// assessments and exits. Deterministic: the same sizes give the same bytes.
enum GeneratedOrganization {
    static func snapshot(managers: Int = 6, reps: Int = 8) -> Data {
        let stages = ["Prospecting", "Qualification", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"]
        let periods = [("2025-Q3", "2025-07-01", "2025-09-30"), ("2025-Q4", "2025-10-01", "2025-12-31"),
                       ("2026-Q1", "2026-01-01", "2026-03-31"), ("2026-Q2", "2026-04-01", "2026-06-30")]
        var teams: [[String: Any]] = [], people: [[String: Any]] = [], quotas: [[String: Any]] = []
        var deals: [[String: Any]] = [], activities: [[String: Any]] = [], assessments: [[String: Any]] = []
        var events: [[String: Any]] = []
        for m in 0..<managers {
            let manager = "u-m\(m)", team = "t-\(m)"
            teams.append(["id": team, "name": "Team \(m)", "manager_id": manager])
            people.append(["id": manager, "name": "Manager \(m)", "role": "manager", "team_id": team,
                           "role_start_date": "2025-\(String(format: "%02d", 1 + m % 12))-01", "hire_date": "2020-01-01",
                           "target_incentive": 50000 + 1000 * m])
            for r in 0..<reps {
                let rep = "u-r\(m)-\(r)"
                people.append(["id": rep, "name": "Rep \(m)-\(r)", "role": "rep", "team_id": team, "manager_id": manager,
                               "hire_date": "20\(18 + r % 7)-03-01", "active": (m + r) % 11 != 0])
                for (p, period) in periods.enumerated() {
                    quotas.append(["person_id": rep, "period_id": period.0, "amount": 100000 + 5000 * ((m + r + p) % 5)])
                }
                if (m + r) % 11 == 0 {
                    events.append(["person_id": rep, "date": "2026-0\(1 + r % 6)-15", "kind": "voluntary_exit", "regretted": r % 2 == 0])
                }
                for d in 0..<6 {
                    let stage = stages[(m + r + d) % stages.count]
                    let owner = (m + r + d) % 5 == 0 ? manager : rep
                    var deal: [String: Any] = ["id": "D-\(m)-\(r)-\(d)", "owner_id": owner, "amount": 10000 + 3000 * ((m * 7 + r * 3 + d) % 13),
                                               "stage": stage, "created_date": "2025-0\(1 + d % 9)-10",
                                               "close_date": "2026-0\(1 + (r + d) % 6)-20", "stage_entered_date": "2026-0\(1 + d % 6)-05"]
                    if d % 3 == 0 { deal["members"] = [["person_id": owner == rep ? manager : rep, "role": "assist"]] }
                    deals.append(deal)
                }
                if r % 3 != 0 {
                    activities.append(["kind": "one_on_one", "owner_id": manager, "with_ids": [rep], "date": "2026-06-\(10 + r % 15)"])
                }
                activities.append(["kind": "mentoring", "owner_id": rep, "with_ids": ["u-r\(m)-\((r + 1) % reps)"], "date": "2026-05-0\(1 + r % 9)"])
                assessments.append(["person_id": rep, "date": "2026-05-01",
                                    "scores": ["mentorship": 2 + (r % 4), "systems_thinking": 3 + (m % 3), "emotional_regulation": 4,
                                               "curiosity": 3 + (r % 3), "management_interest": 1 + (m + r) % 5]])
            }
        }
        let document: [String: Any] = [
            "version": 1, "as_of": "2026-06-30",
            "organization": ["id": "generated", "name": "Generated Org", "currency": "USD"],
            "periods": periods.map { ["id": $0.0, "start": $0.1, "end": $0.2] },
            "teams": teams, "people": people, "quotas": quotas, "deals": deals,
            "activities": activities, "assessments": assessments, "events": events,
        ]
        return try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }
}

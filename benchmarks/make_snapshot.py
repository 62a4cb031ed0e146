"""Writes a large synthetic snapshot for benchmarks: managers × reps × deals, deterministic.

usage: python3 make_snapshot.py MANAGERS REPS_PER_MANAGER DEALS_PER_REP OUT.json
"""
import json, random, sys

managers, reps_per, deals_per, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(7)
stages = ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
          "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"]
teams, people, deals, quotas = [], [{"id": "u-dir", "name": "Director", "role": "director"}], [], []
periods = [{"id": f"2026-Q{q}", "start": f"2026-{3*q-2:02d}-01", "end": f"2026-{3*q:02d}-{30 if q in (2, 3) else 31}"} for q in (1, 2)]
n = 0
for m in range(managers):
    mid, tid = f"u-m{m}", f"t-{m}"
    # Every seventh manager closes for the team (a Hero-Manager): the rule has someone to flag.
    hero_share = 0.3 if m % 7 == 0 else 0.05
    teams.append({"id": tid, "name": f"Team {m}", "manager_id": mid})
    people.append({"id": mid, "name": f"Manager {m}", "role": "manager", "team_id": tid, "manager_id": "u-dir",
                   "role_start_date": "2024-01-01"})
    for r in range(reps_per):
        rid = f"u-m{m}r{r}"
        people.append({"id": rid, "name": f"Rep {m}.{r}", "role": "rep", "team_id": tid, "manager_id": mid,
                       "hire_date": "2022-03-01"})
        for p in periods:
            quotas.append({"person_id": rid, "period_id": p["id"], "amount": 300000})
        for _ in range(deals_per):
            n += 1
            owner = mid if random.random() < hero_share else rid
            stage = random.choice(stages)
            deal = {"id": f"d{n}", "name": f"Deal {n}", "owner_id": owner, "amount": random.randint(5, 200) * 1000,
                    "stage": stage, "created_date": "2026-01-15", "close_date": f"2026-{random.randint(1, 6):02d}-{random.randint(1, 28):02d}",
                    "stage_entered_date": "2026-03-01", "members": []}
            if random.random() < 0.3:
                deal["members"].append({"person_id": mid, "role": "assist"})
            deals.append(deal)
json.dump({"version": 1, "as_of": "2026-06-30", "organization": {"id": "bench", "name": "Bench", "currency": "USD"},
           "periods": periods, "teams": teams, "people": people, "quotas": quotas, "deals": deals}, open(out, "w"))

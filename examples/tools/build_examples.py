"""Builds the example snapshots under examples/ (python3 examples/tools/build_examples.py).

Each scenario is a small, readable organisation telling one story from the articles the core
pack cites (docs/core-pack.md). The snapshots are the committed artefacts; this script is how they were written,
kept so a change to a scenario stays reviewable. Expected reports are written by Ladder itself:
LADDER_RECORD=1 swift test --filter Examples.
"""
import json
import os
from datetime import date, timedelta

AS_OF = date(2026, 6, 30)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
QUARTERS = [("2025-Q1", "2025-01-01", "2025-03-31"), ("2025-Q2", "2025-04-01", "2025-06-30"),
            ("2025-Q3", "2025-07-01", "2025-09-30"), ("2025-Q4", "2025-10-01", "2025-12-31"),
            ("2026-Q1", "2026-01-01", "2026-03-31"), ("2026-Q2", "2026-04-01", "2026-06-30"),
            ("2026-Q3", "2026-07-01", "2026-09-30")]
COMPANIES = ["Contoso", "Fabrikam", "Litware", "Adatum", "Tailspin Toys", "Wingtip", "Proseware", "Woodgrove Bank",
             "Lucerne Publishing", "Alpine Ski House", "Blue Yonder Airlines", "Coho Winery", "Fourth Coffee",
             "Margie's Travel", "Trey Research", "Humongous Insurance", "Wide World Importers", "City Power & Light",
             "Consolidated Messenger", "VanArsdel", "Relecloud", "Southridge Video", "Lamna Healthcare", "Northwind Foods"]
PRODUCTS = ["renewal", "expansion", "platform upgrade", "new logo", "multi-year", "pilot", "add-on seats", "services"]


def d(days_before):
    return (AS_OF - timedelta(days=days_before)).isoformat()


class Org:
    def __init__(self, org_id, name):
        self.doc = {"version": 1, "as_of": AS_OF.isoformat(),
                    "organization": {"id": org_id, "name": name, "currency": "USD", "source": "salesforce"},
                    "periods": [{"id": q, "start": s, "end": e} for q, s, e in QUARTERS],
                    "teams": [], "people": [], "quotas": [], "deals": [], "activities": [], "assessments": [], "events": []}
        self.n = 0

    def person(self, pid, name, role, team, manager, hire, role_start=None, incentive=None, active=True, track="individual"):
        p = {"id": pid, "name": name, "email": pid[2:] + "@" + self.doc["organization"]["id"] + ".example", "role": role,
             "track": track, "team_id": team, "manager_id": manager, "hire_date": hire,
             "role_start_date": role_start or hire, "active": active}
        if incentive:
            p["target_incentive"] = incentive
        self.doc["people"].append(p)
        return p

    def team(self, tid, name, manager_id):
        self.doc["teams"].append({"id": tid, "name": name, "manager_id": manager_id, "parent_id": None})

    def quota(self, pid, amount=300000, quarters=None, ramp=1.0):
        for q, _, _ in QUARTERS[:-1]:
            if quarters is None or q in quarters:
                self.doc["quotas"].append({"person_id": pid, "period_id": q, "amount": amount, "ramp_factor": ramp})

    def deal(self, owner, stage, amount, close, entered=None, team=None, members=()):
        self.n += 1
        created = (date.fromisoformat(close) - timedelta(days=75)).isoformat()
        if created > AS_OF.isoformat():
            created = d(20)
        deal = {"id": f"{self.doc['organization']['id'][:2].upper()}-{self.n:04d}",
                "name": f"{COMPANIES[self.n % len(COMPANIES)]} {PRODUCTS[self.n % len(PRODUCTS)]}",
                "owner_id": owner, "amount": amount, "stage": stage, "created_date": created, "close_date": close,
                "stage_entered_date": entered or (close if stage.startswith("Closed") else d(12)),
                "members": [{"person_id": p, "role": r} for p, r in members]}
        if team:
            deal["team_id"] = team
        self.doc["deals"].append(deal)
        return deal

    def bookings(self, owner, per_quarter, quarters, deals_per_quarter=2):
        """Won deals closing mid-quarter, `per_quarter` in total each quarter."""
        for q, start, _ in QUARTERS:
            if q in quarters:
                for i in range(deals_per_quarter):
                    close = (date.fromisoformat(start) + timedelta(days=30 + 25 * i)).isoformat()
                    self.deal(owner, "Closed Won", per_quarter // deals_per_quarter, close)

    def pipeline(self, owner, late=1, early=1, amount=60000, members=()):
        for i in range(late):
            self.deal(owner, "Negotiation/Review" if i % 2 else "Proposal/Price Quote", amount,
                      (AS_OF + timedelta(days=20 + 7 * i)).isoformat(), members=members)
        for i in range(early):
            self.deal(owner, "Qualification" if i % 2 else "Value Proposition", amount,
                      (AS_OF + timedelta(days=60 + 7 * i)).isoformat(), members=members)

    def one_on_ones(self, manager, rep, every=14, since=90):
        day = 3
        while day <= since:
            self.activity("one_on_one", manager, [rep], d(day))
            day += every

    def activity(self, kind, owner, with_ids, date_text, deal=None):
        self.doc["activities"].append({"kind": kind, "owner_id": owner, "with_ids": with_ids, "date": date_text, "deal_id": deal})

    def assessment(self, pid, when, **scores):
        self.doc["assessments"].append({"person_id": pid, "date": when, "assessor": "Mission Strategies", "scores": scores})

    def event(self, pid, when, kind, regretted=None):
        e = {"person_id": pid, "date": when, "kind": kind}
        if regretted is not None:
            e["regretted"] = regretted
        self.doc["events"].append(e)

    def healthy_team(self, tid, tname, manager, mname, reps, role_start="2023-03-01", hire="2018-04-02",
                     per_quarter=320000, manager_on=()):
        """A coaching manager and reps at quota, with a moving pipeline and regular 1-on-1s."""
        self.person(manager, mname, "manager", tid, None, hire, role_start, incentive=60000, track="management")
        self.team(tid, tname, manager)
        for i, (rid, rname) in enumerate(reps):
            self.person(rid, rname, "rep", tid, manager, f"{2019 + i % 4}-0{1 + i % 8}-15", incentive=40000)
            self.quota(rid)
            self.bookings(rid, per_quarter, [q for q, _, _ in QUARTERS[:-1]])
            self.pipeline(rid, late=2, early=2, members=[(manager, "assist")] if rid in manager_on else ())
            self.one_on_ones(manager, rid)

    def write(self, name, story):
        folder = os.path.join(ROOT, name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "snapshot.json"), "w") as f:
            json.dump(self.doc, f, indent=2, ensure_ascii=False)
            f.write("\n")
        with open(os.path.join(folder, "README.md"), "w") as f:
            f.write(story.strip() + "\n")


REPS = [("u-ann", "Ann Cole"), ("u-ben", "Ben Ortiz"), ("u-chloe", "Chloe Park"), ("u-dev", "Dev Mehta")]


def healthy_coach():
    o = Org("brightline", "Brightline Software")
    o.healthy_team("t-east", "East", "u-priya", "Priya Nair", REPS, manager_on=["u-ann"])
    o.write("healthy-coach", """
# Healthy coach (the negative control)

Priya Nair has led the East team since March 2023. Her four reps each book about 107% of quota
every quarter, she meets each of them every two weeks, she owns no deals herself and sits on a
handful of Ann's as an assist. The pipeline moves: every open deal changed stage within the last
two weeks.

Expected: no threshold is breached. Compensation pays on team attainment (75% weight after more
than 12 months in role, her personal weight moved to the team since she carries no quota). The
reps have the track record but no leadership assessment, so the promotion gate says `develop`.
""")


def hero_owner():
    o = Org("ridgeway", "Ridgeway Logistics")
    o.healthy_team("t-west", "West", "u-tom", "Tom Alvarez", REPS)
    for i in range(4):  # Tom takes the big late-stage deals himself
        o.deal("u-tom", "Negotiation/Review", 180000, (AS_OF + timedelta(days=10 + i)).isoformat())
    o.write("hero-owner", """
# The Hero-Manager who closes for his team

Tom Alvarez runs a team whose reps are at quota, but he is the primary owner of 4 of the 12
late-stage deals on the team's books — 33.3%, above the 20% line of "The Sales Manager Promotion
Trap" (000_2cc800dd35574032.txt): "If your managers are listed as the primary owner on more than
20% of their team's late-stage deals, you have a Hero-Manager problem."

Expected: `hero.late_stage_ownership` breached for Tom (medium: 33.3% is not above twice the
limit), with his four deals as evidence. Nothing else is breached.
""")


def involved_not_owner():
    o = Org("harbor", "Harbor Medical Supply")
    o.healthy_team("t-north", "North", "u-marcus", "Marcus Reed", REPS, manager_on=[r for r, _ in REPS])
    # Marcus also sits on most of the deals his reps closed recently
    for deal in o.doc["deals"]:
        if deal["stage"] == "Closed Won" and deal["close_date"] >= d(180) and deal["owner_id"] != "u-ann":
            deal["members"].append({"person_id": "u-marcus", "role": "manager"})
    o.write("involved-not-owner", """
# The manager in 80% of the deals who owns none of them

Marcus Reed never puts his name on a deal as owner: his share of late-stage ownership is 0%. But
he sits on nearly every deal as an assist or "manager" — the newly promoted manager of "The
Promotion That Destroys Teams" (002_63f1ecc348737997.txt) "was personally involved in 80% of his
team's deals".

Expected: `hero.involvement` breached for Marcus (every open deal plus the recent wins of three of
his four reps); `hero.late_stage_ownership` not breached. The ownership line alone would miss him.
""")


def stalled_pipeline():
    o = Org("keystone", "Keystone Analytics")
    o.healthy_team("t-central", "Central", "u-grace", "Grace Liu", REPS)
    for deal in o.doc["deals"]:
        if not deal["stage"].startswith("Closed") and deal["owner_id"] in ("u-ann", "u-ben", "u-chloe"):
            deal["stage_entered_date"] = d(70)
    o.write("stalled-pipeline", """
# A stalled pipeline

Grace Liu's reps hit quota last year, but the pipeline has stopped moving: 12 of the team's 16
open deals have sat in their stage for 70 days, well past the 45-day stall line.

Expected: `pipeline.stalled_deals` breached for Grace (75% stalled against a 25% limit), the
twelve deals as evidence. Nothing else is breached.
""")


def ready_rep():
    o = Org("meridian", "Meridian Foods")
    o.healthy_team("t-east", "East", "u-priya", "Priya Nair", REPS)
    o.assessment("u-ann", "2026-05-04", mentorship=4, systems_thinking=4, emotional_regulation=3.5, curiosity=4.5,
                 management_interest=5)
    o.activity("mentoring", "u-ann", ["u-dev"], "2026-04-20")
    o.activity("led_project", "u-ann", [], "2026-02-10")
    o.assessment("u-ben", "2026-05-04", mentorship=3, systems_thinking=3.5, emotional_regulation=2.5, curiosity=3,
                 management_interest=4)
    o.event("u-ann", "2026-07-15", "promotion")  # nominated: a promotion dated after as_of
    o.write("ready-rep", """
# A rep ready for management

Ann Cole has been at or above quota in each of the last four quarters, her leadership
assessment (May 2026) scores 4 / 4 / 3.5 / 4.5 on mentorship, systems thinking, emotional
regulation and curiosity (mean 4.0), she mentors Dev and led the onboarding project, and she
wants to manage (5). A promotion dated 15 July 2026 nominates her.

Ben Ortiz has the same track record, but emotional regulation 2.5 is below 3 and he has no
leadership experience yet: he should be developed first.

Expected: `promotion.gate` says `ready` for Ann (no exposure: the promotion is sound), `develop`
for Ben with each gap named (emotional regulation 2.5, an indicator mean of 3 below 3.5, no
leadership experience), and `develop` for Chloe and Dev (no assessment on file).
""")


def elite_producer():
    o = Org("summit", "Summit Industrial")
    o.healthy_team("t-south", "South", "u-tom", "Tom Alvarez", REPS[1:])
    o.person("u-rosa", "Rosa Diaz", "rep", "t-south", "u-tom", "2017-03-01", incentive=40000)
    o.quota("u-rosa")
    o.bookings("u-rosa", 480000, [q for q, _, _ in QUARTERS[:-1]])
    o.pipeline("u-rosa", late=2, early=2)
    o.one_on_ones("u-tom", "u-rosa")
    o.assessment("u-rosa", "2026-03-20", mentorship=2.5, systems_thinking=3, emotional_regulation=3.5, curiosity=3,
                 management_interest=2)
    o.doc["quotas"] = sorted(o.doc["quotas"], key=lambda q: (q["person_id"], q["period_id"]))
    o.write("elite-producer", """
# An elite producer who should stay a producer

Rosa Diaz books 160% of quota quarter after quarter. Her manager wants to promote her. Her
assessment says otherwise: mentorship 2.5, and management interest 2 — she does not want to
manage. "The Sales Manager Promotion Trap" (000_2cc800dd35574032.txt) recommends "dual career
tracks, allowing elite producers to earn partner-level compensation without forcing them into
management".

Expected: `promotion.gate` says `producer_track` for Rosa, naming the mentorship score and the
management interest; the other reps `develop` (no assessment). No threshold breached.
""")


def new_manager_ramp():
    o = Org("lakeshore", "Lakeshore Payments")
    o.healthy_team("t-west", "West", "u-maya", "Maya Fields", REPS, role_start="2026-02-16", hire="2020-05-11")
    o.quota("u-maya", amount=150000, quarters=["2026-Q2"])
    o.bookings("u-maya", 120000, ["2026-Q2"])
    # before the promotion, Maya was a rep on the same team, and the team booked as it does now
    o.write("new-manager-ramp", """
# A new manager four months in: the compensation ramp

Maya Fields was promoted to manage West on 16 February 2026: on 30 June she has completed 4
months in role. Her pay is weighted 55% on team attainment (0.45 + 0.30 × 4/12), 10% on
retention and 35% on her own remaining quota (she still carries a reduced one: 150,000 in Q2,
of which she booked 120,000, 80%). Her four reps are at 106.7% of quota, nobody left.

Expected: `compensation.weighting` for Maya: weights team 0.55, retention 0.10, personal 0.35;
components team 1.0667, retention 1, personal 0.8; blended 0.9667; payout 0.9667 × 60,000 =
58,000. The early warning watches her (4 < 18 months) but finds no drop and no exits.
""")


def sarah_promotion():
    o = Org("cascade", "Cascade Networks")
    reps = [("u-ann", "Ann Cole"), ("u-ben", "Ben Ortiz"), ("u-chloe", "Chloe Park"), ("u-dev", "Dev Mehta"),
            ("u-ella", "Ella Brooks")]
    # Sarah was the top producer of the team, promoted on 5 January 2026
    o.person("u-sarah", "Sarah Kim", "manager", "t-div", None, "2019-02-04", "2026-01-05", incentive=60000,
             track="management")
    o.team("t-div", "Commercial Division", "u-sarah")
    for i, (rid, rname) in enumerate(reps):
        active = rid not in ("u-dev", "u-ella")
        o.person(rid, rname, "rep", "t-div", "u-sarah", f"{2019 + i % 4}-03-15", incentive=40000, active=active)
        o.quota(rid, quarters=["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"] if not active else None)
        # before: 300,000 a quarter each; after: the team books 23% less and the two best left
        before = 300000
        o.bookings(rid, before, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"])
        if active:
            o.bookings(rid, [385000, 385000, 385000][i], ["2026-Q1", "2026-Q2"])
            o.pipeline(rid, late=2, early=1)
            o.one_on_ones("u-sarah", rid)
    o.event("u-dev", "2026-03-13", "voluntary_exit", regretted=True)
    o.event("u-ella", "2026-05-29", "voluntary_exit", regretted=True)
    o.event("u-sarah", "2026-01-05", "promotion")
    o.write("sarah-promotion", """
# The promotion that destroys a team

Sarah Kim was the division's top producer and was promoted to lead it on 5 January 2026. Six
months later two of her best reps, Dev and Ella, have quit (both regretted), and the division's
bookings fell: 3,000,000 over the two quarters before her promotion (2025-Q3 and Q4, five reps
at 300,000 a quarter), 2,310,000 over the two quarters since — down 23%, the story of "The
Promotion That Destroys Teams" (002_63f1ecc348737997.txt).

Expected: `promotion.early_warning` breached for Sarah: bookings drop 23% (limit 15%) and two
regretted exits (limit 2), carrying the exposure of a failed promotion, 0.70 × 2,400,000 =
1,680,000 (000_2cc800dd35574032.txt). Her retention component is 60% (3 stayed, 2 left).
""")


def northwind():
    """A larger organisation: five teams, a director, and every pattern at once."""
    o = Org("northwind", "Northwind Traders")
    o.person("u-helen", "Helen Park", "director", None, None, "2016-02-01", "2022-01-03", track="management")
    teams = [
        ("t-east", "East", "u-dana", "Dana Fox", [("u-ann", "Ann Cole"), ("u-ben", "Ben Ortiz"), ("u-chloe", "Chloe Park"),
                                               ("u-dev", "Dev Mehta"), ("u-ella", "Ella Brooks")]),
        ("t-west", "West", "u-marcus", "Marcus Reed", [("u-gina", "Gina Rossi"), ("u-hugo", "Hugo Lind"),
                                                   ("u-iris", "Iris Chen"), ("u-jake", "Jake Moran"), ("u-kira", "Kira Shah")]),
        ("t-central", "Central", "u-priya", "Priya Nair", [("u-maya", "Maya Fields"), ("u-noah", "Noah Grant"),
                                                       ("u-olga", "Olga Petrov"), ("u-paul", "Paul Kim")]),
        ("t-south", "South", "u-tom", "Tom Alvarez", [("u-rosa", "Rosa Diaz"), ("u-sam", "Sam Okafor"),
                                                  ("u-tara", "Tara Quinn"), ("u-umar", "Umar Farouk")]),
        ("t-north", "North", "u-grace", "Grace Liu", [("u-wes", "Wes Turner"), ("u-xena", "Xena Ward"), ("u-yusuf", "Yusuf Ali")]),
    ]
    for tid, tname, mid, mname, reps in teams:
        role_start = "2026-03-02" if mid == "u-grace" else "2023-04-03"
        o.healthy_team(tid, tname, mid, mname, reps, role_start=role_start,
                       manager_on=[r for r, _ in reps] if mid == "u-marcus" else ())
        o.doc["people"][-len(reps) - 1]["manager_id"] = "u-helen"
        o.doc["teams"][-1]["parent_id"] = "r-na"
    o.doc["teams"].insert(0, {"id": "r-na", "name": "North America", "manager_id": "u-helen", "parent_id": None})
    for i in range(3):  # Dana closes for her team
        o.deal("u-dana", "Negotiation/Review", 150000, (AS_OF + timedelta(days=15 + i)).isoformat(), team="t-east")
    for i in range(5):  # Tom even more
        o.deal("u-tom", "Proposal/Price Quote", 90000, (AS_OF + timedelta(days=25 + i)).isoformat())
    for deal in o.doc["deals"]:  # Marcus sits on his team's recent wins too
        if deal["owner_id"] in ("u-gina", "u-hugo", "u-iris", "u-jake") and deal["stage"] == "Closed Won" and deal["close_date"] >= d(180):
            deal["members"].append({"person_id": "u-marcus", "role": "manager"})
    o.doc["activities"] = [a for a in o.doc["activities"]
                           if not (a["owner_id"] == "u-marcus" and a["with_ids"] == ["u-kira"] and a["date"] > d(60))]
    o.deal("u-maya", "Qualification", 24000, (AS_OF + timedelta(days=90)).isoformat(), team="t-east")
    o.assessment("u-ann", "2026-05-04", mentorship=4, systems_thinking=3.5, emotional_regulation=4, curiosity=4,
                 management_interest=5)
    o.activity("mentoring", "u-ann", ["u-ella"], "2026-04-20")
    o.assessment("u-rosa", "2026-03-20", mentorship=2.5, systems_thinking=3, emotional_regulation=3.5, curiosity=3,
                 management_interest=2)
    o.bookings("u-rosa", 160000, [q for q, _, _ in QUARTERS[:-1]], deals_per_quarter=1)  # 480,000 a quarter: elite
    o.person("u-zoe", "Zoe Grant", "rep", "t-west", "u-marcus", "2021-02-01", incentive=40000, active=False)
    o.event("u-zoe", "2026-03-13", "voluntary_exit", regretted=True)
    o.doc["activities"].sort(key=lambda a: (a["date"], a["owner_id"], a["with_ids"]))
    o.write("northwind", """
# Northwind Traders: five teams, every pattern at once

A director, Helen Park, over five front-line teams (21 active reps, about 350 deals).

- **Dana Fox (East)** owns 3 of the team's 13 late-stage deals (23.1%): a medium Hero-Manager breach.
- **Tom Alvarez (South)** owns 5 of 13 (38.5%): a medium breach, close to high.
- **Marcus Reed (West)** owns none but is on every open deal and most recent wins: an
  involvement breach. He has also not met Kira Shah one-on-one for 73 days (a cadence breach),
  and Zoe Grant quit in March (retention 83.3%).
- **Priya Nair (Central)** is the healthy control; a deal owned by her rep Maya is booked to East
  (a deal's `team_id` wins over its owner's team).
- **Grace Liu (North)** was promoted in March 2026; the early warning watches her and finds the
  team's bookings steady and nobody gone.
- **Ann Cole** is ready for management; **Rosa Diaz** belongs on the producer track.
""")


if __name__ == "__main__":
    for build in (healthy_coach, hero_owner, involved_not_owner, stalled_pipeline, ready_rep, elite_producer,
                  new_manager_ramp, sarah_promotion, northwind):
        build()

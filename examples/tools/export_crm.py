"""Writes examples/crm/: the Northwind story as a client would hand it over (python3 examples/tools/export_crm.py).

Salesforce report exports (every value quoted, CRLF, MM/DD/YYYY dates, "$1,234.00" amounts, a few
deals in EUR, footer lines), a HubSpot deal export (a byte order mark, German number and date
formats, client stage names, "Date entered" columns), and the consultancy's own spreadsheets
(roster, teams, quotas, activities as a calendar export, assessments). `ladder import` of either
manifest gives a snapshot whose verdicts equal examples/northwind/snapshot.json's
(Tests/LadderCLITests/ImportCommandTests.swift checks it).
"""
import csv
import io
import json
import os
from datetime import date

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "crm")
SNAPSHOT = json.load(open(os.path.join(ROOT, "northwind", "snapshot.json")))
PEOPLE = {p["id"]: p for p in SNAPSHOT["people"]}
TEAMS = {t["id"]: t for t in SNAPSHOT["teams"]}
EUR_RATE = 1.25  # one EUR in USD, as the Salesforce manifest says
# CRM users whose CRM name differs from the roster: matched through the users export by email.
CRM_NAMES = {"u-ann": "Annie Cole"}
HUBSPOT_STAGES = {"Prospecting": "Discovery", "Qualification": "Qualified", "Needs Analysis": "Needs Analysis",
                  "Value Proposition": "Solution Fit", "Id. Decision Makers": "Decision Makers",
                  "Perception Analysis": "Evaluation", "Proposal/Price Quote": "Proposal Sent",
                  "Negotiation/Review": "Negotiation", "Closed Won": "Closed won", "Closed Lost": "Closed lost"}
SF_ROLES = {"assist": "Account Manager", "manager": "Sales Manager"}
HS_ROLES = {"assist": "Collaborator", "manager": "Manager"}


def write(path, header, rows, quote_all=False, crlf=False, bom=False, footer=()):
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                        lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    for line in footer:
        writer.writerow([line] if line else [])
    with open(os.path.join(OUT, path), "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(buffer.getvalue())


def us_date(iso):
    d = date.fromisoformat(iso)
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


def de_date(iso):
    d = date.fromisoformat(iso)
    return f"{d.day}.{d.month}.{d.year}"


def us_money(amount, symbol="$"):
    return f"{symbol}{amount:,.2f}"


def de_money(amount):
    whole = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{whole} $"


def owner_name(person_id):
    return CRM_NAMES.get(person_id, PEOPLE[person_id]["name"])


def deal_name(deal, i):
    # One name runs over two lines, as a pasted CRM note does.
    return deal["name"] + ("\nphase 2" if i == 3 else "")


def salesforce():
    deals = SNAPSHOT["deals"]
    rows = []
    for i, deal in enumerate(deals):
        eur = i % 9 == 4 and (deal["amount"] / EUR_RATE * 100).is_integer()
        amount = deal["amount"] / EUR_RATE if eur else deal["amount"]
        team = TEAMS[deal["team_id"]]["name"] if deal.get("team_id") else ""
        rows.append([deal["id"], deal_name(deal, i), deal["name"].split(" ")[0], owner_name(deal["owner_id"]), deal["stage"],
                     us_money(amount, "€" if eur else "$"), "EUR" if eur else "USD", us_date(deal["close_date"]),
                     us_date(deal["created_date"]), "", "New Business", "", team])
    write("salesforce/opportunities.csv",
          ["Opportunity ID", "Opportunity Name", "Account Name", "Opportunity Owner", "Stage", "Amount", "Amount Currency",
           "Close Date", "Created Date", "Probability (%)", "Type", "Fiscal Period", "Sales Team"],
          rows, quote_all=True, crlf=True,
          footer=["", f"Grand Totals ({len(rows)} records)", "", "Confidential Information - Do Not Distribute", "",
                  "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."])
    members = [[deal["id"], deal["name"], owner_name(m["person_id"]), SF_ROLES[m["role"]]]
               for deal in deals for m in deal["members"]]
    write("salesforce/opportunity-team.csv", ["Opportunity ID", "Opportunity Name", "Team Member", "Team Role"], members,
          quote_all=True, crlf=True, footer=["", f"Grand Totals ({len(members)} records)", "",
                                              "Confidential Information - Do Not Distribute"])
    history = []
    for deal in deals:
        history.append([deal["id"], "", "Prospecting", us_date(deal["created_date"]) + ", 9:00 AM"])
        if deal["stage"] != "Prospecting":
            history.append([deal["id"], "Prospecting", deal["stage"], us_date(deal["stage_entered_date"]) + ", 4:30 PM"])
    write("salesforce/opportunity-history.csv", ["Opportunity ID", "From Stage", "To Stage", "Last Modified"], history,
          quote_all=True, crlf=True, footer=["", f"Grand Totals ({len(history)} records)"])
    users = [[f"005{i:012d}", owner_name(p["id"]), p["email"], p["role"].title()] for i, p in enumerate(SNAPSHOT["people"])]
    write("salesforce/users.csv", ["User ID", "Full Name", "Email", "Role"], users, quote_all=True, crlf=True)


def hubspot():
    stages = list(HUBSPOT_STAGES.values())
    rows = []
    for i, deal in enumerate(SNAPSHOT["deals"]):
        stage = HUBSPOT_STAGES[deal["stage"]]
        entered = ["" for _ in stages]
        entered[0] = de_date(deal["created_date"]) + " 09:00"
        entered[stages.index(stage)] = de_date(deal["stage_entered_date"]) + " 16:30"
        team = TEAMS[deal["team_id"]]["name"] if deal.get("team_id") else ""
        rows.append([str(9000000 + i), deal_name(deal, i), stage, de_date(deal["close_date"]), PEOPLE[deal["owner_id"]]["name"],
                     de_money(deal["amount"]), "Sales Pipeline", de_date(deal["created_date"]), team, deal["id"]] + entered)
    write("hubspot/deals.csv",
          ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner", "Amount", "Pipeline", "Create Date", "HubSpot Team",
           "Legacy ID"] + [f'Date entered "{s} (Sales Pipeline)"' for s in stages], rows, bom=True, crlf=True)
    ids = {deal["id"]: str(9000000 + i) for i, deal in enumerate(SNAPSHOT["deals"])}
    members = [[ids[deal["id"]], PEOPLE[m["person_id"]]["email"], HS_ROLES[m["role"]]]
               for deal in SNAPSHOT["deals"] for m in deal["members"]]
    write("hubspot/collaborators.csv", ["Deal ID", "User", "Role"], members, bom=True, crlf=True)


def spreadsheets():
    exits = {e["person_id"]: e for e in SNAPSHOT["events"] if e["kind"].endswith("exit")}
    roster = []
    for p in SNAPSHOT["people"]:
        exit = exits.get(p["id"])
        manager = PEOPLE[p["manager_id"]]["name"] if p.get("manager_id") else ""
        roster.append([p["id"], p["name"], p["email"], p["role"].title(), p["track"].title(), p.get("team_id") or "", manager,
                       p["hire_date"], p["role_start_date"], "yes" if p["active"] else "no",
                       exit["date"] if exit else "", exit["kind"].split("_")[0] if exit else "",
                       ("yes" if exit["regretted"] else "no") if exit else "",
                       f"{p['target_incentive']:,.0f}" if p.get("target_incentive") else ""])
    write("spreadsheets/roster.csv", ["Person ID", "Name", "Email", "Role", "Track", "Team ID", "Manager", "Hire Date",
                                      "Role Start Date", "Active", "Exit Date", "Exit Kind", "Regretted", "Target Incentive"], roster)
    teams = [[t["id"], t["name"], PEOPLE[t["manager_id"]]["email"] if t.get("manager_id") else "", t.get("parent_id") or ""]
             for t in SNAPSHOT["teams"]]
    write("spreadsheets/teams.csv", ["Team ID", "Team Name", "Manager", "Parent"], teams)
    quotas = [[q["person_id"], q["period_id"], f"{q['amount']:,.0f}", f"{q['ramp_factor'] * 100:.0f}%"] for q in SNAPSHOT["quotas"]]
    write("spreadsheets/quotas.csv", ["Person ID", "Period", "Quota", "Ramp"], quotas)
    labels = {"one_on_one": "1:1", "mentoring": "Mentoring session", "coaching": "Coaching"}
    activities = [[labels[a["kind"]], PEOPLE[a["owner_id"]]["email"], "; ".join(PEOPLE[w]["name"] for w in a["with_ids"]),
                   a["date"] + " 09:30", a.get("deal_id") or ""] for a in SNAPSHOT["activities"]]
    write("spreadsheets/calendar.csv", ["Subject", "Organizer", "Attendees", "Start", "Deal"], activities)
    names = ["mentorship", "systems_thinking", "emotional_regulation", "curiosity", "management_interest"]
    assessments = [[a["person_id"], a["date"], a.get("assessor", "")] + [str(a["scores"].get(n, "")) for n in names]
                   for a in SNAPSHOT["assessments"]]
    write("spreadsheets/assessments.csv", ["Person ID", "Date", "Assessor", "Mentorship", "Systems Thinking",
                                           "Emotional Regulation", "Curiosity", "Management Interest"], assessments)


if __name__ == "__main__":
    salesforce()
    hubspot()
    spreadsheets()

-- The reference Ladder is measured against: standalone lua5.4 with lua-cjson loading the same
-- snapshot and flagging the same managers as hero.late_stage_ownership (more than 20% of their
-- teams' open late-stage deals as primary owner, at least 5 such deals), with no sandbox, no
-- validation and no budgets. Prints the flagged managers' ids, sorted, one a line.
-- usage: lua5.4 reference.lua SNAPSHOT.json
local cjson = require("cjson")
local file = assert(io.open(arg[1], "rb"))
local s = cjson.decode(file:read("a"))
file:close()

-- The default stages (the snapshot has none of its own): the late ones, all open.
local late = { ["Proposal/Price Quote"] = true, ["Negotiation/Review"] = true }
local team_of, late_by_team, teams_by_manager = {}, {}, {}
for _, p in ipairs(s.people) do team_of[p.id] = p.team_id end
for _, d in ipairs(s.deals) do
  if late[d.stage] then
    local t = d.team_id or team_of[d.owner_id]
    late_by_team[t] = late_by_team[t] or {}
    table.insert(late_by_team[t], d)
  end
end
for _, team in ipairs(s.teams) do
  local m = team.manager_id
  if m then
    teams_by_manager[m] = teams_by_manager[m] or {}
    table.insert(teams_by_manager[m], team.id)
  end
end
local flagged = {}
for _, p in ipairs(s.people) do
  if p.role == "manager" and p.active ~= false then
    local n_late, owned = 0, 0
    for _, t in ipairs(teams_by_manager[p.id] or {}) do
      for _, d in ipairs(late_by_team[t] or {}) do
        n_late = n_late + 1
        if d.owner_id == p.id then owned = owned + 1 end
      end
    end
    if n_late >= 5 and owned / n_late > 0.2 then flagged[#flagged + 1] = p.id end
  end
end
table.sort(flagged)
for _, id in ipairs(flagged) do print(id) end

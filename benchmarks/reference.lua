-- The reference Ladder is measured against: standalone lua5.4 with lua-cjson loading the same
-- snapshot and computing the same two Hero-Manager metrics for every manager, with no sandbox,
-- no validation and no budgets. usage: lua5.4 reference.lua SNAPSHOT.json
local cjson = require("cjson")
local file = assert(io.open(arg[1], "rb"))
local s = cjson.decode(file:read("a"))
file:close()

local late = { ["Proposal/Price Quote"] = true, ["Negotiation/Review"] = true }
local closed = { ["Closed Won"] = true, ["Closed Lost"] = true }
local team_of, deals_by_team = {}, {}
for _, p in ipairs(s.people) do team_of[p.id] = p.team_id end
for _, d in ipairs(s.deals) do
  local t = d.team_id or team_of[d.owner_id]
  deals_by_team[t] = deals_by_team[t] or {}
  table.insert(deals_by_team[t], d)
end
local breaches = 0
for _, team in ipairs(s.teams) do
  local m = team.manager_id
  local n_late, owned, window, involved = 0, 0, 0, 0
  for _, d in ipairs(deals_by_team[team.id] or {}) do
    if late[d.stage] then
      n_late = n_late + 1
      if d.owner_id == m then owned = owned + 1 end
    end
    if not closed[d.stage] or d.close_date >= "2026-01-01" then
      window = window + 1
      local mine = d.owner_id == m
      for _, member in ipairs(d.members) do mine = mine or member.person_id == m end
      if mine then involved = involved + 1 end
    end
  end
  if n_late >= 5 and owned / n_late > 0.2 then breaches = breaches + 1 end
  if window >= 10 and involved / window >= 0.8 then breaches = breaches + 1 end
end
print(breaches .. " breaches")

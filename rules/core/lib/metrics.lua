-- The metrics of core-pack.md, in one place for every rule of the pack (ctx.metrics).
-- Each function takes snapshot records (a manager is a person) and returns numbers plus the
-- records behind them, so rules can cite their evidence.

local ladder = require("ladder")
local dates = require("lib.dates")

local metrics = {}

local function stage(deal)
  return ladder.index.stages_by_name[deal.stage]
end

-- A deal in a closed stage is closed; won when the stage is won.
function metrics.is_open(deal) return not stage(deal).closed end
function metrics.is_won(deal) return stage(deal).won end

-- A late-stage deal is an open deal in a late stage.
function metrics.is_late(deal)
  local s = stage(deal)
  return s.late and not s.closed
end

-- The manager is the owner, or on the deal in any role.
function metrics.is_involved(person, deal)
  if deal.owner_id == person.id then return true end
  for _, member in ipairs(deal.members) do
    if member.person_id == person.id then return true end
  end
  return false
end

-- numerator / denominator, and 0 when there is nothing to divide by.
function metrics.ratio(numerator, denominator)
  if denominator == 0 then return 0 end
  return numerator / denominator
end

-- The ids of a list of records, sorted, for evidence.
function metrics.ids(records)
  local ids = {}
  for i, record in ipairs(records) do ids[i] = record.id end
  table.sort(ids)
  return ids
end

-- team(m): the teams whose manager_id is m.
function metrics.teams(manager)
  return ladder.index.teams_by_manager[manager.id] or {}
end

-- Every deal booked to team(m) (own deals only, not sub-teams').
function metrics.team_deals(manager)
  local deals = {}
  for _, team in ipairs(metrics.teams(manager)) do
    for _, deal in ipairs(ladder.index.deals_by_team[team.id] or {}) do
      deals[#deals + 1] = deal
    end
  end
  return deals
end

-- late_deals(team(m)): open deals of the manager's teams in a late stage.
function metrics.late_deals(manager)
  local late = {}
  for _, deal in ipairs(metrics.team_deals(manager)) do
    if metrics.is_late(deal) then late[#late + 1] = deal end
  end
  return late
end

-- late_stage_share(m): share of late_deals(team(m)) that m owns.
-- Returns the share, the deals m owns, and all the late deals.
function metrics.late_stage_share(manager)
  local late, owned = metrics.late_deals(manager), {}
  for _, deal in ipairs(late) do
    if deal.owner_id == manager.id then owned[#owned + 1] = deal end
  end
  return metrics.ratio(#owned, #late), owned, late
end

-- involvement(m, days): of the team's deals that are open, or closed within the last `days`
-- days, the share where m is the owner or a member in any role.
-- Returns the share, the deals m is involved in, and the deals in the window.
function metrics.involvement(manager, days)
  local window, involved = {}, {}
  for _, deal in ipairs(metrics.team_deals(manager)) do
    local counts = metrics.is_open(deal)
      or (deal.close_date ~= nil and dates.within(deal.close_date, ladder.as_of, days))
    if counts then
      window[#window + 1] = deal
      if metrics.is_involved(manager, deal) then involved[#involved + 1] = deal end
    end
  end
  return metrics.ratio(#involved, #window), involved, window
end

return metrics

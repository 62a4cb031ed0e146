-- The metrics of docs/core-pack.md, in one place for every rule of the pack (ctx.metrics).
-- Each function takes snapshot records (a manager is a person) and returns numbers plus the
-- records behind them, so rules can cite their evidence.

local ladder = require("ladder")
local dates = require("lib.dates")

local metrics = {}

-- A Lua state serves one snapshot: its indexes and its date are read once, here.
local index = ladder.index
local as_of = ladder.as_of
local as_of_day = dates.day_number(as_of)
local NONE = {}

-- A deal's stage flags, read from the snapshot once per stage name: every deal asks.
local stage_flags = {}

local function stage(deal)
  local name = deal.stage
  local flags = stage_flags[name]
  if flags == nil then
    local s = index.stages_by_name[name]
    flags = { closed = s.closed, won = s.won, late = s.late }
    stage_flags[name] = flags
  end
  return flags
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
  local id = person.id
  if deal.owner_id == id then return true end
  for _, member in ipairs(deal.members) do
    if member.person_id == id then return true end
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
  return index.teams_by_manager[manager.id] or {}
end

-- The deals of team(m) (own deals only, not sub-teams') for which keep(deal) is true, in
-- order; every deal when keep is nil: one pass over the teams' deals, keeping only those a
-- metric needs.
local function team_deals_where(manager, keep)
  local deals, n = {}, 0
  for _, team in ipairs(metrics.teams(manager)) do
    for _, deal in ipairs(index.deals_by_team[team.id] or NONE) do
      if keep == nil or keep(deal) then
        n = n + 1
        deals[n] = deal
      end
    end
  end
  return deals
end

-- Every deal booked to team(m) (own deals only, not sub-teams').
function metrics.team_deals(manager)
  return team_deals_where(manager)
end

-- late_deals(team(m)): open deals of the manager's teams in a late stage.
function metrics.late_deals(manager)
  return team_deals_where(manager, metrics.is_late)
end

-- late_stage_share(m): share of late_deals(team(m)) that m owns.
-- Returns the share, the deals m owns, and all the late deals.
function metrics.late_stage_share(manager)
  local late, owned, me = metrics.late_deals(manager), {}, manager.id
  for _, deal in ipairs(late) do
    if deal.owner_id == me then owned[#owned + 1] = deal end
  end
  return metrics.ratio(#owned, #late), owned, late
end

-- involvement(m, days): of the team's deals that are open, or closed within the last `days`
-- days, the share where m is the owner or a member in any role.
-- Returns the share, the deals m is involved in, and the deals in the window.
function metrics.involvement(manager, days)
  local window = team_deals_where(manager, function(deal)
    if metrics.is_open(deal) then return true end
    local closed = deal.close_date
    return closed ~= nil and dates.within(closed, as_of, days)
  end)
  local involved = {}
  for _, deal in ipairs(window) do
    if metrics.is_involved(manager, deal) then involved[#involved + 1] = deal end
  end
  return metrics.ratio(#involved, #window), involved, window
end

-- Periods -----------------------------------------------------------------------------------

-- The closed periods (ended on or before as_of), oldest first.
function metrics.closed_periods()
  return index.closed_periods
end

-- The last n closed periods, oldest first (fewer when the snapshot has fewer).
function metrics.last_closed_periods(n)
  local closed, last = metrics.closed_periods(), {}
  for i = math.max(1, #closed - n + 1), #closed do last[#last + 1] = closed[i] end
  return last
end

-- The last n closed periods that ended before `date`, oldest first.
function metrics.closed_periods_before(date, n)
  local before = {}
  for _, period in ipairs(metrics.closed_periods()) do
    if period["end"] < date then before[#before + 1] = period end
  end
  local last = {}
  for i = math.max(1, #before - n + 1), #before do last[#last + 1] = before[i] end
  return last
end

local function in_period(date, period)
  return date ~= nil and date >= period.start and date <= period["end"]
end

-- Quotas and bookings ---------------------------------------------------------------------------

-- The ramped quota (amount x ramp_factor) of a person in a period, or nil when there is none
-- ("has a quota in P" means a ramped quota above 0).
function metrics.quota(person, period)
  for _, quota in ipairs(index.quotas_by_person[person.id] or NONE) do
    if quota.period_id == period.id then
      local ramped = quota.amount * quota.ramp_factor
      if ramped > 0 then return ramped end
      return nil
    end
  end
  return nil
end

-- A person's won deals that closed by as_of, in deal order, read from the snapshot once per
-- person: each one's close date, amount and record, one after the other. The promotion gate and
-- the compensation weighting ask for the same people's bookings again and again.
local won_by = {}

local function won_deals(person)
  local won = won_by[person]
  if won == nil then
    won = {}
    for _, deal in ipairs(index.deals_by_owner[person.id] or NONE) do
      if metrics.is_won(deal) then
        local close = deal.close_date
        if close ~= nil and close <= as_of then
          won[#won + 1] = close
          won[#won + 1] = deal.amount
          won[#won + 1] = deal
        end
      end
    end
    won_by[person] = won
  end
  return won
end

-- bookings(p, P): won deals p owns, closing in P (and not after as_of).
function metrics.bookings(person, period)
  local total, deals = 0, {}
  local won, from, to = won_deals(person), period.start, period["end"]
  for i = 1, #won, 3 do
    local close = won[i]
    if close >= from and close <= to then
      total = total + won[i + 1]
      deals[#deals + 1] = won[i + 2]
    end
  end
  return total, deals
end

-- attainment(p, P): bookings / ramped quota; nil when p has no quota in P.
function metrics.attainment(person, period)
  local quota = metrics.quota(person, period)
  if quota == nil then return nil end
  return metrics.bookings(person, period) / quota
end

-- sustained(p, k, n, t): at least k of the last n closed periods with attainment >= t
-- (a period without a quota is a miss). Returns the verdict, the periods met, and the periods.
function metrics.sustained(person, k, n, t)
  local periods, met = metrics.last_closed_periods(n), 0
  for _, period in ipairs(periods) do
    local attainment = metrics.attainment(person, period)
    if attainment ~= nil and attainment >= t then met = met + 1 end
  end
  return met >= k, met, periods
end

-- Mean attainment over those of `periods` where it is defined; nil when it is defined in none.
function metrics.mean_attainment(person, periods)
  local sum, count = 0, 0
  for _, period in ipairs(periods) do
    local attainment = metrics.attainment(person, period)
    if attainment ~= nil then sum, count = sum + attainment, count + 1 end
  end
  if count == 0 then return nil end
  return sum / count
end

-- The manager's team ---------------------------------------------------------------------------

-- reports(m): active people whose manager_id is m, in snapshot order.
function metrics.reports(manager)
  local active = {}
  for _, person in ipairs(index.reports_by_manager[manager.id] or NONE) do
    if person.active then active[#active + 1] = person end
  end
  return active
end

-- team_people(t): the active people whose team_id is team t, in snapshot order (a manager is
-- among them when they belong to the team they lead).
function metrics.team_people(team)
  local active = {}
  for _, person in ipairs(index.people_by_team[team.id] or NONE) do
    if person.active then active[#active + 1] = person end
  end
  return active
end

-- The median of a list of numbers; nil for an empty list.
function metrics.median(values)
  if #values == 0 then return nil end
  local sorted = {}
  for i, value in ipairs(values) do sorted[i] = value end
  table.sort(sorted)
  local middle = (#sorted + 1) // 2
  if #sorted % 2 == 1 then return sorted[middle] end
  return (sorted[middle] + sorted[middle + 1]) / 2
end

-- team_median(t, figure): the median of figure(rep) over the team's active reps for whom it is
-- not nil. Returns the median (nil when no rep has one) and how many reps it is over.
function metrics.team_median(team, figure)
  local values = {}
  for _, person in ipairs(metrics.team_people(team)) do
    if person.role == "rep" then
      local value = figure(person)
      if value ~= nil then values[#values + 1] = value end
    end
  end
  return metrics.median(values), #values
end

-- team_attainment(m, P): bookings over ramped quota of the reports with a quota in P
-- (deals m owns do not count). Returns the ratio (nil when no report has a quota) and the totals.
function metrics.team_attainment(manager, period)
  local total, quota = 0, 0
  for _, person in ipairs(metrics.reports(manager)) do
    local q = metrics.quota(person, period)
    if q ~= nil then
      total = total + metrics.bookings(person, period)
      quota = quota + q
    end
  end
  if quota == 0 then return nil, total, quota end
  return total / quota, total, quota
end

-- team_bookings(m, periods): won deals booked to team(m) closing in any of the periods,
-- whoever owns them. Returns the total and the deals.
function metrics.team_bookings(manager, periods)
  local total, deals = 0, {}
  for _, deal in ipairs(metrics.team_deals(manager)) do
    if metrics.is_won(deal) and deal.close_date ~= nil and deal.close_date <= as_of then
      for _, period in ipairs(periods) do
        if in_period(deal.close_date, period) then
          total = total + deal.amount
          deals[#deals + 1] = deal
          break
        end
      end
    end
  end
  return total, deals
end

-- People who reported to m (active or not) with a voluntary exit dated from `from` to as_of,
-- each once, with their first such exit.
function metrics.exits(manager, from, regretted_only)
  local exits = {}
  for _, person in ipairs(index.reports_by_manager[manager.id] or NONE) do
    for _, event in ipairs(index.events_by_person[person.id] or NONE) do
      if event.kind == "voluntary_exit" and event.date >= from and event.date <= as_of
        and (event.regretted or not regretted_only) then
        exits[#exits + 1] = { person = person, event = event }
        break
      end
    end
  end
  return exits
end

-- retention(m, days): 1 - L / (|reports(m)| + L), L the voluntary exits of people who reported
-- to m within the last `days` days. Returns the ratio, the exits, and whether data was missing.
function metrics.retention(manager, days)
  local from = dates.add_days(as_of, -days)
  local leavers = metrics.exits(manager, from, false)
  local staying = #metrics.reports(manager)
  if staying + #leavers == 0 then return 1, leavers, true end
  return 1 - #leavers / (staying + #leavers), leavers, false
end

-- People -------------------------------------------------------------------------------------

-- months_in_role(p): completed calendar months from role_start_date to as_of; nil without one.
function metrics.months_in_role(person)
  if person.role_start_date == nil then return nil end
  return dates.completed_months(person.role_start_date, as_of)
end

-- The most recent assessment dated on or before as_of (a tie goes to the later one listed).
function metrics.latest_assessment(person)
  local latest
  for _, assessment in ipairs(index.assessments_by_person[person.id] or NONE) do
    if assessment.date <= as_of and (latest == nil or assessment.date >= latest.date) then
      latest = assessment
    end
  end
  return latest
end

-- Activities of `kinds` (a set: {mentoring = true}) owned by p within the last `days` days.
function metrics.activities(person, kinds, days)
  local found = {}
  for _, activity in ipairs(index.activities_by_owner[person.id] or NONE) do
    if kinds[activity.kind] and dates.within(activity.date, as_of, days) then
      found[#found + 1] = activity
    end
  end
  return found
end

-- A person is nominated by a promotion event after as_of, or by being listed in `nominees`.
function metrics.is_nominated(person, nominees)
  for _, id in ipairs(nominees) do
    if id == person.id then return true end
  end
  for _, event in ipairs(index.events_by_person[person.id] or NONE) do
    if event.kind == "promotion" and event.date > as_of then return true end
  end
  return false
end

-- Coaching and pipeline ------------------------------------------------------------------------

-- one_on_one_gap(m, r, window_days): the longest gap in days between consecutive points of the
-- window start, each one_on_one of m with r in the window, and as_of. The window starts at the
-- later of as_of - window_days and r's hire_date.
-- `kinds` (a set, default { one_on_one = true }) says which activities count as meetings.
function metrics.one_on_one_gap(manager, report, window_days, kinds)
  kinds = kinds or { one_on_one = true }
  local start = dates.add_days(as_of, -window_days)
  if report.hire_date ~= nil and report.hire_date > start then start = report.hire_date end
  local points = { start }
  for _, activity in ipairs(index.activities_by_owner[manager.id] or NONE) do
    if kinds[activity.kind] and activity.date >= start and activity.date <= as_of then
      for _, id in ipairs(activity.with_ids) do
        if id == report.id then points[#points + 1] = activity.date break end
      end
    end
  end
  points[#points + 1] = as_of
  table.sort(points)
  local longest = 0
  for i = 2, #points do
    longest = math.max(longest, dates.days_between(points[i - 1], points[i]))
  end
  return longest
end

-- stalled(d): an open deal that entered its stage more than stall_days days before as_of.
-- (dates.days_between, with as_of's day number read once: every open deal asks.)
function metrics.is_stalled(deal, stall_days)
  local entered = deal.stage_entered_date
  return metrics.is_open(deal) and entered ~= nil and as_of_day - dates.day_number(entered) > stall_days
end

-- The open deals of team(m).
function metrics.open_deals(manager)
  return team_deals_where(manager, metrics.is_open)
end

-- stalled_share(m, stall_days): share of the open deals of team(m) that are stalled.
-- Returns the share, the stalled deals, and all the open deals.
function metrics.stalled_share(manager, stall_days)
  local open, stalled = metrics.open_deals(manager), {}
  for _, deal in ipairs(open) do
    if metrics.is_stalled(deal, stall_days) then stalled[#stalled + 1] = deal end
  end
  return metrics.ratio(#stalled, #open), stalled, open
end

return metrics

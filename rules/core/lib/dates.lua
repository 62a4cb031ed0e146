-- Dates are text in the snapshot ("2026-06-30"), so they compare with < and >= as they are.
-- These helpers do the arithmetic the policies need.

local dates = {}

-- Days since 1970-01-01 for "YYYY-MM-DD" (proleptic Gregorian calendar), from the digits.
local function count_days(text)
  local y, m, d = text:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
  assert(y, "not a YYYY-MM-DD date: " .. tostring(text))
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

-- Day numbers already worked out, by date: a snapshot's deals share a few hundred dates, and
-- reading a date's digits costs thirty times as much as looking it up.
local known = {}

-- Days since 1970-01-01 for "YYYY-MM-DD".
function dates.day_number(text)
  local day = known[text]
  if day == nil then
    day = count_days(text)
    known[text] = day
  end
  return day
end

-- Days from `earlier` to `later` (negative when `later` comes first).
function dates.days_between(earlier, later)
  return dates.day_number(later) - dates.day_number(earlier)
end

-- "Within the last N days" of docs/core-pack.md: 0 <= as_of - date <= N, both ends included.
function dates.within(date, as_of, days)
  local age = dates.days_between(date, as_of)
  return age >= 0 and age <= days
end

-- "YYYY-MM-DD" for a day number (the inverse of day_number).
function dates.from_day_number(days)
  local z = days + 719468
  local era = z // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400 + (m <= 2 and 1 or 0)
  return ("%04d-%02d-%02d"):format(y, m, d)
end

function dates.add_days(text, days)
  return dates.from_day_number(dates.day_number(text) + days)
end

local function days_in_month(y, m)
  if m == 2 then
    return (y % 4 == 0 and y % 100 ~= 0 or y % 400 == 0) and 29 or 28
  end
  return ({ 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 })[m]
end

-- Completed calendar months from `from` to `to`: a month completes on the same day of the
-- month, or on the month's last day when that day does not exist (Jan 31 -> Feb 28).
function dates.completed_months(from, to)
  local fy, fm, fd = from:match("^(%d+)-(%d+)-(%d+)$")
  local ty, tm, td = to:match("^(%d+)-(%d+)-(%d+)$")
  fy, fm, fd, ty, tm, td = tonumber(fy), tonumber(fm), tonumber(fd), tonumber(ty), tonumber(tm), tonumber(td)
  local months = (ty - fy) * 12 + (tm - fm)
  if months <= 0 then return 0 end
  if td < math.min(fd, days_in_month(ty, tm)) then months = months - 1 end
  return months
end

return dates

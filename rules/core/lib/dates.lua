-- Dates are text in the snapshot ("2026-06-30"), so they compare with < and >= as they are.
-- These helpers do the arithmetic the policies need.

local dates = {}

-- Days since 1970-01-01 for "YYYY-MM-DD" (proleptic Gregorian calendar).
function dates.day_number(text)
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

-- Days from `earlier` to `later` (negative when `later` comes first).
function dates.days_between(earlier, later)
  return dates.day_number(later) - dates.day_number(earlier)
end

-- "Within the last N days" of core-pack.md: 0 <= as_of - date <= N, both ends included.
function dates.within(date, as_of, days)
  local age = dates.days_between(date, as_of)
  return age >= 0 and age <= days
end

return dates

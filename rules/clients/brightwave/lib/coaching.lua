-- Brightwave's coaching measures, beside core's lib.metrics (require finds both).
local ladder = require("ladder")
local dates = require("lib.dates")

local coaching = {}

-- Kinds of activity that count as time with the manager.
coaching.kinds = { one_on_one = true, coaching = true }

-- The longest stretch in days, in the window, between the window's start, each 1-on-1 or
-- coaching session the manager held with the report, and as_of.
function coaching.longest_gap(manager, report, window_days)
  local start = dates.add_days(ladder.as_of, -window_days)
  if report.hire_date ~= nil and report.hire_date > start then start = report.hire_date end
  local points = { start, ladder.as_of }
  for _, activity in ipairs(ladder.index.activities_by_owner[manager.id] or {}) do
    if coaching.kinds[activity.kind] and activity.date >= start and activity.date <= ladder.as_of then
      for _, id in ipairs(activity.with_ids) do
        if id == report.id then points[#points + 1] = activity.date end
      end
    end
  end
  table.sort(points)
  local longest = 0
  for i = 2, #points do
    longest = math.max(longest, dates.days_between(points[i - 1], points[i]))
  end
  return longest
end

return coaching

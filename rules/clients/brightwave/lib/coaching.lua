-- Brightwave's coaching measures, beside core's lib.metrics (require finds both).
local metrics = require("lib.metrics")

local coaching = {}

-- Kinds of activity that count as time with the manager at Brightwave.
coaching.kinds = { one_on_one = true, coaching = true }

-- The longest stretch in days, in the window, a report went without a 1-on-1 or a coaching
-- session with the manager.
function coaching.longest_gap(manager, report, window_days)
  return metrics.one_on_one_gap(manager, report, window_days, coaching.kinds)
end

return coaching

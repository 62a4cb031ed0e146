-- Numbers for messages. A message rounds for reading, but never so that it contradicts the
-- verdict: 0.2004 against a 0.20 limit reads "20.04%", never "20.0%, above the 20% limit".

local format = {}

local function trimmed(text)
  if text:find("%.") then text = text:gsub("0+$", ""):gsub("%.$", "") end
  return text
end

-- 0.2 -> "20%", 0.125 -> "12.5%" (for limits and other round figures).
function format.percent(ratio)
  return trimmed(("%.4f"):format(ratio * 100)) .. "%"
end

-- A measured share with one decimal, or as many more as it takes to differ from `limit`.
function format.share(ratio, limit)
  local text
  for decimals = 1, 6 do
    text = ("%." .. decimals .. "f"):format(ratio * 100)
    if limit == nil or ratio == limit or tonumber(text) ~= limit * 100 then break end
  end
  return text .. "%"
end

-- 3.5 -> "3.5", 4 -> "4", 3.25 -> "3.25": scores and other plain numbers.
function format.number(value)
  return trimmed(("%.2f"):format(value))
end

-- "above", "at" or "below", the word for a value against a limit.
function format.against(value, limit)
  if value > limit then return "above" elseif value == limit then return "at" else return "below" end
end

-- 1680000 -> "1,680,000"; money is rounded to whole units for reading only. %.0f, not %d:
-- an amount too large for an integer (9.3e18) still reads as its digits.
function format.money(amount)
  local text = ("%.0f"):format(math.floor(amount + 0.5))
  local grouped = text:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (grouped:gsub("^,", ""):gsub("^%-,", "-"))
end

return format

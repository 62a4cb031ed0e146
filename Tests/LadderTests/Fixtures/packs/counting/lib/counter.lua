-- Counts calls within one Lua state: modules load once per state.
local runs = 0
return {
  bump = function() runs = runs + 1 end,
  runs = function() return runs end,
}

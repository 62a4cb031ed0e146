-- Promotion gate: is this rep ready to lead, better kept on the producer track, or not yet?
-- Track record, leadership indicators, leadership experience and interest in managing
-- (docs/core-pack.md, "Promotion gate"; the indicators are from "The Promotion That Destroys Teams").

local format = require("lib.format")

local INDICATORS = { "mentorship", "systems_thinking", "emotional_regulation", "curiosity" }
local LEADING = { mentoring = true, led_project = true }
local PEER = { peer_assist = true, lead_shared = true }

-- The four indicators of the latest assessment: do they pass, and what is missing or low.
local function indicators(assessment, p)
  if assessment == nil then return false, { "no leadership assessment on file" }, "no assessment" end
  local gaps, sum, complete = {}, 0, true
  for _, name in ipairs(INDICATORS) do
    local score = assessment.scores[name]
    local label = name:gsub("_", " ")
    if score == nil then
      complete = false
      gaps[#gaps + 1] = ("%s not assessed"):format(label)
    else
      sum = sum + score
      if score < p.indicator_min then
        gaps[#gaps + 1] = ("%s %s, below %s"):format(label, format.number(score), format.number(p.indicator_min))
      end
    end
  end
  local mean = sum / #INDICATORS
  if complete and mean < p.indicator_mean_min then
    gaps[#gaps + 1] = ("indicator mean %s, below %s"):format(format.number(mean), format.number(p.indicator_mean_min))
  end
  local detail = complete and ("mean %s"):format(format.number(mean)) or "incomplete"
  return #gaps == 0, gaps, detail
end

return {
  id = "promotion.gate",
  title = "Promotion gate: ready to lead?",
  kind = "gate",
  subject = "rep",
  outcomes = { "ready", "develop", "not_yet", "producer_track" },
  description = "Track record, leadership indicators, leadership experience and management interest.",

  evaluate = function(rep, ctx)
    local p, m = ctx.params, ctx.metrics

    local track_ok, met, periods = m.sustained(rep, p.track_k, p.track_n, p.track_t)
    local assessment = m.latest_assessment(rep)
    local indicators_ok, gaps, indicator_detail = indicators(assessment, p)

    local interest = assessment and assessment.scores.management_interest
    local interest_ok = interest ~= nil and interest >= p.management_interest_min
    local interest_gap
    if assessment == nil then
      interest_gap = nil  -- already said: no assessment on file
    elseif interest == nil then
      interest_gap = "management interest not assessed"
    elseif not interest_ok then
      interest_gap = ("management interest %s, below %s")
        :format(format.number(interest), format.number(p.management_interest_min))
    end

    local leading = m.activities(rep, LEADING, p.experience_days)
    local peer = m.activities(rep, PEER, p.experience_days)
    local experience_ok = #leading >= 1 or #peer >= p.experience_peer_min

    local elite = m.mean_attainment(rep, m.last_closed_periods(p.elite_periods))
    local is_elite = elite ~= nil and elite >= p.elite_attainment

    local conditions = {
      { name = "track_record", passed = track_ok,
        detail = ("%d of the last %d closed periods at %s of quota or more (needs %d)")
          :format(met, #periods, format.percent(p.track_t), p.track_k) },
      { name = "leadership_indicators", passed = indicators_ok, detail = indicator_detail },
      { name = "leadership_experience", passed = experience_ok,
        detail = ("%d mentoring or led projects, %d peer assists or shared leads in %d days")
          :format(#leading, #peer, p.experience_days) },
      { name = "management_interest", passed = interest_ok,
        detail = interest and format.number(interest) or "not assessed" },
    }

    local outcome, reasons
    local low_interest = interest ~= nil and interest < p.management_interest_min
    if is_elite and assessment ~= nil and (not indicators_ok or low_interest) then
      outcome = "producer_track"
      reasons = { ("elite producer: mean attainment %s over the last %d closed periods")
        :format(format.percent(elite), p.elite_periods) .. "; keep on the producer track" }
      for _, gap in ipairs(gaps) do reasons[#reasons + 1] = gap end
      if interest_gap then reasons[#reasons + 1] = interest_gap end
    elseif not track_ok then
      outcome = "not_yet"
      reasons = { ("track record: %d of the last %d closed periods at %s of quota or more, needs %d")
        :format(met, #periods, format.percent(p.track_t), p.track_k) }
    elseif indicators_ok and experience_ok and interest_ok then
      outcome = "ready"
      reasons = {}
    else
      outcome = "develop"
      reasons = {}
      for _, gap in ipairs(gaps) do reasons[#reasons + 1] = gap end
      if not experience_ok then
        reasons[#reasons + 1] = ("no leadership experience in the last %d days: mentor someone or lead a project"
          .. " (or %d peer assists or shared leads)"):format(p.experience_days, p.experience_peer_min)
      end
      if interest_gap then reasons[#reasons + 1] = interest_gap end
    end

    local result = { outcome = outcome, reasons = reasons, conditions = conditions }
    local nominated = m.is_nominated(rep, p.nominees)
    if nominated and outcome ~= "ready" then
      result.exposure = p.failure_rate * p.failed_promotion_cost
    end

    local evidence = m.ids(periods)
    if assessment then evidence[#evidence + 1] = "assessment " .. assessment.date end
    result.evidence = evidence

    local summary = {
      ready = "is ready for a management role",
      develop = "has the track record but needs development before leading",
      not_yet = "does not yet have the track record",
      producer_track = "is an elite producer who should stay on the producer track",
    }
    result.message = ("%s %s"):format(rep.name, summary[outcome])
    if result.exposure then
      result.message = result.message .. ("; as a nominee, promoting now risks %s (%s x %s)")
        :format(format.money(result.exposure), format.percent(p.failure_rate), format.money(p.failed_promotion_cost))
    end
    return result
  end,

  -- what to do, by outcome
  action = {
    ready = "Consider {subject} for the next management opening",
    develop = "Agree a development plan with {subject}: {reasons}",
    not_yet = "Keep developing {subject} as a rep and look again after more closed periods",
    producer_track = "Keep {subject} on the producer track, recognised and paid as a top producer; do not promote",
  },
}

#!/usr/bin/env bash
# Ladder against the reference (reference.lua: lua5.4 + lua-cjson) on the same synthetic
# snapshot, in the same run; reports the ratio. Needs a release build, hyperfine, lua-cjson.
# usage: bash benchmarks/run.sh [MANAGERS REPS_PER_MANAGER DEALS_PER_REP]
set -euo pipefail
cd "$(dirname "$0")/.."
managers=${1:-500} reps=${2:-8} deals=${3:-50}
for pkg in hyperfine lua5.4 lua-cjson; do
  dpkg -s "$pkg" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$pkg" >/dev/null; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benchmarks/make_snapshot.py "$managers" "$reps" "$deals" "$work/snapshot.json"
echo "snapshot: $managers managers, $((managers * reps)) reps, $((managers * reps * deals)) deals, $(du -h "$work/snapshot.json" | cut -f1)"
hyperfine --warmup 1 --runs 5 --export-json "$work/times.json" \
  -n reference "lua5.4 benchmarks/reference.lua $work/snapshot.json" \
  -n ladder ".build/release/ladder evaluate --pack rules/core $work/snapshot.json --rule hero.late_stage_ownership --rule hero.involvement --format json --output $work/report.json"
python3 - "$work/times.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"ladder / reference = {r['ladder'] / r['reference']:.2f} (medians {r['ladder']:.3f} s vs {r['reference']:.3f} s)")
PY

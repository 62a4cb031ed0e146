#!/usr/bin/env bash
# Ladder against the reference (reference.lua: lua5.4 + lua-cjson) on the same synthetic
# snapshots, in the same run (benchmarks/bench.py): wall time, peak memory, the flagged
# managers compared, and the ratios of docs/performance.md. Needs a release build.
# usage: bash benchmarks/run.sh [SIZES] [RUNS]   e.g. bash benchmarks/run.sh 1000,5000 3
set -euo pipefail
cd "$(dirname "$0")/.."
for pkg in lua5.4 lua-cjson; do
  dpkg -s "$pkg" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$pkg" >/dev/null; }
done
test -x .build/release/ladder || { echo "no release build: run make release first" >&2; exit 2; }
python3 benchmarks/bench.py --sizes "${1:-1000}" --runs "${2:-3}"

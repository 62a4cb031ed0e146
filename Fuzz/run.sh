#!/usr/bin/env bash
# Runs the libFuzzer targets Fuzz/build.sh built (docs/fuzzing.md), each seeded from the
# repository's own files. `run.sh smoke` runs each for a few seconds; `run.sh N` for N inputs.
# A crash, a leak or a sanitizer report stops with the input in .build-fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=.build-fuzz
mode=${1:-smoke}
seed() {  # name, files...
    local name=$1; shift
    mkdir -p "$SCRATCH/corpus-$name"
    local i=0
    for f in "$@"; do cp "$f" "$SCRATCH/corpus-$name/seed-$i"; i=$((i + 1)); done
}
seed snapshot examples/*/snapshot.json
seed manifest rules/core/pack.yaml rules/clients/*/pack.yaml
seed packtests rules/core/tests/*.yaml rules/clients/*/tests/*.yaml
seed bridge rules/core/lib/format.lua
# The import target's first byte picks the kind of file (Fuzz/import.swift): 4 is deals.
mkdir -p "$SCRATCH/corpus-import"
i=0
for f in examples/crm/*/*.csv; do { printf '\004'; cat "$f"; } > "$SCRATCH/corpus-import/seed-$i"; i=$((i + 1)); done
for name in snapshot manifest packtests bridge import; do
    if [ "$mode" = smoke ]; then limit=(-max_total_time=5); else limit=(-runs="$mode"); fi
    echo "fuzz-$name: ${limit[*]}"
    status=0
    "$SCRATCH/fuzz-$name" "${limit[@]}" -max_len=4096 -print_final_stats=1 -artifact_prefix="$SCRATCH/crash-$name-" \
        "$SCRATCH/corpus-$name" > "$SCRATCH/fuzz-$name.log" 2>&1 || status=$?
    grep -E "^Done|ERROR|SUMMARY" "$SCRATCH/fuzz-$name.log" || true
    if [ "$status" -ne 0 ]; then tail -40 "$SCRATCH/fuzz-$name.log"; exit 1; fi
done

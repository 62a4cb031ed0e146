"""Ladder against the reference (reference.lua: lua5.4 + lua-cjson) on the same synthetic
snapshots, in the same run: wall time and peak memory of each, the same flagged managers, and
the ratios issue 11 sets as goals. Timings are medians of --runs runs, taken in rounds (each
command once per round); memory is the largest peak resident set of those runs (wait4's ru_maxrss).

usage: python3 benchmarks/bench.py [--sizes 1000,5000] [--runs 3] [--ladder .build/release/ladder]
A size is a number of managers, each leading 8 reps with 50 deals each (1000 -> 400,000 deals).
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

REPS, DEALS = 8, 50
HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(command):
    """Wall seconds and peak RSS (MiB) of one run of `command`, and its standard output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        child = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # reaped here: its own rusage, not a sum
        wall = time.monotonic() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{err.read().decode()[-2000:]}")
        out.seek(0)
        return wall, usage.ru_maxrss / 1024, out.read()


def measure(commands, runs):
    """Per command: median wall seconds, largest peak RSS (MiB) and the last run's output.
    The commands take turns, one run each per round, so that a machine that speeds up or slows
    down during the batch moves every command's runs alike and the ratios hold."""
    walls, peaks, outs = {n: [] for n in commands}, {n: [] for n in commands}, {}
    for _ in range(runs):
        for name, command in commands.items():
            wall, peak, outs[name] = run_once(command)
            walls[name].append(wall)
            peaks[name].append(peak)
    return {n: (statistics.median(walls[n]), max(peaks[n]), outs[n]) for n in commands}


def flagged_by_ladder(report):
    results = json.load(open(report))["results"]
    return sorted(r["subject"]["id"] for r in results if r["rule"] == "hero.late_stage_ownership" and r["breached"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ladder", default=".build/release/ladder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = tempfile.mkdtemp(prefix="ladder-bench-")
    try:
        run(args, sizes, work)
    finally:
        shutil.rmtree(work)


def run(args, sizes, work):
    rows, per_deal, differ = [], {}, False
    for managers in sizes:
        snapshot = os.path.join(work, f"snapshot-{managers}.json")
        subprocess.run([sys.executable, os.path.join(HERE, "make_snapshot.py"), str(managers), str(REPS), str(DEALS), snapshot], check=True)
        deals = managers * REPS * DEALS
        size_mb = os.path.getsize(snapshot) / 1e6
        print(f"\n{managers} managers, {deals:,} deals, {size_mb:.0f} MB, {args.runs} runs each", flush=True)
        def ladder(report, *options):
            return [args.ladder, "evaluate", "--pack", os.path.join(HERE, "..", "rules", "core"), snapshot,
                    "--format", "json", "--output", os.path.join(work, report), *options]
        measured = measure({"reference": ["lua5.4", os.path.join(HERE, "reference.lua"), snapshot],
                            "hero": ladder("hero.json", "--rule", "hero.late_stage_ownership"),
                            "core1": ladder("core1.json", "--workers", "1"),
                            "core2": ladder("core2.json", "--workers", "2")}, args.runs)
        (ref_wall, ref_peak, ref_out), (hero_wall, hero_peak, _) = measured["reference"], measured["hero"]
        (core1_wall, core1_peak, _), (core2_wall, core2_peak, _) = measured["core1"], measured["core2"]
        reference_flags = ref_out.decode().split()
        ladder_flags = flagged_by_ladder(os.path.join(work, "hero.json"))
        same = reference_flags == ladder_flags
        per_deal[managers] = hero_wall / deals * 1e6
        print(f"  {'':34} {'wall s':>8} {'peak MiB':>9}")
        for name, wall, peak in [("reference (lua5.4 + lua-cjson, hero)", ref_wall, ref_peak),
                                 ("ladder, hero.late_stage_ownership", hero_wall, hero_peak),
                                 ("ladder, core pack, 1 worker", core1_wall, core1_peak),
                                 ("ladder, core pack, 2 workers", core2_wall, core2_peak)]:
            print(f"  {name:34} {wall:8.2f} {peak:9.0f}")
        print(f"  flagged managers: {len(ladder_flags)} by ladder, {len(reference_flags)} by the reference, "
              + ("identical" if same else "DIFFERENT"))
        rows += [(managers, "hero wall / reference wall", hero_wall / ref_wall, "<= 0.5"),
                 (managers, "hero peak memory / reference peak", hero_peak / ref_peak, "<= 1.0"),
                 (managers, "core pack (2 workers) wall / reference wall", core2_wall / ref_wall, "<= 1.0"),
                 (managers, "core pack: 1 worker wall / 2 workers wall", core1_wall / core2_wall, ">= 1.6"),
                 (managers, "hero cost per deal (µs)", per_deal[managers], "")]
        if not same:
            differ = True
            print(f"  reference only: {sorted(set(reference_flags) - set(ladder_flags))[:10]}")
            print(f"  ladder only: {sorted(set(ladder_flags) - set(reference_flags))[:10]}")
    print("\nratios (goal)")
    for managers, name, value, goal in rows:
        print(f"  {managers:>5} managers  {name:46} {value:8.2f}  {goal}")
    if len(sizes) > 1:
        costs = [per_deal[m] for m in sizes]
        print(f"  per-deal cost, largest size / smallest: {costs[-1] / costs[0]:.2f}  (goal <= 1.10: cost grows no faster than the deals)")
    if differ:
        sys.exit("ladder and the reference flagged different managers")


if __name__ == "__main__":
    main()

"""Full pain analysis for 3,000 runs: target < 1 s (DESIGN.md §7).

Builds ~11 years of simulated diary runs in code (:mod:`backstride.analysis.simulated`:
exponential pain onsets with known hazard ratios, one check-in a day), then measures, in
this process:

- the import of the analysis (lifelines, pandas, scipy), reported separately and *not*
  counted in the analysis time;
- ``analyse()`` end to end (Kaplan-Meier and log-rank for three splits, the Cox model with
  its Schoenfeld check, training load, morning trend, insight cards), first call and the
  median of repeats, plus its JSON serialisation;
- each part on its own;
- the baseline: the load-spike scan and the trailing-week distances as a plain per-run
  Python loop over earlier runs (``naive_spike_ids`` and a loop like it), against the
  vectorised versions analyse() uses, with the ratio; both must flag the same runs.

Times are printed, never asserted. Run: ``.venv/bin/python bench/analysis_bench.py
[--runs N] [--repeats K]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any


def _timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """(first call s, median of ``repeats`` further calls s, last result)."""
    start = time.perf_counter()
    result = fn()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return first, statistics.median(times) if times else first, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    import numpy as np

    from backstride.analysis import load, survival
    from backstride.analysis.overview import analyse, cox_for_runs
    from backstride.analysis.simulated import simulated_history

    import_s = time.perf_counter() - start
    print(
        f"import of the analysis (lifelines, pandas, scipy): {import_s * 1000:.0f} ms (not counted)"
    )

    start = time.perf_counter()
    runs, checkins = simulated_history(args.runs, start=datetime(2015, 1, 5, 7, tzinfo=UTC))
    now = runs[-1].start_utc + timedelta(hours=2)
    print(
        f"built {len(runs)} runs and {len(checkins)} check-ins in "
        f"{(time.perf_counter() - start) * 1000:.0f} ms (not counted)"
    )

    first, median, result = _timed(lambda: analyse(runs, checkins, now=now), args.repeats)
    _, json_median, text = _timed(lambda: json.dumps(result.as_json()), args.repeats)
    print(
        f"analyse(): first call {first * 1000:.0f} ms, median of {args.repeats} "
        f"{median * 1000:.0f} ms (target < 1000 ms); JSON {json_median * 1000:.0f} ms, "
        f"{len(text) / 1e6:.2f} MB"
    )
    print(
        f"  {result.n_diary_runs} diary runs, {result.n_pain_runs} with pain; "
        f"{len(result.load.spikes)} load spikes; Cox fitted={result.cox.fitted} on "
        f"{len(result.cox.covariates)} covariates; {len(result.insights)} cards"
    )

    diary = [r for r in runs if r.pain is not None]
    durations = np.array(
        [
            r.pain.onset_s if r.pain and r.pain.onset_s is not None else r.context.duration_s
            for r in diary
        ]
    )
    events = np.array([bool(r.pain and r.pain.had_pain) for r in diary])
    warm = np.array([(r.context.warmup_s or 0) >= 600 for r in diary])
    weekly = load.trailing_week_distance_m(runs)
    parts = {
        "KM + log-rank, warm-up split": lambda: survival.compare(
            durations, events, warm, name="w", yes_label="y", no_label="n"
        ),
        "Cox (6 covariates) + Schoenfeld test": lambda: cox_for_runs(diary, weekly),
        "load summary (weeks, spikes, ACWR)": lambda: load.load_summary(runs, now=now),
    }
    for name, fn in parts.items():
        _, part_median, _ = _timed(fn, args.repeats)
        print(f"  {name}: {part_median * 1000:.1f} ms")

    def fast_scan() -> tuple[list[str], dict[str, float]]:
        return [s.run_id for s in load.spikes(runs)], load.trailing_week_distance_m(runs)

    def naive_scan() -> tuple[list[str], dict[str, float]]:
        ordered = sorted(runs, key=lambda r: r.start_utc)
        week = timedelta(days=7)
        trailing = {
            run.run_id: sum(
                r.context.distance_m or 0.0
                for r in ordered
                if run.start_utc - week <= r.start_utc < run.start_utc
            )
            for run in ordered
        }
        return load.naive_spike_ids(runs), trailing

    _, fast_s, fast = _timed(fast_scan, args.repeats)
    _, naive_s, naive = _timed(naive_scan, 1)
    same = sorted(fast[0]) == sorted(naive[0]) and all(
        abs(fast[1][k] - naive[1][k]) < 1e-6 for k in fast[1]
    )
    print(
        f"load-spike scan + trailing-week distance: vectorised {fast_s * 1000:.1f} ms vs "
        f"per-run Python loop {naive_s * 1000:.0f} ms -> {naive_s / fast_s:.0f}x faster; "
        f"same results: {same}"
    )
    estimate = median - fast_s + naive_s
    print(
        f"analyse() with the per-run loop instead would take about {estimate * 1000:.0f} ms "
        f"-> {estimate / median:.1f}x the vectorised path"
    )


if __name__ == "__main__":
    main()

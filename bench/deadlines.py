"""Benchmark of the deadline engine: due-date computations per second in one process.

    .venv/bin/python bench/deadlines.py                 # 300,000 computations, 3 runs
    .venv/bin/python bench/deadlines.py --n 100000 --runs 5

Migrates a fresh SQLite database in a temporary directory (the seeded calendar overrides
and rule sets), builds a deterministic mix of computations (every step, receipt dates spread
over 2025–2027, remote and complexity variants, allowed extensions, some pauses), warms the
caches up, then times the mix ``--runs`` times and prints the median rate.  It also checks
that the timed runs made no database query, and times ``status()`` and a cold rebuild.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# The benchmarks run the embedded mode (no production secrets needed).
os.environ.setdefault("DANVAN_ENV", "development")

ROOT = Path(__file__).resolve().parent.parent


def setup(var_dir: str) -> None:
    os.environ["DANVAN_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(var_dir) / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "danvan.config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def workload(n: int, seed: int) -> list[tuple]:
    """``n`` argument tuples for ``compute_due``: (step, received_on, kwargs)."""
    from danvan.core import deadlines
    from danvan.core.deadline_models import Complexity

    rng = random.Random(seed)
    first = date(2025, 1, 1).toordinal()
    span = date(2027, 12, 31).toordinal() - first
    complexities = (
        [Complexity.NORMAL] * 6 + [Complexity.COMPLEX] * 3 + [Complexity.ESPECIALLY_COMPLEX]
    )
    steps = [info.step for info in deadlines.steps_in_force(date(2026, 7, 1))]
    cases = []
    for _ in range(n):
        step = rng.choice(steps)
        received_on = date.fromordinal(first + rng.randrange(span))
        complexity = rng.choice(complexities)
        rule = deadlines.rule_for(step, received_on)
        kwargs: dict = {"remote": rng.random() < 0.15, "complexity": complexity}
        allowed = rule.max_extensions_for(complexity)
        if allowed:
            kwargs["extensions"] = rng.randint(0, allowed)
        if rng.random() < 0.3:
            kwargs["start_on"] = received_on + timedelta(days=rng.randint(1, 12))
        if rng.random() < 0.05:
            paused_on = received_on + timedelta(days=rng.randint(1, 10))
            kwargs["pauses"] = (
                deadlines.Pause(
                    paused_on=paused_on, resumed_on=paused_on + timedelta(days=rng.randint(1, 20))
                ),
            )
        cases.append((step, received_on, kwargs))
    return cases


def time_runs(cases: list[tuple], runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danvan.core.deadlines import compute_due

    rates = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(runs):
            started = time.perf_counter()
            for step, received_on, kwargs in cases:
                compute_due(step, received_on, **kwargs)
            rates.append(len(cases) / (time.perf_counter() - started))
    return rates, len(queries.captured_queries)


def time_status(cases: list[tuple], runs: int) -> list[float]:
    from danvan.core.deadlines import compute_due, status

    dues = [compute_due(step, received_on, **kwargs) for step, received_on, kwargs in cases]
    ons = [deadline.received_on + timedelta(days=9) for deadline in dues]
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        for deadline, on in zip(dues, ons, strict=True):
            status(deadline, on=on)
        rates.append(len(dues) / (time.perf_counter() - started))
    return rates


def time_cold_build() -> tuple[float, float]:
    from danvan.core import deadlines, working_days

    deadlines.reset()
    started = time.perf_counter()
    working_days.get_calendar()
    calendar_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    deadlines.get_rule_book()
    rules_ms = (time.perf_counter() - started) * 1000
    return calendar_ms, rules_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300_000, help="computations per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="danvan-bench-deadlines-") as var_dir:
        setup(var_dir)
        calendar_ms, rules_ms = time_cold_build()
        cases = workload(args.n, args.seed)
        from danvan.core.deadlines import compute_due

        for step, received_on, kwargs in cases[:20_000]:  # warm-up
            compute_due(step, received_on, **kwargs)
        rates, query_count = time_runs(cases, args.runs)
        status_rates = time_status(cases[:100_000], args.runs)

        print(f"deadline engine: {args.n:,} mixed computations x {args.runs} runs (SQLite, seeded)")
        print(f"cold build: calendar {calendar_ms:.1f} ms, rules {rules_ms:.1f} ms")
        for i, rate in enumerate(rates, 1):
            print(f"  run {i}: {rate:,.0f} computations/s")
        print(f"compute_due median: {statistics.median(rates):,.0f} computations/s")
        print(f"database queries during the timed runs: {query_count}")
        print(f"status() median: {statistics.median(status_rates):,.0f} calls/s")


if __name__ == "__main__":
    main()

"""Benchmark of ``load_units``: the first load into an empty database, then two reloads.

    .venv/bin/python bench/units_load.py                       # fresh SQLite in a temp dir
    .venv/bin/python bench/units_load.py --postgres postgres://postgres@127.0.0.1:5432/test

With ``--postgres URL`` the script also creates a throwaway database ``danvan_bench`` on that
server (dropping any previous one), runs the same benchmark there in a child process, and
drops it at the end; the database named in the URL is only used to connect.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# The benchmarks run the embedded mode (no production secrets needed).
os.environ.setdefault("DANVAN_ENV", "development")

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "danvan_bench"


def run(database_url: str, var_dir: str, rounds: int) -> list[float]:
    """Migrate an empty database at ``database_url`` and time ``rounds`` loads."""
    os.environ["DANVAN_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from danvan.units.models import AdministrativeUnit, LegacySuccession, LegacyUnit
    from danvan.units.services import units_load

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"[{connection.vendor}] migrate: {time.perf_counter() - started:.2f} s")
    times = []
    for round_ in range(rounds):
        started = time.perf_counter()
        result = units_load(actor=None)
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        label = "first load" if round_ == 0 else f"reload {round_}"
        print(
            f"[{connection.vendor}] {label}: {elapsed:.2f} s "
            f"(created {result.created} units, {result.legacy_created} legacy, "
            f"{result.successions_created} successions; updated {result.updated})"
        )
    print(
        f"[{connection.vendor}] rows: {AdministrativeUnit.objects.count()} units, "
        f"{LegacyUnit.objects.count()} legacy units, "
        f"{LegacySuccession.objects.count()} successions"
    )
    return times


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def run_postgres(server_url: str, rounds: int) -> int:
    """Create ``danvan_bench`` on the server of ``server_url``, benchmark it, drop it."""
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    admin(f'CREATE DATABASE "{BENCH_DB}"')
    try:
        with tempfile.TemporaryDirectory(prefix="danvan-bench-") as var_dir:
            return subprocess.call(  # noqa: S603 - our own script, fixed arguments
                [
                    sys.executable,
                    __file__,
                    "--database-url",
                    _with_database(server_url, BENCH_DB),
                    "--var-dir",
                    var_dir,
                    "--rounds",
                    str(rounds),
                ]
            )
    finally:
        admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="loads to time (default 3)")
    parser.add_argument("--postgres", metavar="URL", help="also benchmark on this server")
    parser.add_argument("--database-url", help=argparse.SUPPRESS)  # child process
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.database_url:
        run(args.database_url, args.var_dir or tempfile.mkdtemp(), args.rounds)
        return 0

    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as var_dir:
        url = f"sqlite:///{Path(var_dir) / 'bench.sqlite3'}"
        # A child process each, so that every backend starts from a fresh Django setup.
        status = subprocess.call(  # noqa: S603 - our own script, fixed arguments
            [
                sys.executable,
                __file__,
                "--database-url",
                url,
                "--var-dir",
                var_dir,
                "--rounds",
                str(args.rounds),
            ]
        )
    if status == 0 and args.postgres:
        status = run_postgres(args.postgres, args.rounds)
    return status


if __name__ == "__main__":
    sys.exit(main())

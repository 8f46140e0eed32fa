"""Benchmark of the petitions app at a province's scale (issue 3).

    .venv/bin/python bench/petitions.py                        # SQLite, 1,000,000 petitions
    .venv/bin/python bench/petitions.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/petitions.py --postgres URL --open-share 1.0 \\
        --steps generate,sweep                                 # the "everything open" variant
    .venv/bin/python bench/petitions.py --backends pg --postgres URL --steps generate \
        --keep-database                                        # generate once, keep it, then
    .venv/bin/python bench/petitions.py --backends pg --postgres URL --steps worklist \
        --reuse-database --keep-database                       # measure again on the same rows

Each backend runs in a child process on a fresh throwaway database: SQLite in a temporary
directory; with ``--postgres URL`` a database ``danvan_bench_petitions`` created and dropped
on that server (the database named in the URL is only used to connect).  The child migrates,
loads the units and the demo province (Vĩnh Long: 124 communes, ~1,150 organizations,
officers per role), then:

1. generates ``--rows`` petitions with realistic distributions (``bench/petitions_data.py``)
   straight into the table: COPY on PostgreSQL (secondary indexes, the text ones included,
   dropped during the load and rebuilt after it, then VACUUM ANALYZE and ANALYZE),
   ``executemany`` batches on SQLite (indexes kept, no ANALYZE, as the app ships);
2. intake: ``--intake`` calls of ``services.petition_create`` in one process (mixed kinds,
   denunciations encrypted), per second and queries per intake;
3. the officer work list: ``selectors.petition_list_for`` with two filters and a search,
   first page of 25 and the count the list page's paginator runs, ``--samples`` per actor
   (a commune intake officer, the provincial mass-mobilization officer), under a 30 s
   statement timeout and at most ``--worklist-budget`` seconds per actor;
4. the organization overview (``selectors.petition_overview_for``), 20 runs per case, counted
   live; then, when the app has ``petitions.stats``, the refresh job and the overview again;
5. the daily deadline sweep (``notifications.sweep_deadlines``, forced, e-mails sent through
   Celery in eager mode to Django's locmem backend), then its idempotent rerun;
6. opt-in (``--steps …,experiments``, PostgreSQL): the work list's search written the ways a
   fix could write it, on the same sampled filters (``experiments``).

Slow queries are shown with EXPLAIN ANALYZE.  Results go to stdout and, with ``--out``, to a
JSON file; ``--floor FILE`` (the JSON of ``../shared/tools/perf_floor.py``, repeatable) adds
the app/floor ratios to the summary.  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# The benchmarks run the embedded mode (no production secrets needed).
os.environ.setdefault("DANVAN_ENV", "development")

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "danvan_bench_petitions"
TODAY = dt.date(2026, 11, 25)  # the end of the generated period; every measure uses it
STEPS = ("generate", "intake", "worklist", "overview", "sweep")  # and, opt-in: "experiments"
SEARCHES = [
    "sạt lở",
    "lấn chiếm",
    "ô nhiễm",
    "giấy chứng nhận",
    "bồi thường",
    "ngập",
    "hộ nghèo",
    "nợ lương",
    "xâm nhập mặn",
    "ranh giới",
    "karaoke",
    "trạm y tế",
    "lò gạch",
    "đất công",
    "heo",
    "cho vay nặng lãi",
]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def latency(samples_s: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "p50_ms": round(pct(ms, 50), 2),
        "p95_ms": round(pct(ms, 95), 2),
        "p99_ms": round(pct(ms, 99), 2),
        "max_ms": round(max(ms), 2),
    }


# --- the child: one backend --------------------------------------------------------------------


def setup(database_url: str, var_dir: str, *, reuse: bool = False) -> None:
    os.environ["DANVAN_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "danvan.config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The sweep's e-mails: Celery runs the send task in-process, to the locmem backend.
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.core.management import call_command

    if reuse:
        call_command("migrate", verbosity=0)  # only what the code added since the kept run
        log("reusing the kept database: no load, no generation")
        return
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("load_units", verbosity=0, stdout=devnull)
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", quiet_logins=True, verbosity=0, stdout=devnull)
    log(f"migrate + load_units + load_demo: {time.perf_counter() - started:.1f} s")


def source_snapshot() -> dict[str, Any]:
    """Import every module the benchmark measures now (the tree may change while it runs) and
    say which code it is: the commit, the files changed since, a hash of the sources."""
    import contextlib
    import hashlib
    import importlib

    for name in (
        "danvan.organizations.access",
        "danvan.petitions.selectors",
        "danvan.petitions.services",
        "danvan.petitions.notifications",
        "danvan.petitions.clocks",
        "danvan.petitions.stats",
    ):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "danvan").rglob("*.py")):
        digest.update(path.read_bytes())

    def git(*cmd: str) -> str:
        try:
            return subprocess.run(  # noqa: S603 - read-only git commands
                ["git", *cmd],  # noqa: S607
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
        except OSError:
            return ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed_files": git("status", "--short", "--", "src").splitlines(),
        "sources_sha256": digest.hexdigest()[:16],
    }


def build_context() -> Any:
    from petitions_data import Context

    from danvan.organizations.models import Membership, Organization
    from danvan.organizations.roles import RoleCode
    from danvan.units.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(code="86")
    communes = list(
        AdministrativeUnit.objects.communes()
        .filter(parent=province)
        .order_by("code")
        .values_list("id", "name", "kind", "code")
    )
    orgs = {o.code: o for o in Organization.objects.filter(code__startswith="86-")}
    commune_ubnd = {cid: orgs[f"86-{code}-ubnd"].pk for cid, _n, _k, code in communes}
    provincial = {
        code[3:]: o.pk
        for code, o in orgs.items()
        if code.count("-") >= 1 and o.unit_id == province.pk
    }
    officers: dict[str, dict[int, int]] = {
        RoleCode.INTAKE_OFFICER: {},
        RoleCode.HANDLING_OFFICER: {},
    }
    for org_id, role, user_id in Membership.objects.filter(
        role__code__in=list(officers), is_active=True
    ).values_list("organization_id", "role__code", "user_id"):
        officers[role].setdefault(org_id, user_id)
    return Context(
        communes=[(cid, name, kind) for cid, name, kind, _code in communes],
        commune_ubnd=commune_ubnd,
        provincial=provincial,
        org_names={o.pk: o.name for o in orgs.values()},
        intake_officer=officers[RoleCode.INTAKE_OFFICER],
        handling_officer=officers[RoleCode.HANDLING_OFFICER],
    )


class _Rows:
    def __init__(self, gen: Any, extra: list[str], defaults: list[Any]) -> None:
        self.gen, self.extra, self.defaults = gen, extra, tuple(defaults)

    def __call__(self, start: int, n: int) -> list[tuple[Any, ...]]:
        rows = self.gen.rows(start, n)
        return [r + self.defaults for r in rows] if self.defaults else rows


def adapt_to_schema(gen: Any, model: Any, columns: list[str]) -> _Rows:
    """The generator's rows, plus the default of any column added to the model since
    ``petitions_data.COLUMNS`` was written (the tree moves; a NOT NULL column with no plain
    default stops the benchmark)."""
    fields = {f.column: f for f in model._meta.concrete_fields if f.column != "id"}
    gone = set(columns) - set(fields)
    if gone:
        raise SystemExit(f"petitions_data.COLUMNS names columns the model no longer has: {gone}")
    extra, defaults = [], []
    for column, f in fields.items():
        if column in columns:
            continue
        if not f.has_default() and not f.null:
            raise SystemExit(f"new column {column} has no default: update petitions_data.py")
        extra.append(column)
        defaults.append(f.get_default())
        log(f"column {column} is not generated: every row gets its default {defaults[-1]!r}")
    return _Rows(gen, extra, defaults)


def generate(gen: Any, n: int, result: dict[str, Any]) -> None:
    from django.db import connection
    from petitions_data import COLUMNS

    from danvan.petitions.models import Petition

    rows_of = adapt_to_schema(gen, Petition, COLUMNS)
    columns = [*COLUMNS, *rows_of.extra]
    chunk = 20_000
    gen_s = 0.0
    out: dict[str, Any] = {"rows": n}
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        from petitions_data import copy_line

        with connection.cursor() as cur:
            cur.execute(
                """SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
                   JOIN pg_class i ON i.oid = x.indexrelid
                   WHERE x.indrelid = 'petitions_petition'::regclass
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                   ORDER BY i.relname"""
            )
            secondary = cur.fetchall()
            for name, _ddl in secondary:
                cur.execute(f'DROP INDEX "{name}"')
        out["indexes_dropped_during_load"] = [name for name, _ in secondary]
        raw = connection.connection  # psycopg 3, autocommit: one transaction per COPY chunk
        sql = f"COPY petitions_petition ({', '.join(columns)}) FROM STDIN"
        done = 0
        while done < n:
            k = min(chunk, n - done)
            g0 = time.perf_counter()
            buf = "".join(copy_line(r) for r in rows_of(done, k)).encode()
            gen_s += time.perf_counter() - g0
            with raw.cursor() as cur, cur.copy(sql) as copy:
                copy.write(buf)
            done += k
            if done % 200_000 == 0 or done == n:
                log(f"generated {done:,} ({done / (time.perf_counter() - started):,.0f} rows/s)")
        load_s = time.perf_counter() - started
        # Rebuild: the GIN trigram index in one session, the b-trees in another (2 cores).
        timings: dict[str, float] = {}
        url = os.environ["DATABASE_URL"]

        def build(ddls: list[tuple[str, str]]) -> None:
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("SET maintenance_work_mem = '1GB'")
                for name, ddl in ddls:
                    t0 = time.perf_counter()
                    conn.execute(ddl)
                    timings[name] = round(time.perf_counter() - t0, 2)

        t1 = time.perf_counter()
        gin = [(nm, d) for nm, d in secondary if "gin" in d.lower()]
        btrees = [(nm, d) for nm, d in secondary if "gin" not in d.lower()]
        thread = threading.Thread(target=build, args=(gin,))
        thread.start()
        build(btrees)
        thread.join()
        index_s = time.perf_counter() - t1
        log(f"indexes rebuilt in {index_s:.1f} s; VACUUM ANALYZE")
        t2 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("VACUUM (ANALYZE) petitions_petition")
            # The units, organizations and officers were loaded seconds ago: autovacuum has
            # not analysed them yet, as it would have on any running server.
            cur.execute("ANALYZE")
        vacuum_s = time.perf_counter() - t2
        with connection.cursor() as cur:
            cur.execute(
                "SELECT pg_relation_size('petitions_petition'), "
                "pg_total_relation_size('petitions_petition'), "
                "COALESCE(pg_relation_size(to_regclass('petition_search_gin')), 0)"
            )
            table, total, search_index = cur.fetchone()
        out.update(
            load_s=round(load_s, 1),
            of_which_python_s=round(gen_s, 1),
            load_rows_per_s=round(n / load_s),
            index_rebuild_s=round(index_s, 1),
            index_build_s=timings,
            vacuum_analyze_s=round(vacuum_s, 1),
            total_s=round(time.perf_counter() - started, 1),
            table_mib=round(table / 2**20),
            total_relation_mib=round(total / 2**20),
            search_index_mib=round(search_index / 2**20),
        )
    else:
        from django.db import transaction
        from petitions_data import sqlite_row

        sql = (
            f"INSERT INTO petitions_petition ({', '.join(columns)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        done = 0
        while done < n:
            k = min(chunk, n - done)
            g0 = time.perf_counter()
            rows = [sqlite_row(r) for r in rows_of(done, k)]
            gen_s += time.perf_counter() - g0
            with transaction.atomic(), connection.cursor() as cur:
                cur.executemany(sql, rows)
            done += k
            if done % 200_000 == 0 or done == n:
                log(f"generated {done:,} ({done / (time.perf_counter() - started):,.0f} rows/s)")
        load_s = time.perf_counter() - started
        size = Path(connection.settings_dict["NAME"]).stat().st_size
        out.update(
            load_s=round(load_s, 1),
            of_which_python_s=round(gen_s, 1),
            load_rows_per_s=round(n / load_s),
            total_s=round(load_s, 1),
            file_mib=round(size / 2**20),
            note="all indexes kept during the load; no ANALYZE (as the app ships)",
        )
    s = gen.stats
    out["distribution"] = {
        "kinds": dict(s.kinds.most_common()),
        "states": dict(s.states.most_common()),
        "fields": dict(s.fields.most_common()),
        "organizations": dict(s.org_types.most_common()),
        "flags": dict(s.flags.most_common()),
        "open": s.open,
        "open_with_running_clock": s.open_clocked,
        "overdue": s.overdue,
        "avg_content_chars": round(s.content_chars / max(s.rows, 1)),
        "busiest_commune_id": gen.busiest_commune,
    }
    log(
        f"generation: {n:,} rows in {out['total_s']} s "
        f"(load {out['load_rows_per_s']:,} rows/s, of which Python {out['of_which_python_s']} s)"
    )
    result["generate"] = out


def check_sample() -> dict[str, Any]:
    """The generated rows say what the app would have stored: search text and clock."""
    from danvan.petitions import clocks
    from danvan.petitions.enums import OPEN_STATES
    from danvan.petitions.models import Petition

    ids = list(Petition.objects.order_by("?").values_list("id", flat=True)[:500])
    bad_search = bad_clock = checked_clocks = 0
    for p in Petition.objects.filter(id__in=ids):
        if p.search_text != p.build_search_text():
            bad_search += 1
        if p.state in OPEN_STATES and p.clock_step:
            checked_clocks += 1
            due = p.due_on
            clocks.recompute(p)
            if p.due_on != due:
                bad_clock += 1
    return {
        "sampled": len(ids),
        "search_text_mismatches": bad_search,
        "clocks_checked": checked_clocks,
        "clock_mismatches": bad_clock,
    }


def intake(gen: Any, ctx: Any, n: int, result: dict[str, Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danvan.organizations import access
    from danvan.organizations.models import Organization, User
    from danvan.petitions import services
    from danvan.units.models import AdministrativeUnit

    rng = random.Random(17)
    communes = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=ctx.commune_ubnd)}
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=ctx.commune_ubnd.values())}
    users = {u.pk: u for u in User.objects.filter(pk__in=ctx.intake_officer.values())}
    for user in users.values():
        access.grants_of(user)  # a request loads them once; the service then reads the cache

    def make(i: int) -> tuple[Any, Any, Any]:
        commune_id = rng.choices(gen.commune_ids, cum_weights=gen.commune_cum)[0]
        org = orgs[ctx.commune_ubnd[commune_id]]
        actor = users[ctx.intake_officer[org.pk]]
        kind = rng.choices(["phan_anh", "kien_nghi", "khieu_nai", "to_cao"], [55, 25, 12, 8])[0]
        fld = rng.choices(gen.fields, cum_weights=gen.field_cum)[0]
        opener = rng.choice(gen.openers[(fld, commune_id)])
        content = " ".join([opener, *rng.sample(gen.follows[fld], 3)])
        anonymous = kind in ("phan_anh", "to_cao") and rng.random() < 0.05
        mass = not anonymous and rng.random() < 0.03
        petitioners = (
            []
            if anonymous
            else [
                services.PetitionerInput(
                    full_name=rng.choice(gen.people),
                    address=rng.choice(gen.addresses[commune_id]),
                    phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                    email=f"nguoidan{i}@example.vn" if rng.random() < 0.3 else "",
                    is_representative=mass,
                )
            ]
        )
        data = services.IntakeInput(
            kind=kind,
            channel=rng.choice(["in_person", "post", "portal", "phone", "voter_meeting"]),
            field=fld,
            subject=rng.choice(gen.subjects[(fld, commune_id)]),
            content=content,
            request=rng.choice(["", "Đề nghị xem xét, giải quyết dứt điểm."]),
            commune=communes[commune_id],
            received_on=TODAY - dt.timedelta(days=rng.randint(0, 3)),
            address_as_written=rng.choice(gen.addresses[commune_id]),
            petitioners=petitioners,
            petitioner_count=12 if mass else None,
            is_anonymous=anonymous,
            has_signature=not anonymous,
            complaint_round=1 if kind == "khieu_nai" else None,
            contested_decision=rng.choice(gen.decisions) if kind == "khieu_nai" else "",
            accused=rng.choice(gen.accused) if kind == "to_cao" else "",
            flags={"is_urgent": rng.random() < 0.02},
        )
        return actor, org, data

    warm = [make(i) for i in range(30)]
    timed = [make(i) for i in range(30, 30 + n)]
    counted = [make(i) for i in range(30 + n, 130 + n)]
    for actor, org, data in warm:
        services.petition_create(actor=actor, organization=org, data=data)
    started = time.perf_counter()
    per_call = []
    for actor, org, data in timed:
        t0 = time.perf_counter()
        services.petition_create(actor=actor, organization=org, data=data)
        per_call.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    by_kind: dict[str, list[int]] = {}
    with CaptureQueriesContext(connection) as captured:
        for actor, org, data in counted:
            before = len(captured.captured_queries)
            services.petition_create(actor=actor, organization=org, data=data)
            by_kind.setdefault(data.kind, []).append(len(captured.captured_queries) - before)
    per_last = by_kind[counted[-1][2].kind][-1]
    example = [q["sql"][:160] for q in captured.captured_queries[-per_last:]]
    out = {
        "calls": n,
        "seconds": round(elapsed, 2),
        "per_s": round(n / elapsed, 1),
        "latency": latency(per_call),
        "queries_per_intake": round(sum(map(sum, by_kind.values())) / len(counted), 2),
        "queries_by_kind": {k: round(statistics.mean(v), 2) for k, v in by_kind.items()},
        "last_intake_queries": example,
    }
    log(
        f"intake: {out['per_s']}/s over {n} calls, {out['queries_per_intake']} queries each "
        f"(p50 {out['latency']['p50_ms']} ms, p95 {out['latency']['p95_ms']} ms)"
    )
    result["intake"] = out


def explain(qs: Any) -> str:
    from django.db import OperationalError, connection

    if connection.vendor != "postgresql":
        return qs.explain()
    with connection.cursor() as cur:
        cur.execute("SET statement_timeout = '90s'")
    try:
        return qs.explain(analyze=True, buffers=True)
    except OperationalError:
        return "(EXPLAIN ANALYZE stopped after 90 s; the plan without ANALYZE:)\n" + qs.explain()
    finally:
        with connection.cursor() as cur:
            cur.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT_S}s'")


def explain_sql(sql: str) -> str:
    from django.db import OperationalError, connection

    with connection.cursor() as cur:
        if connection.vendor != "postgresql":
            cur.execute("EXPLAIN QUERY PLAN " + sql)
            return "\n".join(" | ".join(str(c) for c in row) for row in cur.fetchall())
        cur.execute("SHOW statement_timeout")
        before = cur.fetchone()[0]
        cur.execute("SET statement_timeout = '90s'")
        try:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            head = ""
        except OperationalError:
            cur.execute("EXPLAIN " + sql)
            head = "(EXPLAIN ANALYZE stopped after 90 s; the plan without ANALYZE:)\n"
        plan = head + "\n".join(row[0] for row in cur.fetchall())
        cur.execute(f"SET statement_timeout = '{before}'")
        return plan


def actors(ctx: Any, gen: Any) -> dict[str, Any]:
    from danvan.organizations import access
    from danvan.organizations.models import Membership, User
    from danvan.organizations.roles import RoleCode

    busy_org = ctx.commune_ubnd[gen.busiest_commune]
    commune_intake = User.objects.get(pk=ctx.intake_officer[busy_org])
    commune_head = (
        Membership.objects.filter(organization_id=busy_org, role__code=RoleCode.HEAD)
        .select_related("user")
        .first()
        .user
    )
    superuser = (
        User.objects.filter(username="bench.superuser").first()  # a reused database
        or User.objects.create_superuser("bench.superuser", "", None)
    )
    province_mm = User.objects.get(username="danvan.tinh")
    reception = User.objects.get(username="tiepdan.tinh")
    found = {
        "commune_intake": commune_intake,
        "commune_head": commune_head,
        "province_mass_mobilization": province_mm,
        "reception_intake": reception,
        "superuser": superuser,
    }
    for user in found.values():
        access.grants_of(user)
    return found


STATEMENT_TIMEOUT_S = 30


def guarded(run: Any, default: Any) -> tuple[Any, int]:
    """Run a query under the statement timeout (PostgreSQL); a timeout counts as its limit."""
    from django.db import OperationalError, connection

    if connection.vendor != "postgresql":
        return run(), 0
    try:
        return run(), 0
    except OperationalError as exc:
        if "statement timeout" not in str(exc):
            raise
        return default, 1


def worklist(
    ctx: Any, gen: Any, people: dict[str, Any], samples: int, result: dict, budget_s: float
) -> list[tuple[str, str, Any]]:
    from danvan.petitions.enums import Kind
    from danvan.petitions.models import Petition
    from danvan.petitions.selectors import PetitionFilters, petition_list_for

    rng = random.Random(23)
    kinds = [k.value for k in Kind]
    busy_org = ctx.commune_ubnd[gen.busiest_commune]
    codes = list(
        Petition.objects.filter(organization_id=busy_org)
        .order_by("?")
        .values_list("tracking_code", flat=True)[:50]
    )

    def filters() -> tuple[str, PetitionFilters]:
        kind = rng.choices(kinds, [55, 25, 12, 8])[0]
        word = rng.choice(codes) if rng.random() < 0.1 else rng.choice(SEARCHES)
        if rng.random() < 0.5:
            return "kind+open+search", PetitionFilters(
                kind=kind, state="open", search=word, today=TODAY
            )
        fld = rng.choices(gen.fields, cum_weights=gen.field_cum)[0]
        return "kind+field+search", PetitionFilters(kind=kind, field=fld, search=word, today=TODAY)

    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT_S}s'")
    out: dict[str, Any] = {
        "statement_timeout_s": STATEMENT_TIMEOUT_S,
        "time_budget_per_actor_s": budget_s,
    }
    slowest_list: tuple[float, Any, Any, str] | None = None
    slowest_count: tuple[float, Any, Any, str] | None = None
    all_list, all_count, all_page = [], [], []
    by_word: dict[str, list[float]] = {}
    taken: list[tuple[str, str, Any]] = []
    for who in ("commune_intake", "province_mass_mobilization"):
        actor = people[who]
        for _ in range(10):  # warm-up
            _v, f = filters()
            qs = petition_list_for(actor=actor, filters=f)
            list(qs[:25])
            qs.count()
        per_variant: dict[str, dict[str, list[float]]] = {}
        rows_returned = []
        mine: list[tuple[float, float, Any]] = []
        started = time.perf_counter()
        timeouts = 0
        for _ in range(samples):
            if time.perf_counter() - started > budget_s:
                break  # the remaining samples would take too long: report how many ran
            variant, f = filters()
            taken.append((who, variant, f))
            # As the list page runs it: the filtered list (its scope read first), the page's
            # paginator's count, then the first page's rows.
            t0 = time.perf_counter()
            paginator = page_paginator(petition_list_for(actor=actor, filters=f))
            count, timed_out2 = guarded(lambda p=paginator: p.count, 0)
            t1 = time.perf_counter()
            page, timed_out = guarded(lambda p=paginator: list(p.page(1).object_list), [])
            t2 = time.perf_counter()
            timeouts += timed_out + timed_out2
            rows_returned.append((len(page), count))
            mine.append((t2 - t1, t1 - t0, f))
            v = per_variant.setdefault(variant, {"list": [], "count": [], "page": []})
            v["list"].append(t2 - t1)
            v["count"].append(t1 - t0)
            v["page"].append(t2 - t0)
            all_list.append(t2 - t1)
            all_count.append(t1 - t0)
            all_page.append(t2 - t0)
            label = f"{who} {variant} {f.kind} {f.field or f.state} '{f.search}'"
            word = "<tracking code>" if f.search in codes else f.search
            by_word.setdefault(word, []).append(t2 - t0)
            if slowest_list is None or t1 - t0 > slowest_list[0]:
                slowest_list = (t1 - t0, actor, f, label)
            if slowest_count is None or t2 - t1 > slowest_count[0]:
                slowest_count = (t2 - t1, actor, f, label)
        lists = [x for v in per_variant.values() for x in v["list"]]
        counts = [x for v in per_variant.values() for x in v["count"]]
        pages = [x for v in per_variant.values() for x in v["page"]]
        out[who] = {
            "list_25": latency(lists),
            "count": latency(counts),
            "page_list_plus_count": latency(pages),
            "by_variant": {
                name: {k: latency(xs) for k, xs in v.items()} for name, v in per_variant.items()
            },
            "samples_run": len(mine),
            "statement_timeouts": timeouts,
            "avg_rows_on_page": round(statistics.mean(r[0] for r in rows_returned), 1),
            "avg_count": round(statistics.mean(r[1] for r in rows_returned)),
        }
        worst_list = max(mine, key=lambda m: m[0])
        worst_count = max(mine, key=lambda m: m[1])
        out[who]["slowest_list"] = {
            "ms": round(worst_list[0] * 1000, 1),
            "filters": describe(worst_list[2]),
            "plan": explain_page(petition_list_for(actor=actor, filters=worst_list[2])),
        }
        out[who]["slowest_count"] = {
            "ms": round(worst_count[1] * 1000, 1),
            "filters": describe(worst_count[2]),
            "plan": explain_sql_for_count(petition_list_for(actor=actor, filters=worst_count[2])),
            "paginator": page_paginator_name(),
        }
        log(
            f"work list {who}: list p50 {out[who]['list_25']['p50_ms']} / p95 "
            f"{out[who]['list_25']['p95_ms']} ms; count p50 {out[who]['count']['p50_ms']} / p95 "
            f"{out[who]['count']['p95_ms']} ms"
        )
    out["all"] = {
        "list_25": latency(all_list),
        "count": latency(all_count),
        "page_list_plus_count": latency(all_page),
    }
    assert slowest_list is not None
    assert slowest_count is not None
    for name, (secs, actor, f, label) in (("list", slowest_list), ("count", slowest_count)):
        qs = petition_list_for(actor=actor, filters=f)
        plan = explain(qs[:25]) if name == "list" else explain_sql_for_count(qs)
        out[f"slowest_{name}"] = {"ms": round(secs * 1000, 1), "what": label, "plan": plan}
    out["page_by_search"] = {
        w: {
            "n": len(xs),
            "p50_ms": round(pct(xs, 50) * 1000, 1),
            "max_ms": round(max(xs) * 1000, 1),
        }
        for w, xs in sorted(by_word.items(), key=lambda kv: -pct(kv[1], 50))
    }
    result["worklist"] = out
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("RESET statement_timeout")
    return taken


def page_paginator(qs: Any) -> Any:
    """The list page's paginator (capped, and choosing how to read the page, when the app
    has ``petitions.paging``)."""
    try:
        from danvan.petitions.paging import CappedPaginator as PagePaginator
    except ImportError:
        try:
            from danvan.petitions.views import CappedPaginator as PagePaginator
        except ImportError:
            from django.core.paginator import Paginator as PagePaginator
    return PagePaginator(qs, 25)


def explain_page(qs: Any) -> str:
    """The plan of the slowest query the first page's read runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    paginator = page_paginator(qs)
    paginator.count  # noqa: B018 - counted first, as the page does
    with CaptureQueriesContext(connection) as captured:
        list(paginator.page(1).object_list)
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    return explain_sql(slowest["sql"])


def page_count(qs: Any) -> int:
    """The count the list page runs: its paginator's (capped when the view caps it)."""
    return int(page_paginator(qs).count)


def describe(f: Any) -> str:
    return f"kind={f.kind} {'field=' + f.field if f.field else 'state=' + f.state} q='{f.search}'"


def scope_as_ids(actor: Any) -> Any:
    """The actor's view scope as plain id lists (what a fix of the scope filter could emit)."""
    from django.db.models import Q

    from danvan.organizations import access
    from danvan.organizations.models import Organization
    from danvan.units.models import AdministrativeUnit

    q = Q(pk__in=[])
    for grant in access.grants_of(actor):
        if "petitions.view_petition" not in grant.permissions:
            continue
        if grant.reach == "area":
            units = AdministrativeUnit.objects.filter(path__startswith=grant.unit_path)
            q |= Q(commune_id__in=list(units.values_list("id", flat=True)))
        else:
            orgs = Organization.objects.filter(path__startswith=grant.organization_path)
            q |= Q(organization_id__in=list(orgs.values_list("id", flat=True)))
    return q


def page_paginator_name() -> str:
    try:
        from danvan.petitions.views import CappedPaginator  # noqa: F401
    except ImportError:
        return "Paginator (exact count)"
    return "CappedPaginator (count capped)"


def explain_sql_for_count(qs: Any) -> str:
    """The plan of the count the list page runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        page_count(qs)
    return explain_sql(captured.captured_queries[-1]["sql"])


def overview(ctx: Any, gen: Any, people: dict[str, Any], runs: int, result: dict) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danvan.petitions.selectors import petition_overview_for

    busy_org = ctx.commune_ubnd[gen.busiest_commune]
    cases = {
        "busy commune UBND (its head)": (people["commune_head"], busy_org),
        "Ban Tiếp công dân tỉnh (its intake officer)": (
            people["reception_intake"],
            ctx.provincial["btcd"],
        ),
        "whole province (provincial mass-mobilization officer)": (
            people["province_mass_mobilization"],
            None,
        ),
    }
    out: dict[str, Any] = {}
    worst: tuple[float, str] | None = None
    for name, (actor, org_id) in cases.items():
        for _ in range(2):
            petition_overview_for(actor=actor, organization_id=org_id, today=TODAY)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            o = petition_overview_for(actor=actor, organization_id=org_id, today=TODAY)
            times.append(time.perf_counter() - t0)
        with CaptureQueriesContext(connection) as captured:
            petition_overview_for(actor=actor, organization_id=org_id, today=TODAY)
        queries = [(float(q["time"]), q["sql"]) for q in captured.captured_queries]
        out[name] = {
            **latency(times),
            "petitions": o.total,
            "open": o.open,
            "overdue": o.overdue,
            "queries": len(queries),
            "query_ms": [round(t * 1000, 1) for t, _ in queries],
        }
        log(f"overview {name}: p50 {out[name]['p50_ms']} ms, p95 {out[name]['p95_ms']} ms")
        p95 = out[name]["p95_ms"]
        if worst is None or p95 > worst[0]:
            worst = (p95, name)
            slowest_sql = max(q for q in queries if q[1].lstrip().upper().startswith("SELECT"))[1]
    assert worst is not None
    # What if: the province's figures without the join on the unit path (a superuser sees the
    # same rows: every generated petition is in the province).
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        petition_overview_for(actor=people["superuser"], today=TODAY)
        times.append(time.perf_counter() - t0)
    out["what_if_province_without_scope_join_ms"] = round(statistics.median(times) * 1000, 1)
    out["slowest_case"] = worst[1]
    out["slowest_case_slowest_query"] = slowest_sql
    out["slowest_case_plan"] = explain_sql(slowest_sql)
    try:
        from danvan.petitions.stats import petition_stats_refresh
    except ImportError:
        petition_stats_refresh = None
    if petition_stats_refresh is not None:
        # The overview reads precomputed counts once the periodic job has run: time the job,
        # then the overview again.
        out["counted_live_until_the_first_refresh"] = True
        refresh = []
        for _ in range(2):
            t0 = time.perf_counter()
            written = petition_stats_refresh(today=TODAY)
            refresh.append(time.perf_counter() - t0)
        out["stats_refresh_s"] = [round(x, 2) for x in refresh]
        out["stats_rows"] = written
        log(f"stats refresh (the job): {out['stats_refresh_s']} s, {written:,} rows")
        from_stats: dict[str, Any] = {}
        for name, (actor, org_id) in cases.items():
            petition_overview_for(actor=actor, organization_id=org_id, today=TODAY)
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                o = petition_overview_for(actor=actor, organization_id=org_id, today=TODAY)
                times.append(time.perf_counter() - t0)
            from_stats[name] = {**latency(times), "petitions": o.total, "overdue": o.overdue}
            log(f"overview from statistics {name}: p95 {from_stats[name]['p95_ms']} ms")
        out["from_statistics"] = from_stats
    result["overview"] = out


def experiments(
    people: dict[str, Any], taken: list[tuple[str, str, Any]], result: dict, budget_s: float
) -> None:
    """PostgreSQL only: the search written the ways a fix could write it, measured on this
    throwaway database with the same sampled filters (the app's code is not changed).  The
    scope is given as literal id lists; the words are matched whole (``plainto_tsquery``) or
    as prefixes (``w:*``, what the app does), through the app's full-text index when it has
    one (else one is built here)."""
    from dataclasses import replace

    from django.db import connection

    from danvan.core.text import fold
    from danvan.petitions.selectors import petition_list_for

    if connection.vendor != "postgresql":
        return
    out: dict[str, Any] = {}
    superuser = people["superuser"]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = 'petitions_petition'::regclass"
        )
        defs = [r[0] for r in cur.fetchall()]
    app_fts = any("to_tsvector" in d and "coalesce" in d.lower() for d in defs)
    vector = (
        "to_tsvector('simple'::regconfig, COALESCE(petitions_petition.search_text, ''::text))"
        if app_fts
        else "to_tsvector('simple', petitions_petition.search_text)"
    )
    if not app_fts:
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '1GB'")
            t0 = time.perf_counter()
            cur.execute(
                "CREATE INDEX bench_search_fts ON petitions_petition "
                "USING gin (to_tsvector('simple', search_text))"
            )
            out["index_build_s"] = round(time.perf_counter() - t0, 1)
            cur.execute("ANALYZE petitions_petition")
    out["uses_the_apps_fulltext_index"] = app_fts

    def words_query(text: str, prefix: bool) -> str:
        import re

        words = re.findall(r"[a-z0-9]+", fold(text))[:8]
        return " & ".join(f"{w}:*" if prefix else w for w in words)

    def build(who: str, f: Any, prefix: bool) -> Any:
        qs = petition_list_for(actor=superuser, filters=replace(f, search=""))
        qs = qs.filter(scope_as_ids(people[who]))
        where = f"{vector} @@ to_tsquery('simple', %s)"
        return qs.extra(where=[where], params=[words_query(f.search, prefix)])  # noqa: S610

    with connection.cursor() as cur:
        cur.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT_S}s'")
    # The app's own query with a larger work_mem: do exact (not lossy) bitmaps remove the
    # recheck cost?
    with connection.cursor() as cur:
        cur.execute("SET work_mem = '64MB'")
    for who in ("commune_intake", "province_mass_mobilization"):
        mine = [f for w, _v, f in taken if w == who]
        actor = people[who]
        lists, counts = [], []
        started = time.perf_counter()
        for f in mine:
            if time.perf_counter() - started > budget_s:
                break
            t0 = time.perf_counter()
            guarded(lambda f=f, a=actor: list(petition_list_for(actor=a, filters=f)[:25]), [])
            t1 = time.perf_counter()
            guarded(lambda f=f, a=actor: page_count(petition_list_for(actor=a, filters=f)), 0)
            t2 = time.perf_counter()
            lists.append(t1 - t0)
            counts.append(t2 - t1)
        out[f"app_query_work_mem_64MB_{who}"] = {
            "list_25": latency(lists),
            "count": latency(counts),
            "count_capped_at_1001": latency(counts),
            "statement_timeouts": 0,
        }
        log(
            f"experiment work_mem 64MB, the app's query, {who}: list p95 "
            f"{latency(lists)['p95_ms']} ms, page count p95 {latency(counts)['p95_ms']} ms "
            f"({len(lists)} samples)"
        )
    with connection.cursor() as cur:
        cur.execute("RESET work_mem")
    for prefix in (False,):
        label = "prefix_words" if prefix else "whole_words"
        for who in ("commune_intake", "province_mass_mobilization"):
            mine = [f for w, _v, f in taken if w == who]
            for f in mine[:5]:
                guarded(lambda f=f, who=who, p=prefix: list(build(who, f, p)[:25]), [])
            lists, counts, capped, worst = [], [], [], (0.0, mine[0])
            timeouts = 0
            started = time.perf_counter()
            for f in mine:
                if time.perf_counter() - started > budget_s:
                    break
                t0 = time.perf_counter()
                _r, a = guarded(lambda f=f, who=who, p=prefix: list(build(who, f, p)[:25]), [])
                t1 = time.perf_counter()
                _r, b = guarded(lambda f=f, who=who, p=prefix: build(who, f, p).count(), 0)
                t2 = time.perf_counter()
                # "more than 1,000": a count the pager could cap
                _r, c = guarded(lambda f=f, who=who, p=prefix: build(who, f, p)[:1001].count(), 0)
                t3 = time.perf_counter()
                timeouts += a + b + c
                lists.append(t1 - t0)
                counts.append(t2 - t1)
                capped.append(t3 - t2)
                if t2 - t0 > worst[0]:
                    worst = (t2 - t0, f)
            out[f"{label}_id_scope_{who}"] = {
                "list_25": latency(lists),
                "count": latency(counts),
                "count_capped_at_1001": latency(capped),
                "statement_timeouts": timeouts,
                "slowest_page": describe(worst[1]),
                "slowest_list_plan": explain(build(who, worst[1], prefix)[:25]),
            }
            log(
                f"experiment {label}, id scope, {who}: list p95 {latency(lists)['p95_ms']} ms, "
                f"count p95 {latency(counts)['p95_ms']} ms, capped count p95 "
                f"{latency(capped)['p95_ms']} ms ({len(lists)} samples, {timeouts} timeouts)"
            )
    with connection.cursor() as cur:
        cur.execute("RESET statement_timeout")
    result["experiments"] = out


def bare_floors(result: dict) -> None:
    """The minimal SQL the sweep and the province overview must do, timed on this table."""
    from django.db import connection

    from danvan.petitions.enums import OPEN_STATES

    states = sorted(OPEN_STATES)
    placeholders = ", ".join(["%s"] * len(states))
    queries = {
        "count_overdue": (
            f"SELECT count(*) FROM petitions_petition WHERE state IN ({placeholders}) "  # noqa: S608
            "AND state <> 'suspended' AND due_on < %s",
            [*states, TODAY],
        ),
        "count_by_state_whole_table": (
            "SELECT state, count(*) FROM petitions_petition GROUP BY state",
            [],
        ),
    }
    out = {}
    with connection.cursor() as cur:
        for name, (sql, params) in queries.items():
            cur.execute(sql, params)
            cur.fetchall()
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                cur.execute(sql, params)
                cur.fetchall()
                times.append(time.perf_counter() - t0)
            out[name] = round(statistics.median(times) * 1000, 1)
    result["bare_sql_ms"] = out


def sweep(result: dict) -> None:
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danvan.core.notification_models import Notification
    from danvan.petitions.enums import OPEN_STATES, State
    from danvan.petitions.models import Petition
    from danvan.petitions.notifications import sweep_deadlines

    clocked = (
        Petition.objects.filter(state__in=OPEN_STATES)
        .exclude(state=State.SUSPENDED)
        .filter(due_on__isnull=False)
    )
    before = {
        "open": Petition.objects.filter(state__in=OPEN_STATES).count(),
        "clocked": clocked.count(),
        "overdue": clocked.filter(due_on__lt=TODAY).count(),
    }
    mail.outbox = []
    with CaptureQueriesContext(connection) as captured:
        t0 = time.perf_counter()
        first = sweep_deadlines(today=TODAY, force=True)
        first_s = time.perf_counter() - t0
    queries = [(float(q["time"]), q["sql"]) for q in captured.captured_queries]
    emails = len(mail.outbox)
    t0 = time.perf_counter()
    second = sweep_deadlines(today=TODAY, force=True)
    second_s = time.perf_counter() - t0
    slow = sorted(queries, reverse=True)[:5]
    out = {
        **before,
        "first_run_s": round(first_s, 2),
        "rerun_s": round(second_s, 2),
        "reminders": first.reminders,
        "escalations": first.escalations,
        "digests": first.digests,
        "notifications_created": first.created,
        "emails_sent": emails,
        "rerun_created": second.created,
        "queries": len(queries),
        "sql_s": round(sum(t for t, _ in queries), 2),
        "slowest_queries_ms": [(round(t * 1000, 1), sql[:300]) for t, sql in slow],
        "notifications_in_table": Notification.objects.count(),
    }
    selects = [q for q in slow if q[1].lstrip().upper().startswith("SELECT")]
    out["slowest_plan"] = explain_sql(selects[0][1]) if selects else ""
    log(
        f"sweep: {out['first_run_s']} s over {before['open']:,} open ({before['overdue']:,} "
        f"overdue); {first.created:,} notifications, {emails:,} e-mails; rerun "
        f"{out['rerun_s']} s"
    )
    result["sweep"] = out


def run_child(args: argparse.Namespace) -> None:
    from petitions_data import Generator

    result: dict[str, Any] = {
        "argv": sys.argv[1:],
        "rows": args.rows,
        "open_share": args.open_share,
        "load_average_at_start": os.getloadavg(),
    }
    t_all = time.perf_counter()
    setup(args.database_url, args.var_dir, reuse=args.reuse_database)
    result["source"] = source_snapshot()
    from django.db import connection

    result["vendor"] = connection.vendor
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT version()")
            result["server"] = cur.fetchone()[0]
    else:
        import sqlite3

        result["server"] = f"SQLite {sqlite3.sqlite_version}"
    ctx = build_context()
    gen = Generator(ctx, today=TODAY, open_share=args.open_share, seed=args.seed)
    steps = set(args.steps.split(","))
    if not args.reuse_database:
        generate(gen, args.rows, result)
    result["sample_check"] = check_sample()
    log(f"sample check: {result['sample_check']}")
    people = actors(ctx, gen)
    if "intake" in steps:
        intake(gen, ctx, args.intake, result)
    bare_floors(result)
    taken: list[tuple[str, str, Any]] = []
    if "worklist" in steps:
        taken = worklist(ctx, gen, people, args.samples, result, args.worklist_budget)
    if "overview" in steps:
        overview(ctx, gen, people, args.overview_runs, result)
    if "sweep" in steps:
        sweep(result)
    if "experiments" in steps and taken:
        experiments(people, taken, result, args.worklist_budget)
    result["child_total_s"] = round(time.perf_counter() - t_all, 1)
    result["load_average_at_end"] = os.getloadavg()
    Path(args.result_file).write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))


# --- the parent --------------------------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def child_args(args: argparse.Namespace) -> list[str]:
    return [
        "--rows",
        str(args.rows),
        "--open-share",
        str(args.open_share),
        "--intake",
        str(args.intake),
        "--samples",
        str(args.samples),
        "--overview-runs",
        str(args.overview_runs),
        "--worklist-budget",
        str(args.worklist_budget),
        "--steps",
        args.steps,
        "--seed",
        str(args.seed),
        *(["--reuse-database"] if args.reuse_database else []),
    ]


def run_backend(url: str, var_dir: str, args: argparse.Namespace) -> dict[str, Any] | None:
    result_file = Path(var_dir) / "result.json"
    status = subprocess.call(  # noqa: S603 - our own script, fixed arguments
        [
            sys.executable,
            __file__,
            *child_args(args),
            "--database-url",
            url,
            "--var-dir",
            var_dir,
            "--result-file",
            str(result_file),
        ]
    )
    if status != 0 or not result_file.exists():
        log(f"the benchmark failed (exit {status})")
        return None
    return json.loads(result_file.read_text())


def run_postgres(server_url: str, args: argparse.Namespace) -> dict[str, Any] | None:
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(sql)

    if not args.reuse_database:
        admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')  # a leftover of a killed run
        admin(f'CREATE DATABASE "{BENCH_DB}"')
    try:
        with tempfile.TemporaryDirectory(prefix="danvan-bench-") as var_dir:
            return run_backend(_with_database(server_url, BENCH_DB), var_dir, args)
    finally:
        if not args.keep_database:
            admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"cpus": os.cpu_count()}
    try:
        meminfo = Path("/proc/meminfo").read_text().split("\n")[0]
        info["memory_gib"] = round(int(meminfo.split()[1]) / 2**20, 1)
        model = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        info["cpu"] = model[0] if model else ""
    except OSError:
        pass
    info["python"] = sys.version.split()[0]
    return info


def floors(files: list[str]) -> list[dict[str, float]]:
    return [json.loads(Path(f).read_text()).get("floors", {}) for f in files]


def ratio_text(
    value: float | None, floor_values: list[float | None], higher_is_better: bool
) -> str:
    got = [f for f in floor_values if f]
    if value is None or not got:
        return "–"
    parts = [f"{f:,.1f}" for f in got]
    ratios = [value / f for f in got]
    return f"floor {' / '.join(parts)} → app/floor {' / '.join(f'{r:.2f}×' for r in ratios)}"


def summary(results: dict[str, dict[str, Any]], floor_sets: list[dict[str, float]]) -> None:
    def fl(key: str) -> list[float | None]:
        return [f.get(key) for f in floor_sets]

    print()
    print("petitions benchmark (issue 3); targets: intake ≥ 300/s, work list p95 < 150 ms (PG),")
    print("sweep < 60 s, overview < 300 ms")
    for name, r in results.items():
        g = r.get("generate", {})
        print(f"\n== {name}: {r.get('server', '')}; {r['rows']:,} petitions")
        copy_floor = (
            "pg_bulk_copy_rows_s" if r["vendor"] == "postgresql" else "sqlite_batch1000_rows_s"
        )
        if g.get("load_rows_per_s"):  # not on a reused database
            print(
                f"generation: {g.get('total_s')} s, {g.get('load_rows_per_s'):,} rows/s load "
                f"(Python {g.get('of_which_python_s')} s)  "
                f"{ratio_text(g.get('load_rows_per_s'), fl(copy_floor), True)}"
            )
        if "intake" in r:
            i = r["intake"]
            floor_key = (
                "pg_intake_tx_3_inserts_s"
                if r["vendor"] == "postgresql"
                else "sqlite_single_commit_rows_s"
            )
            print(
                f"intake: {i['per_s']}/s, {i['queries_per_intake']} queries each  "
                f"{ratio_text(i['per_s'], fl(floor_key), True)}"
            )
        if "worklist" in r:
            w = r["worklist"]
            for who in ("commune_intake", "province_mass_mobilization", "all"):
                x = w[who]
                print(
                    f"work list {who}: list p50/p95/p99 {x['list_25']['p50_ms']}/"
                    f"{x['list_25']['p95_ms']}/{x['list_25']['p99_ms']} ms; count "
                    f"{x['count']['p50_ms']}/{x['count']['p95_ms']}/{x['count']['p99_ms']} ms; "
                    f"page {x['page_list_plus_count']['p95_ms']} ms p95"
                )
            print(
                "  list p95 vs work list + search floor: "
                + ratio_text(
                    w["all"]["list_25"]["p95_ms"], fl("pg_work_list_trgm_ilike_p95_ms"), False
                )
            )
            print(
                "  count p95 vs count-by-state floor: "
                + ratio_text(w["all"]["count"]["p95_ms"], fl("pg_count_by_state_p95_ms"), False)
            )
        if "overview" in r:
            stats = r["overview"].get("from_statistics", {})
            cases = [
                *r["overview"].items(),
                *((f"{k}, from statistics", v) for k, v in stats.items()),
            ]
            for case, x in cases:
                if isinstance(x, dict) and "p50_ms" in x:
                    print(f"overview {case}: p50 {x['p50_ms']} ms, p95 {x['p95_ms']} ms")
        if "sweep" in r:
            s = r["sweep"]
            print(
                f"sweep: {s['first_run_s']} s over {s['open']:,} open ({s['overdue']:,} overdue), "
                f"{s['notifications_created']:,} notifications, {s['emails_sent']:,} e-mails; "
                f"rerun {s['rerun_s']} s"
            )
        print(f"bare SQL on the same table: {r.get('bare_sql_ms')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="also benchmark on this server")
    parser.add_argument("--backends", default="sqlite,pg", help="sqlite,pg (pg needs --postgres)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--open-share", type=float, default=0.09, help="share of open petitions")
    parser.add_argument("--intake", type=int, default=2000, help="petition_create calls")
    parser.add_argument("--samples", type=int, default=200, help="work-list samples per actor")
    parser.add_argument("--overview-runs", type=int, default=20)
    parser.add_argument(
        "--worklist-budget",
        type=float,
        default=300,
        help="seconds of work-list sampling per actor before stopping early (default 300)",
    )
    parser.add_argument("--steps", default=",".join(STEPS), help=",".join(STEPS))
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help=f"PostgreSQL: leave {BENCH_DB} in place after the run (to rerun steps on it)",
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help=f"PostgreSQL: measure on a kept {BENCH_DB} (no migrate, no generation)",
    )
    parser.add_argument("--floor", action="append", default=[], help="perf_floor.py JSON output")
    parser.add_argument("--out", help="write all results as JSON here")
    parser.add_argument("--database-url", help=argparse.SUPPRESS)  # child process
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.database_url:
        run_child(args)
        return 0

    backends = args.backends.split(",")
    results: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory(prefix="danvan-bench-") as var_dir:
            url = f"sqlite:///{Path(var_dir) / 'bench.sqlite3'}"
            got = run_backend(url, var_dir, args)
            if got:
                results["SQLite"] = got
    if "pg" in backends and args.postgres:
        got = run_postgres(args.postgres, args)
        if got:
            results["PostgreSQL"] = got
    if args.out:
        Path(args.out).write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "argv": sys.argv,
                    "wall_s": round(time.perf_counter() - started, 1),
                    "results": results,
                    "floors": floors(args.floor),
                },
                ensure_ascii=False,
                indent=1,
                default=str,
            )
        )
    summary(results, floors(args.floor))
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())

"""Load benchmark of the REST API and Open311 on the production server setup (issue 4).

    # 1. the data, once: 1,000,000 petitions kept in danvan_bench_petitions
    DANVAN_ENV=development .venv/bin/python bench/petitions.py --backends pg \\
        --postgres postgres://postgres@127.0.0.1:5432/postgres --rows 1000000 \\
        --open-share 0.09 --steps generate --keep-database
    # 2. the load, as often as needed (the floors beside it: ../shared/tools/perf_floor.py)
    .venv/bin/python bench/api_load.py --workers 3 --connections w,16 --runs 3 \\
        --conn-max-age 600 --open311-index create --floor floor.json --out api-load.json
    # 3. drop the database
    .venv/bin/python bench/api_load.py --drop-database

The code measured is a commit exported with ``git archive`` (``--source``: HEAD by default, or
any revision, to compare two), so that a result names exactly what it measured whatever is
being edited in the working tree meanwhile (``--source tree`` measures the working tree).

For each ``--workers`` count: gunicorn (``danvan.config.wsgi``, sync workers, as the README's
production section says) with ``DANVAN_ENV=production``, a random ``SECRET_KEY`` and
``DANVAN_IDENTITY_KEYS``, ``ALLOWED_HOSTS=127.0.0.1``, ``DATABASE_URL`` = the kept database,
``REDIS_URL`` (``--redis``), static files collected, and the API's rate limits raised through
the environment (``API_RATE_KEY``, ``API_RATE_USER``, ``API_RATE_ANON``,
``OPEN311_RATE_POST`` = ``--rate``, 10000000/min by default) so that wrk measures the server,
not the throttle; ``CONN_MAX_AGE`` is the app's default (a database connection per request)
unless ``--conn-max-age`` sets it.  Then ``wrk`` (Debian package) with generated Lua scripts,
at each of ``--connections`` (``w`` = as many as workers: nothing queued):

- Open311 ``GET /open311/v2/requests.json``: the default (last 90 days, up to 1,000 rows),
  ``service_code``, ``status``, ``start_date``/``end_date`` windows, ``page``/``page_size``,
  and a mix of them; every request of a run picks its URL among 3,000;
- ``POST /api/v1/petitions/`` with a partner key (``danvan api_key create``, scopes
  ``petitions:read,petitions:write,open311``; the service account is an intake officer of the
  provincial citizen reception office): every body distinct (Vietnamese texts from
  ``petitions_data``'s pools, the four kinds, petitioners, an ``Idempotency-Key`` each); every
  answer must be 201.

``--open311-index create|drop`` creates or drops, on the bench database only, the index the
Open311 list needs (``OPEN311_INDEX_SQL``; the app has its own copy since petitions 0015, so
``create`` serves to measure older commits); the JSON says which of the two were there.  Each
run reports p50/p90/p95/p99 latency, requests per second, status codes other
than the expected one (and the first such answer) and socket errors, and the cores used by
the gunicorn workers, this database's PostgreSQL backends, all of PostgreSQL, wrk and the rest
of the machine (which is shared).  Before the load the script checks through HTTP that Open311
lists exactly the published phản ánh and kiến nghị (its ``X-Total-Count`` equals an SQL count,
every listed id is one of them, a private one and a denunciation are 404) and that a filing is
201 and its retry returns the same petition; after it, it counts the queries of one request of
each kind in-process, times ``redact`` and keeps the plans (EXPLAIN ANALYZE) of the Open311
queries.  The petitions the POST runs filed are deleted at the end (``--keep-posted`` keeps
them), so every run lists the same million.  ``--floor FILE`` (``perf_floor.py`` JSON,
repeatable) adds ratios to its http figures.  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

os.environ.setdefault("DANVAN_ENV", "development")  # this process only: the server is production

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "danvan_bench_petitions"
ACCOUNT = "bench.doitac"  # the partner system's service account
DATA_START = dt.date(2024, 7, 1)  # petitions_data.START
DATA_END = dt.date(2026, 11, 25)  # petitions.TODAY
OPEN311 = "/open311/v2/requests.json"
# What Open311 may list (petitions.publication.public_petitions), written out in SQL.
PUBLIC_SQL = (
    "consent_to_publish AND NOT identity_confidential AND kind IN ('phan_anh', 'kien_nghi')"
)
# The index the Open311 list needs: the public petitions by creation time, with the filtered
# columns included so that counting and choosing a page never read the table.  Proposed by
# this benchmark and measured on its database as bench_open311_idx; the petitions app has had
# the same index since its migration 0015 (petition_open311_idx), so --open311-index create is
# for measuring older commits only.
OPEN311_INDEX = "bench_open311_idx"
APP_OPEN311_INDEX = "petition_open311_idx"
OPEN311_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {OPEN311_INDEX} ON petitions_petition (created_at, id) "
    f"INCLUDE (field, state, updated_at) WHERE {PUBLIC_SQL}"
)
API_CREATE = "/api/v1/petitions/"
GET_SCENARIOS = (
    "open311_default",
    "open311_service_code",
    "open311_status",
    "open311_window",
    "open311_paged",
    "open311_mix",
)
POST_SCENARIOS = ("api_create",)


def log(message: str) -> None:
    print(f"[api_load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


# --- the database: checks, the partner's key ---------------------------------------------------


def source_tree(which: str, var_dir: str) -> tuple[Path, dict[str, Any]]:
    """The application code to measure: a commit (``head``, the default, or any revision, to
    compare two) exported with ``git archive``, so that what was measured is exactly a commit
    whatever else is being edited in the working tree; or ``tree``, the working tree as it is."""

    def git(*cmd: str) -> str:
        return subprocess.run(  # noqa: S603 - read-only git commands
            ["git", *cmd],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()

    rev = "HEAD" if which == "head" else which
    info: dict[str, Any] = {
        "source": which,
        "commit": git("rev-parse", "--short", "HEAD" if which == "tree" else rev),
        "head": git("rev-parse", "--short", "HEAD"),
        "uncommitted_in_working_tree": git("status", "--short", "--", "src").splitlines(),
    }
    if which == "tree":
        return ROOT / "src", info
    dest = Path(var_dir) / "snapshot"
    dest.mkdir()
    archive = subprocess.run(  # noqa: S603 - git archive of a revision named on the command line
        ["git", "archive", "--format=tar", rev, "src"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src", info


def django_setup(database_url: str, var_dir: str, src: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DANVAN_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "danvan.config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["PYTHONPATH"] = str(src)  # the danvan commands run below import the same code
    sys.path.insert(0, str(src))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # what the code added since the rows were generated


def data_shares() -> dict[str, Any]:
    """What Open311 may list, counted in SQL independently of the app's code."""
    from django.db import connection

    out: dict[str, Any] = {}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT kind, count(*), count(*) FILTER (WHERE consent_to_publish) "
            "FROM petitions_petition GROUP BY kind ORDER BY kind"
        )
        by_kind = {k: {"rows": n, "consent": c} for k, n, c in cur.fetchall()}
        recent = "count(*) FILTER (WHERE created_at >= now() - interval '90 days')"
        cur.execute(f"SELECT count(*), {recent} FROM petitions_petition WHERE {PUBLIC_SQL}")  # noqa: S608
        public, public_90 = cur.fetchone()
        cur.execute("SELECT min(created_at), max(created_at) FROM petitions_petition")
        first, last = cur.fetchone()
    total = sum(v["rows"] for v in by_kind.values())
    out.update(
        petitions=total,
        by_kind=by_kind,
        consent_share_by_kind={
            k: round(v["consent"] / v["rows"], 3) for k, v in by_kind.items() if v["rows"]
        },
        open311_public=public,
        open311_public_share=round(public / total, 3) if total else None,
        open311_public_last_90_days=public_90,
        created_at_range=[str(first), str(last)],
    )
    return out


def public_count(params: dict[str, str]) -> int:
    """The rows Open311 should count for the default window (no other filter), in raw SQL."""
    from django.db import connection

    assert not params
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT count(*) FROM petitions_petition WHERE {PUBLIC_SQL} "  # noqa: S608 - constants
            "AND created_at >= now() - interval '90 days'"
        )
        return int(cur.fetchone()[0])


def ids_are_public(codes: list[str]) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM petitions_petition WHERE tracking_code = ANY(%s) "
            "AND consent_to_publish AND kind IN ('phan_anh', 'kien_nghi')",
            [codes],
        )  # (the brief's rule; identity_confidential is never set on these kinds here)
        return int(cur.fetchone()[0])


def partner_key(database_url: str, var_dir: str) -> tuple[str, int, int]:
    """A service account (intake officer of the provincial reception office) and a fresh key
    made with ``danvan api_key create``; returns the key, the account's and org's ids."""
    from danvan.organizations.models import Membership, Organization, Role, User
    from danvan.organizations.roles import RoleCode

    org = Organization.objects.get(code="86-btcd")
    user, _created = User.objects.get_or_create(
        username=ACCOUNT,
        defaults={"first_name": "Tổng đài 1022", "last_name": "Vĩnh Long", "is_active": True},
    )
    Membership.objects.get_or_create(
        user=user, organization=org, role=Role.objects.get(code=RoleCode.INTAKE_OFFICER)
    )
    env = dict(os.environ, DATABASE_URL=database_url, DANVAN_VAR_DIR=var_dir)
    env["DANVAN_ENV"] = "development"
    out = subprocess.run(  # noqa: S603 - the project's own command
        [
            str(ROOT / ".venv" / "bin" / "danvan"),
            "api_key",
            "create",
            "--name",
            f"Tổng đài 1022 (bench {time.strftime('%Y-%m-%d %H:%M')})",
            "--account",
            ACCOUNT,
            "--scopes",
            "petitions:read,petitions:write,open311",
            "--days",
            "1",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    key = next(line.strip() for line in out.splitlines() if line.strip().startswith("dv_"))
    return key, user.pk, org.pk


def open311_index(action: str) -> dict[str, Any]:
    """Create or drop the proposed Open311 index on the bench database, or leave it."""
    from django.db import connection

    with connection.cursor() as cur:
        if action == "create":
            cur.execute("SET maintenance_work_mem = '512MB'")
            t0 = time.perf_counter()
            cur.execute(OPEN311_INDEX_SQL)
            cur.execute("VACUUM ANALYZE petitions_petition")
            log(f"created {OPEN311_INDEX} (and VACUUM ANALYZE) in {time.perf_counter() - t0:.1f} s")
        elif action == "drop":
            cur.execute(f"DROP INDEX IF EXISTS {OPEN311_INDEX}")
            cur.execute("ANALYZE petitions_petition")
        cur.execute(
            "SELECT pg_get_indexdef(to_regclass(%s)), pg_relation_size(to_regclass(%s))",
            [OPEN311_INDEX, OPEN311_INDEX],
        )
        definition, size = cur.fetchone()
        cur.execute("SELECT pg_get_indexdef(to_regclass(%s))", [APP_OPEN311_INDEX])
        app_definition = cur.fetchone()[0]
    return {
        "present": definition is not None,
        "definition": definition,
        "mib": round(size / 2**20, 1) if size else None,
        "note": "bench_open311_idx is made on the bench database only",
        "app_index_present": app_definition is not None,
        "app_index_definition": app_definition,
    }


def delete_posted(account_id: int) -> int:
    """The petitions the POST runs filed (received by the service account), with their rows;
    then VACUUM, so that the next GET runs do not step over their dead index entries (the
    newest, where every Open311 list starts) as they would until autovacuum came by."""
    from django.db import connection

    from danvan.petitions.models import Petition

    qs = Petition.objects.filter(received_by_id=account_id)
    n = qs.count()
    if n:
        qs.delete()
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) petitions_petition")
    return n


# --- what the clients send ---------------------------------------------------------------------


def open311_paths(rng: random.Random, scenario: str, n: int = 3000) -> list[str]:
    """Distinct-ish URLs for one GET scenario (a mix takes from all of them)."""
    from petitions_data import FIELD_WEIGHTS

    fields, field_w = list(FIELD_WEIGHTS), list(FIELD_WEIGHTS.values())
    span = (DATA_END - DATA_START).days - 30

    def window() -> dict[str, str]:
        start = DATA_START + dt.timedelta(days=rng.randint(0, span))
        days = rng.choice([7, 30, 30, 90])
        end = min(start + dt.timedelta(days=days), DATA_END)
        if rng.random() < 0.5 or days == 90:  # (at most 90 days: the API refuses more)
            return {"start_date": f"{start}T00:00:00Z", "end_date": f"{end}T00:00:00Z"}
        return {"start_date": f"{start}T00:00:00+07:00", "end_date": f"{end}T23:59:59+07:00"}

    def one(kind: str) -> dict[str, str]:
        if kind == "open311_default":
            return {}
        if kind == "open311_service_code":
            return {"service_code": rng.choices(fields, field_w)[0]}
        if kind == "open311_status":
            return {"status": rng.choices(["open", "closed", "open,closed"], [6, 3, 1])[0]}
        if kind == "open311_window":
            return window()
        if kind == "open311_paged":
            q = {"page_size": str(rng.choice([20, 50, 100])), "page": str(rng.randint(1, 20))}
            if rng.random() < 0.5:
                q["service_code"] = rng.choices(fields, field_w)[0]
            if rng.random() < 0.3:
                q["status"] = "open"
            return q
        raise ValueError(kind)

    mix = [
        ("open311_default", 15),
        ("open311_service_code", 20),
        ("open311_status", 10),
        ("open311_window", 20),
        ("open311_paged", 35),
    ]
    out = []
    for _ in range(1 if scenario == "open311_default" else n):
        kind = scenario
        if scenario == "open311_mix":
            kind = rng.choices([k for k, _ in mix], [w for _, w in mix])[0]
        q = one(kind)
        out.append(f"{OPEN311}?{urlencode(q)}" if q else OPEN311)
    return out


def petition_bodies(rng: random.Random, n: int) -> list[str]:
    """JSON bodies of ``POST /api/v1/petitions/``, each with ``@@TAG@@`` where the Lua script
    writes a unique reference (so no two requests are alike)."""
    from petitions_data import Generator

    from danvan.units.models import AdministrativeUnit
    from petitions import TODAY, build_context

    ctx = build_context()
    gen = Generator(ctx, today=TODAY, open_share=0.09, seed=41)
    codes = dict(
        AdministrativeUnit.objects.filter(pk__in=gen.commune_ids).values_list("id", "code")
    )
    bodies = []
    for _ in range(n):
        commune_id = rng.choices(gen.commune_ids, cum_weights=gen.commune_cum)[0]
        kind = rng.choices(["phan_anh", "kien_nghi", "khieu_nai", "to_cao"], [60, 25, 10, 5])[0]
        fld = rng.choices(gen.fields, cum_weights=gen.field_cum)[0]
        if kind == "to_cao" and rng.random() < 0.33:
            fld = "tham_nhung"
        content = " ".join(
            [rng.choice(gen.openers[(fld, commune_id)]), *rng.sample(gen.follows[fld], 3)]
        )
        content += " Phiếu tiếp nhận của Tổng đài 1022 số @@TAG@@."
        anonymous = kind in ("phan_anh", "to_cao") and rng.random() < 0.05
        body: dict[str, Any] = {
            "kind": kind,
            "field": fld,
            "subject": rng.choice(gen.subjects[(fld, commune_id)]),
            "content": content,
            "commune": codes[commune_id],
            "address_as_written": rng.choice(gen.addresses[commune_id]),
            "is_anonymous": anonymous,
            "has_signature": False,
            "consent_to_publish": kind in ("phan_anh", "kien_nghi") and rng.random() < 0.5,
        }
        if rng.random() < 0.6:
            body["request"] = rng.choice(
                ["Đề nghị xem xét, giải quyết dứt điểm.", "Đề nghị trả lời bằng văn bản."]
            )
        if not anonymous:
            person = {
                "full_name": rng.choice(gen.people),
                "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
                "address": rng.choice(gen.addresses[commune_id]),
            }
            if rng.random() < 0.3:
                person["email"] = f"nguoidan{rng.randint(1, 99_999)}@example.vn"
            if rng.random() < 0.4:
                person["id_number"] = f"0{rng.randint(10**10, 10**11 - 1)}"
            body["petitioners"] = [person]
        if kind == "khieu_nai":
            body["contested_decision"] = rng.choice(gen.decisions)
        if kind == "to_cao":
            body["accused"] = rng.choice(gen.accused)
        bodies.append(json.dumps(body, ensure_ascii=False))
    return bodies


# --- wrk and its Lua scripts -------------------------------------------------------------------

LUA_COMMON = r"""
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  statuses = {}
  seq = 0
  nonce = args[1] or "0"
  math.randomseed(id * 7919 + os.time())
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= expected and sample == nil then
    sample = status .. " " .. string.sub(body or "", 1, 3000)
  end
end

function done(summary, latency, requests)
  local agg = {}
  local first = nil
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do agg[k] = (agg[k] or 0) + v end
    first = first or t:get("sample")
  end
  if first then
    local f = io.open(sample_path, "w")
    f:write(first)
    f:close()
  end
  local parts = {}
  for k, v in pairs(agg) do table.insert(parts, string.format('"%d": %d', k, v)) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"min": %d, "mean": %.1f, "stdev": %.1f, "max": %d, ' ..
    '"p50": %d, "p75": %d, "p90": %d, "p95": %d, "p99": %d, "p999": %d}, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency:percentile(99.9),
    table.concat(parts, ", ")))
end
"""


def lua_string(text: str) -> str:
    level = "=" * 3
    assert f"]{level}]" not in text
    return f"[{level}[{text}]{level}]"


def lua_head(expected: int, sample_path: Path) -> str:
    return f"expected = {expected}\nsample_path = {lua_string(str(sample_path))}\n"


def lua_get(paths: list[str], sample_path: Path) -> str:
    items = ",\n".join(lua_string(p) for p in paths)
    return (
        lua_head(200, sample_path)
        + LUA_COMMON
        + f"local paths = {{\n{items}\n}}\nlocal n = #paths\n"
        + 'request = function()\n  return wrk.format("GET", paths[math.random(n)])\nend\n'
    )


def lua_post(bodies: list[str], key: str, run_id: str, sample_path: Path) -> str:
    items = ",\n".join(lua_string(b) for b in bodies)
    return (
        lua_head(201, sample_path)
        + LUA_COMMON
        + f"local bodies = {{\n{items}\n}}\nlocal n = #bodies\n"
        + f"local key = {lua_string(key)}\nlocal run = {lua_string(run_id)}\n"
        + r"""
request = function()
  seq = seq + 1
  local tag = string.format("%s-%s-%d-%d", run, nonce, id, seq)
  local body = string.gsub(bodies[math.random(n)], "@@TAG@@", tag)
  return wrk.format("POST", "/api/v1/petitions/", {
    ["Content-Type"] = "application/json",
    ["X-Api-Key"] = key,
    ["Idempotency-Key"] = tag,
  }, body)
end
"""
    )


def run_wrk(
    url: str, script: Path, seconds: int, connections: int, threads: int = 2
) -> dict[str, Any]:
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
        "--",
        secrets.token_hex(3),  # makes this invocation's Idempotency-Keys its own
    ]
    proc = subprocess.run(  # noqa: S603 - wrk, fixed arguments
        cmd, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk said:\n{proc.stdout}\n{proc.stderr}")
    raw = json.loads(line[len("WRKJSON ") :])
    sample = script.with_suffix(".unexpected.txt")
    unexpected = sample.read_text(errors="replace")[:1000] if sample.exists() else None
    if sample.exists():
        sample.unlink()
    lat = {k: round(v / 1000, 2) for k, v in raw["latency_us"].items()}
    seconds_run = raw["duration_us"] / 1e6
    return {
        "command": " ".join(cmd),
        "requests": raw["requests"],
        "seconds": round(seconds_run, 2),
        "rps": round(raw["requests"] / seconds_run, 1),
        "mib_per_s": round(raw["bytes"] / seconds_run / 2**20, 2),
        "latency_ms": lat,
        "statuses": {str(k): v for k, v in sorted(raw["statuses"].items())},
        "socket_errors": {k: v for k, v in raw["errors"].items() if k != "status"},
        "first_unexpected_answer": unexpected,
    }


# --- CPU accounting (the machine is shared) ----------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _ticks(pid: int, children: bool = False) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    own = int(fields[11]) + int(fields[12])  # utime + stime
    return own + (int(fields[13]) + int(fields[14]) if children else 0)


def _pids_named(name: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
    return pids


def _bench_backends() -> dict[int, int]:
    """CPU ticks of the PostgreSQL backends connected to the bench database (their command
    line names the database)."""
    out = {}
    for pid in _pids_named("postgres"):
        with contextlib.suppress(OSError):
            if f" {BENCH_DB} " in Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " "):
                out[pid] = _ticks(pid)
    return out


def cpu_snapshot(server: Gunicorn | None) -> dict[str, Any]:
    stat = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(x) for x in stat]
    busy = sum(values) - values[3] - values[4]  # minus idle and iowait
    pg = sum(_ticks(p) for p in _pids_named("postgres"))
    # exited backends (one per request without persistent connections) are in the
    # postmaster's children time
    postmaster = min(_pids_named("postgres"), default=0)
    pg += _ticks(postmaster, children=True) - _ticks(postmaster) if postmaster else 0
    app = 0
    if server is not None:
        app = _ticks(server.proc.pid, children=True) + sum(_ticks(p) for p in server.workers())
    return {
        "machine": busy,
        "postgres": pg,
        "bench_backends": _bench_backends(),
        "gunicorn": app,
        "t": time.perf_counter(),
    }


def cpu_delta(before: dict[str, Any], after: dict[str, Any], wrk_s: float) -> dict[str, float]:
    """Cores used during a run: the machine (the other developer's work included), gunicorn,
    every PostgreSQL process (anyone's), this database's live backends (all of ours with
    persistent connections; a backend that lived for one request only is missed), wrk."""
    wall = after["t"] - before["t"]

    def share(ticks: float) -> float:
        return round(ticks / TICK / wall, 2)

    ours = sum(
        max(0, ticks - before["bench_backends"].get(pid, 0))
        for pid, ticks in after["bench_backends"].items()
    )
    out = {
        "cores": os.cpu_count() or 1,
        "machine_busy_cores": share(after["machine"] - before["machine"]),
        "gunicorn_cores": share(after["gunicorn"] - before["gunicorn"]),
        "postgres_all_cores": share(after["postgres"] - before["postgres"]),
        "postgres_bench_db_cores": share(ours),
        "wrk_cores": round(wrk_s / wall, 2),
    }
    out["rest_of_machine_cores"] = round(
        out["machine_busy_cores"]
        - out["gunicorn_cores"]
        - out["postgres_all_cores"]
        - out["wrk_cores"],
        2,
    )
    return out


# --- the server --------------------------------------------------------------------------------


class Gunicorn:
    """The app server: gunicorn's sync workers (the README's production setup) or, with
    ``--server granian``, granian's WSGI workers (one blocking thread each: a worker runs
    one request at a time, as a sync worker does, but the HTTP side is Rust)."""

    def __init__(
        self, env: dict[str, str], workers: int, port: int, log_path: Path, kind: str = "gunicorn"
    ) -> None:
        self.port = port
        self.log_path = log_path
        self.log = log_path.open("w")
        if kind == "granian":
            cmd = [
                str(ROOT / ".venv" / "bin" / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--blocking-threads",
                "1",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
                "--no-ws",
                "danvan.config.wsgi:application",
            ]
        else:
            cmd = [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "danvan.config.wsgi",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--backlog",
                "2048",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ]
        self.command = " ".join(cmd[1:])
        self.proc = subprocess.Popen(  # noqa: S603 - our own server
            cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{kind} exited early; see {log_path}")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/open311/v2/services.json", timeout=5
                ) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{kind} did not answer in 60 s; see {log_path}")

    def workers(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(x) for x in text.split()]

    def stop(self) -> None:
        if self.proc.poll() is None:
            workers = self.workers()
            self.proc.terminate()  # SIGTERM: graceful shutdown of its workers
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
            for pid in workers:  # a worker the master left behind
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.log.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(args: argparse.Namespace, database_url: str, var_dir: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DANVAN_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=args.redis,
        DANVAN_IDENTITY_KEYS=Fernet.generate_key().decode(),
        DANVAN_VAR_DIR=var_dir,
        LOG_LEVEL="WARNING",
        API_RATE_KEY=args.rate,
        API_RATE_USER=args.rate,
        API_RATE_ANON=args.rate,
        OPEN311_RATE_POST=args.rate,
    )
    if args.conn_max_age is not None:
        env["CONN_MAX_AGE"] = str(args.conn_max_age)
    return env


SHOWN_ENV = (
    "DANVAN_ENV",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "API_RATE_KEY",
    "API_RATE_USER",
    "API_RATE_ANON",
    "OPEN311_RATE_POST",
    "CONN_MAX_AGE",
)


# --- checks through HTTP -----------------------------------------------------------------------


def http(
    method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as r:  # noqa: S310 - 127.0.0.1 only
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def check_open311(base: str) -> dict[str, Any]:
    """Open311 lists the published phản ánh and kiến nghị, all of them and only them."""
    status, headers, body = http("GET", base + OPEN311)
    if status != 200:
        return {"status": status, "body": body[:2000].decode(errors="replace"), "ok": False}
    rows = json.loads(body)
    codes = [r["service_request_id"] for r in rows]
    expected = public_count({})
    public = ids_are_public(codes)
    status_p, _headers_p, body_p = http("GET", base + OPEN311 + "?page_size=50&page=3")
    from django.db import connection

    with connection.cursor() as cur:  # a private one: never listed, 404 on its own
        cur.execute(
            "SELECT tracking_code FROM petitions_petition WHERE NOT consent_to_publish "
            "AND kind = 'phan_anh' ORDER BY created_at DESC LIMIT 1"
        )
        private = cur.fetchone()[0]
        cur.execute(
            "SELECT tracking_code FROM petitions_petition WHERE kind = 'to_cao' "
            "ORDER BY created_at DESC LIMIT 1"
        )
        denunciation = cur.fetchone()[0]
    out = {
        "status": status,
        "rows": len(rows),
        "bytes": len(body),
        "x_total_count": int(headers.get("X-Total-Count", -1)),
        "sql_count_published_pa_kn_last_90_days": expected,
        "listed_ids_that_are_published_pa_kn": public,
        "page_3_of_50_rows": len(json.loads(body_p)) if status_p == 200 else status_p,
        "private_feedback_detail_status": http("GET", f"{base}/open311/v2/requests/{private}.json")[
            0
        ],
        "denunciation_detail_status": http(
            "GET", f"{base}/open311/v2/requests/{denunciation}.json"
        )[0],
    }
    out["ok"] = (
        status == 200
        and out["x_total_count"] == expected
        and public == len(rows) == min(expected, 1000)
        and out["page_3_of_50_rows"] == (min(max(expected - 100, 0), 50))
        and out["private_feedback_detail_status"] == 404
        and out["denunciation_detail_status"] == 404
    )
    return out


def check_post(base: str, key: str, body: str, account_id: int) -> dict[str, Any]:
    from danvan.petitions.models import Petition

    tag = f"check-{secrets.token_hex(4)}"
    status, _h, answer = http(
        "POST",
        base + API_CREATE,
        body.replace("@@TAG@@", tag).encode(),
        {"Content-Type": "application/json", "X-Api-Key": key, "Idempotency-Key": tag},
    )
    data = json.loads(answer)
    row = Petition.objects.filter(pk=data.get("id")).first()
    again = http(
        "POST",
        base + API_CREATE,
        body.replace("@@TAG@@", tag).encode(),
        {"Content-Type": "application/json", "X-Api-Key": key, "Idempotency-Key": tag},
    )
    same = json.loads(again[2]).get("id") == data.get("id")
    return {
        "status": status,
        "tracking_code": data.get("tracking_code"),
        "stored": row is not None and row.channel == "api" and row.received_by_id == account_id,
        "retry_same_key_status": again[0],
        "retry_same_petition": same,
        "ok": status == 201 and row is not None and again[0] == 201 and same,
    }


# --- in-process diagnostics --------------------------------------------------------------------


def diagnostics(key: str, body: str) -> dict[str, Any]:
    """Queries and time of one request of each kind, in this process (no HTTP), and the plans
    of the Open311 list's queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from danvan.petitions.models import Petition

    client = Client(HTTP_HOST="127.0.0.1")
    cases = {
        "open311_default": OPEN311,
        "open311_service_code": OPEN311 + "?service_code=moi_truong",
        "open311_status_open": OPEN311 + "?status=open",
        "open311_window_30d": OPEN311
        + "?start_date=2025-03-01T00:00:00Z&end_date=2025-03-31T00:00:00Z",
        "open311_page_5_of_50": OPEN311 + "?page_size=50&page=5",
    }
    out: dict[str, Any] = {}
    for name, path in cases.items():
        client.get(path)
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - t0)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
        slowest = max(queries)
        out[name] = {
            "status": response.status_code,
            "ms_median_of_5": round(statistics.median(times) * 1000, 1),
            "queries": len(queries),
            "sql_ms": [round(t, 1) for t, _ in queries],
            "slowest_sql": slowest[1][:2000],
            "slowest_plan": explain(slowest[1]),
        }
        log(f"in-process {name}: {out[name]['ms_median_of_5']} ms, sql {out[name]['sql_ms']}")
    # What the redaction of the descriptions costs (once per description shown, unless the
    # text was redacted lately in the same worker).
    from danvan.petitions.publication import redact

    texts = [
        c[:4000] for c in Petition.objects.order_by("?").values_list("content", flat=True)[:500]
    ]
    t0 = time.perf_counter()
    for text in texts:
        redact(text)
    out["redact_us_per_description"] = round((time.perf_counter() - t0) / len(texts) * 1e6, 1)
    log(f"in-process redact: {out['redact_us_per_description']} µs per description")
    tag = f"diag-{secrets.token_hex(4)}"
    headers = {"HTTP_X_API_KEY": key, "HTTP_IDEMPOTENCY_KEY": tag}
    with CaptureQueriesContext(connection) as captured:
        t0 = time.perf_counter()
        response = client.post(
            API_CREATE,
            body.replace("@@TAG@@", tag),
            content_type="application/json",
            **headers,
        )
        elapsed = time.perf_counter() - t0
    out["api_create"] = {
        "status": response.status_code,
        "ms": round(elapsed * 1000, 1),
        "queries": len(captured.captured_queries),
        "sql": [
            (round(float(q["time"]) * 1000, 1), q["sql"][:160]) for q in captured.captured_queries
        ],
    }
    log(f"in-process api_create: {out['api_create']['queries']} queries")
    return out


def explain(sql: str) -> str:
    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT"):
        return ""
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cur.fetchall())


# --- the run -----------------------------------------------------------------------------------


def summarize(runs: list[dict[str, Any]], expected: str) -> dict[str, Any]:
    """One scenario's runs: the median run by throughput, and the errors of all runs."""
    by_rps = sorted(runs, key=lambda r: r["rps"])
    median = by_rps[len(by_rps) // 2]
    bad = sum(v for r in runs for k, v in r["statuses"].items() if k != expected)
    sock = sum(sum(r["socket_errors"].values()) for r in runs)
    return {
        "runs": len(runs),
        "rps_median": median["rps"],
        "rps_all": [r["rps"] for r in runs],
        "p50_ms": median["latency_ms"]["p50"],
        "p90_ms": median["latency_ms"]["p90"],
        "p95_ms": median["latency_ms"]["p95"],
        "p99_ms": median["latency_ms"]["p99"],
        "p95_ms_all": [r["latency_ms"]["p95"] for r in runs],
        "requests": sum(r["requests"] for r in runs),
        "unexpected_statuses": bad,
        "socket_errors": sock,
    }


def measure(
    args: argparse.Namespace,
    env: dict[str, str],
    workers: int,
    scripts: dict[str, Path],
    scenarios: list[str],
    connections: list[str],
    var_dir: str,
    checks: dict[str, Any],
    key: str,
    body: str,
    account_id: int,
) -> dict[str, Any]:
    port = free_port()
    server = Gunicorn(
        env, workers, port, Path(var_dir) / f"{args.server}-{workers}-{port}.log", args.server
    )
    base = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {"gunicorn": server.command, "server": args.server}
    try:
        if "open311" not in checks and any(s.startswith("open311") for s in scenarios):
            checks["open311"] = check_open311(base)
            log(f"check Open311: {checks['open311']}")
        if "api_create" not in checks and "api_create" in scenarios:
            checks["api_create"] = check_post(base, key, body, account_id)
            log(f"check POST: {checks['api_create']}")
        for scenario in scenarios:
            expected = "201" if scenario == "api_create" else "200"
            for conns in sorted({workers if c == "w" else int(c) for c in connections}):
                run_wrk(base + "/", scripts[scenario], args.warmup, conns)
                runs = []
                for _ in range(args.runs):
                    before = cpu_snapshot(server)
                    usage0 = os.times()
                    r = run_wrk(base + "/", scripts[scenario], args.duration, conns)
                    usage1 = os.times()
                    wrk_s = (usage1.children_user + usage1.children_system) - (
                        usage0.children_user + usage0.children_system
                    )
                    r["cpu"] = cpu_delta(before, cpu_snapshot(server), wrk_s)
                    r["load_average"] = os.getloadavg()
                    runs.append(r)
                    bad = {k: v for k, v in r["statuses"].items() if k != expected}
                    if r["first_unexpected_answer"]:
                        log(f"first unexpected answer: {r['first_unexpected_answer'][:300]}")
                    log(
                        f"w{workers} c{conns} {scenario}: {r['rps']} req/s, p50/p95/p99 "
                        f"{r['latency_ms']['p50']}/{r['latency_ms']['p95']}/"
                        f"{r['latency_ms']['p99']} ms, unexpected {bad or 0}, socket "
                        f"{sum(r['socket_errors'].values())}; cpu {r['cpu']}"
                    )
                out[f"{scenario}@c{conns}"] = {
                    **summarize(runs, expected),
                    "connections": conns,
                    "detail": runs,
                }
    finally:
        server.stop()
        errors = server_errors(server.log_path)
        if errors:
            out["server_log_errors"] = errors
            log(f"the server logged errors: {errors[:3]}")
    return out


def server_errors(path: Path) -> list[str]:
    return [line[:300] for line in path.read_text().splitlines() if "[ERROR]" in line][:50]


def drop_database(server_url: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    log(f"dropped {BENCH_DB}")


def floors(files: list[str]) -> list[dict[str, Any]]:
    return [json.loads(Path(f).read_text()).get("floors", {}) for f in files]


def ratios(result: dict[str, Any], floor_sets: list[dict[str, Any]]) -> dict[str, Any]:
    """The app's figures over the bare stack's (2 sync workers, 16 connections)."""
    out: dict[str, Any] = {}
    for workers, scenarios in result["by_workers"].items():
        for name, r in scenarios.items():
            if "@c" not in name:
                continue
            base = "orm_insert_1" if name.startswith("api_create") else "orm_list_25"
            row = {}
            for i, f in enumerate(floor_sets):
                rps = f.get(f"http_sync_w2_{base}_rps")
                p50 = f.get(f"http_sync_w2_{base}_p50_ms")
                p99 = f.get(f"http_sync_w2_{base}_p99_ms")
                if rps:
                    row[f"floor{i}"] = {
                        "floor": base,
                        "floor_rps": rps,
                        "rps_ratio": round(r["rps_median"] / rps, 3),
                        "floor_p50_ms": p50,
                        "p50_ratio": round(r["p50_ms"] / p50, 2) if p50 else None,
                        "floor_p99_ms": p99,
                        "p99_ratio": round(r["p99_ms"] / p99, 2) if p99 else None,
                    }
            out[f"w{workers} {name}"] = row
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help=f"the server holding {BENCH_DB} (made by bench/petitions.py --keep-database)",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--workers", default="2,3,4", help="gunicorn sync worker counts to try")
    parser.add_argument(
        "--server",
        choices=["gunicorn", "granian"],
        default="gunicorn",
        help="the app server (granian: WSGI, one blocking thread a worker)",
    )
    parser.add_argument(
        "--connections",
        default="w,16",
        help="wrk connections, comma-separated; w = as many as gunicorn workers (default w,16)",
    )
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per scenario")
    parser.add_argument("--runs", type=int, default=1, help="wrk runs per scenario")
    parser.add_argument(
        "--scenarios", default=",".join(GET_SCENARIOS + POST_SCENARIOS), help="which to run"
    )
    parser.add_argument(
        "--rate", default="10000000/min", help="API_RATE_* and OPEN311_RATE_POST for the server"
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="CONN_MAX_AGE for the server (default: unset, the app's default 0)",
    )
    parser.add_argument(
        "--open311-index",
        choices=["keep", "create", "drop"],
        default="keep",
        help=f"the proposed Open311 index ({OPEN311_INDEX}) on the bench database: create it, "
        "drop it, or leave it as it is (default); the JSON says whether it was there",
    )
    parser.add_argument("--bodies", type=int, default=4000, help="POST body templates")
    parser.add_argument("--no-diagnostics", action="store_true")
    parser.add_argument("--keep-posted", action="store_true", help="keep the petitions POSTed")
    parser.add_argument("--floor", action="append", default=[], help="perf_floor.py JSON")
    parser.add_argument("--out", help="write the results as JSON here")
    parser.add_argument(
        "--source",
        default="head",
        help="the code to measure: head (the committed HEAD, exported with git archive; the "
        "default), another revision (to compare), or tree (the working tree as it is)",
    )
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--drop-database", action="store_true", help=f"drop {BENCH_DB} and exit")
    args = parser.parse_args()

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # also when started in the background (SIGINT ignored)

    if args.drop_database:
        drop_database(args.postgres)
        return 0
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install -y wrk")
    database_url = with_database(args.postgres, BENCH_DB)
    started = time.perf_counter()
    rng = random.Random(args.seed)
    scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = set(scenarios) - set(GET_SCENARIOS + POST_SCENARIOS)
    if unknown:
        raise SystemExit(f"unknown scenarios: {unknown}")
    worker_counts = [int(w) for w in args.workers.split(",")]
    connections = [c.strip() for c in args.connections.split(",") if c.strip()]
    result: dict[str, Any] = {
        "argv": sys.argv,
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_at_start": os.getloadavg(),
        },
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    with tempfile.TemporaryDirectory(prefix="danvan-api-load-") as var_dir:
        src, result["source"] = source_tree(args.source, var_dir)
        log(f"measuring {args.source} ({result['source']['commit']}) from {src}")
        django_setup(database_url, var_dir, src)
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SELECT version()")
            result["server"] = cur.fetchone()[0]
        key, account_id, _org_id = partner_key(database_url, var_dir)
        removed = delete_posted(account_id)
        if removed:
            log(f"deleted {removed:,} petitions left by an earlier run's POSTs")
        result["open311_index"] = open311_index(args.open311_index)
        log(f"Open311 index: {result['open311_index']}")
        result["data"] = data_shares()
        log(f"data: {result['data']}")
        env = server_env(args, database_url, var_dir)
        subprocess.run(  # noqa: S603 - production serves the collected, hashed static files
            [str(ROOT / ".venv" / "bin" / "danvan"), "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
        )
        result["server_env"] = {k: env[k] for k in SHOWN_ENV if k in env}
        result["server_env"]["DATABASE_URL"] = database_url
        run_id = f"{time.strftime('%m%d%H%M')}{secrets.token_hex(2)}"
        scripts: dict[str, Path] = {}
        body_sample = ""
        for scenario in scenarios:
            path = Path(var_dir) / f"{scenario}.lua"
            sample_path = Path(var_dir) / f"{scenario}.unexpected.txt"
            if scenario == "api_create":
                bodies = petition_bodies(rng, args.bodies)
                body_sample = bodies[0]
                path.write_text(lua_post(bodies, key, run_id, sample_path))
                result["post_body_example"] = json.loads(body_sample)
                result["post_body_mean_bytes"] = round(
                    statistics.mean(len(b.encode()) for b in bodies)
                )
            else:
                paths = open311_paths(rng, scenario)
                path.write_text(lua_get(paths, sample_path))
                result.setdefault("get_url_examples", {})[scenario] = paths[:5]
            scripts[scenario] = path
        if not body_sample:
            body_sample = petition_bodies(rng, 1)[0]
        checks: dict[str, Any] = {}
        result["checks"] = checks
        result["by_workers"] = {}
        # The GETs first, on exactly the generated rows; then the POSTs.
        gets = [s for s in scenarios if s != "api_create"]
        posts = [s for s in scenarios if s == "api_create"]
        for group in (gets, posts):
            if not group:
                continue
            for workers in worker_counts:
                log(f"{args.server}, {workers} workers: {', '.join(group)}")
                got = measure(
                    args,
                    env,
                    workers,
                    scripts,
                    group,
                    connections,
                    var_dir,
                    checks,
                    key,
                    body_sample,
                    account_id,
                )
                result["by_workers"].setdefault(str(workers), {}).update(got)
        if not args.no_diagnostics:
            result["in_process"] = diagnostics(key, body_sample)
        posted = 0
        if not args.keep_posted:
            posted = delete_posted(account_id)
            log(f"deleted the {posted:,} petitions the POST runs filed")
        result["posted_and_deleted"] = posted
        result["data_after"] = data_shares()
    result["floors"] = floors(args.floor)
    result["ratios_to_floor"] = ratios(result, result["floors"])
    result["wall_s"] = round(time.perf_counter() - started, 1)
    result["machine"]["load_average_at_end"] = os.getloadavg()
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    print_summary(result)
    return 0


def print_summary(result: dict[str, Any]) -> None:
    print()
    print("API and Open311 under load (issue 4): Open311 GET p95 < 100 ms, POST >= 200/s, all 201")
    print(
        f"data: {result['data']['petitions']:,} petitions, "
        f"{result['data']['open311_public']:,} published phản ánh/kiến nghị "
        f"({result['data']['open311_public_last_90_days']:,} in the last 90 days)"
    )
    for name, check in result["checks"].items():
        print(f"check {name}: {'ok' if check.get('ok') else 'FAILED'} {check}")
    print(
        f"{'workers':>7} {'scenario':<28} {'req/s':>8} {'p50':>8} {'p95':>8} {'p99':>8} "
        f"{'bad':>5} {'sock':>5}"
    )
    for workers, scenarios in result["by_workers"].items():
        for name, r in scenarios.items():
            if "@c" not in name:
                continue
            print(
                f"{workers:>7} {name:<28} {r['rps_median']:>8} {r['p50_ms']:>8} "
                f"{r['p95_ms']:>8} {r['p99_ms']:>8} {r['unexpected_statuses']:>5} "
                f"{r['socket_errors']:>5}"
            )
    for name, row in result["ratios_to_floor"].items():
        for floor in row.values():
            print(
                f"  {name}: {floor['rps_ratio']}x the floor's {floor['floor']} "
                f"({floor['floor_rps']} req/s); p50 {floor['p50_ratio']}x, p99 "
                f"{floor['p99_ratio']}x"
            )


if __name__ == "__main__":
    sys.exit(main())

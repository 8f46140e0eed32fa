"""Where one API filing or one Open311 list spends its time, in process (issue 4).

    .venv/bin/python bench/api_profile.py --what create --n 300      # cProfile of 300 filings
    .venv/bin/python bench/api_profile.py --what open311 --n 30 --query service_code=moi_truong
    .venv/bin/python bench/api_profile.py --what list --n 100 --query page_size=25   # REST list

Runs the production settings (``DANVAN_ENV=production``, Redis cache, persistent database
connection) against the benchmark database that ``bench/petitions.py --keep-database`` made
(``--database``), calling Django's WSGI handler directly as gunicorn does, without a socket.
Prints the mean wall time and queries per request, then the functions that took the most
time (``--sort tottime|cumulative``).  A profile shows shares, not speed: ``bench/api_load.py``
measures speed.  The filings are deleted at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import secrets
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def environ(method: str, path: str, query: str = "", body: bytes = b"", **headers: str) -> dict:
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
        "CONTENT_LENGTH": str(len(body)),
    }
    if body:
        env["CONTENT_TYPE"] = "application/json"
    for name, value in headers.items():
        env[f"HTTP_{name.upper()}"] = value
    return env


def call(app: Any, env: dict) -> tuple[str, bytes]:
    out: dict[str, str] = {}

    def start_response(status: str, _headers: list, _exc: Any = None) -> None:
        out["status"] = status

    chunks = app(env, start_response)
    body = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return out["status"], body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--what", choices=["create", "open311", "list"], default="create")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--query", default="", help="query string of a list (open311, list)")
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/danvan_bench_petitions"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--callees", default="", help="also print the callees of these functions")
    args = parser.parse_args()

    from cryptography.fernet import Fernet

    os.environ.update(
        DANVAN_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=args.database,
        REDIS_URL=args.redis,
        DANVAN_IDENTITY_KEYS=Fernet.generate_key().decode(),
        DANVAN_VAR_DIR=str(ROOT / "var" / "bench"),
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="600",
        DJANGO_SETTINGS_MODULE="danvan.config.settings",
    )
    for name in ("API_RATE_KEY", "API_RATE_USER", "API_RATE_ANON", "OPEN311_RATE_POST"):
        os.environ[name] = "10000000/min"
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    app = WSGIHandler()
    if args.what in ("create", "list"):
        from api_load import ACCOUNT, petition_bodies

        from danvan.api.keys import api_client_create
        from danvan.organizations.models import Membership, Organization, Role, User
        from danvan.organizations.roles import RoleCode

        org = Organization.objects.get(code="86-btcd")
        user, _ = User.objects.get_or_create(
            username=ACCOUNT, defaults={"first_name": "Tổng đài 1022", "last_name": "Vĩnh Long"}
        )
        Membership.objects.get_or_create(
            user=user, organization=org, role=Role.objects.get(code=RoleCode.INTAKE_OFFICER)
        )
        client, key = api_client_create(
            actor=None,
            name=f"profile {secrets.token_hex(3)}",
            account=user,
            scopes=["petitions:read", "petitions:write", "open311"],
        )
        bodies = petition_bodies(random.Random(7), 2 * args.n + 21)
        envs = []
        for body in bodies if args.what == "create" else []:
            tag = secrets.token_hex(6)
            raw = body.replace("@@TAG@@", tag).encode()
            envs.append(
                environ("POST", "/api/v1/petitions/", body=raw, x_api_key=key, idempotency_key=tag)
            )
        expected = "201"
        if args.what == "list":  # the partner's own scope: what the service account may read
            envs = [
                environ("GET", "/api/v1/petitions/", query=args.query, x_api_key=key)
                for _ in range(2 * args.n + 21)
            ]
            expected = "200"
    else:
        envs = [
            environ("GET", "/open311/v2/requests.json", query=args.query)
            for _ in range(2 * args.n + 21)
        ]
        expected = "200"
    started = time.time()
    for env in envs[:20]:  # warm caches, connections, imports
        status, body = call(app, env)
        assert status.startswith(expected), (status, body[:500])
    captured: list[tuple[float, str]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append((time.perf_counter() - t, sql))

    # (not CaptureQueriesContext: the handler's request_started resets connection.queries)
    with connection.execute_wrapper(record):
        status, _body = call(app, envs[20])
    profile = cProfile.Profile()
    t0 = time.perf_counter()
    profile.enable()
    for env in envs[21 : 21 + args.n]:
        status, body = call(app, env)
        assert status.startswith(expected), (status, body[:500])
    profile.disable()
    elapsed = (time.perf_counter() - t0) / args.n
    plain = envs[21 + args.n :]
    # as many again without the profiler, for the wall time
    t0 = time.perf_counter()
    for env in plain:
        call(app, env)
    wall = (time.perf_counter() - t0) / len(plain)
    print(
        f"{args.what}: {wall * 1000:.1f} ms a request ({elapsed * 1000:.1f} under the profiler), "
        f"{len(captured)} queries, last body {len(body)} bytes"
    )
    for seconds, sql in captured:
        print(f"  {seconds * 1000:6.1f} ms  {sql[:150]}")
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream).sort_stats(args.sort)
    stats.print_stats(args.top)
    by_package: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        parts = filename.split("site-packages/")
        if len(parts) > 1:
            head = "/".join(parts[1].split("/")[:2])
        elif "/src/danvan/" in filename:
            head = "danvan/" + filename.split("/src/danvan/")[1].split("/")[0]
        else:
            head = filename.rsplit("/", 1)[-1] if filename.startswith("/") else filename
        by_package[head] = by_package.get(head, 0.0) + tottime
    total = sum(by_package.values())
    print("own time by package (share of the profiled time):")
    for head, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {seconds / total:6.1%}  {head}")
    if args.callees:
        stats.print_callees(args.callees)
        stats.print_callers(args.callees)
    print(stream.getvalue())
    if args.what in ("create", "list"):
        from danvan.petitions.models import Petition

        Petition.objects.filter(received_by=user, created_at__gte=_aware(started)).delete()
        client.delete()
    return 0


def _aware(ts: float) -> Any:
    import datetime as dt

    return dt.datetime.fromtimestamp(ts - 5, tz=dt.UTC)


if __name__ == "__main__":
    raise SystemExit(main())

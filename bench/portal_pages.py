"""The citizens' portal's public pages at a province's scale, measured in process.

    .venv/bin/python bench/petitions.py --backends pg --postgres URL --steps generate \\
        --keep-database                        # once: 1,000,000 petitions in danvan_bench_petitions
    .venv/bin/python bench/portal_pages.py \\
        --database-url postgres://postgres@127.0.0.1:5432/danvan_bench_petitions [--samples 30]

Runs Django's test client (no HTTP server) against an existing, migrated database: the public
answers (unfiltered, by field, by commune, a search on a common and on a rare word), the
statistics (the province, a commune, a field, each both cold — the cache emptied before each
sample — and from the cache), the tracking page of a case, and the submit form.  Prints
p50/p95 in milliseconds and the number of queries; ``--out`` writes them as JSON.  Nothing
here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--out")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DANVAN_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from danvan.petitions.models import Petition
    from danvan.petitions.publication import public_answers
    from danvan.portal.services import portal_province

    province = portal_province()
    from django.db.models import Count

    busiest = (
        Petition.objects.values("commune_id", "commune__code", "commune__name")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None, "the database holds no petitions"
    commune_label = f"{busiest['commune__name']} [{busiest['commune__code']}]"
    some_case = public_answers().order_by("-answered_on").values_list("tracking_code", flat=True)
    code = some_case.first() or Petition.objects.values_list("tracking_code", flat=True).first()
    pages = {
        "answers, newest": ("/cong-dan/tra-loi/", {}, False),
        "answers, page 40": ("/cong-dan/tra-loi/", {"page": "40"}, False),
        "answers, by field": ("/cong-dan/tra-loi/", {"field": "dat_dai"}, False),
        "answers, by commune": ("/cong-dan/tra-loi/", {"commune": commune_label}, False),
        "answers, common word": ("/cong-dan/tra-loi/", {"q": "duong"}, False),
        "answers, two words": ("/cong-dan/tra-loi/", {"q": "ngap nuoc"}, False),
        "answers, rare word": ("/cong-dan/tra-loi/", {"q": "khongcotu"}, False),
        "one public answer": (f"/cong-dan/tra-loi/{code}/", {}, False),
        "statistics, province, cold": ("/cong-dan/thong-ke/", {}, True),
        "statistics, province, cached": ("/cong-dan/thong-ke/", {}, False),
        "commune page, cold": (f"/cong-dan/xa/{busiest['commune__code']}/", {}, True),
        "commune page, cached": (f"/cong-dan/xa/{busiest['commune__code']}/", {}, False),
        "field page, cold": ("/cong-dan/linh-vuc/dat_dai/", {}, True),
        "field page, cached": ("/cong-dan/linh-vuc/dat_dai/", {}, False),
        "tracking page": (f"/tra-cuu/{code}/", {}, False),
        "submit form": ("/cong-dan/gui/", {}, False),
    }
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    print(f"province {province}, {Petition.objects.count():,} petitions, case {code}")
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for name, (path, params, cold) in pages.items():
        times = []
        queries = 0
        for i in range(args.samples + 1):
            if cold:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(path, params)
                elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (name, response.status_code)
            if i:  # the first is a warm-up (templates, catalogues)
                times.append(elapsed)
                queries = len(captured)
        times.sort()
        row = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "max_ms": round(times[-1], 1),
            "queries": queries,
        }
        results[name] = row
        print(f"{name:34} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['max_ms']:8.1f} "
              f"{row['queries']:8d}")  # fmt: skip
    if args.out:
        Path(args.out).write_text(json.dumps({"samples": args.samples, "pages": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

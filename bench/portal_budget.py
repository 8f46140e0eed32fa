"""The portal's page budget, measured as a browser loads it (Lighthouse-style).

    .venv/bin/pip install playwright          # the Python package; Debian's chromium is used
    .venv/bin/python bench/portal_budget.py [--runs 15] [--out result.json]

Starts the production setup on loopback (DANVAN_ENV=production, static files collected and
compressed by WhiteNoise, gunicorn with 2 sync workers) over a migrated SQLite database with
the units and the demo province, then loads each portal page in headless Chromium with an
empty cache, ``--runs`` times: total bytes transferred (what went over the wire, compressed,
every request the page made), requests, first contentful paint and load time on loopback,
and the same page over an emulated slow 3G link (400 kbit/s down, 400 ms round trip, the
Lighthouse preset).  Targets: the submit page under 150 KB transferred.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "submit (vi)": ("/cong-dan/gui/", "vi"),
    "submit (km)": ("/cong-dan/gui/", "km"),
    "home (vi)": ("/cong-dan/", "vi"),
    "tracking form (vi)": ("/tra-cuu/", "vi"),
    "public answers (vi)": ("/cong-dan/tra-loi/", "vi"),
}
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
           "uploadThroughput": 400_000 / 8}  # fmt: skip
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(var_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DANVAN_ENV": "production",
        "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DANVAN_VAR_DIR": str(var_dir),
        "SECURE_COOKIES": "false",
        "DANVAN_IDENTITY_KEYS": "7Qm0y0o4i0o3Pz0d2vXx1pQk8sY5l3G6fW9hJ2cB4aE=",
        "LOG_LEVEL": "WARNING",
    }
    danvan = str(ROOT / ".venv" / "bin" / "danvan")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_units"]):
        subprocess.run([danvan, *command], env=env, check=True, capture_output=True)  # noqa: S603
    demo_env = {**env, "DANVAN_ENV": "development"}  # the demo refuses production, by design
    subprocess.run([danvan, "load_demo"], env=demo_env, check=True, capture_output=True)  # noqa: S603
    return env


def measure(base: str, runs: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for name, (path, language) in PAGES.items():
            for network in ("loopback", "slow 3G"):
                sizes, counts, fcps, loads = [], [], [], []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 360, "height": 740})
                    context.add_cookies(
                        [{"name": "danvan_language", "value": language, "url": base}]
                    )
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                    if network == "slow 3G":
                        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
                    transferred: list[int] = []
                    cdp.on(
                        "Network.loadingFinished",
                        lambda e, t=transferred: t.append(int(e["encodedDataLength"])),
                    )
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(300)  # late requests (the font after layout)
                    timing = page.evaluate(
                        """() => {
                          const nav = performance.getEntriesByType('navigation')[0];
                          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                          return {fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd};
                        }"""
                    )
                    sizes.append(sum(transferred))
                    counts.append(len(transferred))
                    fcps.append(float(timing["fcp"] or 0))
                    loads.append(float(timing["load"]))
                    context.close()
                results[f"{name}, {network}"] = {
                    "bytes_median": statistics.median(sizes),
                    "bytes_max": max(sizes),
                    "requests": statistics.median(counts),
                    "fcp_ms_median": round(statistics.median(fcps), 1),
                    "fcp_ms_p95": round(sorted(fcps)[max(0, int(len(fcps) * 0.95) - 1)], 1),
                    "load_ms_median": round(statistics.median(loads), 1),
                }
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="danvan-budget-") as tmp:
        env = prepare(Path(tmp))
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "danvan.config.wsgi",
             "--workers", "2", "--bind", f"127.0.0.1:{port}"],
            env=env,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            import urllib.request

            for path, _language in PAGES.values():  # warm both workers and their caches
                for _ in range(4):
                    urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
            results = measure(base, args.runs)
        finally:
            server.terminate()
            server.wait(10)
    print(f"{'page, network':44} {'KB':>7} {'req':>4} {'FCP p50':>8} {'FCP p95':>8} {'load':>8}")
    for name, r in results.items():
        print(
            f"{name:44} {r['bytes_median'] / 1024:7.1f} {r['requests']:4.0f} "
            f"{r['fcp_ms_median']:8.1f} {r['fcp_ms_p95']:8.1f} {r['load_ms_median']:8.1f}"
        )
    if args.out:
        Path(args.out).write_text(json.dumps({"runs": args.runs, "results": results}, indent=2))
    sys.exit(0)


if __name__ == "__main__":
    main()

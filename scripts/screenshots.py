"""Screenshots of the running app from headless Chromium, for docs/screenshots/.

Usage: start the app (`make start`), then
    .venv/bin/pip install playwright   # the Python package only; Debian's chromium is used
    .venv/bin/python scripts/screenshots.py [BASE_URL]
Never downloads a browser: it drives /usr/bin/chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "danvan-demo-2026"  # noqa: S105  (the demo's published password)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for label, viewport in (
            ("desktop", {"width": 1280, "height": 800}),
            ("phone", {"width": 360, "height": 760}),
        ):
            page = browser.new_page(viewport=viewport, locale="vi-VN")
            page.goto(f"{BASE}/accounts/login/")
            page.screenshot(path=str(OUT / f"login-{label}.png"), full_page=True)
            page.fill("#id_username", "tiepnhan.longduc")
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{BASE}/")
            page.screenshot(path=str(OUT / f"home-intake-officer-{label}.png"), full_page=True)
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="vi-VN")
        page.goto(f"{BASE}/accounts/login/")
        page.fill("#id_username", "quantri.tinh")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{BASE}/")
        page.screenshot(path=str(OUT / "home-administrator-desktop.png"), full_page=True)
        page.goto(f"{BASE}/organizations/?q=long+duc")
        page.screenshot(path=str(OUT / "organizations-search-desktop.png"), full_page=True)
        browser.close()
    print(f"screenshots written to {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()

"""Walk through the petition pages in headless Chromium and save screenshots.

Start the app (`make start`), then:
    .venv/bin/pip install playwright      # the Python package only; Debian's chromium is used
    .venv/bin/python scripts/walkthrough_petitions.py [BASE_URL]

1. An intake officer registers a paper complaint from 12 households (3 representatives),
   accepts it and assigns it; the handling officer declares it complex (the complaint's
   "extension"), verifies, decides and answers; the citizen rates it with the tracking code.
2. A denunciation: the intake officer and the commune's head never see the denouncer's name,
   on the page, in the CSV/XLSX export, or in the API (``/api/v1/petitions/<id>/``); the
   officer holding the confidential role asks for it on the page (audited).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

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


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def login(page: Page, username: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{BASE}/")


def logout(page: Page) -> None:
    if "/api/" in page.url:
        page.goto(f"{BASE}/")
    page.click("text=Đăng xuất")


def act(page: Page, label: str, fill: dict[str, str] | None = None) -> None:
    details = page.locator("details.action", has=page.locator(f"summary:text-is('{label}')"))
    details.locator("summary").click()
    for selector, value in (fill or {}).items():
        field = details.locator(selector)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    details.locator("button[type=submit]").click()
    page.wait_for_load_state()


def register(
    page: Page,
    *,
    kind: str,
    subject: str,
    people: list[tuple[str, bool]],
    count: int,
    extra: dict[str, str],
) -> str:
    page.goto(f"{BASE}/petitions/new/?rows={len(people)}")
    page.select_option("#id_kind", kind)
    page.select_option("#id_channel", "post")
    page.select_option("#id_field", "dat_dai")
    page.fill("#id_commune_text", "long duc, vinh long")
    page.fill("#id_subject", subject)
    page.fill("#id_content", "Đơn viết tay, nộp qua bưu điện. " + subject)
    page.fill("#id_request", "Đề nghị xem xét, giải quyết.")
    for i, (name, representative) in enumerate(people):
        page.fill(f"#id_p-{i}-full_name", name)
        page.fill(f"#id_p-{i}-address", "Ấp Sóc Ruộng, phường Long Đức")
        page.fill(f"#id_p-{i}-id_number", f"08409500{i:04d}")
        if representative:
            page.check(f"#id_p-{i}-is_representative")
    page.fill("#id_petitioner_count", str(count))
    for selector, value in extra.items():
        page.fill(selector, value)
    shot(page, f"petition-intake-{kind}")
    page.click("button:text('Lưu và cấp mã tra cứu')")
    page.wait_for_url(re.compile(r".*/petitions/\d+/$"))
    code = page.locator("p .badge").first.inner_text().strip()
    return code


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")

        # 1. A group complaint, from the paper letter to the citizen's rating.
        login(page, "tiepnhan.longduc")
        people = [(f"Ông Thạch Văn Sơn {i}", i < 3) for i in range(3)]
        code = register(
            page,
            kind="khieu_nai",
            subject="Khiếu nại quyết định thu hồi đất",
            people=people,
            count=12,
            extra={
                "#id_contested_decision": "Quyết định số 125/QĐ-UBND ngày 02/10/2026",
            },
        )
        shot(page, "petition-1-registered")
        act(page, "Thụ lý")
        page.locator("summary:text-is('Giao xử lý')").click()
        page.eval_on_selector(
            "select[name=assignee]",
            "s => { s.value = [...s.options].find(o => o.text.includes('thuly.')).value; }",
        )
        page.locator("details[open] button[type=submit]").click()
        page.wait_for_load_state()
        shot(page, "petition-2-assigned")
        logout(page)

        login(page, "thuly.longduc")
        page.goto(f"{BASE}/petitions/?queue=mine")
        shot(page, "petition-3-my-work-list")
        page.click(f"text={code}")
        act(
            page,
            "Xác định mức độ phức tạp (kéo dài thời hạn)",
            {
                "textarea[name=reason]": "Phải xác minh tại nhiều nơi, 12 hộ liên quan",
                "input[name=number]": "31/QĐ-UBND",
                "textarea[name=body]": "Xác định vụ việc khiếu nại là phức tạp (thời hạn 45 ngày).",
            },
        )
        act(page, "Bắt đầu xác minh")
        act(page, "Tổ chức đối thoại")
        act(
            page,
            "Ban hành quyết định, kết luận",
            {
                "input[name=number]": "140/QĐ-UBND",
                "input[name=title]": "Quyết định giải quyết khiếu nại lần đầu",
                "textarea[name=body]": "Giữ nguyên một phần quyết định; bổ sung hỗ trợ cho 12 hộ.",
            },
        )
        act(
            page,
            "Trả lời người gửi",
            {
                "input[name=number]": "141/UBND",
                "input[name=title]": "Gửi quyết định giải quyết",
                "textarea[name=body]": "UBND phường gửi quyết định số 140/QĐ-UBND đến các hộ dân.",
            },
        )
        shot(page, "petition-4-answered")
        logout(page)

        page.goto(f"{BASE}/tra-cuu/")
        page.fill("#id_code", code)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/tra-cuu/.+/$"))
        shot(page, "petition-5-citizen-tracking")
        page.check("input[name=satisfied][value=yes]")
        page.fill("textarea[name=comment]", "Đã được giải thích rõ ràng.")
        page.click("button:text('Gửi đánh giá')")
        page.wait_for_load_state()
        shot(page, "petition-6-citizen-rated")

        # 2. A denunciation: the denouncer's name stays hidden.
        login(page, "tiepnhan.longduc")
        register(
            page,
            kind="to_cao",
            subject="Tố cáo cán bộ địa chính nhận tiền",
            people=[("Bà Kim Thị Mật", True)],
            count=1,
            extra={"#id_accused": "Ông Nguyễn Văn B, công chức địa chính phường"},
        )
        shot(page, "denunciation-1-intake-officer-view")
        url = page.url
        logout(page)
        login(page, "chutich.longduc")
        page.goto(url)
        shot(page, "denunciation-2-head-view-no-name")
        # The export of the head's list: the denouncer's name is not in it either.
        for fmt in ("csv", "xlsx"):
            response = page.request.get(f"{BASE}/petitions/export/?format={fmt}")
            body = response.body()
            if fmt == "xlsx":
                import io
                import zipfile

                with zipfile.ZipFile(io.BytesIO(body)) as archive:
                    body = b"".join(archive.read(n) for n in archive.namelist())
            found = "Kim Thị Mật".encode() in body
            print(f"export {fmt}: {response.status}, denouncer's name present: {found}")  # noqa: T201
            if found:
                raise SystemExit("the denouncer's name is in the export")
        # The API: the same case read through /api/v1/, as JSON and in the browsable page.
        pk = re.search(r"/petitions/(\d+)/", url).group(1)  # type: ignore[union-attr]
        response = page.request.get(f"{BASE}/api/v1/petitions/{pk}/?format=json")
        body = response.body()
        found = "Kim Thị Mật".encode() in body or b"Kim Th\\u1ecb" in body
        api_line = (
            f"API: {response.status}, identity: {response.json().get('identity')}, "
            f"denouncer's name present: {found}"
        )
        print(api_line)  # noqa: T201
        if found or response.json().get("identity") != "withheld":
            raise SystemExit("the denouncer's name is in the API answer")
        page.goto(f"{BASE}/api/v1/petitions/{pk}/")
        shot(page, "denunciation-2b-head-api-no-name")
        logout(page)
        login(page, "bimat.longduc")
        page.goto(url)
        page.click("button:text('Xem danh tính (ghi nhật ký)')")
        page.wait_for_load_state()
        shot(page, "denunciation-3-confidential-officer-view")
        browser.close()
    print(f"screenshots written to {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()

"""Walk through the citizens' portal in headless Chromium and save screenshots.

Start the app (`make start`), then:
    .venv/bin/pip install playwright      # the Python package only; Debian's chromium is used
    .venv/bin/python scripts/walkthrough_portal.py [BASE_URL]

A citizen on a 360 px phone files a phản ánh (the commune typed without diacritics, a photo
attached, publication agreed), first forgetting her name (the page keeps her text), gets the
receipt and follows the case by its code; the commune's officers accept, assign and answer it
on their pages; she reads the answer and says she is not satisfied; the answer appears among
the public answers without her name or phone; the commune's page shows the counts.  The same
pages at desktop width, the submit page in Khmer and in English, and the sign-in page.
"""

from __future__ import annotations

import re
import struct
import sys
import zlib
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from walkthrough_petitions import ARGS, act, login, logout

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def photo(path: Path) -> Path:
    """A small PNG (a grey street lamp on blue), made here so the walk needs no asset."""
    width, height = 64, 48
    rows = b"".join(
        b"\x00" + b"".join(
            b"\x90\x90\x90" if 28 <= x <= 34 and y >= 10 else b"\x30\x60\xb0"
            for x in range(width)
        )
        for y in range(height)
    )  # fmt: skip

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def answer_question(page: Page) -> None:
    label = page.locator("label[for=id_captcha_answer]").inner_text()
    match = re.search(r"(\w+) (cộng|trừ) (\w+) bằng mấy", label)
    assert match, label  # noqa: S101
    a, b = WORDS[match.group(1).lower()], WORDS[match.group(3).lower()]
    page.fill("#id_captcha_answer", str(a + b if match.group(2) == "cộng" else a - b))


def set_language(page: Page, code: str) -> None:
    page.click(f"form.language button[value={code}]")
    page.wait_for_load_state()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    image = photo(Path("/tmp/danvan-den-duong.png"))  # noqa: S108
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        phone = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        phone.goto(f"{BASE}/cong-dan/")
        shot(phone, "portal-1-home-phone")

        # Filing: the name forgotten first; the page keeps every word.
        phone.goto(f"{BASE}/cong-dan/gui/")
        phone.check("input[name=kind][value=phan_anh]")
        phone.select_option("#id_field", "ha_tang")
        phone.fill("#id_commune_text", "long duc, vinh long")
        phone.fill("#id_address_as_written", "Khóm 3, đường Nguyễn Đáng")
        phone.fill("#id_subject", "Đèn đường khóm 3 hư hai tuần")
        phone.fill(
            "#id_content",
            "Ba trụ đèn trên đường Nguyễn Đáng, khóm 3, tắt từ hai tuần nay. Buổi tối học sinh "
            "đi học về rất tối, đã có người té xe. Liên hệ tôi: 0912 345 678.",
        )
        phone.fill("#id_request", "Đề nghị sửa đèn trước Tết.")
        phone.fill("#id_phone", "0912345678")
        phone.fill("#id_address", "Số 12, khóm 3, phường Long Đức")
        phone.check("#id_consent_to_publish")
        phone.check("#id_confirm")
        answer_question(phone)
        phone.set_input_files("#id_attachments", str(image))
        shot(phone, "portal-2-submit-phone")
        phone.click("button[type=submit].big")
        phone.wait_for_load_state()
        shot(phone, "portal-3-submit-error-kept-phone")
        phone.fill("#id_full_name", "Thạch Thị Sa Ra")
        phone.set_input_files("#id_attachments", str(image))
        if phone.locator("#id_captcha_answer").count():
            answer_question(phone)
        phone.click("button[type=submit].big")
        phone.wait_for_url(re.compile(r".*/bien-nhan/.+/$"))
        code = phone.locator(".receipt .code").inner_text().strip()
        shot(phone, "portal-4-receipt-phone")
        phone.click("text=Xem tình trạng")
        phone.wait_for_load_state()
        shot(phone, "portal-5-tracking-received-phone")

        # The commune's officers accept, assign and answer it on their own pages.
        desk = browser.new_page(viewport=DESKTOP)
        login(desk, "tiepnhan.longduc")
        desk.goto(f"{BASE}/petitions/?q={code}")
        desk.click(f"text={code}")
        act(desk, "Thụ lý")
        desk.locator("summary:text-is('Giao xử lý')").click()
        desk.eval_on_selector(
            "select[name=assignee]",
            "s => { s.value = [...s.options].find(o => o.text.includes('thuly.')).value; }",
        )
        desk.locator("details[open] button[type=submit]").click()
        desk.wait_for_load_state()
        logout(desk)
        login(desk, "thuly.longduc")
        desk.goto(f"{BASE}/petitions/?q={code}")
        desk.click(f"text={code}")
        act(
            desk,
            "Trả lời người gửi",
            {
                "input[name=number]": "215/UBND-VP",
                "input[name=title]": "Trả lời phản ánh về đèn đường khóm 3",
                "textarea[name=body]": (
                    "Trả lời bà Thạch Thị Sa Ra (điện thoại 0912345678): UBND phường đã thay "
                    "bóng và sửa dây dẫn ba trụ đèn trên đường Nguyễn Đáng ngày hôm nay."
                ),
            },
        )
        logout(desk)

        # The citizen reads the answer and says she is not satisfied.
        phone.goto(f"{BASE}/tra-cuu/{code}/")
        shot(phone, "portal-6-tracking-answered-phone")
        phone.check("input[name=satisfied][value=no]")
        phone.fill("textarea[name=comment]", "Mới sửa hai trụ, trụ thứ ba vẫn tắt.")
        phone.click("button:text('Gửi đánh giá')")
        phone.wait_for_load_state()
        shot(phone, "portal-7-rated-phone")

        # Public answers: her text, without her name or phone.
        phone.goto(f"{BASE}/cong-dan/tra-loi/?q=den duong")
        shot(phone, "portal-8-public-answers-phone")
        phone.click("ol.answer-list h2 a >> nth=0")
        phone.wait_for_load_state()
        body = phone.content()
        assert "Sa Ra" not in body  # noqa: S101
        assert "0912345678" not in body  # noqa: S101
        shot(phone, "portal-9-public-answer-phone")

        desk.goto(f"{BASE}/cong-dan/")
        shot(desk, "portal-1-home-desktop")
        desk.goto(f"{BASE}/cong-dan/gui/")
        shot(desk, "portal-2-submit-desktop")
        desk.goto(f"{BASE}/cong-dan/tra-loi/")
        shot(desk, "portal-8-public-answers-desktop")
        desk.goto(f"{BASE}/tra-cuu/{code}/")
        shot(desk, "portal-7-rated-desktop")
        desk.goto(f"{BASE}/cong-dan/thong-ke/")
        desk.click("text=Phường Long Đức")
        desk.wait_for_load_state()
        shot(desk, "portal-10-commune-desktop")
        desk.goto(f"{BASE}/cong-dan/dang-nhap/")
        shot(desk, "portal-11-sign-in-desktop")

        # Khmer and English, switched on the page itself.
        phone.goto(f"{BASE}/cong-dan/gui/")
        set_language(phone, "km")
        phone.wait_for_timeout(500)  # the font swaps in
        shot(phone, "portal-12-submit-khmer-phone")
        desk.goto(f"{BASE}/cong-dan/gui/")
        set_language(desk, "km")
        desk.wait_for_timeout(500)
        shot(desk, "portal-12-submit-khmer-desktop")
        set_language(desk, "en")
        shot(desk, "portal-13-submit-english-desktop")
        set_language(desk, "vi")
        browser.close()
    print(f"walk-through done: {code}")  # noqa: T201


if __name__ == "__main__":
    main()

"""The committed .mo catalogues match their .po sources."""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "src" / "danvan" / "locale"


def test_compiled_catalogues_are_current():
    catalogues = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
    assert catalogues
    for po_path in catalogues:
        po = {
            (e.msgid, e.msgid_plural): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in polib.pofile(str(po_path))
            if e.translated()
        }
        mo = {
            (e.msgid, e.msgid_plural): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in polib.mofile(str(po_path.with_suffix(".mo")))
        }
        assert po == mo, f"run scripts/compile_messages.py for {po_path}"


def test_vietnamese_overrides_reach_the_ui(client, db):
    from django.urls import reverse

    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()

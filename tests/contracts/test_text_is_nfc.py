"""Vietnamese text in the code base is in Unicode NFC (DEVELOPERS non-negotiable 5)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "danvan"


def test_every_source_and_template_file_is_nfc():
    offenders = []
    for path in SOURCE.rglob("*"):
        if path.suffix not in {".py", ".html", ".txt", ".po", ".md", ".css"}:
            continue
        text = path.read_text(encoding="utf-8")
        if unicodedata.normalize("NFC", text) != text:
            offenders.append(str(path.relative_to(SOURCE)))
    assert offenders == []

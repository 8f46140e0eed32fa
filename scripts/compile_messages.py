"""Compile danvan's .po catalogues to .mo with polib (no gettext tools needed).

Run after editing a catalogue: `.venv/bin/python scripts/compile_messages.py`.  The compiled
.mo files are committed, so a fresh install needs no compiler; a test checks they are current.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "danvan" / "locale"


def main() -> None:
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


if __name__ == "__main__":
    main()

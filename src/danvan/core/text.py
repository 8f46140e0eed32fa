"""Vietnamese text utilities: Unicode normalisation and diacritic-insensitive keys.

Vietnamese is written with tone marks and modified letters (dấu: sắc, huyền, hỏi, ngã, nặng;
ă, â, ê, ô, ơ, ư, đ).  People type names with or without them, in composed or decomposed
Unicode, with old or new tone placement ("Hoà" / "Hòa").  These helpers give one stable form:

- ``nfc``: the composed form (dựng sẵn) every stored name uses;
- ``fold``: lower case without diacritics (bỏ dấu), "đ" → "d", whitespace collapsed;
- ``name_key``: ``fold`` plus punctuation cleaned, the key stored for searching a name;
- ``split_kind`` / ``search_key``: also recognise a leading unit type (tỉnh, thành phố, xã,
  phường, đặc khu, thị trấn, huyện, ấp, khóm, thôn, tổ dân phố…) as typed by a user.

No Django imports: the module is used by models, selectors, importers and tests alike.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "KIND_ALIASES",
    "KIND_PREFIXES",
    "fold",
    "name_key",
    "nfc",
    "search_key",
    "split_kind",
]

# Letters that Unicode does not decompose into a base letter plus a combining mark.
_SPECIAL_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# Apostrophes inside names of the Central Highlands (Ea H'Leo, B'Lao, M'Drắk) join syllables.
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NUMBERED = re.compile(r"^\d")
_COMPACT_KIND = re.compile(r"^([a-z]{1,3})(\d+)$")  # "p4", "f12", "q1", "tdp5"

# Unit types, folded, longest first so that "thi xa" wins over "thi" and "to dan pho" over "to".
KIND_PREFIXES: tuple[str, ...] = (
    "thanh pho",
    "to dan pho",
    "khu pho",
    "dac khu",
    "thi tran",
    "thi xa",
    "phuong",
    "huyen",
    "quan",
    "tinh",
    "khom",
    "thon",
    "xa",
    "ap",
)

# Abbreviations people type for a unit type, mapped to the folded type.  Single consonants are
# safe: no Vietnamese syllable is a lone "p", "x", "q" or "h".
KIND_ALIASES: dict[str, str] = {
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thi tran",
    "tdp": "to dan pho",
    "kp": "khu pho",
    "p": "phuong",
    "f": "phuong",
    "x": "xa",
    "q": "quan",
    "h": "huyen",
}


def nfc(text: str) -> str:
    """The text in Unicode NFC (dựng sẵn), stripped of surrounding whitespace."""
    return unicodedata.normalize("NFC", text).strip()


def fold(text: str) -> str:
    """Lower case, diacritics removed, "đ" → "d", whitespace collapsed to single spaces.

    >>> fold("  Xã  Long Đức ")
    'xa long duc'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL_LETTERS))
    kept = decomposed if decomposed.isascii() else decomposed.translate(_MARKS)
    return " ".join(kept.lower().split())


class _MarksTable(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks (Mn) and invisible format
    characters (Cf), filled as characters are met: ``translate`` then runs in C, several times
    faster than testing each character's category in Python (intake folds every letter)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)) in {"Mn", "Cf"} else code
        self[code] = value
        return value


_MARKS = _MarksTable()


def name_key(text: str) -> str:
    """The key a name is searched by: ``fold`` with apostrophes dropped and other
    punctuation turned into spaces ("Ea H'Leo" → "ea hleo", "Bà Rịa - Vũng Tàu" →
    "ba ria vung tau")."""
    folded = _APOSTROPHES.sub("", fold(text))
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def split_kind(text: str) -> tuple[str | None, str]:
    """Split a leading unit type off a name as typed by a user.

    Returns the folded type ("xa", "phuong", "thanh pho"…) or None, and the ``name_key`` of
    the rest.  A numbered name keeps its type, because the type is part of such a name
    ("Phường 4", "Ấp 3", "Phường 1 Bảo Lộc"); abbreviations are expanded
    ("p.4" → ``("phuong", "phuong 4")``).
    """
    key = name_key(text)
    compact = _COMPACT_KIND.match(key.split(" ", 1)[0])
    if compact and compact.group(1) in KIND_ALIASES:
        key = f"{compact.group(1)} {compact.group(2)}" + key[len(compact.group(0)) :]
    words = key.split()
    if not words:
        return None, ""
    kind: str | None = None
    rest = key
    if words[0] in KIND_ALIASES and len(words) > 1:
        kind = KIND_ALIASES[words[0]]
        rest = " ".join(words[1:])
    else:
        for prefix in KIND_PREFIXES:
            if key.startswith(prefix + " "):
                kind = prefix
                rest = key[len(prefix) + 1 :]
                break
    if kind is None:
        return None, key
    if _NUMBERED.match(rest):
        return kind, f"{kind} {rest}"
    return kind, rest


def search_key(text: str) -> str:
    """The ``name_key`` of a name with its leading unit type dropped ("Xã Long Đức" →
    "long duc"), except for numbered names ("Phường 4" → "phuong 4")."""
    return split_kind(text)[1]

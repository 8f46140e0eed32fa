"""Vietnamese text utilities: NFC, diacritic folding, name keys and unit types."""

from __future__ import annotations

import unicodedata

import pytest

from danvan.core.text import fold, name_key, nfc, search_key, split_kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Long Đức", "Long Đức"),
        ("Long Đư\u0301c", "Long Đức"),  # decomposed acute accent
        ("Long Đu\u0301c", "Long Đúc"),
        ("Ho\u0300a Bi\u0300nh", "Hòa Bình"),
        ("  Vĩnh Long \n", "Vĩnh Long"),
        ("", ""),
    ],
)
def test_nfc(text, expected):
    assert nfc(text) == expected
    assert unicodedata.is_normalized("NFC", nfc(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xã Long Đức", "xa long duc"),
        ("LONG ĐỨC", "long duc"),
        ("Long Đu\u0301c", "long duc"),
        ("Đặc khu Côn Đảo", "dac khu con dao"),
        ("Thành phố Hồ Chí Minh", "thanh pho ho chi minh"),
        ("Hoà Bình", "hoa binh"),  # old tone placement
        ("Hòa Bình", "hoa binh"),
        ("ư ơ ă â ê ô đ", "u o a a e o d"),
        ("  nhiều   khoảng\ttrắng\u00a0 ", "nhieu khoang trang"),
        ("Ea H'Leo", "ea h'leo"),  # punctuation kept by fold
        ("zero\u200bwidth", "zerowidth"),
        ("Quận 1", "quan 1"),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ea H'Leo", "ea hleo"),
        ("Xã Ea H’Leo", "xa ea hleo"),
        ("Bà Rịa - Vũng Tàu", "ba ria vung tau"),
        ("TP. Trà Vinh", "tp tra vinh"),
        ("Phường Xuân Trường - Đà Lạt", "phuong xuan truong da lat"),
        ("--", ""),
    ],
)
def test_name_key(text, expected):
    assert name_key(text) == expected


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("Xã Long Đức", "xa", "long duc"),
        ("xa long duc", "xa", "long duc"),
        ("Long Đức", None, "long duc"),
        ("Phường Long Đức", "phuong", "long duc"),
        ("P. Long Đức", "phuong", "long duc"),
        ("Phường 4", "phuong", "phuong 4"),  # numbered: the type is part of the name
        ("p.4", "phuong", "phuong 4"),
        ("P4", "phuong", "phuong 4"),
        ("F12", "phuong", "phuong 12"),
        ("Q.1", "quan", "quan 1"),
        ("Phường 1 Bảo Lộc", "phuong", "phuong 1 bao loc"),
        ("Thành phố Hồ Chí Minh", "thanh pho", "ho chi minh"),
        ("TP Trà Vinh", "thanh pho", "tra vinh"),
        ("Tỉnh Vĩnh Long", "tinh", "vinh long"),
        ("Thị xã Bình Minh", "thi xa", "binh minh"),
        ("thị trấn Càng Long", "thi tran", "cang long"),
        ("Huyện Châu Thành", "huyen", "chau thanh"),
        ("Đặc khu Côn Đảo", "dac khu", "con dao"),
        ("Tổ dân phố 5", "to dan pho", "to dan pho 5"),
        ("tdp5", "to dan pho", "to dan pho 5"),
        ("Ấp Sa Bình", "ap", "sa binh"),
        ("Khóm 3", "khom", "khom 3"),
        ("Thôn Đông", "thon", "dong"),
        # Words that only look like a type are part of the name.
        ("Sóc Trăng", None, "soc trang"),
        ("Buôn Ma Thuột", None, "buon ma thuot"),
        # Ambiguous without diacritics: "Xa Dung" reads as "xã Dung" (search still finds it).
        ("Xa Dung", "xa", "dung"),
        ("Xã", None, "xa"),
        ("", None, ""),
    ],
)
def test_split_kind_and_search_key(text, kind, key):
    assert split_kind(text) == (kind, key)
    assert search_key(text) == key

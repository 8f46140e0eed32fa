"""Finding communes by typing, with or without diacritics."""

from __future__ import annotations

import pytest

from danvan.units.models import AdministrativeUnit, UnitLevel
from danvan.units.selectors import unit_search


@pytest.mark.parametrize(
    "query",
    [
        "long duc",
        "Long Đức",
        "LONG ĐỨC",
        "xa long duc",
        "xã Long Đức",
        "phường long đức",
        "P. Long Đức",
        "  long   đức ",
        "Long Đư\u0301c",  # decomposed accent (NFD input)
    ],
)
def test_long_duc_comes_first_however_it_is_typed(query):
    results = unit_search(query)
    assert results[0].code == "29263"


def test_exact_name_ranks_before_names_with_the_same_words():
    names = [u.name for u in unit_search("long duc")]
    assert names[0] == "Phường Long Đức"
    assert "Xã Đức Long" in names[1:]  # same words, other order: found, ranked after


def test_prefix_matches_follow_exact_ones(vinh_long):
    names = [u.name for u in unit_search("tan", province=vinh_long, limit=50)]
    assert names
    assert all(
        " tan" in f" {AdministrativeUnit.objects.get(name=n, parent=vinh_long).search_key}"
        for n in names
    )


def test_typed_type_ranks_that_type_first():
    first_xa = unit_search("xã bình minh")[0]
    first_phuong = unit_search("phường bình minh")[0]
    assert first_xa.kind == "Xã"
    assert first_phuong.kind == "Phường"


def test_words_must_start_words_of_the_name():
    assert all(
        "an" in u.search_key.split() or any(w.startswith("an") for w in u.search_key.split())
        for u in unit_search("an", limit=100)
    )


def test_numbered_wards_keep_their_type():
    assert [u.name for u in unit_search("phường 1 bảo lộc")] == ["Phường 1 Bảo Lộc"]
    assert "Phường 1 Bảo Lộc" in [u.name for u in unit_search("p1", limit=50)]


def test_apostrophes_do_not_matter():
    assert unit_search("ea hleo")[0].name == "Xã Ea H'Leo"
    assert unit_search("Ea H’Leo")[0].name == "Xã Ea H'Leo"


def test_province_narrows_by_unit_code_or_text(vinh_long):
    everywhere = {u.parent_id for u in unit_search("binh minh", limit=50)}
    assert len(everywhere) > 1
    assert {u.parent_id for u in unit_search("binh minh", province=vinh_long)} == {vinh_long.pk}
    assert {u.parent_id for u in unit_search("binh minh", province="86")} == {vinh_long.pk}
    assert {u.parent_id for u in unit_search("binh minh, vinh long")} == {vinh_long.pk}
    assert {u.parent_id for u in unit_search("bình minh, tỉnh Vĩnh Long")} == {vinh_long.pk}


def test_searching_provinces():
    assert [u.code for u in unit_search("vinh long", level=UnitLevel.PROVINCE)] == ["86"]
    assert unit_search("tp hồ chí minh", level=UnitLevel.PROVINCE)[0].code == "79"


def test_limit_and_empty_queries():
    assert len(unit_search("tan", limit=7)) == 7
    assert unit_search("") == []
    assert unit_search("   ") == []
    assert unit_search(",") == []
    assert unit_search("long duc", province="99") == []
    assert unit_search("khong co ten nay") == []


def test_inactive_units_are_not_found():
    AdministrativeUnit.objects.filter(code="29263").update(is_active=False)
    assert "29263" not in [u.code for u in unit_search("long duc")]


def test_search_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        results = unit_search("long duc")
        assert str(results[0]) == "Phường Long Đức, Tỉnh Vĩnh Long"  # parent preloaded


def test_a_name_that_starts_like_a_type_is_still_found_first():
    # "Xa Dung" (Điện Biên) reads as "xã Dung" too.
    assert unit_search("xa dung")[0].name == "Xã Xa Dung"

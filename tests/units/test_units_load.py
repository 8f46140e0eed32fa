"""Loading the official list: counts, codes, names, paths, the legacy mapping, idempotency."""

from __future__ import annotations

import dataclasses
import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from danvan.core.models import AuditEntry
from danvan.units.models import AdministrativeUnit, LegacySuccession, LegacyUnit, UnitLevel
from danvan.units.services import hamlet_create, units_load
from danvan.units.sources import read_package_source


def _counts() -> dict[str, int]:
    return {
        "units": AdministrativeUnit.objects.count(),
        "legacy": LegacyUnit.objects.count(),
        "successions": LegacySuccession.objects.count(),
    }


def test_loads_34_provinces_and_3321_communes():
    assert AdministrativeUnit.objects.provinces().count() == 34
    assert AdministrativeUnit.objects.communes().count() == 3321
    kinds = dict(
        AdministrativeUnit.objects.exclude(level=UnitLevel.HAMLET)
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    assert kinds == {"Tỉnh": 28, "Thành phố": 6, "Xã": 2621, "Phường": 687, "Đặc khu": 13}


def test_vinh_long_has_124_communes(vinh_long):
    communes = AdministrativeUnit.objects.communes().within(vinh_long)
    assert communes.count() == 124
    assert communes.filter(kind="Phường").count() == 19
    assert communes.filter(kind="Xã").count() == 105
    assert communes.filter(parent=vinh_long).count() == 124


@pytest.mark.parametrize(
    ("code", "name", "kind", "parent_code"),
    [
        ("86", "Tỉnh Vĩnh Long", "Tỉnh", None),
        ("79", "Thành phố Hồ Chí Minh", "Thành phố", None),
        ("01", "Thành phố Hà Nội", "Thành phố", None),
        ("46", "Thành phố Huế", "Thành phố", None),
        ("29263", "Phường Long Đức", "Phường", "86"),
        ("29242", "Phường Trà Vinh", "Phường", "86"),
        ("26740", "Phường Sài Gòn", "Phường", "79"),
        ("00004", "Phường Ba Đình", "Phường", "01"),
        ("26732", "Đặc khu Côn Đảo", "Đặc khu", "79"),
        ("31288", "Xã Trường Thành", "Xã", "92"),
        # The package's type column contradicts these names; the name wins.
        ("10543", "Phường Việt Hòa", "Phường", "31"),
        ("31299", "Xã Phong Điền", "Xã", "92"),
    ],
)
def test_official_codes_names_and_types(code, name, kind, parent_code):
    unit = AdministrativeUnit.objects.select_related("parent").get(code=code)
    assert unit.name == name
    assert unit.kind == kind
    assert (unit.parent.code if unit.parent else None) == parent_code


def test_names_are_nfc_with_diacritics_and_search_keys_are_folded():
    names = list(AdministrativeUnit.objects.values_list("name", "short_name", "search_key"))
    assert all(
        unicodedata.is_normalized("NFC", n) and unicodedata.is_normalized("NFC", s)
        for n, s, _ in names
    )
    assert all(key == key.lower() and key.isascii() for _, _, key in names)
    long_duc = AdministrativeUnit.objects.get(code="29263")
    assert (long_duc.short_name, long_duc.search_key) == ("Long Đức", "long duc")


def test_paths_make_subtrees_prefix_queries(vinh_long, long_duc):
    assert vinh_long.path == "86/"
    assert long_duc.path == "86/29263/"
    assert long_duc.is_within(vinh_long)
    assert AdministrativeUnit.objects.within(long_duc).get() == long_duc
    assert AdministrativeUnit.objects.communes().within(vinh_long).filter(code="26740").count() == 0


def test_communes_have_coordinates():
    assert not AdministrativeUnit.objects.communes().filter(latitude__isnull=True).exists()
    long_duc = AdministrativeUnit.objects.get(code="29263")
    assert 9 < long_duc.latitude < 11
    assert 105 < long_duc.longitude < 107


def test_legacy_units_and_their_successors():
    levels = dict(LegacyUnit.objects.values_list("level").annotate(n=Count("id")))
    assert levels == {"province": 63, "district": 696, "ward": 10035}
    # Every old commune went somewhere, and exactly one successor is the main one.
    wards = LegacyUnit.objects.filter(level=LegacyUnit.Level.WARD)
    assert not wards.filter(successions__isnull=True).exists()
    primaries = (
        LegacySuccession.objects.filter(legacy__level="ward", is_primary=True)
        .values("legacy")
        .distinct()
        .count()
    )
    assert primaries == 10035
    # Old Trà Vinh, Bến Tre and Vĩnh Long provinces are today's Vĩnh Long.
    old = LegacyUnit.objects.filter(level="province", successors__code="86")
    assert sorted(old.values_list("code", flat=True)) == ["83", "84", "86"]


def test_old_long_duc_commune_went_to_phuong_long_duc():
    old = LegacyUnit.objects.select_related("parent__parent").get(level="ward", code="29263")
    assert old.name == "Xã Long Đức"
    assert old.parent.name == "Thành phố Trà Vinh"
    assert old.parent.parent.name == "Tỉnh Trà Vinh"
    assert list(old.successions.values_list("unit__code", "is_primary")) == [("29263", True)]


def test_divided_old_commune_keeps_every_successor_and_marks_the_main_one():
    old = LegacyUnit.objects.get(level="ward", name="Xã Tân Thạnh", parent__name="Huyện Thới Lai")
    successions = dict(old.successions.values_list("unit__code", "is_primary"))
    assert successions == {"31288": True, "31666": False}  # Trường Thành (main), Tân Thạnh


def test_island_district_went_to_a_special_zone():
    con_dao = LegacyUnit.objects.get(level="district", code="755")
    assert list(con_dao.successors.values_list("name", flat=True)) == ["Đặc khu Côn Đảo"]


def test_reload_changes_nothing_and_creates_no_duplicates():
    before = _counts()
    audit_before = AuditEntry.objects.count()
    result = units_load(actor=None)
    assert not result.changed
    assert (result.provinces, result.communes, result.legacy_units) == (34, 3321, 10794)
    assert _counts() == before
    assert AuditEntry.objects.count() == audit_before  # nothing changed, nothing to log
    assert not AdministrativeUnit.objects.values("code").annotate(n=Count("id")).filter(n__gt=1)
    assert not (LegacyUnit.objects.values("level", "code").annotate(n=Count("id")).filter(n__gt=1))
    assert not (
        LegacySuccession.objects.values("legacy", "unit").annotate(n=Count("id")).filter(n__gt=1)
    )


def test_reload_restores_a_changed_name_and_logs_it():
    AdministrativeUnit.objects.filter(code="29263").update(name="Phường Long Đức cũ")
    result = units_load(actor=None)
    assert result.updated == 1
    assert AdministrativeUnit.objects.get(code="29263").name == "Phường Long Đức"
    entry = AuditEntry.objects.filter(action="units.load").latest("id")
    assert entry.changes["updated"] == [0, 1]


def test_reload_from_a_changed_list_renames_and_retires_without_deleting(long_duc, superuser):
    hamlet = hamlet_create(actor=superuser, commune=long_duc, name="Khóm 3", kind="Khóm")
    source = read_package_source()
    renamed = [
        dataclasses.replace(c, name="Phường Long Đức Mới", short_name="Long Đức Mới")
        if c.code == "29263"
        else c
        for c in source.communes
    ]
    source.communes = [c for c in renamed if c.code != "29242"]  # Phường Trà Vinh left out
    result = units_load(actor=None, source=source)
    assert (result.updated, result.deactivated, result.created) == (1, 1, 0)
    long_duc.refresh_from_db()
    assert (long_duc.name, long_duc.search_key) == ("Phường Long Đức Mới", "long duc moi")
    assert AdministrativeUnit.objects.get(code="29242").is_active is False
    hamlet.refresh_from_db()
    assert hamlet.path == "86/29263/29263-001/"
    # Loading the real list again brings everything back.
    result = units_load(actor=None)
    assert (result.updated, result.deactivated) == (2, 0)
    assert AdministrativeUnit.objects.get(code="29242").is_active is True


def test_reload_keeps_hamlets(long_duc, superuser):
    hamlet = hamlet_create(actor=superuser, commune=long_duc, name="Khóm 3", kind="Khóm")
    units_load(actor=None)
    hamlet.refresh_from_db()
    assert (hamlet.name, hamlet.parent_id, hamlet.is_active) == ("Khóm 3", long_duc.pk, True)


def test_command_prints_a_summary():
    out = StringIO()
    call_command("load_units", stdout=out)
    text = out.getvalue()
    assert "34 tỉnh, thành phố" in text
    assert "3321 xã, phường, đặc khu" in text
    assert "giây" in text

"""Resolving an address, current or from before the 2025 reform, to today's commune."""

from __future__ import annotations

import pytest

from danvan.units.models import AdministrativeUnit, LegacyUnit
from danvan.units.selectors import Resolution, resolve_address
from danvan.units.services import hamlet_create

pytestmark = pytest.mark.usefixtures("no_network")


@pytest.mark.parametrize(
    "address",
    [
        "xã Long Đức, thành phố Trà Vinh, tỉnh Trà Vinh",
        "Xã Long Đức, Thành phố Trà Vinh, Tỉnh Trà Vinh",
        "xa long duc, tp tra vinh, tra vinh",
        "ấp Sa Bình, xã Long Đức, TP. Trà Vinh, tỉnh Trà Vinh",
    ],
)
def test_old_long_duc_address_resolves_to_phuong_long_duc_of_vinh_long(address):
    # Given the pre-2025 address of xã Long Đức (Trà Vinh city, Trà Vinh province),
    resolved = resolve_address(address)
    # then it is today's Phường Long Đức (29263) of Vĩnh Long province (86),
    assert resolved is not None
    assert resolved.unit.code == "29263"
    assert resolved.unit.name == "Phường Long Đức"
    assert resolved.unit.parent.code == "86"
    # found through the legacy mapping, from the old commune with its district.
    assert resolved.resolution == Resolution.LEGACY
    assert resolved.is_legacy
    assert resolved.legacy_unit is not None
    assert (resolved.legacy_unit.level, resolved.legacy_unit.code) == ("ward", "29263")
    assert resolved.legacy_unit.name == "Xã Long Đức"
    assert resolved.legacy_unit.parent.name == "Thành phố Trà Vinh"
    assert not resolved.is_ambiguous


@pytest.mark.parametrize(
    "address",
    [
        "xã Long Đức, tỉnh Vĩnh Long",  # the old type with the new province: still Long Đức
        "phường Long Đức, tỉnh Vĩnh Long",
        "Phường Long Đức, Vĩnh Long",
        "phuong long duc, vinh long",
        "số 12 đường Nguyễn Đáng, phường Long Đức, tỉnh Vĩnh Long",
    ],
)
def test_current_address_resolves_directly(address):
    resolved = resolve_address(address)
    assert resolved is not None
    assert resolved.unit.code == "29263"
    assert resolved.resolution == Resolution.CURRENT
    assert resolved.legacy_unit is None


def test_other_old_ward_merged_into_the_same_commune():
    resolved = resolve_address("Phường 4, TP Trà Vinh, Trà Vinh")
    assert resolved is not None
    assert resolved.unit.code == "29263"
    assert resolved.legacy_unit.name == "Phường 4"


def test_divided_old_commune_gives_the_main_successor_and_all_candidates():
    resolved = resolve_address("Xã Tân Thạnh, Huyện Thới Lai, TP Cần Thơ")
    assert resolved is not None
    assert resolved.unit.name == "Xã Trường Thành"
    assert [c.name for c in resolved.candidates] == ["Xã Trường Thành", "Xã Tân Thạnh"]
    assert resolved.is_ambiguous


def test_island_district_resolves_to_its_special_zone():
    resolved = resolve_address("huyện Côn Đảo, tỉnh Bà Rịa - Vũng Tàu")
    assert resolved is not None
    assert resolved.unit.name == "Đặc khu Côn Đảo"
    assert resolved.unit.parent.code == "79"
    assert resolved.legacy_unit.level == LegacyUnit.Level.DISTRICT


def test_commune_named_after_an_old_district_is_read_as_current():
    # Bình Minh was a district town (thị xã) of old Vĩnh Long; today it is a ward.
    resolved = resolve_address("phường Bình Minh, tỉnh Vĩnh Long")
    assert resolved is not None
    assert (resolved.unit.code, resolved.resolution) == ("29771", Resolution.CURRENT)


def test_current_name_that_also_reads_as_an_old_one_is_current():
    resolved = resolve_address("Phường 1 Bảo Lộc, Tỉnh Lâm Đồng")
    assert resolved is not None
    assert (resolved.unit.name, resolved.resolution) == ("Phường 1 Bảo Lộc", Resolution.CURRENT)


def test_every_commune_of_vinh_long_resolves_from_its_own_address(vinh_long):
    communes = AdministrativeUnit.objects.communes().filter(parent=vinh_long)
    wrong = []
    for commune in communes:
        resolved = resolve_address(f"{commune.name}, {vinh_long.name}")
        if resolved is None or resolved.unit != commune:
            wrong.append(commune.name)
    assert wrong == []


def test_every_old_commune_of_tra_vinh_resolves_to_its_main_successor():
    old_wards = LegacyUnit.objects.filter(level="ward", parent__parent__code="84").select_related(
        "parent__parent"
    )
    wrong = []
    for old in old_wards:
        resolved = resolve_address(f"{old.name}, {old.parent.name}, {old.parent.parent.name}")
        main = old.successions.get(is_primary=True).unit
        if resolved is None or resolved.unit != main or resolved.legacy_unit != old:
            wrong.append(old.name)
    assert wrong == []


def test_registered_hamlet_is_recognised(long_duc, superuser):
    hamlet = hamlet_create(actor=superuser, commune=long_duc, name="Khóm 3", kind="Khóm")
    resolved = resolve_address("số 5, khóm 3, phường Long Đức, tỉnh Vĩnh Long")
    assert resolved is not None
    assert resolved.hamlet == hamlet


@pytest.mark.parametrize("address", ["", "   ", "tỉnh Vĩnh Long", "không phải địa chỉ"])
def test_unresolvable_addresses_give_none(address):
    assert resolve_address(address) is None

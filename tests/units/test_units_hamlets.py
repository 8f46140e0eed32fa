"""Hamlets and residential groups (ấp, khóm, thôn, tổ dân phố) added by a province."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from danvan.core.models import AuditEntry
from danvan.units.models import AdministrativeUnit, HamletKind, UnitLevel
from danvan.units.services import hamlet_create, hamlet_update


def _error_code(error: ValidationError, field: str) -> str:
    return error.error_dict[field][0].code


def test_create_builds_names_code_and_path(superuser, long_duc):
    hamlet = hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind=HamletKind.AP)
    assert hamlet.level == UnitLevel.HAMLET
    assert (hamlet.name, hamlet.short_name, hamlet.kind) == ("Ấp Sa Bình", "Sa Bình", "Ấp")
    assert hamlet.code == "29263-001"
    assert hamlet.path == "86/29263/29263-001/"
    assert hamlet.search_key == "sa binh"
    assert hamlet.parent == long_duc
    second = hamlet_create(actor=superuser, commune=long_duc, name="3", kind=HamletKind.KHOM)
    assert (second.name, second.short_name, second.code) == ("Khóm 3", "Khóm 3", "29263-002")
    assert set(AdministrativeUnit.objects.hamlets().within(long_duc)) == {hamlet, second}


@pytest.mark.parametrize(
    ("typed", "kind", "name"),
    [
        ("Long Bình", HamletKind.AP, "Ấp Long Bình"),
        ("ấp long bình", HamletKind.AP, "Ấp Long Bình"),
        ("  Ấp   Long  Bình ", HamletKind.AP, "Ấp Long Bình"),
        ("tổ dân phố 5", HamletKind.TO_DAN_PHO, "Tổ dân phố 5"),
        ("Đông Hòa", HamletKind.THON, "Thôn Đông Hòa"),
        ("Bình Phu\u0301", HamletKind.AP, "Ấp Bình Phú"),  # NFD input stored as NFC
    ],
)
def test_typed_names_are_normalised(superuser, long_duc, typed, kind, name):
    hamlet = hamlet_create(actor=superuser, commune=long_duc, name=typed, kind=kind)
    assert hamlet.name == name


@pytest.mark.parametrize("duplicate", ["Ấp Sa Bình", "sa bình", "Sa Binh", "AP SA BINH"])
def test_name_is_unique_within_the_commune_ignoring_diacritics(superuser, long_duc, duplicate):
    hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind=HamletKind.AP)
    with pytest.raises(ValidationError) as caught:
        hamlet_create(actor=superuser, commune=long_duc, name=duplicate, kind=HamletKind.AP)
    assert _error_code(caught.value, "name") == "name_taken"


def test_same_name_is_allowed_in_another_commune(superuser, long_duc):
    other = AdministrativeUnit.objects.get(code="29242")
    hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind=HamletKind.AP)
    assert hamlet_create(actor=superuser, commune=other, name="Sa Bình", kind=HamletKind.AP)


def test_parent_must_be_a_commune(superuser, vinh_long, long_duc):
    with pytest.raises(ValidationError) as caught:
        hamlet_create(actor=superuser, commune=vinh_long, name="Sa Bình", kind=HamletKind.AP)
    assert _error_code(caught.value, "commune") == "parent_not_commune"
    hamlet = hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind=HamletKind.AP)
    with pytest.raises(ValidationError) as caught:
        hamlet_create(actor=superuser, commune=hamlet, name="Tổ 1", kind=HamletKind.TO_DAN_PHO)
    assert _error_code(caught.value, "commune") == "parent_not_commune"


@pytest.mark.parametrize("name", ["", "   ", "--", "Ấp"])
def test_name_is_required(superuser, long_duc, name):
    with pytest.raises(ValidationError) as caught:
        hamlet_create(actor=superuser, commune=long_duc, name=name, kind=HamletKind.AP)
    assert _error_code(caught.value, "name") == "name_required"
    assert not AdministrativeUnit.objects.hamlets().exists()


def test_kind_must_be_a_hamlet_kind(superuser, long_duc):
    with pytest.raises(ValidationError) as caught:
        hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind="Xã")
    assert _error_code(caught.value, "kind") == "kind_invalid"


def test_messages_are_vietnamese(superuser, vinh_long):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        hamlet_create(actor=superuser, commune=vinh_long, name="Sa Bình", kind=HamletKind.AP)
    assert caught.value.messages == [
        "Ấp, khóm, thôn, tổ dân phố phải thuộc một xã, phường hoặc đặc khu."
    ]


def test_duplicate_message_names_the_commune(superuser, long_duc):
    hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind=HamletKind.AP)
    with pytest.raises(ValidationError) as caught:
        hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind=HamletKind.AP)
    assert caught.value.messages == ["Phường Long Đức đã có Ấp Sa Bình."]


def test_create_is_audited(superuser, long_duc):
    hamlet = hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind=HamletKind.AP)
    entry = AuditEntry.objects.get(action="create", object_id=str(hamlet.pk))
    assert entry.actor == superuser
    assert entry.changes["name"] == [None, "Ấp Sa Bình"]
    assert entry.changes["code"] == [None, "29263-001"]


def test_officer_without_the_permission_there_is_refused(outsider, long_duc):
    with pytest.raises(PermissionDenied):
        hamlet_create(actor=outsider, commune=long_duc, name="Sa Bình", kind=HamletKind.AP)
    assert not AdministrativeUnit.objects.hamlets().exists()


def test_update_renames_and_deactivates_with_audit(superuser, long_duc):
    hamlet = hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind=HamletKind.AP)
    hamlet = hamlet_update(actor=superuser, hamlet=hamlet, name="Sa Bình Đông")
    assert (hamlet.name, hamlet.search_key, hamlet.code) == (
        "Ấp Sa Bình Đông",
        "sa binh dong",
        "29263-001",
    )
    hamlet = hamlet_update(actor=superuser, hamlet=hamlet, is_active=False)
    assert AdministrativeUnit.objects.get(pk=hamlet.pk).is_active is False
    updates = AuditEntry.objects.filter(action="update", object_id=str(hamlet.pk))
    assert [e.changes for e in updates.order_by("id")] == [
        {
            "name": ["Ấp Sa Bình", "Ấp Sa Bình Đông"],
            "short_name": ["Sa Bình", "Sa Bình Đông"],
            "search_key": ["sa binh", "sa binh dong"],
        },
        {"is_active": [True, False]},
    ]


def test_update_refuses_official_units(superuser, long_duc):
    with pytest.raises(ValidationError) as caught:
        hamlet_update(actor=superuser, hamlet=long_duc, name="Khác")
    assert caught.value.code == "not_a_hamlet"

"""Admin pages: official units read-only, hamlets through the services, legacy read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.units.models import AdministrativeUnit, LegacyUnit
from danvan.units.services import hamlet_create


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


def test_changelist_searches_without_diacritics_and_filters(admin_client_):
    url = reverse("admin:units_administrativeunit_changelist")
    response = admin_client_.get(url, {"q": "long duc", "level__exact": "commune"})
    assert response.status_code == 200
    assert "Phường Long Đức" in response.content.decode()
    response = admin_client_.get(url, {"province": "86", "level__exact": "commune"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 124


def test_official_unit_is_read_only(admin_client_, long_duc):
    url = reverse("admin:units_administrativeunit_change", args=[long_duc.pk])
    assert admin_client_.get(url).status_code == 200
    response = admin_client_.post(url, {"name": "Đổi tên"})
    assert response.status_code == 403
    long_duc.refresh_from_db()
    assert long_duc.name == "Phường Long Đức"


def test_adding_a_hamlet_goes_through_the_service(admin_client_, superuser, long_duc):
    url = reverse("admin:units_administrativeunit_add")
    response = admin_client_.post(url, {"parent": long_duc.pk, "name": "sa bình", "kind": "Ấp"})
    assert response.status_code == 302, response.content.decode()[:2000]
    hamlet = AdministrativeUnit.objects.hamlets().get()
    assert (hamlet.name, hamlet.path) == ("Ấp Sa Bình", "86/29263/29263-001/")
    assert AuditEntry.objects.filter(action="create", object_id=str(hamlet.pk)).exists()


def test_admin_shows_service_errors_on_the_form(admin_client_, superuser, long_duc, vinh_long):
    hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind="Ấp")
    url = reverse("admin:units_administrativeunit_add")
    response = admin_client_.post(url, {"parent": long_duc.pk, "name": "Sa Binh", "kind": "Ấp"})
    assert response.status_code == 200
    assert "Phường Long Đức đã có Ấp Sa Binh." in response.content.decode()
    # A province is not offered as a parent at all.
    response = admin_client_.post(url, {"parent": vinh_long.pk, "name": "Sa Bình", "kind": "Ấp"})
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors


def test_editing_a_hamlet(admin_client_, superuser, long_duc):
    hamlet = hamlet_create(actor=superuser, commune=long_duc, name="Sa Bình", kind="Ấp")
    url = reverse("admin:units_administrativeunit_change", args=[hamlet.pk])
    response = admin_client_.get(url)
    assert response.status_code == 200
    response = admin_client_.post(url, {"name": "Sa Bình Tây", "kind": "Ấp", "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    hamlet.refresh_from_db()
    assert hamlet.name == "Ấp Sa Bình Tây"
    assert AuditEntry.objects.filter(action="update", object_id=str(hamlet.pk)).exists()


def test_legacy_units_are_read_only(admin_client_):
    url = reverse("admin:units_legacyunit_changelist")
    response = admin_client_.get(url, {"q": "long duc"})
    assert response.status_code == 200
    assert "Xã Long Đức" in response.content.decode()
    old = LegacyUnit.objects.get(level="ward", code="29263")
    response = admin_client_.get(reverse("admin:units_legacyunit_change", args=[old.pk]))
    assert response.status_code == 200
    assert "Phường Long Đức" in response.content.decode()
    assert admin_client_.get(reverse("admin:units_legacyunit_add")).status_code == 403

"""Services: permission checks, validation and the audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from danvan.core.models import AuditEntry
from danvan.organizations import services
from danvan.organizations.errors import ErrorCode, OrganizationError
from danvan.organizations.models import Organization, OrganizationKind, Role
from danvan.organizations.roles import RoleCode

pytestmark = pytest.mark.django_db


class OrganizationServiceTests:
    def test_update_records_before_and_after(self, world):
        services.organization_update(
            actor=world.head_a,
            organization=world.ubnd_a,
            phone="0294 3855 123",
            email="ubnd@example.test",
        )
        entry = AuditEntry.objects.filter(action="organization.update").latest("id")
        assert entry.actor == world.head_a
        assert entry.object_id == str(world.ubnd_a.pk)
        assert entry.changes == {"email": ["", "ubnd@example.test"], "phone": ["", "0294 3855 123"]}

    def test_update_without_change_writes_nothing(self, world):
        before = AuditEntry.objects.count()
        services.organization_update(
            actor=world.head_a, organization=world.ubnd_a, name=world.ubnd_a.name
        )
        assert AuditEntry.objects.count() == before

    def test_officer_of_another_commune_cannot_change(self, world):
        with pytest.raises(OrganizationError) as caught:
            services.organization_update(
                actor=world.outsider_c, organization=world.ubnd_a, phone="1"
            )
        assert caught.value.code == ErrorCode.PERMISSION_DENIED
        world.ubnd_a.refresh_from_db()
        assert world.ubnd_a.phone == ""

    def test_invalid_email_is_refused(self, world):
        with pytest.raises(ValidationError):
            services.organization_update(
                actor=world.head_a, organization=world.ubnd_a, email="khong-phai-email"
            )

    def test_create_child_sets_path_and_audits(self, world):
        org = services.organization_create(
            actor=world.admin_a,
            name="Hội Nông dân xã A",
            kind=OrganizationKind.MASS_ORGANIZATION,
            unit=world.commune_a,
            parent=world.mttq_a,
        )
        assert org.path == f"{world.mttq_a.path}{org.pk}/"
        assert AuditEntry.objects.filter(
            action="organization.create", object_id=str(org.pk)
        ).exists()

    def test_create_outside_scope_is_refused(self, world):
        with pytest.raises(OrganizationError):
            services.organization_create(
                actor=world.admin_a,
                name="X",
                kind=OrganizationKind.OTHER,
                unit=world.commune_c,
                parent=world.ubnd_c,
            )
        assert not Organization.objects.filter(name="X").exists()

    def test_organization_must_sit_inside_its_parents_area(self, world):
        with pytest.raises(OrganizationError) as caught:
            services.organization_create(
                actor=None,
                name="Y",
                kind=OrganizationKind.OTHER,
                unit=world.commune_c,
                parent=world.ubnd_a,
            )
        assert caught.value.code == ErrorCode.UNIT_NOT_ALLOWED


class MembershipServiceTests:
    def test_grant_and_revoke(self, world):
        officer = services.officer_create(
            actor=world.admin_a,
            username="moi.xa_a",
            full_name="Lê Thị Mới",
            password="mat-khau-rat-dai-2026",
        )
        role = Role.objects.get(code=RoleCode.HANDLING_OFFICER)
        membership = services.membership_grant(
            actor=world.admin_a, user=officer, organization=world.ubnd_a, role=role
        )
        assert officer.has_perm("organizations.view_organization", world.ubnd_a)
        services.membership_revoke(actor=world.admin_a, membership=membership)
        officer = type(officer).objects.get(pk=officer.pk)  # a new request's user
        assert not officer.has_perm("organizations.view_organization", world.ubnd_a)
        actions = list(
            AuditEntry.objects.filter(actor=world.admin_a).values_list("action", flat=True)
        )
        assert {"officer.create", "membership.grant", "membership.revoke"} <= set(actions)

    def test_password_never_reaches_the_audit_log(self, world):
        services.officer_create(
            actor=world.admin_a,
            username="bimat.xa_a",
            full_name="Bí Mật",
            password="mat-khau-bi-mat-2026",
        )
        for entry in AuditEntry.objects.all():
            assert "mat-khau-bi-mat-2026" not in str(entry.changes)

    def test_administrator_of_commune_cannot_grant_in_another_commune(self, world):
        role = Role.objects.get(code=RoleCode.INTAKE_OFFICER)
        with pytest.raises(OrganizationError):
            services.membership_grant(
                actor=world.admin_a, user=world.head_a, organization=world.ubnd_c, role=role
            )

    def test_non_administrator_cannot_grant_roles(self, world):
        role = Role.objects.get(code=RoleCode.INTAKE_OFFICER)
        with pytest.raises(OrganizationError):
            services.membership_grant(
                actor=world.head_a, user=world.intake_a, organization=world.ubnd_a, role=role
            )

"""Attempts to step outside one's scope: each must fail, and leave nothing behind."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from danvan.core.middleware import client_ip
from danvan.core.models import AuditEntry, TaskFailure
from danvan.organizations import access, services
from danvan.organizations.errors import ErrorCode, OrganizationError
from danvan.organizations.models import Membership, Role, User, UserKind
from tests.organizations.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def _membership_form(user, organization, role_code):
    return {
        "user": user.pk,
        "organization": organization.pk,
        "role": Role.objects.get(code=role_code).pk,
        "is_active": "on",
    }


class AccountTakeoverTests:
    def test_commune_administrator_cannot_pull_the_province_administrator_in(self, client, world):
        client.force_login(world.admin_a)
        for target in (world.admin_province, world.superuser, world.outsider_c):
            response = client.post(
                reverse("admin:organizations_membership_add"),
                _membership_form(target, world.ubnd_a, "intake_officer"),
            )
            assert response.status_code in (200, 403)
            assert not Membership.objects.filter(user=target, organization=world.ubnd_a).exists()

    def test_service_refuses_a_user_outside_the_actors_reach(self, world):
        with pytest.raises(OrganizationError) as caught:
            services.membership_grant(
                actor=world.admin_a,
                user=world.outsider_c,
                organization=world.ubnd_a,
                role=Role.objects.get(code="intake_officer"),
            )
        assert caught.value.code == ErrorCode.USER_OUTSIDE_SCOPE

    def test_cannot_set_the_password_of_an_officer_who_also_works_elsewhere(self, client, world):
        grant(world.intake_a, world.ubnd_c, "intake_officer")
        client.force_login(world.admin_a)
        url = f"/admin/organizations/user/{world.intake_a.pk}/password/"
        response = client.post(
            url,
            {
                "password1": "mat-khau-chiem-quyen-2026",
                "password2": "mat-khau-chiem-quyen-2026",
                "usable_password": "true",
            },
        )
        assert response.status_code == 403
        world.intake_a.refresh_from_db()
        assert not world.intake_a.check_password("mat-khau-chiem-quyen-2026")

    def test_can_set_the_password_of_an_officer_of_the_commune_and_it_is_audited(
        self, client, world
    ):
        client.force_login(world.admin_a)
        url = f"/admin/organizations/user/{world.intake_a.pk}/password/"
        response = client.post(
            url,
            {
                "password1": "mat-khau-moi-cap-2026",
                "password2": "mat-khau-moi-cap-2026",
                "usable_password": "true",
            },
        )
        assert response.status_code == 302
        entry = AuditEntry.objects.get(action="user.password_set")
        assert entry.actor == world.admin_a
        assert "mat-khau-moi-cap-2026" not in str(entry.changes)

    def test_superuser_account_is_out_of_every_administrators_reach(self, world):
        grant(world.superuser, world.ubnd_a, "intake_officer")
        assert not access.may_manage_user(world.admin_a, world.superuser)
        assert not access.may_manage_user(world.admin_province, world.superuser)


class CitizenTests:
    def test_citizen_gets_no_permission_from_a_membership(self, world):
        citizen = UserFactory(username="congdan", kind=UserKind.CITIZEN)
        Membership.objects.create(
            user=citizen, organization=world.ubnd_a, role=Role.objects.get(code="administrator")
        )
        citizen.is_staff = True
        citizen.save(update_fields=["is_staff"])
        citizen = User.objects.get(pk=citizen.pk)
        assert not access.has_perm(citizen, "organizations.view_organization", world.ubnd_a)
        assert not access.may_enter_admin_site(citizen)

    def test_citizen_cannot_enter_the_admin(self, client, world):
        citizen = UserFactory(username="congdan2", kind=UserKind.CITIZEN, is_staff=True)
        client.force_login(citizen)
        assert client.get(reverse("admin:index")).status_code == 302

    def test_roles_are_not_given_to_citizens(self, client, world):
        citizen = UserFactory(username="congdan3", kind=UserKind.CITIZEN)
        with pytest.raises(OrganizationError):
            services.membership_grant(
                actor=world.admin_a,
                user=citizen,
                organization=world.ubnd_a,
                role=Role.objects.get(code="intake_officer"),
            )


class MovedOfficerTests:
    def test_officer_moved_to_another_commune_leaves_the_old_administrators_reach(self, world):
        membership = world.intake_a.memberships.get()
        services.membership_revoke(actor=world.admin_province, membership=membership)
        services.membership_grant(
            actor=world.admin_province,
            user=world.intake_a,
            organization=world.ubnd_c,
            role=Role.objects.get(code="intake_officer"),
        )
        moved = User.objects.get(pk=world.intake_a.pk)
        assert not access.has_perm(world.admin_a, "organizations.view_user", moved)
        assert not access.may_manage_user(world.admin_a, moved)
        visible = access.scope_queryset(
            world.admin_a, "organizations.view_user", User.objects.all()
        )
        assert moved not in visible


class TaskFailureTests:
    def test_administrators_cannot_read_failed_tasks(self, client, world):
        client.force_login(world.admin_a)
        assert client.get(reverse("admin:core_taskfailure_changelist")).status_code == 403

    def test_failed_reset_mail_keeps_no_link(
        self, client, world, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = "tests.organizations.test_security.BrokenMailBackend"
        world.intake_a.email = "tiepnhan@example.test"
        world.intake_a.save(update_fields=["email"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:password_reset"), {"email": "tiepnhan@example.test"})
        failure = TaskFailure.objects.get(task_name="organizations.send_password_reset_email")
        stored = f"{failure.args} {failure.kwargs} {failure.exception}"
        assert "/accounts/password/reset/" not in stored
        assert len(mail.outbox) == 0


class BrokenMailBackend:
    """A mail server that never answers."""

    def __init__(self, *args, **kwargs):
        self.options = kwargs

    def send_messages(self, messages):
        raise ConnectionRefusedError("máy chủ thư không trả lời")


class AuditScopeTests:
    def test_administrator_sees_changes_to_the_commune_made_from_above(self, client, world):
        services.organization_update(
            actor=world.admin_province, organization=world.ubnd_a, phone="0294 5555"
        )
        client.force_login(world.admin_a)
        assert "0294 5555" in client.get(reverse("audit-log")).content.decode()

    def test_administrator_does_not_see_system_entries_about_another_commune(self, client, world):
        services.organization_update(actor=None, organization=world.ubnd_c, phone="0294 6666")
        client.force_login(world.admin_a)
        assert "0294 6666" not in client.get(reverse("audit-log")).content.decode()

    def test_a_user_with_audit_entries_can_be_deleted(self, client, world):
        services.organization_update(actor=world.head_a, organization=world.ubnd_a, phone="1")
        client.force_login(world.superuser)
        url = reverse("admin:organizations_user_delete", args=[world.head_a.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        entry = AuditEntry.objects.get(action="organization.update")
        assert entry.actor_repr  # the name is kept


class ClientAddressTests:
    def test_forged_forwarded_header_is_ignored_without_a_proxy(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.9")
        assert client_ip(request) == "10.0.0.9"

    def test_behind_one_proxy_the_address_it_saw_is_used(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        request = RequestFactory().get(
            "/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", REMOTE_ADDR="10.0.0.1"
        )
        assert client_ip(request) == "203.0.113.5"

    def test_lockout_follows_the_real_address(self, client, db, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        UserFactory(username="khoatheodiachi")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                reverse("accounts:login"),
                {"username": "khoatheodiachi", "password": "sai"},
                HTTP_X_FORWARDED_FOR="203.0.113.7",
                REMOTE_ADDR="10.0.0.1",
            )
        locked = client.post(
            reverse("accounts:login"),
            {"username": "khoatheodiachi", "password": "mat-khau-thu-nghiem-2026"},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
            REMOTE_ADDR="10.0.0.1",
        )
        assert locked.status_code == 429
        other = client.post(
            reverse("accounts:login"),
            {"username": "khoatheodiachi", "password": "mat-khau-thu-nghiem-2026"},
            HTTP_X_FORWARDED_FOR="198.51.100.8",
            REMOTE_ADDR="10.0.0.1",
        )
        assert other.status_code == 302


class SelfServiceAuditTests:
    def test_password_change_is_audited(self, client, world):
        client.force_login(world.intake_a)
        client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "mat-khau-thu-nghiem-2026",
                "new_password1": "mat-khau-moi-2026-dai",
                "new_password2": "mat-khau-moi-2026-dai",
            },
        )
        entry = AuditEntry.objects.get(action="user.password_change")
        assert entry.actor == world.intake_a

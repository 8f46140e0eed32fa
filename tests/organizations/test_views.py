"""Officer pages: each test file has its outsider (STYLE.md D.2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.models import AuditEntry

pytestmark = pytest.mark.django_db


class HomeTests:
    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    @pytest.mark.parametrize(
        ("persona", "panel"),
        [
            ("intake_a", "Đơn chờ phân loại"),
            ("handling_b", "Việc được giao cho tôi"),
            ("head_a", "Chờ thủ trưởng phê duyệt"),
            ("mass_mobilization", "Báo cáo dư luận mới"),
            ("front_cadre_a", "Giám sát, phản biện xã hội"),
            ("admin_a", "Thay đổi gần đây trong phạm vi quản lý"),
            ("leader", "Chỉ tiêu và báo cáo định kỳ"),
        ],
    )
    def test_each_role_sees_its_work(self, client, world, persona, panel):
        user = getattr(world, persona)
        client.force_login(user)
        response = client.get(reverse("home"))
        body = response.content.decode()
        assert response.status_code == 200
        assert panel in body
        assert user.memberships.first().organization.name in body

    def test_officer_without_role_sees_empty_state(self, client, db):
        from tests.organizations.factories import UserFactory

        client.force_login(UserFactory(username="chua.phan.cong"))
        response = client.get(reverse("home"))
        assert "Bạn chưa được phân công vai trò" in response.content.decode()

    def test_home_queries_are_bounded(self, client, world, django_assert_max_num_queries):
        client.force_login(world.admin_province)
        with django_assert_max_num_queries(12):
            client.get(reverse("home"))


class OrganizationPagesTests:
    def test_list_shows_only_organizations_in_scope(self, client, world):
        client.force_login(world.intake_a)
        body = client.get(reverse("organizations:organization-list")).content.decode()
        assert world.ubnd_a.name in body
        assert world.ubnd_c.name not in body

    def test_list_search_works_without_diacritics(self, client, world):
        client.force_login(world.mass_mobilization)
        from danvan.core.text import fold

        query = fold(world.commune_a.short_name or world.commune_a.name)
        response = client.get(
            reverse("organizations:organization-list"), {"q": query}, HTTP_HX_REQUEST="true"
        )
        body = response.content.decode()
        assert world.ubnd_a.name in body
        assert world.ubnd_c.name not in body
        assert "<html" not in body  # htmx gets the rows only

    def test_outsider_cannot_open_another_communes_organization(self, client, world):
        client.force_login(world.outsider_c)
        url = reverse("organizations:organization-detail", args=[world.ubnd_a.pk])
        assert client.get(url).status_code == 404

    def test_outsider_cannot_change_another_communes_organization(self, client, world):
        client.force_login(world.outsider_c)
        url = reverse("organizations:organization-update", args=[world.ubnd_a.pk])
        response = client.post(
            url,
            {
                "name": "Đổi tên trái phép",
                "short_name": "",
                "email": "",
                "phone": "",
                "address": "",
            },
        )
        assert response.status_code == 404
        world.ubnd_a.refresh_from_db()
        assert world.ubnd_a.name != "Đổi tên trái phép"

    def test_officer_without_change_permission_is_refused(self, client, world):
        client.force_login(world.intake_a)
        url = reverse("organizations:organization-update", args=[world.ubnd_a.pk])
        assert client.get(url).status_code == 403

    def test_head_edits_own_organization_and_it_is_audited(self, client, world):
        client.force_login(world.head_a)
        url = reverse("organizations:organization-update", args=[world.ubnd_a.pk])
        response = client.post(
            url,
            {
                "name": world.ubnd_a.name,
                "short_name": "UBND",
                "email": "ubnd.xa@example.test",
                "phone": "0294 111",
                "address": "Ấp 1",
            },
            REMOTE_ADDR="10.1.2.3",
        )
        assert response.status_code == 302
        entry = AuditEntry.objects.filter(action="organization.update").latest("id")
        assert entry.changes["phone"] == ["", "0294 111"]
        assert entry.ip_address == "10.1.2.3"
        assert entry.actor == world.head_a

    def test_invalid_input_shows_vietnamese_error(self, client, world):
        client.force_login(world.head_a)
        url = reverse("organizations:organization-update", args=[world.ubnd_a.pk])
        response = client.post(url, {"name": "", "email": "sai"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "Trường này là bắt buộc." in body
        assert "Địa chỉ thư điện tử không hợp lệ." in body


class AuditLogPageTests:
    def test_administrator_filters_the_log(self, client, world):
        from danvan.organizations import services

        services.organization_update(
            actor=world.head_a, organization=world.ubnd_a, phone="0294 999"
        )
        client.force_login(world.admin_a)
        response = client.get(reverse("audit-log"), {"action": "organization.update"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "0294 999" in body

    def test_other_communes_administrator_does_not_see_the_entry(self, client, world):
        from danvan.organizations import services
        from tests.organizations.factories import grant

        services.organization_update(
            actor=world.head_a, organization=world.ubnd_a, phone="0294 777"
        )
        admin_c = world.outsider_c
        grant(admin_c, world.ubnd_c, "administrator")
        client.force_login(admin_c)
        body = client.get(reverse("audit-log")).content.decode()
        assert "0294 777" not in body

    def test_non_administrator_is_refused(self, client, world):
        client.force_login(world.intake_a)
        assert client.get(reverse("audit-log")).status_code == 403


class AdminSiteTests:
    def test_non_administrator_cannot_reach_the_admin(self, client, world):
        client.force_login(world.head_a)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        response = client.get(reverse("admin:organizations_organization_changelist"))
        assert response.status_code == 302

    def test_staff_flag_without_administrator_role_is_not_enough(self, client, world):
        world.head_a.is_staff = True
        world.head_a.save(update_fields=["is_staff"])
        client.force_login(world.head_a)
        assert client.get(reverse("admin:index")).status_code == 302

    def test_administrator_sees_only_own_area_in_the_admin(self, client, world):
        client.force_login(world.admin_a)
        response = client.get(reverse("admin:organizations_organization_changelist"))
        body = response.content.decode()
        assert response.status_code == 200
        assert world.ubnd_a.name in body
        assert world.ubnd_c.name not in body
        url = reverse("admin:organizations_organization_change", args=[world.ubnd_c.pk])
        assert client.get(url).status_code in (302, 403, 404)

    def test_admin_change_is_audited(self, client, world):
        client.force_login(world.admin_a)
        url = reverse("admin:organizations_organization_change", args=[world.mttq_a.pk])
        response = client.post(
            url,
            {
                "name": "Ủy ban MTTQ xã A (mới)",
                "short_name": "MTTQ",
                "kind": world.mttq_a.kind,
                "email": "",
                "phone": "",
                "address": "",
                "is_active": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        entry = AuditEntry.objects.filter(action="organization.update").latest("id")
        assert entry.changes["name"][1] == "Ủy ban MTTQ xã A (mới)"

    def test_audit_entries_are_read_only_in_the_admin(self, client, world):
        client.force_login(world.superuser)
        assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
        assert client.get(reverse("admin:core_auditentry_add")).status_code == 403


class AdminOfficerCreationTests:
    def _post(self, client, world, organization):
        from danvan.organizations.models import Role

        return client.post(
            reverse("admin:organizations_user_add"),
            {
                "username": "moi.tiepnhan",
                "full_name": "Trần Văn Mới",
                "email": "moi@example.test",
                "organization": organization.pk,
                "role": Role.objects.get(code="intake_officer").pk,
                "usable_password": "true",
                "password1": "mat-khau-rat-dai-2026",
                "password2": "mat-khau-rat-dai-2026",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
            },
        )

    def test_administrator_creates_an_officer_with_a_role(self, client, world):
        from danvan.organizations.models import Membership, User

        client.force_login(world.admin_a)
        response = self._post(client, world, world.ubnd_a)
        assert response.status_code == 302, response.content.decode()[-3000:]
        officer = User.objects.get(username="moi.tiepnhan")
        assert Membership.objects.filter(
            user=officer, organization=world.ubnd_a, role__code="intake_officer"
        ).exists()
        assert AuditEntry.objects.filter(action="membership.grant", actor=world.admin_a).exists()
        # The new officer is in the administrator's scope, so their page opens.
        url = reverse("admin:organizations_user_change", args=[officer.pk])
        assert client.get(url).status_code == 200

    def test_administrator_cannot_create_an_officer_in_another_commune(self, client, world):
        from danvan.organizations.models import User

        client.force_login(world.admin_a)
        response = self._post(client, world, world.ubnd_c)
        assert response.status_code == 200  # the form is shown again with an error
        assert not User.objects.filter(username="moi.tiepnhan").exists()

    def test_administrator_cannot_open_an_officer_outside_the_area(self, client, world):
        client.force_login(world.admin_a)
        url = reverse("admin:organizations_user_change", args=[world.outsider_c.pk])
        assert client.get(url).status_code in (302, 403, 404)
        body = client.get(reverse("admin:organizations_user_changelist")).content.decode()
        assert world.outsider_c.username not in body
        assert world.intake_a.username in body

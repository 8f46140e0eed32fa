"""The permission layer: role × organization subtree × unit subtree."""

from __future__ import annotations

import pytest

from danvan.organizations import access
from danvan.organizations.models import Membership, Organization

pytestmark = pytest.mark.django_db

VIEW = "organizations.view_organization"
CHANGE = "organizations.change_organization"


class AccessTests:
    def test_officer_sees_own_organization(self, world):
        assert access.has_perm(world.intake_a, VIEW, world.ubnd_a)

    def test_officer_of_one_commune_cannot_see_another_communes_organization(self, world):
        assert not access.has_perm(world.intake_a, VIEW, world.ubnd_c)
        assert not access.has_perm(world.outsider_c, VIEW, world.ubnd_a)

    def test_organization_reach_does_not_cover_sibling_organizations(self, world):
        # The intake officer of UBND xã A does not reach the Front of the same commune.
        assert not access.has_perm(world.intake_a, VIEW, world.mttq_a)

    def test_head_may_change_own_organization_only(self, world):
        assert access.has_perm(world.head_a, CHANGE, world.ubnd_a)
        assert not access.has_perm(world.head_a, CHANGE, world.ubnd_c)
        assert not access.has_perm(world.intake_a, CHANGE, world.ubnd_a)

    def test_organization_reach_covers_the_subtree(self, world):
        # The province administrator covers the departments; an officer of a department
        # does not reach the People's Committee above it.
        assert access.has_perm(world.admin_province, VIEW, world.agency_b)
        assert not access.has_perm(world.handling_b, VIEW, world.ubnd_province)

    def test_area_reach_covers_every_organization_in_the_area(self, world):
        assert access.has_perm(world.mass_mobilization, VIEW, world.mttq_a)
        assert access.has_perm(world.mass_mobilization, VIEW, world.ubnd_c)
        assert not access.has_perm(world.mass_mobilization, VIEW, world.ubnd_other)
        assert access.has_perm(world.front_cadre_a, VIEW, world.ubnd_a)
        assert not access.has_perm(world.front_cadre_a, VIEW, world.ubnd_c)

    def test_commune_administrator_is_limited_to_the_commune(self, world):
        assert access.has_perm(world.admin_a, CHANGE, world.mttq_a)
        assert not access.has_perm(world.admin_a, CHANGE, world.ubnd_c)
        assert not access.has_perm(world.admin_a, CHANGE, world.ubnd_province)

    def test_other_province_administrator_sees_nothing_here(self, world):
        for org in (world.ubnd_a, world.ubnd_c, world.ubnd_province):
            assert not access.has_perm(world.outsider_province, VIEW, org)

    def test_read_only_leader_cannot_change(self, world):
        assert access.has_perm(world.leader, VIEW, world.ubnd_a)
        assert not access.has_perm(world.leader, CHANGE, world.ubnd_a)

    def test_scope_queryset_matches_object_decisions(self, world):
        for user in (
            world.intake_a,
            world.head_a,
            world.mass_mobilization,
            world.admin_a,
            world.front_cadre_a,
            world.outsider_c,
            world.outsider_province,
        ):
            visible = set(access.scope_queryset(user, VIEW, Organization.objects.all()))
            for org in Organization.objects.all():
                assert (org in visible) == access.has_perm(user, VIEW, org), (user, org)

    def test_officer_scope_spans_their_memberships(self, world):
        officers = access.scope_queryset(
            world.admin_a, "organizations.view_user", type(world.intake_a).objects.all()
        )
        assert world.intake_a in officers
        assert world.outsider_c not in officers
        assert access.has_perm(world.admin_a, "organizations.view_user", world.head_a)
        assert not access.has_perm(world.admin_a, "organizations.view_user", world.outsider_c)

    def test_grants_are_one_query_with_their_organizations(self, world, django_assert_num_queries):
        from danvan.organizations.models import Role

        empty = Role.objects.create(code="khong-quyen", name="Không quyền", reach="organization")
        Membership.objects.create(user=world.intake_a, organization=world.ubnd_c, role=empty)
        access.forget(world.intake_a)
        access.grants_of(world.head_a)  # the worker reads the permissions' names once
        with django_assert_num_queries(1):
            grants = access.grants_of(world.intake_a)
        by_org = {g.organization_id: g for g in grants}
        assert by_org[world.ubnd_c.pk].permissions == frozenset()
        own = by_org[world.ubnd_a.pk]
        expected = {
            f"{p.content_type.app_label}.{p.codename}"
            for m in Membership.objects.filter(user=world.intake_a, organization=world.ubnd_a)
            for p in m.role.permissions.all()
        }
        assert expected
        assert own.permissions == expected
        assert own.organization == world.ubnd_a
        assert (own.organization.name, own.organization.path) == (
            world.ubnd_a.name,
            world.ubnd_a.path,
        )
        assert own.unit_path == world.ubnd_a.unit.path

    def test_a_permission_made_after_the_worker_read_them_is_named(self, world):
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        from danvan.organizations.models import Role

        assert access.grants_of(world.intake_a)  # the worker has read the permissions
        new = Permission.objects.create(
            codename="xem_thu_nghiem",
            name="Xem thử nghiệm",
            content_type=ContentType.objects.get_for_model(Organization),
        )
        Role.objects.get(memberships__user=world.intake_a).permissions.add(new)
        access.forget(world.intake_a)
        assert access.has_perm(world.intake_a, "organizations.xem_thu_nghiem")

    def test_inactive_membership_grants_nothing(self, world):
        Membership.objects.filter(user=world.intake_a).update(is_active=False)
        access.forget(world.intake_a)
        assert not access.has_perm(world.intake_a, VIEW, world.ubnd_a)

    def test_inactive_user_and_anonymous_get_nothing(self, world):
        from django.contrib.auth.models import AnonymousUser

        world.head_a.is_active = False
        assert not access.has_perm(world.head_a, VIEW, world.ubnd_a)
        assert not access.has_perm(AnonymousUser(), VIEW, world.ubnd_a)
        assert not access.scope_queryset(AnonymousUser(), VIEW, Organization.objects.all())

    def test_django_has_perm_goes_through_the_layer(self, world):
        assert world.head_a.has_perm(CHANGE, world.ubnd_a)
        assert not world.head_a.has_perm(CHANGE, world.ubnd_c)

    def test_only_administrators_enter_the_admin_site(self, world):
        assert access.may_enter_admin_site(world.admin_a)
        assert access.may_enter_admin_site(world.superuser)
        world.head_a.is_staff = True  # staff flag alone is not enough
        assert not access.may_enter_admin_site(world.head_a)
        assert not access.may_enter_admin_site(world.intake_a)


class AccessGenerationTests:
    """The token under which workers keep a partner key's access between requests."""

    @pytest.fixture(autouse=True)
    def _kept(self, settings):
        settings.ACCESS_CACHE_SECONDS = 60

    def test_none_without_a_shared_cache(self, settings):
        settings.ACCESS_CACHE_SECONDS = 0
        assert access.access_generation() is None

    def test_renewed_at_once_and_again_at_commit(self, world, django_capture_on_commit_callbacks):
        before = access.access_generation()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            world.ubnd_a.name = "UBND xã A (mới)"
            world.ubnd_a.save(update_fields=["name"])
            at_once = access.access_generation()
        assert before != at_once
        assert len(callbacks) == 1
        assert access.access_generation() not in (before, at_once)

    def test_a_login_leaves_it(self, world):
        from django.contrib.auth.models import update_last_login

        before = access.access_generation()
        update_last_login(None, world.intake_a)
        assert access.access_generation() == before

    def test_a_bulk_load_renews_it(self, world):
        from danvan.units.services import units_load

        before = access.access_generation()
        units_load(actor=None)
        assert access.access_generation() != before

    def test_grants_kept_come_back_as_fresh_rows(self, world):
        exported = access.export_grants(world.intake_a)
        clone = type(world.intake_a).objects.get(pk=world.intake_a.pk)
        access.adopt_grants(clone, exported)
        kept, read = access.grants_of(clone), access.grants_of(world.intake_a)
        assert kept == read
        assert kept[0].organization == read[0].organization
        assert kept[0].organization is not read[0].organization

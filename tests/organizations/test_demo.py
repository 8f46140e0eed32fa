"""The demo province: Vĩnh Long with organizations in every commune and officers per role."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from danvan.organizations.demo import DEMO_PASSWORD, load_demo_province
from danvan.organizations.models import Membership, Organization, User
from danvan.organizations.roles import DEFAULT_ROLES
from danvan.units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


class DemoTests:
    def test_every_commune_gets_its_organizations_and_officers(self, loaded_units):
        summary = load_demo_province()
        communes = AdministrativeUnit.objects.communes().filter(parent__code="86")
        assert summary.communes == communes.count() == 124
        for commune in communes:
            kinds = set(Organization.objects.filter(unit=commune).values_list("kind", flat=True))
            assert {
                "party_committee",
                "peoples_council",
                "peoples_committee",
                "fatherland_front",
                "mass_organization",
                "police",
            } <= kinds
        roles = set(Membership.objects.values_list("role__code", flat=True))
        assert roles == set(DEFAULT_ROLES)
        # Paths follow the tree.
        for org in Organization.objects.exclude(parent=None).select_related("parent")[:200]:
            assert org.path == f"{org.parent.path}{org.pk}/"

    def test_running_twice_adds_nothing(self, loaded_units):
        load_demo_province()
        counts = (Organization.objects.count(), User.objects.count(), Membership.objects.count())
        second = load_demo_province()
        assert second.organizations_created == second.officers_created == 0
        assert counts == (
            Organization.objects.count(),
            User.objects.count(),
            Membership.objects.count(),
        )

    def test_demo_officer_logs_in_and_sees_the_communes_home(self, client, loaded_units):
        summary = load_demo_province()
        commune = summary.featured_commune
        membership = (
            Membership.objects.filter(role__code="intake_officer", organization__unit=commune)
            .select_related("user", "organization")
            .get()
        )
        response = client.post(
            reverse("accounts:login"),
            {"username": membership.user.username, "password": DEMO_PASSWORD},
        )
        assert response.status_code == 302
        body = client.get(reverse("home")).content.decode()
        assert membership.organization.name in body
        assert "Đơn chờ phân loại" in body

    def test_command_prints_the_logins(self, loaded_units, capsys):
        call_command("load_demo")
        out = capsys.readouterr().out
        assert "quantri.tinh" in out
        assert DEMO_PASSWORD in out

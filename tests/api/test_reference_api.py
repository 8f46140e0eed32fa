"""Units, organizations and fields through the API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


class UnitTests:
    def test_a_commune_is_found_with_or_without_diacritics(self, client, world):
        client.force_login(world.intake_a)
        for q in ("Long Đức", "long duc", "phuong long duc, vinh long"):
            found = client.get("/api/v1/units/", {"q": q}).json()
            assert found, q
            assert found[0]["code"] == "29263", q
            assert found[0]["parent_code"] == "86"

    def test_a_unit_by_code_and_errors(self, client, world):
        client.force_login(world.intake_a)
        assert client.get("/api/v1/units/29263/").json()["name"] == "Phường Long Đức"
        missing = client.get("/api/v1/units/99999/")
        assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
        bad = client.get("/api/v1/units/", {"province": "8"})
        assert bad.status_code == 400
        assert set(bad.json()["error"]["fields"]) == {"q", "province"}


class OrganizationTests:
    def test_an_officer_lists_the_organizations_in_reach(self, client, world):
        client.force_login(world.intake_a)
        names = [o["name"] for o in client.get("/api/v1/organizations/").json()["results"]]
        assert world.ubnd_a.name in names
        assert world.ubnd_c.name not in names
        assert client.get(f"/api/v1/organizations/{world.ubnd_c.pk}/").status_code == 404
        one = client.get(f"/api/v1/organizations/{world.ubnd_a.pk}/").json()
        assert (one["code"], one["unit_code"]) == (world.ubnd_a.code, world.commune_a.code)


class FieldTests:
    def test_the_fifteen_fields(self, client, world):
        client.force_login(world.intake_a)
        fields = client.get("/api/v1/fields/").json()
        assert len(fields) == 15
        assert {"code": "dat_dai", "name": "Đất đai"} in fields

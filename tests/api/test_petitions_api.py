"""The REST API's petitions: scoped like the pages, errors structured, identity never sent."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from danvan.organizations.models import UserKind
from danvan.petitions import services
from danvan.petitions.enums import Kind
from tests.organizations.factories import UserFactory
from tests.petitions.conftest import household, intake

pytestmark = pytest.mark.django_db

LIST = "/api/v1/petitions/"


def detail(pk: int) -> str:
    return f"/api/v1/petitions/{pk}/"


@pytest.fixture
def complaint(world):
    return services.petition_create(
        actor=world.intake_a, organization=world.ubnd_a, data=intake(world, Kind.KHIEU_NAI)
    )


@pytest.fixture
def denunciation(world):
    return services.petition_create(
        actor=world.intake_a,
        organization=world.ubnd_a,
        data=intake(
            world,
            Kind.TO_CAO,
            subject="Tố cáo cán bộ địa chính nhận tiền",
            petitioners=[household(7, representative=True)],
        ),
    )


def error_of(response) -> dict:
    return response.json()["error"]


class AuthenticationTests:
    def test_an_anonymous_caller_is_refused_with_a_structured_error(self, client, complaint):
        for url in (LIST, detail(complaint.pk)):
            response = client.get(url, HTTP_ACCEPT="application/json")
            assert response.status_code in (401, 403)
            error = error_of(response)
            assert error["code"] == "not_authenticated"
            assert "đăng nhập" in error["message"]

    def test_a_citizen_account_is_refused(self, client, complaint):
        citizen = UserFactory(username="congdan.api", kind=UserKind.CITIZEN)
        client.force_login(citizen)
        response = client.get(LIST, HTTP_ACCEPT="application/json")
        assert response.status_code == 403
        assert error_of(response)["code"] == "permission_denied"


class ScopeTests:
    def test_the_officer_lists_the_petitions_of_the_commune(self, client, world, complaint):
        client.force_login(world.intake_a)
        body = client.get(LIST).json()
        assert [row["tracking_code"] for row in body["results"]] == [complaint.tracking_code]
        assert body["count"] == 1
        assert body["count_is_lower_bound"] is False
        row = body["results"][0]
        assert row["kind"] == "khieu_nai"
        assert row["commune"]["code"] == world.commune_a.code
        assert row["clock"] in ("on_time", "due_soon", "overdue")

    def test_an_officer_of_another_commune_sees_nothing_and_gets_404(
        self, client, world, complaint
    ):
        client.force_login(world.outsider_c)  # may view petitions, of commune C only
        listed = client.get(LIST)
        assert listed.status_code == 200
        assert listed.json()["results"] == []
        response = client.get(detail(complaint.pk))
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"
        assert complaint.tracking_code not in response.content.decode()

    def test_an_administrator_of_another_province_is_refused(self, client, world, complaint):
        client.force_login(world.outsider_province)  # administers accounts, reads no petition
        for url in (LIST, detail(complaint.pk)):
            response = client.get(url)
            assert response.status_code == 403
            assert error_of(response)["code"] == "permission_denied"

    def test_a_petition_is_not_changed_by_put_patch_or_delete(self, client, world, complaint):
        client.force_login(world.superuser)
        for method in ("put", "patch", "delete"):
            response = getattr(client, method)(
                detail(complaint.pk), data={}, content_type="application/json"
            )
            assert response.status_code == 405, method
            assert error_of(response)["code"] == "method_not_allowed"


class FilterTests:
    def test_filters_and_search_without_diacritics(self, client, world, complaint):
        other = services.petition_create(
            actor=world.intake_a,
            organization=world.ubnd_a,
            data=intake(world, Kind.KIEN_NGHI, field="giao_thong", subject="Sửa cầu Sóc Ruộng"),
        )
        client.force_login(world.intake_a)
        got = client.get(LIST, {"kind": "kien_nghi"}).json()["results"]
        assert [r["id"] for r in got] == [other.pk]
        got = client.get(LIST, {"q": "cau soc ruong"}).json()["results"]
        assert [r["id"] for r in got] == [other.pk]
        got = client.get(LIST, {"q": "Tranh chấp", "field": "dat_dai"}).json()["results"]
        assert [r["id"] for r in got] == [complaint.pk]

    def test_an_unknown_value_is_named_in_the_error(self, client, world, complaint):
        client.force_login(world.intake_a)
        response = client.get(LIST, {"kind": "thu_tay", "received_from": "31/02/2026"})
        assert response.status_code == 400
        error = error_of(response)
        assert error["code"] == "invalid_input"
        assert set(error["fields"]) == {"kind", "received_from"}

    def test_a_reversed_date_range_is_refused(self, client, world, complaint):
        client.force_login(world.intake_a)
        response = client.get(LIST, {"received_from": "2026-12-01", "received_to": "2026-11-01"})
        assert response.status_code == 400
        assert "received_to" in error_of(response)["fields"]

    def test_pages_are_bounded(self, client, world, complaint):
        client.force_login(world.intake_a)
        body = client.get(LIST, {"page_size": 1000}).json()
        assert len(body["results"]) == 1
        response = client.get(LIST, {"page": 9})
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


class ConfidentialityTests:
    """Luật Tố cáo Art. 47: the denouncer's identity is in no API answer, to anyone."""

    SECRETS = ("Thạch Văn 7", "084095000007", "0900000007", "hộ số 7")

    @pytest.mark.parametrize("who", ["intake_a", "head_a", "confidential", "superuser"])
    def test_no_answer_carries_the_identity(self, client, world, confidential_a, denunciation, who):
        user = confidential_a if who == "confidential" else getattr(world, who)
        client.force_login(user)
        listed = client.get(LIST)
        one = client.get(detail(denunciation.pk))
        assert one.status_code == 200
        for response in (listed, one):
            text = response.content.decode()
            for secret in self.SECRETS:
                assert secret not in text
                assert json.dumps(secret)[1:-1] not in text  # nor \\u-escaped
        body = one.json()
        assert body["identity_confidential"] is True
        assert body["identity"] == "withheld"
        assert body["petitioners"] == []

    def test_the_api_never_decrypts_an_identity(
        self, client, world, confidential_a, denunciation, monkeypatch
    ):
        """Whoever asks, no API answer even reads the encrypted identity."""
        from danvan.petitions import confidential

        def refuse(*args, **kwargs):
            raise AssertionError("the API decrypted a denouncer's identity")

        monkeypatch.setattr(confidential, "decrypt", refuse)
        for user in (world.superuser, confidential_a, world.head_a):
            client.force_login(user)
            assert client.get(LIST).status_code == 200
            assert client.get(detail(denunciation.pk)).status_code == 200

    def test_a_list_withholds_a_denunciation_s_subject(self, client, world, denunciation):
        client.force_login(world.head_a)
        row = client.get(LIST).json()["results"][0]
        assert (row["identity_confidential"], row["subject"]) == (True, "")
        one = client.get(detail(denunciation.pk)).json()
        assert one["subject"] == "Tố cáo cán bộ địa chính nhận tiền"

    def test_page_size_above_25_is_for_those_who_may_export(self, client, world, complaint):
        from django.contrib.auth.models import Permission

        from danvan.organizations import access
        from danvan.organizations.models import Role
        from tests.organizations.factories import grant

        reader_role = Role.objects.create(code="reader", name="Chỉ xem đơn", reach="organization")
        reader_role.permissions.add(Permission.objects.get(codename="view_petition"))
        reader = UserFactory(username="chixem.xa_a")
        grant(reader, world.ubnd_a, "reader")
        for _ in range(30):
            services.petition_create(
                actor=world.intake_a, organization=world.ubnd_a, data=intake(world)
            )
        assert access.has_perm(world.intake_a, "petitions.export_petition")
        assert not access.has_perm(reader, "petitions.export_petition")
        client.force_login(world.intake_a)
        assert len(client.get(LIST, {"page_size": 100}).json()["results"]) == 31
        client.force_login(reader)
        body = client.get(LIST, {"page_size": 100}).json()
        assert (len(body["results"]), body["count"]) == (25, 31)

    def test_the_page_still_shows_it_to_the_confidential_officer(
        self, client, confidential_a, denunciation
    ):
        """The identity exists and is readable where the law allows: on the case page, audited
        (so the API's silence above is redaction, not absence)."""
        client.force_login(confidential_a)
        url = reverse("petitions:petition-identity", args=[denunciation.pk])
        assert "Thạch Văn 7" in client.post(url).content.decode()

    def test_a_complaint_shows_its_petitioners_to_the_officer_in_scope(
        self, client, world, complaint
    ):
        client.force_login(world.intake_a)
        body = client.get(detail(complaint.pk)).json()
        assert body["identity"] == "shown_below"
        assert body["petitioners"][0]["full_name"] == "Hộ ông Thạch Văn 1"


class SchemaTests:
    def test_the_openapi_schema_validates(self):
        out = io.StringIO()
        call_command(
            "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out
        )
        schema = json.loads(out.getvalue())
        assert schema["openapi"].startswith("3.")
        assert "/api/v1/petitions/{id}/" in schema["paths"]
        detail_fields = schema["components"]["schemas"]["PetitionDetail"]["properties"]
        assert detail_fields["identity"]["allOf"] == [{"$ref": "#/components/schemas/IdentityEnum"}]
        assert schema["components"]["schemas"]["IdentityEnum"]["enum"] == [
            "withheld",
            "shown_below",
        ]
        assert "ciphertext" not in json.dumps(schema)
        assert "confidential_identity" not in json.dumps(schema)

    def test_the_documentation_page_loads_its_scripts_from_the_app(self, client, world):
        client.force_login(world.intake_a)
        response = client.get("/api/v1/docs/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "swagger-ui" in html
        assert "cdn." not in html
        assert "https://" not in html.replace("https://swagger.io", "")


class LabelTests:
    @pytest.mark.parametrize("language", ["vi", "en", "km"])
    def test_labels_are_django_s_in_the_language_of_the_request(self, world, cases, language):
        from django.utils import translation

        from danvan.api.serializers import OrganizationSerializer, PetitionDetailSerializer

        with translation.override(language):
            for petition in cases.values():
                body = PetitionDetailSerializer(petition, context={"one_case": True}).data
                for name in ("kind", "state", "field", "channel"):
                    assert body[f"{name}_label"] == getattr(petition, f"get_{name}_display")()
            organization = OrganizationSerializer(world.ubnd_a).data
            assert organization["kind_label"] == world.ubnd_a.get_kind_display()

    def test_a_value_outside_the_choices_is_shown_as_it_is(self, world, cases):
        from danvan.api.serializers import PetitionListSerializer

        petition = cases["public"]
        petition.channel = "fax"
        assert PetitionListSerializer(petition).data["channel_label"] == "fax"


class FieldCopyTests:
    def test_a_field_with_a_child_serves_every_instance(self):
        from rest_framework import serializers

        from danvan.api.serializers import Serializer

        class Tagged(Serializer):
            tags = serializers.ListField(child=serializers.CharField(max_length=3))
            name = serializers.CharField(max_length=5)

        for value in (["a", "bc"], ["def"]):
            checked = Tagged(data={"tags": value, "name": "x"})
            assert checked.is_valid(), checked.errors
            assert checked.validated_data["tags"] == value
            assert Tagged({"tags": value, "name": "x"}).data["tags"] == value
        refused = Tagged(data={"tags": ["long"], "name": "toolong"})
        assert not refused.is_valid()
        assert set(refused.errors) == {"tags", "name"}
        first, second = Tagged().fields, Tagged().fields
        assert first["tags"] is not second["tags"]
        assert first["tags"].child is not second["tags"].child
        assert first["tags"].child.parent is first["tags"]

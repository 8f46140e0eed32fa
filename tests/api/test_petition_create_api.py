"""Partner systems file petitions through the API."""

from __future__ import annotations

import json

import pytest

from danvan.api.keys import api_client_create
from danvan.petitions.models import ConfidentialIdentity, Petition
from tests.organizations.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

LIST = "/api/v1/petitions/"


@pytest.fixture
def hotline(world):
    account = UserFactory(username="tong-dai.1022")
    grant(account, world.ubnd_a, "intake_officer")
    _client, key = api_client_create(
        actor=world.superuser,
        name="Tổng đài 1022",
        account=account,
        scopes=["petitions:read", "petitions:write"],
    )
    return {"HTTP_X_API_KEY": key}


def payload(world, **overrides):
    body = {
        "kind": "kien_nghi",
        "field": "giao_thong",
        "subject": "Đề nghị sửa cầu Sóc Ruộng",
        "content": "Cầu xuống cấp, học sinh đi lại nguy hiểm.",
        "commune": world.commune_a.code,
        "petitioners": [
            {"full_name": "Thạch Thị Sa Ri", "phone": "0912345678", "address": "Ấp Sóc Ruộng"}
        ],
    }
    body.update(overrides)
    return body


def post(client, body, headers, **extra):
    return client.post(
        LIST, data=json.dumps(body), content_type="application/json", **headers, **extra
    )


class CreateTests:
    def test_a_petition_arrives_through_the_api(self, client, world, hotline):
        response = post(client, payload(world), hotline)
        assert response.status_code == 201, response.content.decode()
        body = response.json()
        petition = Petition.objects.get(pk=body["id"])
        assert (petition.channel, petition.organization) == ("api", world.ubnd_a)
        assert body["tracking_code"] == petition.tracking_code
        assert body["petitioners"][0]["full_name"] == "Thạch Thị Sa Ri"

    def test_the_same_idempotency_key_gives_one_petition(self, client, world, hotline):
        first = post(client, payload(world), hotline, HTTP_IDEMPOTENCY_KEY="req-42").json()
        again = post(client, payload(world), hotline, HTTP_IDEMPOTENCY_KEY="req-42").json()
        assert first["id"] == again["id"]
        assert Petition.objects.count() == 1
        changed = post(
            client, payload(world, subject="Khác"), hotline, HTTP_IDEMPOTENCY_KEY="req-42"
        )
        assert changed.status_code == 400
        assert changed.json()["error"]["code"] == "submission_reused"

    def test_a_denunciation_s_identity_is_encrypted_and_not_echoed(self, client, world, hotline):
        body = payload(world, kind="to_cao", field="tham_nhung", accused="Ông B, cán bộ địa chính")
        response = post(client, body, hotline)
        assert response.status_code == 201
        assert "Thạch Thị Sa Ri" not in response.content.decode()
        assert "0912345678" not in response.content.decode()
        assert response.json()["identity"] == "withheld"
        assert ConfidentialIdentity.objects.filter(petition_id=response.json()["id"]).exists()

    @pytest.mark.parametrize(
        "overrides",
        [
            {},
            {"kind": "to_cao", "field": "tham_nhung", "accused": "Ông B, cán bộ địa chính"},
            {
                "kind": "khieu_nai",
                "contested_decision": "Quyết định số 12/QĐ-UBND",
                "consent_to_publish": True,
            },
            {"kind": "phan_anh", "is_anonymous": True, "petitioners": []},
        ],
        ids=["kien_nghi", "to_cao", "khieu_nai", "anonymous"],
    )
    def test_the_201_is_what_reading_the_case_gives(self, client, world, hotline, overrides):
        """The answer to a filing is built from what the intake made, not read back: it must
        be the very body GET /petitions/{id}/ returns (the replay is read back)."""
        headers = {**hotline, "HTTP_IDEMPOTENCY_KEY": "same-body"}
        created = post(client, payload(world, **overrides), headers)
        assert created.status_code == 201, created.content.decode()
        read = client.get(f"{LIST}{created.json()['id']}/", **hotline)
        assert read.status_code == 200
        assert created.json() == read.json()
        replay = post(client, payload(world, **overrides), headers)
        assert replay.status_code == 201
        assert replay.json() == read.json()

    def test_a_filing_reads_and_writes_few_rows(
        self, client, world, hotline, django_assert_max_num_queries
    ):
        """Key, grants, commune, organization; then the petition, its petitioner, its event
        and its audit entry, in a transaction (docs/benchmarks.md: intake is bound by round
        trips)."""
        post(client, payload(world, subject="Làm ấm"), hotline)  # first-request caches
        with django_assert_max_num_queries(12):
            response = post(client, payload(world), hotline)
        assert response.status_code == 201

    def test_bad_input_names_each_field(self, client, world, hotline):
        response = post(
            client,
            payload(world, kind="thu", commune="99999", petitioners=[{"email": "không-phải"}]),
            hotline,
        )
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "invalid_input"
        assert {"kind", "commune", "petitioners"} <= set(error["fields"])
        assert not Petition.objects.exists()

    def test_the_law_s_rules_come_back_as_coded_errors(self, client, world, hotline):
        response = post(client, payload(world, petitioners=[], is_anonymous=False), hotline)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "petitioner_required"
        future = post(client, payload(world, received_on="2099-01-01"), hotline)
        assert future.status_code == 400
        assert future.json()["error"]["code"] in ("date_in_future", "invalid_input")


class RefusalTests:
    def test_a_read_only_key_cannot_file(self, client, world):
        account = UserFactory(username="chi-doc")
        grant(account, world.ubnd_a, "intake_officer")
        _c, key = api_client_create(
            actor=world.superuser, name="Chỉ đọc", account=account, scopes=["petitions:read"]
        )
        response = post(client, payload(world), {"HTTP_X_API_KEY": key})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "insufficient_scope"

    def test_an_account_cannot_file_for_another_organization(self, client, world, hotline):
        response = post(client, payload(world, organization=world.ubnd_c.pk), hotline)
        assert response.status_code == 400
        assert "organization" in response.json()["error"]["fields"]
        assert not Petition.objects.exists()

    def test_an_officer_without_intake_permission_is_refused(self, client, world):
        client.force_login(world.leader)
        response = post(client, payload(world), {})
        assert response.status_code == 403
        assert not Petition.objects.exists()

    def test_anonymous_callers_are_refused(self, client, world):
        response = post(client, payload(world), {})
        assert response.status_code == 401
        assert not Petition.objects.exists()


class ActionTests:
    def filed(self, client, world, hotline):
        return post(client, payload(world, kind="khieu_nai", contested_decision="QĐ 5/QĐ-UBND"),
                    hotline).json()  # fmt: skip

    def url(self, pk, code=""):
        return f"{LIST}{pk}/actions/" + (f"{code}/" if code else "")

    def test_the_allowed_actions_then_one_of_them(self, client, world, hotline):
        case = self.filed(client, world, hotline)
        codes = [a["code"] for a in client.get(self.url(case["id"]), **hotline).json()]
        assert "accept" in codes
        assert "decide" not in codes
        response = client.post(
            self.url(case["id"], "accept"),
            data=json.dumps({"expected_version": case["version"]}),
            content_type="application/json",
            **hotline,
        )
        assert response.status_code == 200, response.content.decode()
        assert response.json()["state"] == "classified"
        assert response.json()["timeline"][-1]["action"] == "accept"

    def test_refusals_come_back_coded(self, client, world, hotline):
        case = self.filed(client, world, hotline)

        def act(code, body):
            return client.post(
                self.url(case["id"], code),
                data=json.dumps(body),
                content_type="application/json",
                **hotline,
            )

        wrong_state = act("decide", {"expected_version": case["version"]})
        assert wrong_state.status_code == 409
        assert wrong_state.json()["error"]["code"] == "transition_not_allowed"
        stale = act("accept", {"expected_version": case["version"] - 1})
        assert stale.status_code == 409
        assert stale.json()["error"]["code"] == "stale_version"
        assert act("fly", {}).status_code == 404
        bad = act("accept", {"expected_version": "không phải số"})
        assert bad.status_code == 400
        assert "expected_version" in bad.json()["error"]["fields"]
        assert Petition.objects.get(pk=case["id"]).state == "received"

    def test_a_read_key_or_an_outsider_cannot_act(self, client, world, hotline):
        case = self.filed(client, world, hotline)
        account = UserFactory(username="doc-thoi")
        grant(account, world.ubnd_a, "intake_officer")
        _c, key = api_client_create(
            actor=world.superuser, name="Đọc", account=account, scopes=["petitions:read"]
        )
        response = client.post(self.url(case["id"], "accept"), HTTP_X_API_KEY=key)
        assert response.json()["error"]["code"] == "insufficient_scope"
        client.force_login(world.outsider_c)
        assert client.post(self.url(case["id"], "accept")).status_code == 404
        assert Petition.objects.get(pk=case["id"]).state == "received"

"""Open311 GeoReport v2 at /open311/v2/, in XML and JSON, errors included."""

from __future__ import annotations

import datetime as dt

import pytest
from defusedxml.ElementTree import fromstring

from danvan.api.keys import api_client_create
from danvan.petitions.models import Petition
from tests.organizations.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"


def xml(response):
    assert response["Content-Type"] == XML
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return fromstring(response.content)


class DiscoveryAndServicesTests:
    def test_discovery_in_both_formats(self, client):
        data = client.get(f"{BASE}/discovery.json").json()
        assert data["contact"]
        assert data["key_service"]
        endpoint = data["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert "text/xml" in endpoint["formats"]
        assert endpoint["url"].endswith("/open311/v2")
        assert dt.datetime.fromisoformat(data["changeset"]) < dt.datetime.now(dt.UTC)
        root = xml(client.get(f"{BASE}/discovery.xml"))
        assert root.tag == "discovery"
        assert root.find("endpoints/endpoint/formats/format").text == "text/xml"

    def test_services_are_the_fifteen_fields(self, client):
        response = client.get(f"{BASE}/services.json")
        assert response["Content-Type"] == JSON
        rows = response.json()
        assert isinstance(rows, list)
        assert len(rows) == 15
        assert {"service_code": "dat_dai", "service_name": "Đất đai"}.items() <= rows[0].items()
        root = xml(client.get(f"{BASE}/services.xml"))
        assert len(root.findall("service")) == 15

    def test_a_service_definition_and_its_errors(self, client):
        definition = client.get(f"{BASE}/services/giao_thong.json").json()
        attribute = definition["attributes"][0]
        assert (attribute["code"], attribute["datatype"]) == ("loai", "singlevaluelist")
        root = xml(client.get(f"{BASE}/services/giao_thong.xml"))
        assert root.find("attributes/attribute/values/value/key").text == "phan_anh"
        for fmt in ("json", "xml"):
            response = client.get(f"{BASE}/services/khong_co.{fmt}")
            assert response.status_code == 404
        assert client.get(f"{BASE}/services/khong_co.json").json()[0]["code"] == 404

    def test_a_foreign_jurisdiction_is_404_and_none_is_fine(self, client, settings):
        settings.OPEN311_JURISDICTION = "vinhlong.gov.vn"
        assert client.get(f"{BASE}/services.json").status_code == 200
        ok = client.get(f"{BASE}/services.json", {"jurisdiction_id": "vinhlong.gov.vn"})
        assert ok.status_code == 200
        other = client.get(f"{BASE}/services.xml", {"jurisdiction_id": "hanoi.gov.vn"})
        assert other.status_code == 404
        assert xml(other).find("error/code").text == "404"


class RequestListTests:
    def test_only_published_feedback_without_personal_data(self, client, cases):
        rows = client.get(f"{BASE}/requests.json").json()
        assert [r["service_request_id"] for r in rows] == [cases["public"].tracking_code]
        row = rows[0]
        assert row["status"] == "open"
        assert row["service_code"] == "giao_thong"
        assert row["requested_datetime"].endswith("+07:00")
        text = client.get(f"{BASE}/requests.xml").content.decode()
        for secret in ("Thạch Văn", "0840950", "Ấp Sóc Ruộng"):
            assert secret not in text
        for hidden in ("private", "complaint", "denunciation"):
            one = client.get(f"{BASE}/requests/{cases[hidden].tracking_code}.json")
            assert one.status_code == 404, hidden

    def test_filters(self, client, cases):
        code = cases["public"].tracking_code
        by_id = client.get(f"{BASE}/requests.json", {"service_request_id": f"{code},XXXXX-22222"})
        assert [r["service_request_id"] for r in by_id.json()] == [code]
        assert client.get(f"{BASE}/requests.json", {"service_code": "dat_dai"}).json() == []
        assert client.get(f"{BASE}/requests.json", {"status": "closed"}).json() == []
        assert len(client.get(f"{BASE}/requests.json", {"status": "open,closed"}).json()) == 1
        late = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
        assert client.get(f"{BASE}/requests.json", {"updated_after": late}).json() == []
        page = client.get(f"{BASE}/requests.json", {"page_size": "1", "page": "1"})
        assert page["X-Total-Count"] == "1"
        assert page["X-Page-Size"] == "1"

    @pytest.mark.parametrize(
        "params",
        [
            {"start_date": "2026-01-01T00:00:00+07:00", "end_date": "2026-06-01T00:00:00+07:00"},
            {"start_date": "không phải ngày"},
            {"status": "pending"},
            {"page": "-1"},
        ],
    )
    def test_bad_filters_are_400_in_both_formats(self, client, cases, params):
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 400
        assert response.json()[0]["code"] == 400
        assert response.json()[0]["description"]
        assert xml(client.get(f"{BASE}/requests.xml", params)).tag == "errors"

    def test_an_unknown_service_code_is_404(self, client, cases):
        assert client.get(f"{BASE}/requests.json", {"service_code": "x"}).status_code == 404

    def test_one_request_is_an_array_and_extensions_add_the_history(self, client, cases):
        code = cases["public"].tracking_code
        rows = client.get(f"{BASE}/requests/{code}.json").json()
        assert isinstance(rows, list)
        assert len(rows) == 1
        extended = client.get(f"{BASE}/requests/{code}.json", {"extensions": "true"}).json()[0]
        assert extended["notes"][0]["type"] == "received"
        root = xml(client.get(f"{BASE}/requests/{code}.xml"))
        assert root.find("request/service_request_id").text == code

    def test_a_token_is_never_issued(self, client):
        for fmt in ("json", "xml"):
            assert client.get(f"{BASE}/tokens/abc.{fmt}").status_code == 404


class PostRequestTests:
    def body(self, key, **overrides):
        values = {
            "api_key": key,
            "service_code": "moi_truong",
            "address_string": "phường Long Đức, Vĩnh Long",
            "description": "Khói từ lò gạch gây ô nhiễm ban đêm.",
            "first_name": "Sa Ri",
            "last_name": "Thạch Thị",
            "phone": "0912345678",
        }
        values.update(overrides)
        return values

    def test_a_request_is_received_and_answered_with_its_id(self, client, world, key):
        response = client.post(f"{BASE}/requests.json", self.body(key))
        assert response.status_code == 201
        row = response.json()[0]
        petition = Petition.objects.get(tracking_code=row["service_request_id"])
        assert (petition.kind, petition.channel, petition.commune.code) == (
            "phan_anh",
            "api",
            "29263",
        )
        assert petition.petitioners.get().full_name == "Thạch Thị Sa Ri"
        assert "token" not in row

    def test_by_coordinates_as_an_anonymous_kien_nghi_in_xml(self, client, world, key):
        commune = world.commune_a
        body = self.body(
            key,
            address_string="",
            first_name="",
            last_name="",
            lat=str(commune.latitude),
            long=str(commune.longitude),
            **{"attribute[loai]": "kien_nghi"},
        )
        response = client.post(f"{BASE}/requests.xml", body)
        assert response.status_code == 201, response.content.decode()
        code = xml(response).find("request/service_request_id").text
        petition = Petition.objects.get(tracking_code=code)
        assert (petition.kind, petition.is_anonymous, petition.commune) == (
            "kien_nghi",
            True,
            commune,
        )

    @pytest.mark.parametrize(
        ("change", "status"),
        [
            ({"api_key": ""}, 403),
            ({"api_key": "dv_00000000_sai"}, 403),
            ({"service_code": ""}, 400),
            ({"service_code": "khong_co"}, 404),
            ({"description": ""}, 400),
            ({"description": "x" * 4001}, 400),
            ({"address_string": ""}, 400),
            ({"address_string": "", "lat": "abc", "long": "1"}, 400),
            ({"attribute[loai]": "to_cao"}, 400),
        ],
    )
    def test_each_error_of_the_specification(self, client, key, change, status):
        for fmt in ("json", "xml"):
            response = client.post(f"{BASE}/requests.{fmt}", self.body(key, **change))
            assert response.status_code == status, (fmt, change)
            if fmt == "json":
                assert response.json()[0]["code"] == status
            else:
                assert xml(response).find("error/description").text
        assert not Petition.objects.exists()

    def test_a_key_without_the_open311_scope_is_403(self, client, world):
        account = UserFactory(username="doc-only")
        grant(account, world.ubnd_a, "intake_officer")
        _c, other = api_client_create(
            actor=world.superuser, name="Đọc", account=account, scopes=["petitions:read"]
        )
        assert client.post(f"{BASE}/requests.json", self.body(other)).status_code == 403

    def test_a_retry_from_the_same_device_is_one_petition(self, client, key):
        first = client.post(f"{BASE}/requests.json", self.body(key, device_id="may-1")).json()
        again = client.post(f"{BASE}/requests.json", self.body(key, device_id="may-1")).json()
        assert first[0]["service_request_id"] == again[0]["service_request_id"]
        assert Petition.objects.count() == 1

"""Every JSON answer of /open311/v2/ validates against the specification's shapes
(tests/api/open311_schemas.py), errors included."""

from __future__ import annotations

import jsonschema
import pytest

from tests.api import open311_schemas as schemas
from tests.api.test_open311 import BASE

pytestmark = pytest.mark.django_db


def valid(response, schema):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    jsonschema.validate(response.json(), schema, format_checker=jsonschema.FormatChecker())
    return response.json()


class SchemaTests:
    def test_discovery_services_and_definitions(self, client):
        valid(client.get(f"{BASE}/discovery.json"), schemas.DISCOVERY)
        services = valid(client.get(f"{BASE}/services.json"), schemas.SERVICES)
        for service in services:
            response = client.get(f"{BASE}/services/{service['service_code']}.json")
            valid(response, schemas.SERVICE_DEFINITION)

    def test_request_lists_and_one_request(self, client, cases):
        for query in ("", "?status=open", "?extensions=true", "?page=1&page_size=1"):
            rows = valid(client.get(f"{BASE}/requests.json{query}"), schemas.REQUESTS)
        assert rows
        one = client.get(f"{BASE}/requests/{cases['public'].tracking_code}.json")
        assert len(valid(one, schemas.REQUESTS)) == 1

    def test_a_filing_answer(self, client, key):
        response = client.post(
            f"{BASE}/requests.json",
            {
                "api_key": key,
                "service_code": "moi_truong",
                "address_string": "phường Long Đức, Vĩnh Long",
                "description": "Khói lò gạch.",
            },
        )
        assert response.status_code == 201
        valid(response, schemas.POST_RESPONSE)

    @pytest.mark.parametrize(
        ("method", "path", "data", "status"),
        [
            ("get", "/services/khong_co.json", None, 404),
            ("get", "/requests.json?status=dang_xu_ly", None, 400),
            ("get", "/requests.json?start_date=hom-qua", None, 400),
            ("get", "/requests/ZZZZZ-ZZZZZ.json", None, 404),
            ("get", "/tokens/abc.json", None, 404),
            ("post", "/requests.json", {"service_code": "moi_truong"}, 403),
            ("post", "/requests.json", {"api_key": "dv_sai_sai"}, 403),
        ],
    )
    def test_every_error_has_the_specifications_shape(self, client, method, path, data, status):
        response = getattr(client, method)(f"{BASE}{path}", data or {})
        assert response.status_code == status
        valid(response, schemas.ERRORS)

    def test_errors_of_a_valid_key(self, client, key):
        for data, status in (
            ({"api_key": key}, 400),
            ({"api_key": key, "service_code": "khong_co"}, 404),
            ({"api_key": key, "service_code": "moi_truong"}, 400),
        ):
            response = client.post(f"{BASE}/requests.json", data)
            assert response.status_code == status
            valid(response, schemas.ERRORS)

"""What one Open311 request holds, field by field, the same in JSON and XML whether its
description was stored at intake or is computed at the read; and how many queries a list
costs (a page is up to 1,000 requests)."""

from __future__ import annotations

import pytest

from danvan.petitions import services
from danvan.petitions.enums import Kind
from danvan.petitions.models import Petition
from tests.api.test_open311 import BASE, xml
from tests.petitions.conftest import household, intake

pytestmark = pytest.mark.django_db

CONTENT = (
    "Liên hệ ông Tư qua số 0912 345 678 hoặc tu.nguyen@example.vn. "
    "Cống ở ấp Sóc Ruộng bị tắc, nước thải chảy ra kênh."
)


def publish(world, **overrides):
    values = {"field": "moi_truong", "content": CONTENT, "consent_to_publish": True}
    values.update(overrides)
    return services.petition_create(
        actor=world.intake_a, organization=world.ubnd_a, data=intake(world, **values)
    )


@pytest.fixture
def listed(world):
    """Three published petitions, a private one, a complaint and a denunciation."""
    rows = [publish(world), publish(world, kind=Kind.KIEN_NGHI), publish(world, field="y_te")]
    publish(world, consent_to_publish=False)
    publish(world, kind=Kind.KHIEU_NAI, contested_decision="Quyết định số 12/QĐ-UBND")
    publish(world, kind=Kind.TO_CAO, accused="Ông B", petitioners=[household(7)])
    return rows


class RequestBodyTests:
    def test_a_request_field_by_field(self, client, world):
        petition = publish(world)
        (row,) = client.get(f"{BASE}/requests.json").json()
        assert row == {
            "service_request_id": petition.tracking_code,
            "status": "open",
            "status_notes": "Đã tiếp nhận, chờ phân loại",
            "service_name": "Môi trường",
            "service_code": "moi_truong",
            "description": "Liên hệ ông Tư qua số […] hoặc […]. "
            "Cống ở ấp Sóc Ruộng bị tắc, nước thải chảy ra kênh.",
            "agency_responsible": world.ubnd_a.name,
            "service_notice": "",
            "requested_datetime": "2027-02-01T16:00:00+07:00",
            "updated_datetime": "2027-02-01T16:00:00+07:00",
            "expected_datetime": f"{petition.due_on:%Y-%m-%d}T17:00:00+07:00",
            "address": world.commune_a.name,
            "address_id": world.commune_a.code,
            "zipcode": None,
            "lat": world.commune_a.latitude,
            "long": world.commune_a.longitude,
            "media_url": None,
        }
        node = xml(client.get(f"{BASE}/requests.xml")).find("request")
        assert [child.tag for child in node] == list(row)
        for key, value in row.items():
            assert (node.find(key).text or "") == ("" if value is None else str(value)), key

    @pytest.mark.parametrize("query", ["", "?extensions=true", "?page=2&page_size=2"])
    def test_a_stored_description_answers_as_one_computed_at_the_read(self, client, listed, query):
        stored = {fmt: client.get(f"{BASE}/requests.{fmt}{query}") for fmt in ("json", "xml")}
        assert stored["json"].json()
        assert "0912" not in stored["json"].content.decode()
        Petition.objects.update(public_description=None)  # as rows loaded in bulk are
        for fmt, response in stored.items():
            computed = client.get(f"{BASE}/requests.{fmt}{query}")
            assert computed.content == response.content
            assert computed["X-Total-Count"] == response["X-Total-Count"] == "3"

    def test_one_request_by_its_id_without_a_stored_description(self, client, world):
        petition = publish(world)
        Petition.objects.filter(pk=petition.pk).update(public_description=None)
        (row,) = client.get(f"{BASE}/requests/{petition.tracking_code}.json").json()
        assert row["description"].startswith("Liên hệ ông Tư qua số […] hoặc […].")


class RequestQueryTests:
    def test_a_list_is_two_queries_whatever_its_length(
        self, client, listed, django_assert_num_queries
    ):
        for query in ("", "?status=open&service_code=moi_truong", "?page=2&page_size=1"):
            with django_assert_num_queries(2):  # the count, the page
                assert client.get(f"{BASE}/requests.json{query}").status_code == 200
        with django_assert_num_queries(3):  # and the timelines
            rows = client.get(f"{BASE}/requests.xml?extensions=true")
        assert len(xml(rows).findall("request/notes/note")) == 3

    def test_a_page_is_in_order_and_holds_only_published_requests(self, client, listed):
        newest_first = [p.tracking_code for p in reversed(listed)]
        pages = [
            client.get(f"{BASE}/requests.json", {"page": page, "page_size": 2}).json()
            for page in (1, 2, 3)
        ]
        assert [[r["service_request_id"] for r in rows] for rows in pages] == [
            newest_first[:2],
            newest_first[2:],
            [],
        ]

    def test_one_request_is_one_query(self, client, listed, django_assert_num_queries):
        with django_assert_num_queries(1):
            client.get(f"{BASE}/requests/{listed[0].tracking_code}.json")


class RequestCountTests:
    def test_a_large_count_is_remembered_for_seconds_and_a_small_one_never(
        self, client, world, listed, monkeypatch
    ):
        from danvan.api import open311

        def total(query=""):
            return client.get(f"{BASE}/requests.json{query}")["X-Total-Count"]

        monkeypatch.setattr(open311, "_counts", {})
        assert total() == "3"
        publish(world)
        assert total() == "4"  # small: counted at each request
        # given that four is large
        monkeypatch.setattr(open311, "COUNT_REMEMBERED_FROM", 4)
        assert total() == "4"
        publish(world)
        # then the count of the same filter is remembered, the rows are not
        assert total() == "4"
        assert len(client.get(f"{BASE}/requests.json").json()) == 5
        assert total("?page=2&page_size=2") == "4"
        assert total("?status=open") == "5"  # another filter
        # and forgotten after COUNT_SECONDS
        later = open311.time.monotonic() + open311.COUNT_SECONDS + 1
        monkeypatch.setattr(open311, "time", type("Clock", (), {"monotonic": lambda: later}))
        assert total() == "5"


class PetitionerPrivacyTests:
    def test_a_name_in_the_content_is_hidden_stored_or_computed(self, client, world):
        from danvan.petitions.services import PetitionerInput

        person = PetitionerInput(full_name="Nguyễn Văn An", address="số 7 hẻm 12 Nguyễn Huệ")
        publish(
            world,
            content="Tôi là Nguyễn Văn An. Ông An đề nghị nạo vét cống.",
            petitioners=[person],
        )
        stored = client.get(f"{BASE}/requests.json").json()[0]["description"]
        Petition.objects.update(public_description=None)  # as if loaded in bulk
        computed = client.get(f"{BASE}/requests.json").json()[0]["description"]
        assert stored == computed == "Tôi là […]. Ông […] đề nghị nạo vét cống."

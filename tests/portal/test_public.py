"""Public answers and statistics: only what citizens agreed to publish, never personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.petitions import services
from danvan.petitions.enums import Kind
from tests.petitions.conftest import intake
from tests.portal.conftest import answer

pytestmark = pytest.mark.django_db


def filed(world, kind=Kind.PHAN_ANH, consent=True, **overrides):
    data = intake(world, kind, consent_to_publish=consent, **overrides)
    data.received_on = data.received_on.today()
    return services.petition_create(actor=world.intake_a, organization=world.ubnd_a, data=data)


class PublicAnswerTests:
    def test_an_answer_the_citizen_agreed_to_publish_is_shown_without_personal_data(
        self, client, world, handler_a
    ):
        petition = answer(
            world,
            filed(
                world,
                content="Tôi là Hộ ông Thạch Văn 1, số 0912345678, nhà ngập nước sau mưa.",
                field="ha_tang",
            ),
            handler_a,
            body="Trả lời Hộ ông Thạch Văn 1 (CCCD 084095000123): đã nạo vét cống.",
        )
        page = client.get(reverse("portal:answers")).content.decode()
        assert "nạo vét cống" in page
        assert "Thạch Văn" not in page
        detail = client.get(reverse("portal:answer-detail", args=[petition.tracking_code]))
        text = detail.content.decode()
        assert "nhà ngập nước sau mưa" in text
        assert "đã nạo vét cống" in text
        for secret in ("Thạch Văn", "0912345678", "084095000123", "Ấp Sóc Ruộng, hộ số"):
            assert secret not in text, secret

    def test_without_consent_or_not_yet_answered_nothing_is_public(self, client, world, handler_a):
        hidden = answer(world, filed(world, consent=False), handler_a, body="Riêng tư")
        pending = filed(world, subject="Chưa trả lời")
        page = client.get(reverse("portal:answers")).content.decode()
        assert "Riêng tư" not in page
        assert "Chưa có câu trả lời nào được công khai" in page
        for p in (hidden, pending):
            url = reverse("portal:answer-detail", args=[p.tracking_code])
            assert client.get(url).status_code == 404

    def test_complaints_are_never_published(self, client, world, handler_a):
        complaint = filed(world, Kind.KHIEU_NAI)
        url = reverse("portal:answer-detail", args=[complaint.tracking_code])
        assert client.get(url).status_code == 404

    def test_search_by_words_with_or_without_diacritics_field_and_commune(
        self, client, world, handler_a
    ):
        answer(world, filed(world, subject="Ngập nước", content="Đường ngập nước"), handler_a)
        answer(world, filed(world, subject="Rác", content="Bãi rác", field="moi_truong"), handler_a)
        url = reverse("portal:answers")
        assert "1 câu trả lời" in client.get(url, {"q": "ngap nuoc"}).content.decode()
        assert "1 câu trả lời" in client.get(url, {"q": "ngập"}).content.decode()
        assert "1 câu trả lời" in client.get(url, {"field": "moi_truong"}).content.decode()
        by_commune = client.get(
            url, {"commune": f"{world.commune_a.name} [{world.commune_a.code}]"}
        )
        assert "2 câu trả lời" in by_commune.content.decode()
        other = client.get(url, {"commune": f"{world.commune_c.name} [{world.commune_c.code}]"})
        assert "0 câu trả lời" in other.content.decode()
        assert "Không có câu trả lời nào khớp" in other.content.decode()

    def test_the_list_is_paginated(self, client, world, handler_a, settings):
        from danvan.portal import views

        for i in range(3):
            answer(world, filed(world, subject=f"Việc {i}"), handler_a)
        views.PAGE_SIZE, old = 2, views.PAGE_SIZE
        try:
            page = client.get(reverse("portal:answers")).content.decode()
            assert "Trang 1/2" in page
            assert "page=2" in page
        finally:
            views.PAGE_SIZE = old


class StatisticsTests:
    def test_a_communes_page_counts_and_hides_an_average_over_too_few_answers(
        self, client, world, handler_a
    ):
        answer(world, filed(world), handler_a)
        filed(world, Kind.TO_CAO)  # counted, never shown
        page = client.get(reverse("portal:commune", args=[world.commune_a.code])).content.decode()
        assert world.commune_a.name in page
        assert "chưa đủ số liệu" in page  # one answer is below the minimum sample
        assert "Ông Nguyễn Văn B" not in page

    def test_the_average_answer_time_shows_over_enough_answers(self, client, world, handler_a):
        for _i in range(5):
            answer(world, filed(world), handler_a)
        page = client.get(reverse("portal:field", args=["dat_dai"])).content.decode()
        assert "0.0 ngày" in page or "0,0 ngày" in page

    def test_the_index_lists_the_provinces_communes(self, client, world):
        filed(world)
        page = client.get(reverse("portal:statistics")).content.decode()
        assert world.commune_a.name in page
        assert world.province.name in page

    def test_an_unknown_commune_or_field_is_404(self, client, db):
        assert client.get(reverse("portal:commune", args=["99999"])).status_code == 404
        assert client.get(reverse("portal:field", args=["nope"])).status_code == 404


class Open311Tests:
    def test_open311_descriptions_carry_no_phone_or_id_number(self, client, world):
        filed(world, content="Gọi tôi số 0912345678, CCCD 084095000123, đèn hư.")
        rows = client.get("/open311/v2/requests.json").json()
        assert rows
        assert "0912345678" not in rows[0]["description"]
        assert "084095000123" not in rows[0]["description"]
        assert "đèn hư" in rows[0]["description"]


class CappedListTests:
    def test_a_long_list_says_more_than_the_cap_and_still_pages(self, client, world, handler_a):
        from danvan.petitions import paging

        for i in range(3):
            answer(world, filed(world, subject=f"Việc {i}"), handler_a)
        old = paging.COUNT_CAP
        paging.COUNT_CAP = 2
        try:
            page = client.get(reverse("portal:answers")).content.decode()
        finally:
            paging.COUNT_CAP = old
        assert "Hơn" in page
        assert page.count("UBND xã đã thay bóng đèn") == 3


class PublicSearchPrivacyTests:
    def test_the_search_never_finds_an_answer_by_what_publication_hides(
        self, client, world, handler_a
    ):
        from danvan.petitions.services import PetitionerInput

        person = PetitionerInput(
            full_name="Lâm Thị Bích",
            phone="0918123456",
            address="Số 7 hẻm 12 đường Nguyễn Huệ",
            id_number="084095000123",
        )
        answer(
            world,
            filed(
                world,
                content="Tôi là Lâm Thị Bích, điện thoại 0918 123 456, cống nghẹt.",
                address_as_written="Số 7 hẻm 12 đường Nguyễn Huệ",
                petitioners=[person],
            ),
            handler_a,
            body="Trả lời bà Bích (số 7 hẻm 12 đường Nguyễn Huệ): đã nạo vét cống.",
        )
        url = reverse("portal:answers")
        assert "1 câu trả lời" in client.get(url, {"q": "cong nghet"}).content.decode()
        for query in ("0918123456", "lam thi bich", "Bích", "hem 12 nguyen hue", "084095000123"):
            page = client.get(url, {"q": query}).content.decode()
            assert "0 câu trả lời" in page, query
        detail = client.get(url, {"q": "nao vet"}).content.decode()
        assert "Bích" not in detail
        assert "hẻm 12" not in detail

    def test_redaction_keeps_amounts_and_document_numbers(self):
        from danvan.petitions.publication import redact

        text = "Công văn 215/UBND-VP ngày 01/12/2026 hỗ trợ 150.000.000 đồng ở Long An."
        assert redact(text, ["Nguyễn Văn An"]) == text
        assert redact("CCCD 079 123 456 789, gọi (+84) 912 345 678") == "CCCD […], gọi […]"
        assert redact("ông An và ông Thanh", ["Nguyễn Văn An"]) == "ông […] và ông Thanh"


class StatisticsRefreshTests:
    def test_the_periodic_job_recounts_what_the_pages_read(self, client, world):
        from danvan.portal.tasks import refresh_statistics_task

        filed(world)
        url = reverse("portal:commune", args=[world.commune_a.code])
        assert "<dd>1</dd>" in client.get(url).content.decode()
        filed(world, subject="Việc thứ hai")
        assert "<dd>1</dd>" in client.get(url).content.decode()  # read from the cache
        assert refresh_statistics_task() >= 1
        assert "<dd>2</dd>" in client.get(url).content.decode()

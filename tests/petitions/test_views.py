"""Officers' petition pages and the citizen's tracking page, with their outsiders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.petitions import services
from danvan.petitions.enums import Kind, State
from danvan.petitions.models import Petition
from tests.petitions.conftest import intake

pytestmark = pytest.mark.django_db


def intake_post(world, **overrides):
    data = {
        "submission_key": "key-1",
        "organization": world.ubnd_a.pk,
        "kind": "khieu_nai",
        "channel": "post",
        "received_on": "2026-11-20",
        "commune_text": f"{world.commune_a.short_name or world.commune_a.name}, Vĩnh Long",
        "field": "dat_dai",
        "subject": "Khiếu nại quyết định thu hồi đất",
        "content": "12 hộ dân ấp Sóc Ruộng khiếu nại.",
        "request": "Hủy quyết định",
        "petitioner_count": "12",
        "has_signature": "on",
        "contested_decision": "Quyết định 12/QĐ-UBND ngày 01/10/2026",
        "complaint_round": "1",
        "p-TOTAL_FORMS": "3",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
    }
    for i in range(3):
        data.update(
            {
                f"p-{i}-full_name": f"Thạch Văn {i}",
                f"p-{i}-address": "Ấp Sóc Ruộng",
                f"p-{i}-id_number": f"0840950000{i}",
                f"p-{i}-is_representative": "on",
            }
        )
    data.update(overrides)
    return data


def make(world, kind=Kind.PHAN_ANH, **overrides):
    return services.petition_create(
        actor=world.intake_a, organization=world.ubnd_a, data=intake(world, kind, **overrides)
    )


class IntakePageTests:
    def test_a_group_complaint_is_registered_once(self, client, world):
        client.force_login(world.intake_a)
        url = reverse("petitions:petition-create")
        assert client.get(url).status_code == 200
        response = client.post(url, intake_post(world))
        assert response.status_code == 302, response.content.decode()[:3000]
        again = client.post(url, intake_post(world))  # the same form sent twice
        assert again.status_code == 302
        petition = Petition.objects.get()
        assert (petition.petitioner_count, petition.is_mass) == (12, True)
        assert again["Location"] == petition.get_absolute_url()

    def test_the_commune_is_found_without_diacritics_or_from_an_old_address(self, client, world):
        from danvan.core.text import fold

        client.force_login(world.intake_a)
        url = reverse("petitions:petition-create")
        name = fold(world.commune_a.short_name or world.commune_a.name)
        response = client.post(url, intake_post(world, commune_text=f"{name}, vinh long"))
        assert response.status_code == 302
        assert Petition.objects.get().commune == world.commune_a

    def test_suggestions_come_back_for_typed_text(self, client, world):
        client.force_login(world.intake_a)
        response = client.get(
            reverse("petitions:commune-suggestions"), {"commune_text": "long duc"}
        )
        assert "Long Đức" in response.content.decode()

    def test_errors_keep_what_was_typed(self, client, world):
        client.force_login(world.intake_a)
        response = client.post(
            reverse("petitions:petition-create"), intake_post(world, commune_text="khong co xa nay")
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Không tìm thấy xã, phường này" in body
        assert "Khiếu nại quyết định thu hồi đất" in body
        assert not Petition.objects.exists()

    def test_the_law_on_representatives_is_explained(self, client, world):
        client.force_login(world.intake_a)
        data = intake_post(world)
        data["p-TOTAL_FORMS"] = "3"
        response = client.post(
            reverse("petitions:petition-create"), intake_post(world, petitioner_count="7")
        )
        assert "Điều 29 Luật Tiếp công dân" in response.content.decode()

    def test_officer_without_intake_role_is_refused(self, client, world):
        client.force_login(world.leader)
        assert client.get(reverse("petitions:petition-create")).status_code == 403


class ListAndDetailTests:
    def test_outsider_sees_nothing_of_another_commune(self, client, world):
        petition = make(world)
        client.force_login(world.outsider_c)
        body = client.get(reverse("petitions:petition-list")).content.decode()
        assert petition.tracking_code not in body
        for url in (
            reverse("petitions:petition-detail", args=[petition.pk]),
            reverse("petitions:petition-act", args=[petition.pk, "accept"]),
            reverse("petitions:petition-identity", args=[petition.pk]),
        ):
            response = client.post(url) if "act" in url or "identity" in url else client.get(url)
            assert response.status_code == 404, url
        petition.refresh_from_db()
        assert petition.state == State.RECEIVED

    def test_search_works_with_and_without_diacritics(self, client, world):
        make(world, subject="Ô nhiễm môi trường do trại heo")
        make(world, subject="Đường giao thông nông thôn hư hỏng")
        client.force_login(world.intake_a)
        for query in ("ô nhiễm", "o nhiem", "TRAI HEO"):
            body = client.get(reverse("petitions:petition-list"), {"q": query}).content.decode()
            assert "trại heo" in body
            assert "Đường giao thông" not in body

    def test_filters_and_queues(self, client, world):
        make(world, kind=Kind.KIEN_NGHI, subject="Kiến nghị làm cầu")
        make(world, subject="Phản ánh ngập nước")
        client.force_login(world.intake_a)
        body = client.get(
            reverse("petitions:petition-list"), {"kind": "kien_nghi", "queue": "awaiting"}
        ).content.decode()
        assert "Kiến nghị làm cầu" in body
        assert "Phản ánh ngập nước" not in body

    def test_list_queries_do_not_grow_with_rows(self, client, world):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(world.intake_a)
        counts = []
        for batch in (3, 30):
            for i in range(batch):
                make(world, subject=f"Đơn số {i}")
            with CaptureQueriesContext(connection) as captured:
                client.get(reverse("petitions:petition-list"))
            counts.append(len(captured.captured_queries))
        assert counts[0] == counts[1] <= 14

    def test_detail_shows_the_clock_and_the_allowed_actions(self, client, world):
        petition = make(world)
        client.force_login(world.intake_a)
        body = client.get(reverse("petitions:petition-detail", args=[petition.pk])).content.decode()
        assert petition.due_on.strftime("%d/%m/%Y") in body
        assert "Thụ lý" in body
        assert "Kết thúc hồ sơ" not in body

    def test_an_action_through_the_page(self, client, world):
        petition = make(world)
        client.force_login(world.intake_a)
        url = reverse("petitions:petition-act", args=[petition.pk, "accept"])
        response = client.post(url, {"expected_version": petition.version, "reason": ""})
        assert response.status_code == 302
        petition.refresh_from_db()
        assert petition.state == State.CLASSIFIED

    def test_a_refused_action_says_why_and_keeps_the_text(self, client, world):
        petition = make(world)
        client.force_login(world.intake_a)
        url = reverse("petitions:petition-act", args=[petition.pk, "guide"])
        response = client.post(
            url, {"expected_version": petition.version + 5, "reason": "Hướng dẫn đến Tòa án"}
        )
        body = response.content.decode()
        assert response.status_code == 400
        assert "vừa được người khác cập nhật" in body
        assert "Hướng dẫn đến Tòa án" in body

    def test_filing_a_duplicate_by_the_earlier_tracking_code(self, client, world):
        from danvan.petitions.models import PetitionLink

        earlier, petition = make(world), make(world)
        client.force_login(world.intake_a)
        url = reverse("petitions:petition-act", args=[petition.pk, "file"])
        code = earlier.tracking_code.replace("-", "").lower()  # typed loosely
        response = client.post(
            url,
            {
                "expected_version": petition.version,
                "reason": "Trùng đơn",
                "filing_reason": "duplicate",
                "duplicate_of": code,
            },
        )
        assert response.status_code == 302
        assert PetitionLink.objects.filter(from_petition=petition, to_petition=earlier).exists()

    def test_a_duplicate_code_from_elsewhere_is_refused_with_a_message(self, client, world):
        other = services.petition_create(
            actor=world.outsider_c,
            organization=world.ubnd_c,
            data=intake(world, commune=world.commune_c),
        )
        petition = make(world)
        client.force_login(world.intake_a)
        url = reverse("petitions:petition-act", args=[petition.pk, "file"])
        response = client.post(
            url,
            {
                "expected_version": petition.version,
                "reason": "Trùng đơn",
                "filing_reason": "duplicate",
                "duplicate_of": other.tracking_code,
            },
        )
        assert response.status_code == 400
        assert "Mã đơn trùng không hợp lệ" in response.content.decode()
        petition.refresh_from_db()
        assert petition.state == State.RECEIVED

    def test_notice_prints(self, client, world):
        petition = services.petition_accept(actor=world.intake_a, petition=make(world))
        notice = petition.documents.get()
        client.force_login(world.intake_a)
        body = client.get(
            reverse("petitions:document-print", args=[petition.pk, notice.pk])
        ).content.decode()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body
        assert "Độc lập - Tự do - Hạnh phúc" in body


class DenunciationPageTests:
    def test_an_officer_without_the_permission_never_sees_the_name(self, client, world):
        petition = make(world, Kind.TO_CAO)
        for officer in (world.intake_a, world.head_a, world.mass_mobilization, world.leader):
            client.force_login(officer)
            body = client.get(
                reverse("petitions:petition-detail", args=[petition.pk])
            ).content.decode()
            assert "Thạch Văn" not in body
            assert "084095" not in body
            response = client.post(reverse("petitions:petition-identity", args=[petition.pk]))
            assert response.status_code == 403
            listing = client.get(reverse("petitions:petition-list")).content.decode()
            assert "Thạch Văn" not in listing

    def test_the_permitted_officer_sees_it_and_it_is_audited(self, client, world, confidential_a):
        petition = make(world, Kind.TO_CAO)
        client.force_login(confidential_a)
        body = client.get(reverse("petitions:petition-detail", args=[petition.pk])).content.decode()
        assert "Thạch Văn" not in body  # not until asked
        body = client.post(
            reverse("petitions:petition-identity", args=[petition.pk])
        ).content.decode()
        assert "Hộ ông Thạch Văn 1" in body
        assert (
            AuditEntry.objects.filter(
                action="petition.denouncer_identity_read", actor=confidential_a
            ).count()
            == 1
        )


class TrackingTests:
    def answered(self, world, handler):
        from danvan.petitions.services import DocumentInput

        petition = services.petition_accept(actor=world.intake_a, petition=make(world))
        petition = services.petition_assign(
            actor=world.intake_a, petition=petition, assignee=handler
        )
        return services.petition_answer(
            actor=handler,
            petition=petition,
            document=DocumentInput(
                number="20/UBND-VP",
                issued_on=dt.date(2026, 11, 24),
                title="Trả lời phản ánh",
                body="UBND xã đã khắc phục.",
            ),
        )

    def test_the_citizen_follows_and_rates_with_the_code(self, client, world, handler_a):
        petition = self.answered(world, handler_a)
        response = client.post(
            reverse("tracking:petition-track"),
            {"code": petition.tracking_code.replace("-", "").lower()},
        )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "UBND xã đã khắc phục." in page
        assert "Thạch Văn" not in page
        response = client.post(
            response["Location"], {"satisfied": "no", "comment": "Chưa xử lý dứt điểm"}
        )
        assert response.status_code == 302
        petition.refresh_from_db()
        assert petition.state == State.RATED
        assert not petition.ratings.get().satisfied

    def test_an_unknown_code_says_so(self, client, db):
        response = client.post(reverse("tracking:petition-track"), {"code": "AAAAA-BBBBB"})
        assert "Không tìm thấy hồ sơ" in response.content.decode()

    def test_rating_before_the_answer_is_refused(self, client, world):
        petition = make(world)
        url = reverse("tracking:petition-track-code", args=[petition.tracking_code])
        response = client.post(url, {"satisfied": "yes"})
        assert response.status_code == 200
        assert "chưa được trả lời" in response.content.decode()
        petition.refresh_from_db()
        assert petition.state == State.RECEIVED


class OverviewAndBulkTests:
    def test_overview_counts(self, client, world, handler_a):
        import time_machine

        with time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC), tick=False):
            late = make(world, received_on=dt.date(2026, 10, 1))  # 10 wd: due 15/10/2026
            make(world, field="moi_truong")
            answered = TrackingTests().answered(world, handler_a)
            client.force_login(world.head_a)
            body = client.get(reverse("petitions:petition-overview")).content.decode()
        assert late.due_on < dt.date(2026, 11, 25)
        assert "Quá hạn" in body
        assert "Môi trường" in body
        assert world.commune_a.name in body
        assert answered.answered_on is not None
        assert "ngày" in body

    def test_overview_is_scoped(self, client, world):
        make(world, subject="Chỉ xã A")
        client.force_login(world.outsider_c)
        body = client.get(reverse("petitions:petition-overview")).content.decode()
        assert world.commune_a.name not in body

    def test_bulk_assignment(self, client, world, handler_a):
        first = services.petition_accept(actor=world.intake_a, petition=make(world))
        second = services.petition_accept(actor=world.intake_a, petition=make(world))
        untouched = make(world)  # still awaiting classification
        client.force_login(world.intake_a)
        response = client.post(
            reverse("petitions:petition-bulk-assign"),
            {"ids": [first.pk, second.pk, untouched.pk], "assignee": handler_a.pk},
        )
        assert response.status_code == 302
        states = dict(Petition.objects.values_list("pk", "state"))
        assert states[first.pk] == states[second.pk] == State.ASSIGNED
        assert states[untouched.pk] == State.RECEIVED

    def test_bulk_assignment_ignores_petitions_outside_scope(self, client, world):
        petition = services.petition_accept(actor=world.intake_a, petition=make(world))
        client.force_login(world.outsider_c)
        client.post(
            reverse("petitions:petition-bulk-assign"),
            {"ids": [petition.pk], "assignee": world.outsider_c.pk},
        )
        petition.refresh_from_db()
        assert petition.state == State.CLASSIFIED


class SplitPageTests:
    def test_split_through_the_page_and_the_outsider(self, client, world):
        letter = make(world, Kind.KHIEU_NAI)
        url = reverse("petitions:petition-split", args=[letter.pk])
        part = {
            "kind": "kien_nghi",
            "field": "giao_thong",
            "subject": "Sửa cầu",
            "content": "Cầu hư",
        }
        client.force_login(world.outsider_c)
        assert client.post(url, part).status_code == 404
        client.force_login(world.intake_a)
        response = client.post(url, part)
        assert response.status_code == 302
        assert Petition.objects.filter(kind="kien_nghi", subject="Sửa cầu").exists()


class EscalationPageTests:
    def test_the_province_opens_a_second_complaint_from_the_page(
        self, client, world, handler_a, intake_province
    ):
        from danvan.petitions.services import DocumentInput

        first = services.petition_accept(actor=world.intake_a, petition=make(world, Kind.KHIEU_NAI))
        first = services.petition_assign(actor=world.intake_a, petition=first, assignee=handler_a)
        first = services.petition_start_verification(actor=handler_a, petition=first)
        first = services.petition_decide(
            actor=handler_a,
            petition=first,
            document=DocumentInput(
                number="1/QĐ", issued_on=dt.date(2026, 11, 24), title="Quyết định", body="..."
            ),
        )
        client.force_login(intake_province)
        url = reverse("petitions:petition-escalate", args=[first.pk])
        response = client.post(
            url,
            {
                "organization": world.ubnd_province.pk,
                "received_on": "2026-11-30",
                "reason": "Không đồng ý",
            },
        )
        assert response.status_code == 302
        second = Petition.objects.get(complaint_round=2)
        assert second.organization == world.ubnd_province
        client.force_login(world.outsider_c)
        assert client.post(url, {"organization": world.ubnd_c.pk, "reason": "x"}).status_code == 404


class ReviewFixPageTests:
    def test_the_transfer_copy_starts_clean_and_the_citizen_follows_it(self, client, world):
        petition = services.petition_accept(
            actor=world.intake_a, petition=make(world), accepted_on=dt.date(2026, 11, 23)
        )
        petition = services.petition_transfer(
            actor=world.intake_a,
            petition=petition,
            to_organization=world.agency_b,
            reason="Thuộc thẩm quyền Sở",
        )
        copy = Petition.objects.get(organization=world.agency_b)
        assert (copy.state, copy.accepted_on, copy.refusal_ground) == (State.RECEIVED, None, "")
        page = client.get(
            reverse("tracking:petition-track-code", args=[petition.tracking_code])
        ).content.decode()
        assert copy.tracking_code in page

    def test_third_party_papers_do_not_carry_the_tracking_code(self, client, world):
        petition = services.petition_transfer(
            actor=world.intake_a,
            petition=make(world),
            to_name="Tòa án",
            reason="Thuộc thẩm quyền Tòa",
        )
        slip = petition.documents.get()
        client.force_login(world.intake_a)
        body = client.get(
            reverse("petitions:document-print", args=[petition.pk, slip.pk])
        ).content.decode()
        assert petition.tracking_code not in body

    def test_bulk_assignment_does_not_redirect_elsewhere(self, client, world):
        client.force_login(world.intake_a)
        response = client.post(
            reverse("petitions:petition-bulk-assign"), {"next": "https://example.com/phishing"}
        )
        assert response["Location"] == reverse("petitions:petition-list")


class WarningsAndQueuesTests:
    def test_a_late_complaint_is_flagged_for_the_limitation_period(self, client, world):
        petition = make(world, Kind.KHIEU_NAI, contested_decision_known_on=dt.date(2026, 6, 1))
        client.force_login(world.intake_a)
        body = client.get(reverse("petitions:petition-detail", args=[petition.pk])).content.decode()
        assert "thời hiệu khiếu nại" in body  # 90 days from 01/06/2026 ended 30/08/2026

    def test_unsatisfied_ratings_have_their_queue(self, client, world, handler_a):
        petition = TrackingTests().answered(world, handler_a)
        services.petition_rate(actor=None, petition=petition, satisfied=False, comment="Chưa")
        client.force_login(world.head_a)
        body = client.get(
            reverse("petitions:petition-list"), {"queue": "unsatisfied"}
        ).content.decode()
        assert petition.tracking_code in body


class StatsTests:
    def test_the_overview_reads_the_refreshed_statistics_in_scope(self, client, world):
        from danvan.petitions.models import PetitionStat
        from danvan.petitions.stats import petition_stats_refresh

        make(world, received_on=dt.date(2026, 10, 1))  # overdue by 01/02/2027
        make(world, field="moi_truong")
        other = services.petition_create(
            actor=world.outsider_c,
            organization=world.ubnd_c,
            data=intake(world, commune=world.commune_c, subject="Của xã C"),
        )
        assert petition_stats_refresh() == PetitionStat.objects.count() >= 2
        assert other.pk
        from danvan.petitions.selectors import petition_overview_for

        mine = petition_overview_for(actor=world.head_a)
        assert (mine.total, mine.overdue) == (2, 2)  # letter handling ended in October, January
        assert mine.as_of is not None
        theirs = petition_overview_for(actor=world.outsider_c)
        assert theirs.total == 1
        client.force_login(world.head_a)
        body = client.get(reverse("petitions:petition-overview")).content.decode()
        assert "Số liệu tổng hợp lúc" in body
        assert world.commune_c.name not in body

    def test_a_refresh_task_is_scheduled(self, settings):
        tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
        assert "petitions.refresh_stats" in tasks


class AreaSearchTests:
    def test_an_area_wide_list_searches_with_and_without_diacritics(self, client, world):
        make(world, subject="Ô nhiễm môi trường do trại heo")
        make(world, subject="Đường giao thông nông thôn hư hỏng")
        client.force_login(world.mass_mobilization)  # reaches the whole province
        for query in ("ô nhiễm", "o nhiem", "TRAI HEO", "nhiem trai"):
            body = client.get(reverse("petitions:petition-list"), {"q": query}).content.decode()
            assert "trại heo" in body, query
            assert "Đường giao thông" not in body

    def test_numbers_and_codes_are_found_however_they_are_written(self, client, world):
        """Punctuated numbers split into words as the query does (on PostgreSQL too), a
        ten-digit number is a number and not a tracking code, and a code is found without its
        hyphen."""
        numbered = make(
            world,
            subject="Khiếu kiện Quyết định 12/QĐ-UBND về thửa đất 12/3",
            content="Liên hệ ông A, điện thoại 0301234567, thư a.b@gmail.com",
        )
        other = make(world, subject="Đường giao thông nông thôn hư hỏng")
        client.force_login(world.mass_mobilization)
        for query in ("12/3", "qd ubnd", "0301234567", "gmail"):
            body = client.get(reverse("petitions:petition-list"), {"q": query}).content.decode()
            assert numbered.tracking_code in body, query
            assert other.tracking_code not in body, query
        code = other.tracking_code.replace("-", "").lower()
        body = client.get(reverse("petitions:petition-list"), {"q": code}).content.decode()
        assert other.tracking_code in body
        assert numbered.tracking_code not in body


class CappedCountTests:
    def test_past_the_cap_the_list_asks_to_narrow(self, client, world, monkeypatch):
        from danvan.petitions import paging

        monkeypatch.setattr(paging, "COUNT_CAP", 3)
        for i in range(5):
            make(world, subject=f"Đơn {i}")
        client.force_login(world.intake_a)
        body = client.get(reverse("petitions:petition-list")).content.decode()
        assert "hãy lọc thêm" in body
        assert "Đơn 4" in body or "Đơn 0" in body


class PublicationPageTests:
    def test_the_conclusion_is_published_from_the_case_page(self, client, world, handler_a):
        D = dt.date  # noqa: N806
        p = services.petition_accept(
            actor=world.intake_a, petition=make(world, Kind.TO_CAO), accepted_on=D(2026, 11, 23)
        )
        p = services.petition_assign(actor=world.intake_a, petition=p, assignee=handler_a)
        p = services.petition_start_verification(actor=handler_a, petition=p)
        p = services.petition_decide(
            actor=handler_a,
            petition=p,
            document=services.DocumentInput(
                number="9/KL-UBND", issued_on=D(2026, 12, 1), title="Kết luận", body="Có vi phạm."
            ),
        )
        client.force_login(handler_a)
        page = client.get(reverse("petitions:petition-detail", args=[p.pk])).content.decode()
        assert "Công khai kết luận nội dung tố cáo" in page
        response = client.post(
            reverse("petitions:petition-act", args=[p.pk, "publish_conclusion"]),
            {
                "expected_version": p.version,
                "publication_method": "posting",
                "number": "10/TB-UBND",
                "issued_on": "2026-12-04",
                "title": "Công khai kết luận nội dung tố cáo",
                "body": "Ông B có vi phạm; đã xử lý kỷ luật.",
            },
        )
        assert response.status_code == 302
        assert p.documents.filter(document_type="publication", number="10/TB-UBND").exists()

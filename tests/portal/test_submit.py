"""The citizen files a petition on the portal: validation, abuse controls, confidentiality."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from danvan.core.text import fold
from danvan.petitions.enums import Channel, Kind, State
from danvan.petitions.models import Attachment, ConfidentialIdentity, Petition, Petitioner
from tests.portal.conftest import solved, submission

pytestmark = pytest.mark.django_db
SUBMIT = "/cong-dan/gui/"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


class SubmitTests:
    def test_a_report_typed_without_diacritics_reaches_the_communes_committee(self, client, world):
        typed = f"{fold(world.commune_a.name)}, vinh long"  # "phuong phu khuong, vinh long"
        response = client.post(SUBMIT, submission(world, commune_text=typed))
        assert response.status_code == 302
        petition = Petition.objects.get()
        assert response["Location"] == reverse("portal:receipt", args=[petition.tracking_code])
        assert (petition.channel, petition.kind, petition.state) == (
            Channel.PORTAL,
            Kind.PHAN_ANH,
            State.RECEIVED,
        )
        assert petition.organization == world.ubnd_a
        assert petition.commune == world.commune_a
        assert petition.consent_to_publish
        assert petition.language == "vi"
        assert petition.received_by is None
        assert petition.due_on is not None  # the clock of the first step runs
        person = petition.petitioners.get()
        assert (person.full_name, person.phone) == ("Thạch Thị Sa Ra", "0912345678")
        receipt = client.get(response["Location"]).content.decode()
        assert petition.tracking_code in receipt
        assert world.ubnd_a.name in receipt
        tracking = client.get(
            reverse("tracking:petition-track-code", args=[petition.tracking_code])
        )
        assert "Các bước đã qua" in tracking.content.decode()
        assert "Đã tiếp nhận, chờ phân loại" in tracking.content.decode()

    def test_the_page_asks_a_question_a_person_can_answer(self, client, world):
        page = client.get(SUBMIT).content.decode()
        question = re.search(r"Câu hỏi kiểm tra: (\w+) (cộng|trừ) (\w+) bằng mấy", page)
        assert question, page
        a, op, b = WORDS[question.group(1).lower()], question.group(2), WORDS[question.group(3)]
        token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
        key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
        data = submission(world, submission_key=key, captcha_token=token)
        data["captcha_answer"] = str(a + b if op == "cộng" else a - b)
        assert client.post(SUBMIT, data).status_code == 302
        assert Petition.objects.count() == 1

    def test_the_same_form_sent_twice_is_one_petition(self, client, world):
        data = submission(world)
        first = client.post(SUBMIT, data)
        data.update(solved(5))  # a reload of the page would bring a new question
        second = client.post(SUBMIT, data)
        assert first["Location"] == second["Location"]
        assert Petition.objects.count() == 1

    def test_errors_keep_every_word_typed(self, client, world):
        response = client.post(SUBMIT, submission(world, full_name="", commune_text="khong co xa"))
        assert response.status_code == 400
        page = response.content.decode()
        assert "Đèn đường ấp Sóc Ruộng hư hai tuần, tối đi lại nguy hiểm." in page
        assert "Không tìm thấy xã, phường này" in page
        assert "Đơn chưa gửi được" in page
        assert not Petition.objects.exists()

    def test_a_wrong_answer_is_refused_and_a_new_question_asked(self, client, world):
        data = submission(world)
        data["captcha_answer"] = "99"
        response = client.post(SUBMIT, data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "Câu trả lời kiểm tra chưa đúng" in page
        assert "Đèn đường hư hai tuần" in page
        assert data["captcha_token"] not in page
        assert not Petition.objects.exists()

    def test_a_solved_question_cannot_file_a_second_petition(self, client, world):
        data = submission(world)
        assert client.post(SUBMIT, data).status_code == 302
        data["submission_key"] = "form-2"
        response = client.post(SUBMIT, data)
        assert response.status_code == 400
        assert "đã được dùng" in response.content.decode()
        assert Petition.objects.count() == 1

    def test_a_question_solved_before_another_error_stays_solved(self, client, world):
        response = client.post(SUBMIT, submission(world, confirm=""))
        page = response.content.decode()
        assert "Hãy đánh dấu ô cam đoan" in page
        assert "Bạn đã trả lời câu hỏi kiểm tra." in page
        token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
        data = submission(world, captcha_token=token, captcha_answer="")
        assert client.post(SUBMIT, data).status_code == 302

    def test_the_trap_field_stops_scripts(self, client, world):
        response = client.post(SUBMIT, submission(world, website="http://spam.example"))
        assert response.status_code == 400
        assert not Petition.objects.exists()

    def test_too_many_petitions_from_one_address_are_refused_and_nothing_is_lost(
        self, client, world, settings
    ):
        settings.PORTAL_RATE_SUBMIT = "2/hour"
        for i in range(2):
            data = submission(world, submission_key=f"k{i}", subject=f"Việc {i}", **solved(i + 2))
            assert client.post(SUBMIT, data).status_code == 302
        response = client.post(SUBMIT, submission(world, submission_key="k9", subject="Việc ba"))
        assert response.status_code == 400
        page = response.content.decode()
        assert "gửi nhiều đơn trong thời gian ngắn" in page
        assert "Việc ba" in page
        assert Petition.objects.count() == 2

    def test_a_contact_is_required(self, client, world):
        response = client.post(SUBMIT, submission(world, phone="", email=""))
        assert "số điện thoại hoặc thư điện tử" in response.content.decode()
        assert not Petition.objects.exists()

    def test_a_commune_without_its_own_committee_goes_to_the_province(self, client, world):
        from danvan.units.models import AdministrativeUnit

        other = (
            AdministrativeUnit.objects.communes()
            .filter(parent=world.province)
            .exclude(pk__in=[world.commune_a.pk, world.commune_c.pk])
            .first()
        )
        response = client.post(SUBMIT, submission(world, commune_text=f"{other} [{other.code}]"))
        assert response.status_code == 302
        assert Petition.objects.get().organization == world.ubnd_province


class KindsTests:
    def test_a_complaint_needs_the_decision_and_an_id_number(self, client, world):
        response = client.post(SUBMIT, submission(world, kind=Kind.KHIEU_NAI))
        page = response.content.decode()
        assert "Khiếu nại cần ghi quyết định" in page
        assert "cần số định danh cá nhân" in page
        data = submission(
            world,
            kind=Kind.KHIEU_NAI,
            field="dat_dai",
            contested_decision="Quyết định 12/QĐ-UBND ngày 01/10/2026 của UBND xã",
            contested_decision_known_on="2026-10-05",
            id_number="084095000123",
        )
        assert client.post(SUBMIT, data).status_code == 302
        petition = Petition.objects.get()
        assert petition.kind == Kind.KHIEU_NAI
        assert not petition.consent_to_publish  # complaints are never published
        assert petition.contested_decision.startswith("Quyết định 12")

    def test_a_denouncers_identity_is_stored_encrypted_apart(self, client, world):
        data = submission(
            world,
            kind=Kind.TO_CAO,
            field="tham_nhung",
            accused="Ông Nguyễn Văn B, cán bộ địa chính",
            id_number="084095000123",
        )
        assert client.post(SUBMIT, data).status_code == 302
        petition = Petition.objects.get()
        assert petition.identity_confidential
        assert not petition.consent_to_publish
        assert Petitioner.objects.get(petition=petition).full_name == ""
        stored = ConfidentialIdentity.objects.get(petition=petition).ciphertext
        assert "Sa Ra" not in str(stored)
        # the public tracking page never names the denouncer
        page = client.get(reverse("tracking:petition-track-code", args=[petition.tracking_code]))
        assert "Sa Ra" not in page.content.decode()

    def test_a_denunciation_needs_the_person_denounced(self, client, world):
        response = client.post(
            SUBMIT, submission(world, kind=Kind.TO_CAO, id_number="084095000123")
        )
        assert "Tố cáo cần ghi người, cơ quan bị tố cáo" in response.content.decode()


class AttachmentTests:
    def test_a_photo_is_attached(self, client, world):
        photo = io.BytesIO(PNG)
        photo.name = "đèn hư.png"
        data = submission(world)
        data["attachments"] = [photo]
        assert client.post(SUBMIT, data).status_code == 302
        attachment = Attachment.objects.get()
        assert attachment.content_type == "image/png"
        assert attachment.original_name == "den_hu.png"

    def test_a_file_that_is_not_what_it_claims_is_refused(self, client, world):
        fake = io.BytesIO(b"MZ\x90\x00 this is a program")
        fake.name = "anh.jpg"
        data = submission(world)
        data["attachments"] = [fake]
        response = client.post(SUBMIT, data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "không phải ảnh, PDF, Word hay Excel" in page
        assert "Hãy chọn lại tệp đính kèm" in page
        assert not Petition.objects.exists()

    def test_too_many_files_are_refused(self, client, world, settings):
        settings.PORTAL_MAX_FILES = 1
        files = []
        for i in range(2):
            f = io.BytesIO(PNG)
            f.name = f"{i}.png"
            files.append(f)
        data = submission(world)
        data["attachments"] = files
        response = client.post(SUBMIT, data)
        assert "tối đa 1 tệp" in response.content.decode()
        assert not Petition.objects.exists()


class LanguageTests:
    def test_khmer_is_chosen_once_and_a_petition_in_khmer_is_accepted(self, client, world):
        response = client.post(
            "/i18n/setlang/", {"language": "km", "next": SUBMIT}, HTTP_REFERER=SUBMIT
        )
        assert response.status_code == 302
        page = client.get(SUBMIT).content.decode()
        assert '<html lang="km">' in page
        assert "css/khmer.css" in page
        assert "NotoSansKhmer-Regular.woff2" in page
        content = "ភ្លើងបំភ្លឺផ្លូវខូចពីរសប្តាហ៍ហើយ។"
        data = submission(world, subject="ភ្លើងផ្លូវខូច", content=content)
        assert client.post(SUBMIT, data).status_code == 302
        petition = Petition.objects.get()
        assert petition.language == "km"
        assert petition.content == content
        officer = Client()
        officer.force_login(world.intake_a)
        page = officer.get(reverse("petitions:petition-detail", args=[petition.pk])).content
        assert "cần người dịch" in page.decode()
        api = officer.get(f"/api/v1/petitions/{petition.pk}/").json()
        assert api["language"] == "km"

    def test_vietnamese_is_the_default_whatever_the_browser_says(self, client, db):
        page = client.get("/cong-dan/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="vi">' in page
        assert "NotoSansKhmer-Regular.woff2" not in page  # declared, not preloaded

    def test_every_portal_page_offers_the_three_languages(self, client, db):
        for url in ("/cong-dan/", SUBMIT, "/tra-cuu/", "/cong-dan/tra-loi/", "/cong-dan/thong-ke/"):
            page = client.get(url).content.decode()
            assert 'value="km" lang="km"' in page, url
            assert 'value="en" lang="en"' in page, url


class SuggestionTests:
    def test_communes_are_suggested_without_diacritics(self, client, world):
        response = client.get("/cong-dan/goi-y-xa/", {"q": world.commune_a.name.lower()})
        assert world.commune_a.code in response.content.decode()

    def test_suggestions_stay_in_the_portals_province(self, client, world):
        response = client.get("/cong-dan/goi-y-xa/", {"q": "Hoan Kiem"})
        assert "Hoàn Kiếm" not in response.content.decode()


class ExpiredTokenTests:
    def test_a_form_sent_with_an_expired_token_comes_back_with_the_text(self, world):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        response = client.post(SUBMIT, submission(world), HTTP_ORIGIN="http://testserver")
        assert response.status_code == 403
        page = response.content.decode()
        assert "phiên gửi đã hết hạn" in page
        assert "Đèn đường ấp Sóc Ruộng hư hai tuần, tối đi lại nguy hiểm." in page
        assert "Bạn đã trả lời câu hỏi kiểm tra." in page  # the answer still counts
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        captcha_token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
        data = submission(world, captcha_token=captcha_token, captcha_answer="")
        data["csrfmiddlewaretoken"] = token
        assert client.post(SUBMIT, data).status_code == 302
        assert Petition.objects.count() == 1

    def test_a_post_from_another_site_is_not_echoed(self, world):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        response = client.post(SUBMIT, submission(world), HTTP_ORIGIN="https://evil.example")
        assert response.status_code == 403
        assert "Đèn đường ấp Sóc Ruộng" not in response.content.decode()

    def test_other_pages_keep_djangos_answer(self, world):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        response = client.post("/tra-cuu/", {"code": "AAAAA-BBBBB"})
        assert response.status_code == 403
        assert "phiên gửi" not in response.content.decode()

"""What a review of the portal found, held by tests: privacy, abuse controls, odd input."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from danvan.petitions import services
from danvan.petitions.enums import Kind
from danvan.petitions.models import Petition
from danvan.portal.models import CitizenSubmission
from tests.petitions.conftest import intake
from tests.portal.conftest import solved, submission

pytestmark = pytest.mark.django_db
SUBMIT = "/cong-dan/gui/"


class SubmitReviewTests:
    def test_a_commune_of_another_province_is_refused(self, client, world):
        from danvan.units.models import AdministrativeUnit

        hanoi = AdministrativeUnit.objects.communes().filter(parent=world.other_province).first()
        response = client.post(
            SUBMIT, submission(world, commune_text=f"{hanoi.name} [{hanoi.code}]")
        )
        assert response.status_code == 400
        assert "không thuộc" in response.content.decode()
        assert not Petition.objects.exists()

    def test_a_very_long_email_is_a_form_error_not_a_crash(self, client, world):
        response = client.post(SUBMIT, submission(world, email="a" * 300 + "@example.vn"))
        assert response.status_code == 400
        assert not Petition.objects.exists()

    def test_only_accepted_petitions_count_toward_the_limit(self, client, world, settings):
        settings.PORTAL_RATE_SUBMIT = "1/hour"
        for i in range(3):  # three forms with a mistake
            assert (
                client.post(SUBMIT, submission(world, full_name="", **solved(i + 2))).status_code
                == 400
            )
        assert client.post(SUBMIT, submission(world)).status_code == 302
        second = client.post(SUBMIT, submission(world, submission_key="k2", **solved(3)))
        assert "gửi nhiều đơn" in second.content.decode()

    def test_a_wrong_answer_spends_the_question(self, client, world):
        data = submission(world)
        right = data["captcha_answer"]
        data["captcha_answer"] = "0"
        assert client.post(SUBMIT, data).status_code == 400
        data["captcha_answer"] = right
        response = client.post(SUBMIT, data)
        assert "đã được dùng" in response.content.decode()
        assert not Petition.objects.exists()

    def test_an_autofilled_trap_is_explained_and_cleared(self, client, world):
        response = client.post(SUBMIT, submission(world, website="Sa Ra"))
        page = response.content.decode()
        assert "ô ẩn bị điền tự động" in page
        assert 'value="Sa Ra"' not in page
        token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
        data = submission(world, captcha_token=token, captcha_answer="")
        assert client.post(SUBMIT, data).status_code == 302

    def test_a_form_sent_again_with_edited_text_is_explained(self, client, world):
        assert client.post(SUBMIT, submission(world)).status_code == 302
        again = submission(world, content="Nội dung đã sửa", **solved(4))
        page = client.post(SUBMIT, again).content.decode()
        assert "đã được gửi trước đó" in page
        key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
        assert key != "form-1"

    def test_a_signed_in_denouncer_is_not_linked_to_the_case(self, client, world):
        from danvan.organizations.models import User, UserKind

        citizen = User.objects.create(username="congdan:0912345678", kind=UserKind.CITIZEN)
        client.force_login(citizen)
        data = submission(
            world, kind=Kind.TO_CAO, accused="Ông B, cán bộ", id_number="0840 9500 0123"
        )
        assert client.post(SUBMIT, data).status_code == 302
        assert Petition.objects.get().identity_confidential
        assert not CitizenSubmission.objects.exists()


class LoginReviewTests:
    def test_wrong_codes_are_limited_per_day_across_codes(
        self, client, world, django_capture_on_commit_callbacks, monkeypatch
    ):
        from danvan.portal import citizen_login

        monkeypatch.setattr(citizen_login, "FAILURES_PER_DAY", "3/day")
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/cong-dan/dang-nhap/", {"destination": "a@b.vn", **solved()})
        code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
        wrong = "000000" if code != "000000" else "111111"
        for _i in range(3):
            client.post("/cong-dan/dang-nhap/ma/", {"code": wrong})
        response = client.post("/cong-dan/dang-nhap/ma/", {"code": code})
        assert "quá nhiều lần trong ngày" in response.content.decode()

    def test_a_code_typed_with_a_space_is_understood(
        self, client, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/cong-dan/dang-nhap/", {"destination": "a@b.vn", **solved()})
        code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
        response = client.post("/cong-dan/dang-nhap/ma/", {"code": f"{code[:3]} {code[3:]}"})
        assert response["Location"] == reverse("portal:my-petitions")


class StatisticsReviewTests:
    def test_a_matter_transferred_inside_danvan_counts_once(self, client, world):
        from danvan.petitions.publication import public_statistics

        data = intake(world)
        data.received_on = data.received_on.today()
        petition = services.petition_create(
            actor=world.intake_a, organization=world.ubnd_a, data=data
        )
        services.petition_transfer(
            actor=world.intake_a,
            petition=petition,
            reason="Thuộc thẩm quyền tỉnh",
            to_organization=world.ubnd_province,
        )
        assert Petition.objects.count() == 2
        assert public_statistics(commune=world.commune_a).received == 1

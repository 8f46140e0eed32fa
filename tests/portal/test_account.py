"""The optional citizen account: a one-time code by e-mail or text message, no password."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from danvan.organizations.models import User, UserKind
from danvan.petitions.models import Petition
from danvan.portal.models import CitizenSubmission, OneTimeCode
from tests.portal.conftest import solved, submission

pytestmark = pytest.mark.django_db
LOGIN = "/cong-dan/dang-nhap/"
CODE = "/cong-dan/dang-nhap/ma/"


def ask_code(client, destination="sara@example.vn"):
    return client.post(LOGIN, {"destination": destination, "website": "", **solved()})


def code_from_mail() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


class LoginTests:
    def test_a_citizen_signs_in_with_a_code_and_sees_the_petitions_filed_signed_in(
        self, client, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_code(client)
        assert response.status_code == 302
        assert response["Location"] == CODE
        code = code_from_mail()
        assert code not in str(OneTimeCode.objects.values_list("code_hash", flat=True)[0])
        response = client.post(CODE, {"code": code})
        assert response["Location"] == reverse("portal:my-petitions")
        user = User.objects.get(username="congdan:sara@example.vn")
        assert user.kind == UserKind.CITIZEN
        assert not user.has_usable_password()
        assert "Bạn chưa gửi đơn nào" in client.get(response["Location"]).content.decode()
        assert client.post("/cong-dan/gui/", submission(world)).status_code == 302
        petition = Petition.objects.get()
        assert CitizenSubmission.objects.get().petition == petition
        page = client.get(reverse("portal:my-petitions")).content.decode()
        assert petition.tracking_code in page

    def test_a_wrong_code_is_refused_and_five_tries_end_the_code(
        self, client, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            ask_code(client)
        code = code_from_mail()
        wrong = "000000" if code != "000000" else "111111"
        response = client.post(CODE, {"code": wrong})
        assert response.status_code == 400
        assert "Mã không đúng" in response.content.decode()
        for _i in range(4):
            response = client.post(CODE, {"code": wrong})
        assert "Nhập sai quá nhiều lần" in response.content.decode()
        response = client.post(CODE, {"code": code})  # even the right one, now
        assert "hết hạn hoặc chưa được gửi" in response.content.decode()
        assert not User.objects.filter(kind=UserKind.CITIZEN).exists()

    def test_an_expired_code_is_refused(self, client, world, django_capture_on_commit_callbacks):
        import datetime as dt

        import time_machine

        with django_capture_on_commit_callbacks(execute=True):
            ask_code(client)
        code = code_from_mail()
        with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=11)):
            response = client.post(CODE, {"code": code})
        assert "hết hạn" in response.content.decode()

    def test_codes_to_one_address_are_limited(self, client, world, settings):
        settings.PORTAL_RATE_CODE = "2/hour"
        for _i in range(2):
            assert ask_code(client).status_code == 302
        response = ask_code(client)
        assert response.status_code == 400
        assert "nhiều mã trong thời gian ngắn" in response.content.decode()

    def test_a_phone_number_gets_a_text_message_through_the_gateway(
        self, client, world, settings, django_capture_on_commit_callbacks, monkeypatch
    ):
        sent = []

        class Answer:
            status = 200

            def __enter__(self):
                return self

            def __exit__(self, *args):
                return False

        def fake_urlopen(request, timeout):
            sent.append((request.full_url, request.data))
            return Answer()

        settings.SMS_GATEWAY_URL = "https://sms.example.vn/send"
        monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
        with django_capture_on_commit_callbacks(execute=True):
            response = ask_code(client, "+84 912 345 678")
        assert response.status_code == 302
        assert len(sent) == 1
        assert b"0912345678" in sent[0][1]
        assert "912****678" not in sent[0][1].decode()  # the body is the message, not a mask
        page = client.get(CODE).content.decode()
        assert "091****678" in page

    def test_phone_sign_in_is_off_in_production_without_a_gateway(self, client, world, settings):
        settings.PRODUCTION = True
        settings.SMS_GATEWAY_URL = ""
        response = ask_code(client, "0912345678")
        assert "chưa được bật" in response.content.decode()

    def test_bad_input_says_what_is_wrong(self, client, world):
        response = ask_code(client, "12345")
        assert response.status_code == 400
        assert "số điện thoại di động" in response.content.decode()


class AccountScopeTests:
    def test_my_petitions_needs_a_citizen_session(self, client, world):
        assert client.get(reverse("portal:my-petitions"))["Location"] == LOGIN
        client.force_login(world.intake_a)  # an officer is not a citizen account
        assert client.get(reverse("portal:my-petitions"))["Location"] == LOGIN

    def test_a_citizen_sees_only_their_own_petitions(self, client, world):
        other = User.objects.create(username="congdan:khac@example.vn", kind=UserKind.CITIZEN)
        client.force_login(other)
        assert client.post("/cong-dan/gui/", submission(world)).status_code == 302
        citizen = User.objects.create(username="congdan:sara@example.vn", kind=UserKind.CITIZEN)
        client.force_login(citizen)
        page = client.get(reverse("portal:my-petitions")).content.decode()
        assert Petition.objects.get().tracking_code not in page

    def test_a_citizen_account_opens_no_officer_page(self, client, world):
        citizen = User.objects.create(username="congdan:sara@example.vn", kind=UserKind.CITIZEN)
        client.force_login(citizen)
        assert client.get("/")["Location"] == reverse("portal:my-petitions")
        assert client.get(reverse("petitions:petition-list")).status_code in (302, 403)
        assert client.get("/api/v1/petitions/").status_code == 403

    def test_a_receipt_shows_only_in_the_session_that_filed(self, client, world):
        response = client.post("/cong-dan/gui/", submission(world))
        receipt = response["Location"]
        assert client.get(receipt).status_code == 200
        client.cookies.clear()
        other = client.get(receipt)
        code = Petition.objects.get().tracking_code
        assert other["Location"] == reverse("tracking:petition-track-code", args=[code])


class AnswerNoticeTests:
    def test_the_answer_notice_speaks_the_petitions_language(self, world, handler_a):
        from danvan.petitions import services
        from danvan.petitions.models import PetitionEvent
        from danvan.petitions.notifications import answer_email
        from tests.petitions.conftest import intake
        from tests.portal.conftest import answer

        data = intake(world, language="km")
        data.received_on = data.received_on.today()
        petition = services.petition_create(
            actor=world.intake_a, organization=world.ubnd_a, data=data
        )
        petition = answer(world, petition, handler_a)
        event = PetitionEvent.objects.filter(petition=petition, action="answer").get()
        subject, body = answer_email(petition, event)
        assert subject == f"ពាក្យបណ្តឹង {petition.tracking_code} មានលិខិតឆ្លើយតបហើយ"
        assert "លេខកូដតាមដាន" in body
        petition.language = "vi"
        assert answer_email(petition, event)[0].startswith("Đơn ")

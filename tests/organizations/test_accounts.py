"""Login, lockout, password change and reset."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.urls import reverse

from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem-2026"


class LoginTests:
    def test_login_page_is_vietnamese(self, client):
        response = client.get(reverse("accounts:login"))
        body = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="vi">' in body
        assert "Đăng nhập" in body
        assert "Tên đăng nhập" in body
        assert "Mật khẩu" in body

    def test_officer_logs_in_and_lands_on_home(self, client, world):
        response = client.post(
            reverse("accounts:login"), {"username": "tiepnhan.xa_a", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("home")
        assert "Đơn chờ phân loại" in client.get(reverse("home")).content.decode()

    def test_wrong_password_says_so_in_vietnamese(self, client, db):
        UserFactory(username="nguoidung")
        response = client.post(
            reverse("accounts:login"), {"username": "nguoidung", "password": "sai"}
        )
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()

    def test_lockout_after_repeated_failures(self, client, db, settings):
        UserFactory(username="bikhoa")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("accounts:login"), {"username": "bikhoa", "password": "sai"})
        # Even the right password is refused now.
        response = client.post(
            reverse("accounts:login"), {"username": "bikhoa", "password": PASSWORD}
        )
        assert response.status_code == 429
        assert "Tài khoản tạm bị khóa" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_lockout_is_per_user_and_address(self, client, db, settings):
        UserFactory(username="bikhoa")
        UserFactory(username="khongbikhoa")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("accounts:login"), {"username": "bikhoa", "password": "sai"})
        response = client.post(
            reverse("accounts:login"), {"username": "khongbikhoa", "password": PASSWORD}
        )
        assert response.status_code == 302

    def test_logout_requires_post_and_ends_the_session(self, client, world):
        client.force_login(world.intake_a)
        response = client.post(reverse("accounts:logout"))
        assert response.status_code in (200, 302)
        assert client.get(reverse("home")).status_code == 302

    def test_sessions_expire_after_inactivity(self, client, world, settings):
        import datetime as dt

        import time_machine

        start = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
        with time_machine.travel(start, tick=False) as traveller:
            client.post(
                reverse("accounts:login"), {"username": "tiepnhan.xa_a", "password": PASSWORD}
            )
            assert client.get(reverse("home")).status_code == 200
            traveller.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
            assert client.get(reverse("home")).status_code == 200  # activity renews it
            traveller.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
            assert client.get(reverse("home")).status_code == 302

    def test_password_is_never_logged(self, client, db, caplog):
        UserFactory(username="nhatky")
        with caplog.at_level(logging.DEBUG):
            client.post(
                reverse("accounts:login"),
                {"username": "nhatky", "password": "mat-khau-khong-duoc-ghi"},
            )
            logging.getLogger("danvan").warning("login password=mat-khau-khong-duoc-ghi")
        for record in caplog.records:
            assert "mat-khau-khong-duoc-ghi" not in record.getMessage()


class PasswordTests:
    def test_change_password(self, client, world):
        client.force_login(world.intake_a)
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "mat-khau-moi-2026-dai",
                "new_password2": "mat-khau-moi-2026-dai",
            },
        )
        assert response.status_code == 302
        world.intake_a.refresh_from_db()
        assert world.intake_a.check_password("mat-khau-moi-2026-dai")

    def test_weak_new_password_is_refused_in_vietnamese(self, client, world):
        client.force_login(world.intake_a)
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
        )
        assert response.status_code == 200
        assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in response.content.decode()

    def test_reset_by_email_goes_through_the_task_queue(
        self, client, db, django_capture_on_commit_callbacks
    ):
        from danvan.core.models import TaskFailure

        UserFactory(username="quenmatkhau", email="quen@example.test")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:password_reset"), {"email": "quen@example.test"}
            )
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        assert not TaskFailure.objects.exists()
        message = mail.outbox[0]
        assert message.to == ["quen@example.test"]
        assert "Đặt lại mật khẩu" in message.subject
        assert "/accounts/password/reset/" in message.body

    def test_reset_for_unknown_email_reveals_nothing(self, client, db):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "khongco@example.test"}
        )
        assert response.status_code == 302
        assert len(mail.outbox) == 0

"""Notifications: in-app rows, e-mail copies after commit, dedupe keys, the inbox page."""

from __future__ import annotations

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import include, path, reverse

from danvan.config import urls as project_urls
from danvan.core import notifications
from danvan.core.models import Notification, NotificationPreference, TaskFailure
from tests.organizations.factories import UserFactory

# The inbox pages, whether or not the project's urls include core's yet.
urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "core" for p in urlpatterns):
    urlpatterns.append(path("", include("danvan.core.urls")))

pytestmark = pytest.mark.django_db

BROKEN_BACKEND = "tests.core.test_notifications.BrokenEmailBackend"


class BrokenEmailBackend(BaseEmailBackend):
    """A mail server that never answers."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("máy chủ thư không trả lời")


def send(recipients, key="", **overrides):
    values = {
        "recipients": recipients,
        "title": "Có 2 đơn sắp đến hạn",
        "body": "• ABCDE-FGHJK · Phản ánh · Đường ngập nước",
        "kind": "tests.reminder",
        "url": "/petitions/?queue=mine",
        "dedupe_key": key,
    }
    values.update(overrides)
    return notifications.notify(**values)


class NotifyTests:
    def test_rows_first_then_one_email_per_recipient_after_commit(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        a, b = UserFactory(username="a"), UserFactory(username="b")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            created = send([a, b.pk, a])
            assert len(mailoutbox) == 0  # nothing leaves before the commit
        assert len(created) == 2
        assert len(callbacks) == 2
        assert sorted(m.to[0] for m in mailoutbox) == ["a@example.test", "b@example.test"]
        assert mailoutbox[0].subject == "[danvan] Có 2 đơn sắp đến hạn"
        assert Notification.objects.filter(recipient=a, read_at__isnull=True).count() == 1

    def test_the_same_key_is_stored_and_mailed_once_per_recipient(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        a, b = UserFactory(username="a"), UserFactory(username="b")
        with django_capture_on_commit_callbacks(execute=True):
            send([a], key="nhac-han:2026-11-23")
            send([a, b], key="nhac-han:2026-11-23")
            send([a, b], key="nhac-han:2026-11-23")
        assert Notification.objects.filter(recipient=a).count() == 1
        assert Notification.objects.filter(recipient=b).count() == 1
        assert len(mailoutbox) == 2

    def test_without_a_key_every_call_notifies(self):
        a = UserFactory(username="a")
        send([a])
        send([a])
        assert Notification.objects.filter(recipient=a).count() == 2

    def test_no_email_without_address_or_when_turned_off_and_nothing_for_inactive_users(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        no_address = UserFactory(username="khong.co.thu", email="")
        opted_out = UserFactory(username="tat.thu")
        NotificationPreference.objects.create(user=opted_out, email_enabled=False)
        gone = UserFactory(username="da.nghi", is_active=False)
        with django_capture_on_commit_callbacks(execute=True):
            send([no_address, opted_out, gone])
        assert mailoutbox == []
        assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
            "khong.co.thu",
            "tat.thu",
        }

    def test_email_can_be_left_out_by_the_sender(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            send([UserFactory(username="a")], email=False)
        assert mailoutbox == []
        assert Notification.objects.count() == 1

    def test_a_rolled_back_caller_sends_nothing(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        from django.db import transaction

        a = UserFactory(username="a")

        def caller():
            with transaction.atomic():
                send([a])
                raise RuntimeError("the caller failed")

        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            caller()
        assert not Notification.objects.exists()
        assert mailoutbox == []

    @pytest.mark.parametrize("url", ["https://example.test/x", "//example.test/x", "x/y"])
    def test_links_stay_inside_danvan(self, url):
        with pytest.raises(ValueError, match="inside danvan"):
            send([UserFactory(username="a")], url=url)

    def test_a_failing_mail_server_keeps_the_notification_and_records_the_failure(
        self, settings, mailoutbox, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = BROKEN_BACKEND
        a = UserFactory(username="a")
        with django_capture_on_commit_callbacks(execute=True):
            send([a], key="k")  # does not raise
        assert Notification.objects.filter(recipient=a, dedupe_key="k").exists()
        failure = TaskFailure.objects.get(task_name="core.send_email")
        assert "máy chủ thư không trả lời" in failure.exception
        assert failure.args == ["*** 3"]  # the address and the text are not stored

    def test_a_broker_that_refuses_the_task_does_not_fail_the_caller(
        self, monkeypatch, django_capture_on_commit_callbacks
    ):
        from danvan.core import tasks

        def refuse(*args, **kwargs):
            raise ConnectionError("broker down")

        monkeypatch.setattr(tasks.send_email_task, "delay", refuse)
        a = UserFactory(username="a")
        with django_capture_on_commit_callbacks(execute=True):
            send([a])
        assert Notification.objects.filter(recipient=a).exists()

    def test_a_batch_costs_a_constant_number_of_queries(self, django_assert_max_num_queries):
        users = [UserFactory(username=f"u{i}") for i in range(30)]
        batch = [
            notifications.message(
                recipients=users[i : i + 5], title=f"T{i}", body="", kind="k", dedupe_key=f"k{i}"
            )
            for i in range(20)
        ]
        with django_assert_max_num_queries(6):
            created = notifications.notify_many(batch)
        assert len(created) == 100
        with django_assert_max_num_queries(6):
            assert notifications.notify_many(batch) == []


@pytest.mark.urls(__name__)
class InboxPageTests:
    def test_anonymous_is_sent_to_login(self, client):
        for name in ("core:notification-list",):
            response = client.get(reverse(name))
            assert response.status_code == 302
            assert reverse("accounts:login") in response["Location"]
        response = client.post(reverse("core:notification-mark-all-read"))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_a_user_sees_only_their_own_and_showing_marks_them_read(self, client):
        me, other = UserFactory(username="toi"), UserFactory(username="nguoi.khac")
        send([me], title="Của tôi")
        send([other], title="Của người khác")
        client.force_login(me)
        body = client.get(reverse("core:notification-list")).content.decode()
        assert "Của tôi" in body
        assert "Mới" in body  # shown as new this once
        assert "Của người khác" not in body
        assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
        assert Notification.objects.filter(recipient=other, read_at__isnull=True).exists()
        body = client.get(reverse("core:notification-list")).content.decode()
        assert "Mới" not in body

    def test_the_list_is_paginated_and_only_the_page_shown_is_marked_read(
        self, client, django_assert_max_num_queries
    ):
        me = UserFactory(username="toi")
        for i in range(30):
            send([me], title=f"Thông báo số {i:02d}")
        client.force_login(me)
        with django_assert_max_num_queries(10):  # session, user, menu, count, page, update…
            body = client.get(reverse("core:notification-list")).content.decode()
        assert "Trang 1/2" in body
        assert Notification.objects.filter(recipient=me, read_at__isnull=True).count() == 5
        body = client.get(reverse("core:notification-list") + "?page=2").content.decode()
        assert "Thông báo số 00" in body
        assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()

    def test_mark_all_read_is_a_post_and_touches_only_mine(self, client):
        me, other = UserFactory(username="toi"), UserFactory(username="nguoi.khac")
        send([me, other])
        send([me])
        client.force_login(me)
        assert client.get(reverse("core:notification-mark-all-read")).status_code == 405
        response = client.post(reverse("core:notification-mark-all-read"), follow=True)
        assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
        assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
        assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1

    def test_a_user_turns_email_copies_off_and_on(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        me = UserFactory(username="toi")
        client.force_login(me)
        client.post(reverse("core:notification-preferences"), {})
        assert not notifications.notification_preference_get(actor=me)
        with django_capture_on_commit_callbacks(execute=True):
            send([me])
        assert mailoutbox == []
        client.post(reverse("core:notification-preferences"), {"email_enabled": "on"})
        assert notifications.notification_preference_get(actor=me)
        body = client.get(reverse("core:notification-list")).content.decode()
        assert 'name="email_enabled" checked' in body

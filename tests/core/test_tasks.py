"""Background tasks: retried, and recorded when they finally fail."""

from __future__ import annotations

import pytest
from celery import shared_task

from danvan.core.models import TaskFailure
from danvan.core.tasks import clear_expired_sessions_task, send_email_task

pytestmark = pytest.mark.django_db

CALLS: list[int] = []


@shared_task(name="tests.always_fails", max_retries=2)
def always_fails_task(n: int) -> None:
    CALLS.append(n)
    raise RuntimeError("máy chủ thư không trả lời")


class TaskTests:
    def test_failed_task_is_retried_then_recorded(self):
        CALLS.clear()
        always_fails_task.delay(7)
        assert len(CALLS) == 3  # the first try and two retries
        failure = TaskFailure.objects.get(task_name="tests.always_fails")
        assert failure.args == [7]
        assert "máy chủ thư không trả lời" in failure.exception

    def test_email_task_sends(self, mailoutbox):
        send_email_task.delay("Tiêu đề", "Nội dung", ["a@example.test"])
        assert mailoutbox[0].subject == "Tiêu đề"

    def test_periodic_jobs_are_scheduled(self, settings):
        tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
        assert {"core.clear_expired_sessions", "core.clear_expired_login_failures"} <= tasks

    def test_clear_expired_sessions(self):
        assert clear_expired_sessions_task.delay().get() == 0

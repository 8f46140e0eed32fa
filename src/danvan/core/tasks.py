"""Background work: the base task class and core's periodic jobs.

Every danvan task derives from ``DanvanTask`` (set as the Celery app's task class): it
retries with exponential backoff on any exception, and when the retries are spent it logs the
failure and stores a ``TaskFailure`` row that administrators see in the admin, so nothing is
lost silently.  Periodic jobs are declared with ``periodic`` in the app's ``tasks.py`` and the
scheduler (``danvan worker``) runs them.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from celery.schedules import crontab
from django.conf import settings

logger = logging.getLogger("danvan.tasks")


class DanvanTask(Task):
    autoretry_for = (Exception,)
    max_retries = 5
    retry_backoff = 30
    retry_backoff_max = 60 * 60
    retry_jitter = True
    # False for tasks whose arguments may hold personal data or secrets (an e-mail's body):
    # the failure record then keeps only the argument count.
    store_arguments = True

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        from danvan.core.models import TaskFailure

        logger.error("task %s (%s) failed: %r", self.name, task_id, exc)
        try:
            TaskFailure.objects.create(
                task_name=self.name,
                task_id=task_id or "",
                args=_jsonable(args) if self.store_arguments else [f"*** {len(args or ())}"],
                kwargs=_jsonable(kwargs) if self.store_arguments else {},
                exception=repr(exc)[:2000],
                traceback=str(einfo)[:20000] if einfo else "",
            )
        except Exception:  # the database may be the cause; the log line above remains
            logger.exception("could not store the failure of task %s", self.name)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return repr(value)


def periodic(name: str, task: str, schedule: crontab | timedelta | float) -> None:
    """Register a periodic job with the scheduler (called from an app's ``tasks.py``)."""
    settings.CELERY_BEAT_SCHEDULE[name] = {"task": task, "schedule": schedule}


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions_task() -> int:
    """Delete expired sessions (daily)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(name="core.clear_expired_login_failures")
def clear_expired_login_failures_task() -> int:
    """Forget failed-login records older than the lockout cool-off (hourly)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt
    from django.utils import timezone

    cool_off = get_cool_off()
    if cool_off is None:
        return 0
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - cool_off).delete()
    return deleted


periodic("clear-expired-sessions", "core.clear_expired_sessions", crontab(hour=2, minute=15))
periodic("clear-expired-login-failures", "core.clear_expired_login_failures", crontab(minute=5))


@shared_task(name="core.send_email", store_arguments=False)
def send_email_task(subject: str, body: str, to: list[str], html_body: str = "") -> int:
    """Send one e-mail; a failing mail server is retried with backoff (``DanvanTask``)."""
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()

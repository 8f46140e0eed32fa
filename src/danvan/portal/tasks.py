"""Background jobs of the portal: text messages with one-time codes, and purging old codes."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from danvan.core.tasks import periodic

periodic("portal-purge-codes", "portal.purge_codes", dt.timedelta(hours=1))
periodic("portal-refresh-statistics", "portal.refresh_statistics", dt.timedelta(minutes=10))


@shared_task(name="portal.send_sms", store_arguments=False, max_retries=3)
def send_sms_task(to: str, text: str) -> int:
    """One text message through the province's SMS gateway (HTTP POST, JSON, bearer token).
    Without a gateway (development only) the message is written to the console log."""
    if not settings.SMS_GATEWAY_URL:
        import logging

        logging.getLogger("danvan.portal.sms").info("SMS to %s: %s", to, text)
        return 1
    request = urllib.request.Request(  # noqa: S310  (the URL is the operator's own setting)
        settings.SMS_GATEWAY_URL,
        data=json.dumps({"to": to, "text": text}).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return 1 if 200 <= response.status < 300 else 0


@shared_task(name="portal.purge_codes")
def purge_codes_task() -> int:
    """One-time codes older than a day are of no use to anyone."""
    from danvan.portal.models import OneTimeCode

    cutoff = timezone.now() - dt.timedelta(days=1)
    return OneTimeCode.objects.filter(created_at__lt=cutoff).delete()[0]


@shared_task(name="portal.refresh_statistics")
def refresh_statistics_task() -> int:
    """Recount the public statistics (every 10 minutes) before the cached table expires."""
    from danvan.portal.services import statistics_refresh

    return statistics_refresh()

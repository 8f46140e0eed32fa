"""Background jobs of the API: webhooks, every minute."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task

from danvan.core.tasks import periodic


@shared_task(name="api.webhooks")
def webhooks_task() -> dict[str, int]:
    from danvan.api.webhooks import webhooks_collect, webhooks_deliver

    made = webhooks_collect()
    return {"collected": made, **webhooks_deliver()}


periodic("api-webhooks", "api.webhooks", timedelta(minutes=1))

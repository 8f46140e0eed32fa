"""Webhooks: a partner system is told, by a signed POST, when a petition it filed changes
state.

``webhooks_collect`` (every minute) turns new state changes of the petitions each subscribed
partner filed (``received_by`` = its service account) into deliveries, once per event;
``webhooks_deliver`` (every minute) posts the due ones.  A delivery carries no personal data
and no content: the tracking code, the old and new state, when.  The body is signed with the
subscription's secret: ``X-Danvan-Signature: sha256=<hex HMAC-SHA256 of the raw body>``,
with ``X-Danvan-Delivery`` (the delivery id, for deduplication) and ``X-Danvan-Timestamp``.
A failure (network error or a status other than 2xx) is retried after 1, 2, 4… minutes, up to
``MAX_ATTEMPTS``; then the delivery is marked failed, and stays in the administrators' log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import urllib.request
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.api.models import ApiClient, WebhookDelivery, WebhookSubscription
from danvan.core import audit

MAX_ATTEMPTS = 8
TIMEOUT_S = 10
BATCH = 200


def subscription_create(*, actor: Any, client: ApiClient, url: str) -> WebhookSubscription:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError as exc:
        raise ValueError("url") from exc
    from danvan.petitions.models import PetitionEvent

    latest = PetitionEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    subscription = WebhookSubscription.objects.create(
        client=client, url=url, secret=secrets.token_hex(32), last_event_id=latest
    )
    audit.record(
        actor=actor,
        action="webhook.subscribe",
        obj=subscription,
        changes={"url": [None, url], "client": [None, client.name]},
    )
    return subscription


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@transaction.atomic
def webhooks_collect() -> int:
    """New deliveries for every active subscription; returns how many."""
    from danvan.petitions.enums import State
    from danvan.petitions.models import PetitionEvent

    made = 0
    for sub in (
        WebhookSubscription.objects.select_for_update()
        .filter(is_active=True, client__is_active=True)
        .select_related("client")
    ):
        events = list(
            PetitionEvent.objects.filter(
                pk__gt=sub.last_event_id, petition__received_by=sub.client.account_id
            )
            .exclude(to_state="")
            .select_related("petition")
            .order_by("pk")[:BATCH]
        )
        rows = []
        for event in events:
            if event.from_state == event.to_state:
                continue
            rows.append(
                WebhookDelivery(
                    subscription=sub,
                    event_id=event.pk,
                    payload={
                        "event": "petition.state_changed",
                        "petition": {
                            "id": event.petition_id,
                            "tracking_code": event.petition.tracking_code,
                            "from_state": event.from_state,
                            "to_state": event.to_state,
                            "to_state_label": str(State(event.to_state).label),
                            "action": event.action,
                            "at": timezone.localtime(event.at).isoformat(timespec="seconds"),
                        },
                    },
                    next_attempt_at=timezone.now(),
                )
            )
        WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        made += len(rows)
        if events:
            sub.last_event_id = events[-1].pk
            sub.save(update_fields=["last_event_id"])
    return made


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
        return int(response.status)


def webhooks_deliver(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Post the deliveries that are due; never raises for a partner's failure."""
    import urllib.error

    moment = now or timezone.now()
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=moment
        )
        .select_related("subscription")
        .order_by("next_attempt_at", "pk")[:BATCH]
    )
    for delivery in due:
        sub = delivery.subscription
        body = json.dumps(
            {**delivery.payload, "delivery_id": delivery.pk}, ensure_ascii=False
        ).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "danvan-webhooks/1",
            "X-Danvan-Delivery": str(delivery.pk),
            "X-Danvan-Timestamp": moment.isoformat(timespec="seconds"),
            "X-Danvan-Signature": sign(sub.secret, body),
        }
        delivery.attempts += 1
        try:
            code = _post(sub.url, body, headers)
            delivery.last_status_code = code
            ok = 200 <= code < 300
            delivery.last_error = "" if ok else f"HTTP {code}"
        except urllib.error.HTTPError as exc:
            ok, delivery.last_status_code, delivery.last_error = False, exc.code, f"HTTP {exc.code}"
        except Exception as exc:
            ok, delivery.last_error = False, f"{type(exc).__name__}: {exc}"[:500]
        if ok:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            counts["delivered"] += 1
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            counts["failed"] += 1
        else:
            delivery.next_attempt_at = moment + dt.timedelta(minutes=2 ** (delivery.attempts - 1))
            counts["retry"] += 1
        delivery.save()
    return counts

"""Webhooks: signed, retried with backoff, only for the partner's own petitions."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from danvan.api import webhooks
from danvan.api.keys import api_client_create
from danvan.api.models import WebhookDelivery
from danvan.petitions import services
from danvan.petitions.enums import Kind
from tests.organizations.factories import UserFactory, grant
from tests.petitions.conftest import intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    account = UserFactory(username="hotline.svc")
    grant(account, world.ubnd_a, "intake_officer")
    client, _key = api_client_create(
        actor=world.superuser,
        name="Tổng đài",
        account=account,
        scopes=["petitions:write", "webhooks"],
    )
    subscription = webhooks.subscription_create(
        actor=world.superuser, client=client, url="https://partner.example/hooks"
    )
    return account, subscription


@pytest.fixture
def sent(monkeypatch):
    calls: list[tuple[str, bytes, dict]] = []
    answers: list[object] = []

    def fake_post(url, body, headers):
        calls.append((url, body, headers))
        answer = answers.pop(0) if answers else 200
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(webhooks, "_post", fake_post)
    return calls, answers


def file(world, actor, **kw):
    return services.petition_create(
        actor=actor, organization=world.ubnd_a, data=intake(world, Kind.KIEN_NGHI, **kw)
    )


def test_a_state_change_of_the_partner_s_petition_is_signed_and_sent(world, partner, sent):
    account, subscription = partner
    mine = file(world, account)
    theirs = file(world, world.intake_a)  # filed at the counter: not the partner's
    services.petition_accept(actor=world.intake_a, petition=mine)
    services.petition_accept(actor=world.intake_a, petition=theirs)
    assert webhooks.webhooks_collect() == 2  # received and accepted, of the partner's only
    assert webhooks.webhooks_collect() == 0  # once per event
    result = webhooks.webhooks_deliver()
    assert result["delivered"] == 2
    calls, _answers = sent
    url, body, headers = calls[-1]
    assert url == "https://partner.example/hooks"
    expected = "sha256=" + hmac.new(subscription.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Danvan-Signature"] == expected
    payload = json.loads(body)
    assert payload["petition"]["tracking_code"] == mine.tracking_code
    assert payload["petition"]["to_state"] == "classified"
    assert "content" not in json.dumps(payload)
    assert "Thạch" not in body.decode()


def test_failures_are_retried_with_backoff_then_marked_failed(world, partner, sent):
    account, _subscription = partner
    file(world, account)
    webhooks.webhooks_collect()
    calls, answers = sent
    answers.extend([OSError("refused"), 500] + [503] * 10)
    now = timezone.now()
    webhooks.webhooks_deliver(now=now)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at == now + dt.timedelta(minutes=1)
    assert "OSError" in delivery.last_error
    assert webhooks.webhooks_deliver(now=now)["retry"] == 0  # not due yet
    moment = now
    for attempt in range(2, webhooks.MAX_ATTEMPTS + 1):
        moment = moment + dt.timedelta(minutes=2 ** (attempt - 1))
        webhooks.webhooks_deliver(now=moment)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", webhooks.MAX_ATTEMPTS)
    assert delivery.last_status_code == 503
    assert len(calls) == webhooks.MAX_ATTEMPTS


def test_the_periodic_job_is_scheduled(settings):
    assert "api.webhooks" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


def test_the_command_registers_a_webhook_for_a_key_with_the_scope(world):
    account = UserFactory(username="svc2")
    grant(account, world.ubnd_a, "intake_officer")
    client, _key = api_client_create(
        actor=world.superuser, name="Đối tác", account=account, scopes=["webhooks"]
    )
    out = io.StringIO()
    call_command("api_key", "webhook", client.key_prefix, "https://x.example/h", stdout=out)
    assert len(out.getvalue().strip().splitlines()[-1]) == 64  # the secret, shown once


def test_the_delivery_log_is_for_superusers_only(client, world, partner):
    client.force_login(world.admin_province)
    assert client.get("/admin/api/webhookdelivery/").status_code in (302, 403)
    client.force_login(world.superuser)
    assert client.get("/admin/api/webhookdelivery/").status_code == 200

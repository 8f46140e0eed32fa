"""Making, checking and revoking partner systems' API keys.

A key reads ``dv_<prefix>_<secret>``: the prefix finds the row, the SHA-256 of the whole key is
compared in constant time.  The secret has 256 bits of randomness, so a plain hash is enough
(no slow password hash is needed, and every request can afford the check)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.api.models import SCOPES, ApiClient
from danvan.core import audit

KEY_PREFIX = "dv_"
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)  # do not write on every request


class ApiKeyError(Exception):
    """A key that cannot be made; ``message`` is Vietnamese."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_client_create(
    *,
    actor: Any,
    name: str,
    account: Any,
    scopes: Iterable[str],
    expires_at: dt.datetime | None = None,
) -> tuple[ApiClient, str]:
    """A new partner system and its key (returned once, never stored)."""
    wanted = sorted(set(scopes))
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown:
        raise ApiKeyError(
            _("Phạm vi quyền không có: %(names)s. Các phạm vi: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(SCOPES)}
        )
    if not wanted:
        raise ApiKeyError(_("Cần chọn ít nhất một phạm vi quyền."))
    if not name.strip():
        raise ApiKeyError(_("Cần đặt tên cho hệ thống đối tác."))
    if getattr(account, "kind", "officer") != "officer" or not account.is_active:
        raise ApiKeyError(_("Tài khoản dịch vụ phải là tài khoản cán bộ đang hoạt động."))
    if account.is_superuser:
        raise ApiKeyError(_("Không cấp khóa API cho tài khoản quản trị tối cao."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ApiKeyError(_("Ngày hết hạn phải ở tương lai."))
    prefix = secrets.token_hex(4)
    while ApiClient.objects.filter(key_prefix=prefix).exists():  # pragma: no cover - 2^32
        prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    client = ApiClient.objects.create(
        name=name.strip(),
        account=account,
        key_prefix=prefix,
        key_hash=_hash(key),
        scopes=wanted,
        expires_at=expires_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="api_client.create",
        obj=client,
        changes={
            "name": [None, client.name],
            "scopes": [None, wanted],
            "account": [None, str(account)],
        },
    )
    return client, key


@transaction.atomic
def api_client_revoke(*, actor: Any, client: ApiClient) -> ApiClient:
    client.is_active = False
    client.revoked_at = timezone.now()
    client.save(update_fields=["is_active", "revoked_at"])
    audit.record(
        actor=actor, action="api_client.revoke", obj=client, changes={"is_active": [True, False]}
    )
    return client


def api_client_for_key(key: str) -> ApiClient | None:
    """The active, unexpired partner system the key belongs to, or None."""
    parts = key.strip().split("_")
    if len(parts) < 3 or f"{parts[0]}_" != KEY_PREFIX:
        return None
    client = ApiClient.objects.select_related("account").filter(key_prefix=parts[1]).first()
    if client is None or not hmac.compare_digest(client.key_hash, _hash(key.strip())):
        return None
    now = timezone.now()
    if not client.is_active or (client.expires_at and client.expires_at <= now):
        return None
    if not client.account.is_active:
        return None
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_GRANULARITY:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client

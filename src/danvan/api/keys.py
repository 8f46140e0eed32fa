"""Making, checking and revoking partner systems' API keys.

A key reads ``dv_<prefix>_<secret>``: the prefix finds the row, the SHA-256 of the whole key is
compared in constant time.  The secret has 256 bits of randomness, so a plain hash is enough
(no slow password hash is needed, and every request can afford the check)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.api.models import SCOPES, ApiClient
from danvan.core import audit
from danvan.organizations import access
from danvan.organizations.models import User

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


@dataclass
class _Kept:
    """A valid key's rows as plain values, kept by this worker between requests."""

    generation: str
    until: float  # time.monotonic()
    client: tuple[Any, ...]
    account: tuple[Any, ...]
    grants: Any


# key hash -> what was read for it; a worker holds a few partner systems' keys
_kept: dict[str, _Kept] = {}
_KEPT_MAX = 256


def forget_kept_keys() -> None:
    """Drop what this worker kept (tests)."""
    _kept.clear()


def _fields(model: type[Any]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def api_client_for_key(key: str) -> ApiClient | None:
    """The active, unexpired partner system the key belongs to, or None.

    Its account comes with its grants loaded (``access.grants_of``).  Between requests a
    worker may keep them while the access generation holds (``access.access_generation``):
    any change to the key, its account, memberships, roles or organizations ends that."""
    key = key.strip()
    parts = key.split("_")
    if len(parts) < 3 or f"{parts[0]}_" != KEY_PREFIX:
        return None
    digest = _hash(key)
    generation = access.access_generation()
    kept = _kept.get(digest) if generation is not None else None
    if kept is not None and (kept.generation != generation or kept.until <= time.monotonic()):
        kept = None
    if kept is not None:
        client = ApiClient.from_db("default", _fields(ApiClient), kept.client)
        client.scopes = list(client.scopes or [])  # a request's own list, not the kept one
        account = User.from_db("default", _fields(User), kept.account)
        access.adopt_grants(account, kept.grants)
        client.account = account
    else:
        found = ApiClient.objects.select_related("account").filter(key_prefix=parts[1]).first()
        if found is None or not hmac.compare_digest(found.key_hash, digest):
            return None
        client, account = found, found.account
    now = timezone.now()
    if not client.is_active or (client.expires_at and client.expires_at <= now):
        return None
    if not account.is_active:
        return None
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_GRANULARITY:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
        if kept is not None:  # the same rows, the new time; kept no longer than before
            kept.client = tuple(getattr(client, name) for name in _fields(ApiClient))
    if kept is None and generation is not None:
        if len(_kept) >= _KEPT_MAX:
            _kept.clear()
        _kept[digest] = _Kept(
            generation=generation,
            until=time.monotonic() + settings.ACCESS_CACHE_SECONDS,
            client=tuple(getattr(client, name) for name in _fields(ApiClient)),
            account=tuple(getattr(account, name) for name in _fields(User)),
            grants=access.export_grants(account),
        )
    return client

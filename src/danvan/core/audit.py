"""The audit log (nhật ký thao tác): who changed what, when, from where.

Every service that writes calls ``record`` inside its transaction.  ``diff`` computes the
``{field: [before, after]}`` mapping from two snapshots taken with ``snapshot``.  Values that
must never be stored (passwords, secrets) are masked by field name.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from danvan.core import request_context
from danvan.core.models import AuditEntry
from danvan.core.scope import declares_scope, object_scopes

MASKED_FIELDS = frozenset({"password", "secret", "token", "api_key", "key"})
MASK = "***"


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids), JSON-safe."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        values[field.name] = _plain(getattr(obj, field.attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose value changed."""
    changes: dict[str, list[Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [old, new]
    return changes


def _mask(changes: Mapping[str, Any]) -> dict[str, Any]:
    masked: dict[str, Any] = {}
    for name, value in changes.items():
        if name.lower() in MASKED_FIELDS or "password" in name.lower():
            masked[name] = [MASK, MASK] if isinstance(value, list) else MASK
        else:
            masked[name] = _plain(value)
    return masked


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """Append one audit entry.  ``actor`` may be None for system actions."""
    ctx = request_context.current()
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=actor_obj,
        actor_repr=str(actor_obj)[:150] if actor_obj is not None else "hệ thống",
        action=action,
        changes=_mask(changes or {}),
        ip_address=ctx.ip_address,
        request_id=ctx.request_id,
    )
    if obj is not None:
        if declares_scope(obj):
            scopes = object_scopes(obj)
            if scopes:
                entry.organization_path, entry.unit_path = scopes[0]
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = (object_repr if object_repr is not None else str(obj))[:255]
    elif object_repr:
        entry.object_repr = object_repr[:255]
    entry.save(force_insert=True)
    return entry

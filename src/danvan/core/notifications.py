"""Sending notifications: in-app rows first, e-mail copies after commit.

``notify`` sends one message to some users; ``notify_many`` sends a batch in a constant
number of queries per 500 rows (the deadline sweep sends thousands at once).  For each
message and recipient:

1. the in-app ``Notification`` row is created in the caller's transaction, unless a row with
   the same ``dedupe_key`` already exists for that recipient (so a job that runs twice
   creates nothing new);
2. when the row is new, the recipient is an active user with an address and has not turned
   e-mail off (``NotificationPreference``), one ``core.send_email`` task is enqueued **after
   commit**.  A mail server that fails is retried by the task and finally recorded as a
   ``TaskFailure``; it never rolls back the row or the caller's work, and a broker that refuses
   the task is logged, not raised (``on_commit(robust=True)``).

Texts are the caller's business and must carry no personal data of citizens: e-mails leave
the system.  See ``docs/subsystems/notifications.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from danvan.core.notification_models import Notification, NotificationPreference

logger = logging.getLogger("danvan.notifications")

CHUNK = 500
T = TypeVar("T")


@dataclass(frozen=True)
class Message:
    """One message for several recipients (user ids or users)."""

    recipients: tuple[int, ...]
    title: str
    body: str
    kind: str
    url: str = ""
    dedupe_key: str = ""
    email: bool = True


def message(
    *,
    recipients: Iterable[Any],
    title: str,
    body: str,
    kind: str,
    url: str = "",
    dedupe_key: str = "",
    email: bool = True,
) -> Message:
    """Build a ``Message``; ``recipients`` may be users or their ids, repeated or not."""
    ids = tuple(dict.fromkeys(_user_id(r) for r in recipients))
    if url and not (url.startswith("/") and url_has_allowed_host_and_scheme(url, set())):
        raise ValueError("a notification's url is a path inside danvan, starting with /")
    return Message(
        recipients=ids,
        title=title.strip()[:255],
        body=body.strip(),
        kind=kind,
        url=url,
        dedupe_key=dedupe_key[:200],
        email=email,
    )


def notify(
    *,
    recipients: Iterable[Any],
    title: str,
    body: str,
    kind: str,
    url: str = "",
    dedupe_key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Notify ``recipients`` in-app (and by e-mail after commit); returns the new rows."""
    return notify_many(
        [
            message(
                recipients=recipients,
                title=title,
                body=body,
                kind=kind,
                url=url,
                dedupe_key=dedupe_key,
                email=email,
            )
        ]
    )


@transaction.atomic
def notify_many(messages: Sequence[Message]) -> list[Notification]:
    """Create the rows of every message at once and enqueue their e-mails on commit.

    Returns the rows created (their ``pk`` may be unset: they are inserted in bulk).
    """
    wanted = {r for m in messages for r in m.recipients}
    if not wanted:
        return []
    keys = sorted({m.dedupe_key for m in messages if m.dedupe_key})
    already: set[tuple[str, int]] = set()
    for chunk in _chunks(keys):
        already.update(
            Notification.objects.filter(dedupe_key__in=chunk).values_list(
                "dedupe_key", "recipient_id"
            )
        )
    users: dict[int, str] = {}  # active recipients and their e-mail address
    opted_out: set[int] = set()
    user_model = get_user_model()
    for ids in _chunks(sorted(wanted)):
        users.update(
            user_model._default_manager.filter(pk__in=ids, is_active=True).values_list(
                "pk", "email"
            )
        )
        opted_out.update(
            NotificationPreference.objects.filter(user_id__in=ids, email_enabled=False).values_list(
                "user_id", flat=True
            )
        )
    rows: list[Notification] = []
    mails: list[tuple[Message, str]] = []
    for m in messages:
        for recipient in m.recipients:
            if recipient not in users:
                continue
            if m.dedupe_key:
                if (m.dedupe_key, recipient) in already:
                    continue
                already.add((m.dedupe_key, recipient))
            rows.append(
                Notification(
                    recipient_id=recipient,
                    kind=m.kind,
                    title=m.title,
                    body=m.body,
                    url=m.url,
                    dedupe_key=m.dedupe_key,
                )
            )
            address = users[recipient]
            if m.email and address and recipient not in opted_out:
                mails.append((m, address))
    # A concurrent sender may have inserted the same key since the check: ignore it then.
    Notification.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
    for m, address in mails:
        enqueue_email_on_commit(email_subject(m), email_body(m), address)
    return rows


def enqueue_email_on_commit(subject: str, body: str, address: str) -> None:
    """Queue one ``core.send_email`` task after commit.  A broker that refuses it is logged
    (``robust``), never raised into the caller, whose work is already committed."""

    def enqueue_email() -> None:
        from danvan.core.tasks import send_email_task

        send_email_task.delay(subject, body, [address])

    transaction.on_commit(enqueue_email, robust=True)


def email_subject(m: Message) -> str:
    return f"[danvan] {m.title}"


def email_body(m: Message) -> str:
    lines = [m.title, "", m.body] if m.body else [m.title]
    site = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if m.url and site:
        lines += ["", f"Xem chi tiết: {site}{m.url}"]
    lines += [
        "",
        "Thư tự động từ danvan; thông báo này cũng có trong mục “Thông báo của tôi”.",
        "Có thể tắt bản sao qua thư điện tử tại đó.",
    ]
    return "\n".join(lines)


# --- the reader's side (the "Thông báo của tôi" page) -----------------------------------------


def notification_list_for(*, actor: Any) -> QuerySet[Notification]:
    """The actor's own notifications, newest first (nobody reads another's)."""
    return Notification.objects.filter(recipient=actor).order_by("-created_at", "-id")


def notification_unread_count(*, actor: Any) -> int:
    return Notification.objects.filter(recipient=actor).unread().count()


def notifications_mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's unread notifications read (those in ``ids``, or all); returns how many."""
    qs = Notification.objects.filter(recipient=actor).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def notification_preference_get(*, actor: Any) -> bool:
    """Whether the actor receives e-mail copies (yes unless turned off)."""
    return not NotificationPreference.objects.filter(user=actor, email_enabled=False).exists()


def notification_preference_set(*, actor: Any, email_enabled: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(
        user=actor, defaults={"email_enabled": email_enabled}
    )
    return preference


def _user_id(value: Any) -> int:
    return int(value if isinstance(value, int) else value.pk)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]

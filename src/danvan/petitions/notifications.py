"""Who hears about a petition, and what they read (thông báo về đơn thư).

Two jobs, run by the task worker (``petitions/tasks.py``), both idempotent:

``dispatch_events``
    reacts to the timeline.  Each unprocessed ``PetitionEvent`` (partial index on
    ``processed_at IS NULL``) is claimed with a conditional UPDATE, so two workers never send
    it twice; the claim and the notifications share one transaction, so a failure leaves the
    event unprocessed for the next run.  Who hears what:

    - ``assign``: the officer assigned; ``reopen``: the officer assigned (else the heads);
    - ``rate`` with ``satisfied=False``: the heads of the organization;
    - ``received`` of a petition transferred from another organization inside danvan: the
      intake officers of the organization it arrived at;
    - ``answer``: the petitioner, by e-mail only, when a petitioner row has an address, and
      never for a denunciation (*tố cáo*).

    Events that notify nobody are marked processed in one statement.

``sweep_deadlines``
    the daily deadline sweep, on working days.  A few aggregate queries over the stored
    ``due_on`` (partial index ``petition_open_due_idx``), grouped by assignee or organization,
    never a loop over petitions:

    - a reminder to each assigned officer with petitions due soon (at most
      ``DEADLINE_DUE_SOON_WORKING_DAYS`` working days left, as ``core.deadlines.status``
      counts them) or overdue: one notification per officer per day;
    - an escalation to the heads of an organization when its petitions fall overdue: one per
      organization and due date, so each petition is escalated once per due date, even when
      a run was missed (due dates of the last ``ESCALATION_LOOKBACK`` working days);
    - a digest per organization and day for its heads and intake officers: due soon,
      overdue, awaiting classification; only for organizations with something to report.

Suspended petitions (clock stopped) are neither reminded nor escalated.  Texts name a
petition by tracking code, kind, subject, commune and due date: never a petitioner's name, nor
a denouncer's anything.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from danvan.core.notifications import Message, enqueue_email_on_commit, message, notify_many
from danvan.core.working_days import get_calendar
from danvan.organizations.models import Membership
from danvan.organizations.roles import RoleCode
from danvan.petitions.enums import Kind, State
from danvan.petitions.models import Petition, Petitioner, PetitionEvent
from danvan.petitions.selectors import due_soon_days

logger = logging.getLogger("danvan.petitions.notifications")

KIND_ASSIGNED = "petitions.assigned"
KIND_REOPENED = "petitions.reopened"
KIND_UNSATISFIED = "petitions.unsatisfied"
KIND_TRANSFERRED_IN = "petitions.transferred_in"
KIND_REMINDER = "petitions.reminder"
KIND_OVERDUE = "petitions.overdue"
KIND_DIGEST = "petitions.digest"

SAMPLE = 10  # petitions listed in a reminder or an escalation; the rest are counted
ESCALATION_LOOKBACK = 5  # working days of due dates an escalation still catches up on
DISPATCHED_ACTIONS = ("assign", "reopen", "rate", "answer")


# --- texts -------------------------------------------------------------------------------------


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _date(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "chưa tính hạn"


def _kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in Kind.values else kind


def petition_line(
    *, code: str, kind: str, subject: str, commune: str, due_on: dt.date | None
) -> str:
    """One petition in a list: tracking code, kind, subject (not a denunciation's), commune,
    due date."""
    about = _subject(kind, subject, 80)
    return f"• {code} · {_kind_label(kind)} · {about} · {commune} · hạn {_date(due_on)}"


def _subject(kind: str, subject: str, n: int) -> str:
    """A denunciation's subject stays inside danvan: notifications are copied by e-mail, and
    what it says could point to the denouncer (Luật Tố cáo Art. 47)."""
    if kind == Kind.TO_CAO:
        return "nội dung tố cáo được bảo mật, xem trong hệ thống"
    return _short(subject, n)


def _describe(p: Petition) -> str:
    return "\n".join(
        [
            f"Mã tra cứu: {p.tracking_code}",
            f"Loại đơn: {_kind_label(p.kind)}",
            f"Trích yếu: {_subject(p.kind, p.subject, 200)}",
            f"Xã, phường: {p.commune.name}",
            f"Hạn giải quyết: {_date(p.due_on)}",
        ]
    )


def _url(name: str, *args: Any, query: str = "") -> str:
    """A path inside danvan, or "" while the page does not exist in this installation."""
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{path}?{query}" if query else path


def _list_url(queue: str) -> str:
    return _url("petitions:petition-list", query=f"queue={queue}")


def _counted(lines: list[str], total: int) -> str:
    if total > len(lines):
        lines = [*lines, f"… và {total - len(lines)} đơn khác."]
    return "\n".join(lines)


# --- recipients --------------------------------------------------------------------------------


def members_by_organization(
    organization_ids: Iterable[int], roles: Sequence[str]
) -> dict[int, dict[str, set[int]]]:
    """{organization: {role code: user ids}} of active memberships of active users."""
    result: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    ids = sorted(set(organization_ids))
    for start in range(0, len(ids), 500):
        rows = (
            Membership.objects.active()
            .filter(
                organization_id__in=ids[start : start + 500],
                role__code__in=roles,
                user__is_active=True,
            )
            .values_list("organization_id", "role__code", "user_id")
        )
        for organization_id, role, user_id in rows:
            result[organization_id][role].add(user_id)
    return result


def heads_of(organization_id: int) -> set[int]:
    return set(
        members_by_organization([organization_id], [RoleCode.HEAD])[organization_id][RoleCode.HEAD]
    )


def intake_officers_of(organization_id: int) -> set[int]:
    members = members_by_organization([organization_id], [RoleCode.INTAKE_OFFICER])
    return set(members[organization_id][RoleCode.INTAKE_OFFICER])


# --- the event dispatcher ----------------------------------------------------------------------


@dataclass
class DispatchResult:
    quiet: int = 0  # events that notify nobody, marked processed
    dispatched: int = 0
    failed: list[int] = field(default_factory=list)


def _needs_dispatch() -> Q:
    return Q(action__in=DISPATCHED_ACTIONS) | Q(action="received", data__has_key="transferred_from")


def dispatch_events(*, limit: int = 500) -> DispatchResult:
    """Send what the unprocessed timeline events call for (at most ``limit`` of them).

    An event whose dispatch fails stays unprocessed and is listed in ``failed``; the others
    go on.
    """
    result = DispatchResult()
    pending = PetitionEvent.objects.filter(processed_at__isnull=True)
    result.quiet = pending.exclude(_needs_dispatch()).update(processed_at=timezone.now())
    ids = list(
        pending.filter(_needs_dispatch()).order_by("id").values_list("id", flat=True)[:limit]
    )
    for event_id in ids:
        try:
            if _dispatch_one(event_id):
                result.dispatched += 1
        except Exception:
            logger.exception("could not dispatch petition event %s", event_id)
            result.failed.append(event_id)
    return result


@transaction.atomic
def _dispatch_one(event_id: int) -> bool:
    claimed = PetitionEvent.objects.filter(pk=event_id, processed_at__isnull=True).update(
        processed_at=timezone.now()
    )
    if not claimed:  # another worker has it
        return False
    event = PetitionEvent.objects.select_related("petition__commune", "petition__organization").get(
        pk=event_id
    )
    messages = event_messages(event)
    if messages:
        notify_many(messages)
    if event.action == "answer":
        _email_petitioners(event)
    return True


def event_messages(event: PetitionEvent) -> list[Message]:
    """The in-app notifications ``event`` calls for (never to the officer who acted)."""
    p = event.petition
    key = f"petitions.event:{event.pk}"
    detail = _url("petitions:petition-detail", p.pk)

    def to(recipients: Iterable[int | None], title: str, kind: str, intro: str = "") -> Message:
        body = f"{intro}\n{_describe(p)}" if intro else _describe(p)
        return message(
            recipients=[r for r in recipients if r is not None and r != event.actor_id],
            title=title,
            body=body,
            kind=kind,
            url=detail,
            dedupe_key=key,
        )

    if event.action == "assign":
        assignee = event.data.get("assignee_id") or p.assigned_to_id
        return [to([assignee], f"Bạn được giao xử lý đơn {p.tracking_code}", KIND_ASSIGNED)]
    if event.action == "reopen":
        recipients = [p.assigned_to_id] if p.assigned_to_id else heads_of(p.organization_id)
        return [
            to(recipients, f"Đơn {p.tracking_code} được mở lại để giải quyết tiếp", KIND_REOPENED)
        ]
    if event.action == "rate" and event.data.get("satisfied") is False:
        return [
            to(
                heads_of(p.organization_id),
                f"Người dân chưa hài lòng với việc trả lời đơn {p.tracking_code}",
                KIND_UNSATISFIED,
                "Người gửi đánh giá chưa hài lòng; đề nghị xem xét mở lại hồ sơ.",
            )
        ]
    if event.action == "received" and "transferred_from" in event.data:
        source = _short(str(event.data["transferred_from"]), 120)
        return [
            to(
                intake_officers_of(p.organization_id),
                f"Đơn {p.tracking_code} được chuyển đến, chờ phân loại",
                KIND_TRANSFERRED_IN,
                f"Cơ quan chuyển đơn: {source}.",
            )
        ]
    return []


def _email_petitioners(event: PetitionEvent) -> int:
    """The answer notice to the petitioners who gave an e-mail; never for a denunciation
    (its petitioner rows hold no contact anyway: the identity is kept apart)."""
    p = event.petition
    if p.kind == Kind.TO_CAO:
        return 0
    addresses = sorted(
        set(Petitioner.objects.filter(petition=p).exclude(email="").values_list("email", flat=True))
    )
    if not addresses:
        return 0
    subject, body = answer_email(p, event)
    for address in addresses:
        enqueue_email_on_commit(subject, body, address)
    return len(addresses)


def answer_email(p: Petition, event: PetitionEvent) -> tuple[str, str]:
    """Subject and body of the notice to the petitioner, in the language the petition was
    written in (Vietnamese, Khmer or English); no personal data in them."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    issued = event.data.get("issued_on")
    answered = dt.date.fromisoformat(issued) if issued else p.answered_on
    site = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    track = _url("tracking:petition-track-code", p.tracking_code)
    with translation.override(p.language or "vi"):
        lines = [
            _("Kính gửi ông/bà,"),
            "",
            _(
                "%(organization)s đã có văn bản trả lời đơn %(kind)s mã tra cứu %(code)s, "
                "tiếp nhận ngày %(received)s, về việc: %(subject)s."
            )
            % {
                "organization": p.organization.name,
                "kind": _kind_label(p.kind).lower(),
                "code": p.tracking_code,
                "received": _date(p.received_on),
                "subject": _short(p.subject, 200),
            },
            _("Ngày trả lời: %(date)s.") % {"date": _date(answered)},
            "",
        ]
        if site and track:
            lines.append(
                _("Ông/bà xem kết quả và đánh giá mức độ hài lòng tại: %(url)s (cần mã tra cứu).")
                % {"url": f"{site}{track}"}
            )
        else:
            lines.append(
                _(
                    "Ông/bà xem kết quả và đánh giá mức độ hài lòng trên Cổng thông tin bằng mã "
                    "tra cứu."
                )
            )
        lines += ["", _("Thư được gửi tự động, vui lòng không trả lời thư này.")]
        subject = _("Đơn %(code)s đã có văn bản trả lời") % {"code": p.tracking_code}
    return subject, "\n".join(lines)


# --- the daily deadline sweep ------------------------------------------------------------------


@dataclass
class SweepResult:
    ran: bool = False
    reminders: int = 0  # messages built (one per officer)
    escalations: int = 0  # one per organization and due date
    digests: int = 0  # one per organization
    created: int = 0  # notification rows created (repeats of the day excluded)


def _clocked() -> QuerySet[Petition]:
    """Open petitions whose clock runs (suspended ones wait for resumption)."""
    return Petition.objects.open().exclude(state=State.SUSPENDED).filter(due_on__isnull=False)


def _samples(qs: QuerySet[Petition], partition: Sequence[str]) -> list[dict[str, Any]]:
    """The first ``SAMPLE`` petitions by due date of each group, in one query."""
    ranked = qs.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F(name) for name in partition],
            order_by=[F("due_on").asc(), F("id").asc()],
        )
    ).filter(rank__lte=SAMPLE)
    return list(
        ranked.values(
            *partition, "tracking_code", "kind", "subject", "commune__name", "due_on"
        ).order_by(*partition, "due_on", "id")
    )


def _line(row: dict[str, Any]) -> str:
    return petition_line(
        code=row["tracking_code"],
        kind=row["kind"],
        subject=row["subject"],
        commune=row["commune__name"],
        due_on=row["due_on"],
    )


def due_soon_end(today: dt.date) -> dt.date:
    """The last day still "due soon" on ``today`` (``core.deadlines.status``'s definition:
    at most N working days left, the due day counted)."""
    return get_calendar().add_working_days(today, due_soon_days() + 1) - dt.timedelta(days=1)


def sweep_deadlines(*, today: dt.date | None = None, force: bool = False) -> SweepResult:
    """Reminders, escalations and digests of ``today`` (default: the local date).

    Does nothing on a rest day unless ``force``; running twice on a day creates nothing new.
    """
    today = today or timezone.localdate()
    calendar = get_calendar()
    if not force and not calendar.is_working_day(today):
        return SweepResult()
    soon_end = due_soon_end(today)
    lookback = calendar.add_working_days(today, -ESCALATION_LOOKBACK)
    reminders = _reminders(today, soon_end)
    escalations, escalated_orgs = _escalation_groups(today, lookback)
    digests = _digest_counts(today, soon_end)
    members = members_by_organization(
        {*escalated_orgs, *digests}, [RoleCode.HEAD, RoleCode.INTAKE_OFFICER]
    )
    escalation_messages = _escalations(today, escalations, members)
    digest_messages = _digests(today, digests, members)
    created = notify_many([*reminders, *escalation_messages, *digest_messages])
    return SweepResult(
        ran=True,
        reminders=len(reminders),
        escalations=len(escalation_messages),
        digests=len(digest_messages),
        created=len(created),
    )


def _reminders(today: dt.date, soon_end: dt.date) -> list[Message]:
    base = _clocked().filter(due_on__lte=soon_end, assigned_to__isnull=False)
    counts = (
        base.order_by()
        .values("assigned_to")
        .annotate(
            soon=Count("id", filter=Q(due_on__gte=today)),
            overdue=Count("id", filter=Q(due_on__lt=today)),
        )
    )
    lines: dict[int, list[str]] = defaultdict(list)
    for sample in _samples(base, ["assigned_to"]):
        lines[sample["assigned_to"]].append(_line(sample))
    url = _list_url("mine")
    result = []
    for row in counts:
        parts = []
        if row["soon"]:
            parts.append(f"{row['soon']} đơn sắp đến hạn")
        if row["overdue"]:
            parts.append(f"{row['overdue']} đơn quá hạn")
        result.append(
            message(
                recipients=[row["assigned_to"]],
                title="Nhắc hạn giải quyết: " + ", ".join(parts),
                body=_counted(lines[row["assigned_to"]], row["soon"] + row["overdue"]),
                kind=KIND_REMINDER,
                url=url,
                dedupe_key=f"{KIND_REMINDER}:{today.isoformat()}",
            )
        )
    return result


@dataclass
class _Group:
    organization: int
    name: str
    due_on: dt.date
    count: int
    lines: list[str] = field(default_factory=list)


def _escalation_groups(today: dt.date, lookback: dt.date) -> tuple[list[_Group], set[int]]:
    base = _clocked().filter(due_on__lt=today, due_on__gte=lookback)
    groups = {
        (row["organization"], row["due_on"]): _Group(
            row["organization"], row["organization__name"], cast(dt.date, row["due_on"]), row["n"]
        )
        for row in base.order_by()
        .values("organization", "organization__name", "due_on")
        .annotate(n=Count("id"))
    }
    for sample in _samples(base, ["organization", "due_on"]):
        groups[(sample["organization"], sample["due_on"])].lines.append(_line(sample))
    return list(groups.values()), {g.organization for g in groups.values()}


def _escalations(
    today: dt.date, groups: list[_Group], members: dict[int, dict[str, set[int]]]
) -> list[Message]:
    url = _list_url("overdue")
    result = []
    for g in sorted(groups, key=lambda g: (g.organization, g.due_on)):
        heads = members.get(g.organization, {}).get(RoleCode.HEAD, set())
        if not heads:
            continue
        result.append(
            message(
                recipients=sorted(heads),
                title=f"Quá hạn: {g.count} đơn của {g.name} hết hạn giải quyết ngày "
                f"{_date(g.due_on)}",
                body=_counted(g.lines, g.count)
                + "\n\nĐề nghị chỉ đạo giải quyết, hoặc gia hạn theo quy định.",
                kind=KIND_OVERDUE,
                url=url,
                dedupe_key=f"{KIND_OVERDUE}:{g.organization}:{g.due_on.isoformat()}",
            )
        )
    return result


@dataclass
class _Digest:
    name: str
    soon: int = 0
    overdue: int = 0
    awaiting: int = 0


def _digest_counts(today: dt.date, soon_end: dt.date) -> dict[int, _Digest]:
    digests: dict[int, _Digest] = {}
    due = (
        _clocked()
        .filter(due_on__lte=soon_end)
        .order_by()
        .values("organization", "organization__name")
        .annotate(
            soon=Count("id", filter=Q(due_on__gte=today)),
            overdue=Count("id", filter=Q(due_on__lt=today)),
        )
    )
    for row in due:
        d = digests.setdefault(row["organization"], _Digest(row["organization__name"]))
        d.soon, d.overdue = row["soon"], row["overdue"]
    awaiting = (
        Petition.objects.filter(state=State.RECEIVED)
        .order_by()
        .values("organization", "organization__name")
        .annotate(n=Count("id"))
    )
    for waiting in awaiting:
        d = digests.setdefault(waiting["organization"], _Digest(waiting["organization__name"]))
        d.awaiting = waiting["n"]
    return digests


def _digests(
    today: dt.date, digests: dict[int, _Digest], members: dict[int, dict[str, set[int]]]
) -> list[Message]:
    url = _list_url("all")
    days = due_soon_days()
    result = []
    for organization, d in sorted(digests.items()):
        if not (d.soon or d.overdue or d.awaiting):
            continue
        roles = members.get(organization, {})
        recipients = roles.get(RoleCode.HEAD, set()) | roles.get(RoleCode.INTAKE_OFFICER, set())
        if not recipients:
            continue
        result.append(
            message(
                recipients=sorted(recipients),
                title=f"Tình hình đơn thư của {d.name} ngày {_date(today)}",
                body="\n".join(
                    [
                        f"Sắp đến hạn (còn không quá {days} ngày làm việc): {d.soon}",
                        f"Quá hạn: {d.overdue}",
                        f"Chờ phân loại: {d.awaiting}",
                    ]
                ),
                kind=KIND_DIGEST,
                url=url,
                dedupe_key=f"{KIND_DIGEST}:{organization}:{today.isoformat()}",
            )
        )
    return result

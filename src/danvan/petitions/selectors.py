"""Reads of petitions, scoped to what the actor may see.

``petition_list_for`` serves every work list (mine, my organization's queue, due soon,
overdue, awaiting classification) with the same filters, search and sorting; exports use it
too, so a list and its export always hold the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from danvan.core.text import fold
from danvan.core.working_days import get_calendar
from danvan.organizations import access
from danvan.petitions.enums import OPEN_STATES, State
from danvan.petitions.models import Petition, PetitionQuerySet

VIEW = "petitions.view_petition"

SORTS = {
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
    "received": ("received_on", "id"),
    "-received": ("-received_on", "-id"),
    "state": ("state", "due_on", "id"),
}
FLAG_FILTERS = {
    "dong_nguoi": "is_mass",
    "vuot_cap": "is_bypassing",
    "keo_dai": "is_prolonged",
    "trung_lap": "is_duplicate",
    "tai_dien": "is_recurring",
    "khan": "is_urgent",
}
QUEUES = ("all", "mine", "organization", "awaiting", "due_soon", "overdue", "anonymous")


@dataclass
class PetitionFilters:
    queue: str = "all"
    kind: str = ""
    field: str = ""
    state: str = ""
    channel: str = ""
    commune: str = ""  # unit code
    flags: tuple[str, ...] = ()
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    search: str = ""
    sort: str = "due"
    today: dt.date | None = None


def _base(actor: Any) -> PetitionQuerySet:
    qs = Petition.objects.select_related("commune", "organization", "assigned_to")
    return access.scope_queryset(actor, VIEW, qs)  # type: ignore[return-value]  # same class


def petition_list_for(*, actor: Any, filters: PetitionFilters | None = None) -> QuerySet[Petition]:
    f = filters or PetitionFilters()
    today = f.today or timezone.localdate()
    qs = _base(actor)
    if f.queue == "mine":
        qs = qs.filter(assigned_to=actor)
    elif f.queue == "organization":
        memberships = actor.memberships.filter(is_active=True).values("organization")
        qs = qs.filter(organization__in=memberships)
    elif f.queue == "awaiting":
        qs = qs.filter(state=State.RECEIVED)
    elif f.queue == "due_soon":
        soon = get_calendar().add_working_days(today, due_soon_days())
        qs = qs.due_between(today, soon)
    elif f.queue == "overdue":
        qs = qs.overdue(on=today)
    elif f.queue == "anonymous":
        qs = qs.filter(state=State.ANONYMOUS_QUEUE)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.field:
        qs = qs.filter(field=f.field)
    if f.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif f.state:
        qs = qs.filter(state=f.state)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.commune:
        qs = qs.filter(commune__code=f.commune)
    for flag in f.flags:
        if flag in FLAG_FILTERS:
            qs = qs.filter(**{FLAG_FILTERS[flag]: True})
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    if f.search.strip():
        for word in fold(f.search).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    return qs.order_by(*SORTS.get(f.sort, SORTS["due"]))


def due_soon_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "DEADLINE_DUE_SOON_WORKING_DAYS", 2))


def petition_get_for(*, actor: Any, pk: int) -> Petition:
    """The petition, or 404 when it does not exist or is outside the actor's scope."""
    try:
        return (
            _base(actor)
            .select_related("hamlet", "receiving_organization", "transferred_to")
            .get(pk=pk)
        )
    except Petition.DoesNotExist as exc:
        raise Http404 from exc


def petition_get_by_tracking_code(code: str) -> Petition | None:
    """For the citizen's tracking page: no login, the code is the key."""
    cleaned = code.strip().upper().replace(" ", "")
    if len(cleaned) == 10:
        cleaned = f"{cleaned[:5]}-{cleaned[5:]}"
    return (
        Petition.objects.select_related("organization", "commune")
        .filter(tracking_code=cleaned)
        .first()
    )


def petition_count_by_state(*, actor: Any) -> dict[str, int]:
    from django.db.models import Count

    rows = _base(actor).order_by().values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def open_q() -> Q:
    return Q(state__in=OPEN_STATES)

"""Reads of petitions, scoped to what the actor may see.

``petition_list_for`` serves every work list (mine, my organization's queue, due soon,
overdue, awaiting classification) with the same filters, search and sorting; exports use it
too, so a list and its export always hold the same rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Expression, Q, QuerySet
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
QUEUES = (
    "all",
    "mine",
    "organization",
    "awaiting",
    "due_soon",
    "overdue",
    "anonymous",
    "unsatisfied",
)


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
    elif f.queue == "unsatisfied":
        # Rated "not satisfied" and not reopened yet: for the head to decide.
        qs = qs.filter(state=State.RATED, ratings__satisfied=False).distinct()
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
        qs = _search(qs, f.search)
    return qs.order_by(*SORTS.get(f.sort, SORTS["due"]))


# The tracking code's alphabet (``services.TRACKING_ALPHABET``: no 0, 1, I, O), in any case.
TRACKING_CODE = re.compile(
    r"^\s*([A-HJ-NP-Za-hj-np-z2-9]{5})[-\s]?([A-HJ-NP-Za-hj-np-z2-9]{5})\s*$"
)


class SearchVectorColumn(Expression):
    """``petitions_petition.search_vector``: the stored full-text vector of the search text,
    a PostgreSQL generated column that is not a model field (migration 0007), named through
    the query's own alias of the table so it also holds inside a subquery."""

    def __init__(self) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    # Parameters as a list, as Django's PostgreSQL lookups concatenate them with lists (the
    # stubs say tuple).
    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        alias = compiler.query.get_initial_alias()
        column = connection.ops.quote_name("search_vector")
        return f"{compiler.quote_name_unless_alias(alias)}.{column}", []


def _search(qs: PetitionQuerySet, text: str) -> PetitionQuerySet:
    """Words typed with or without diacritics match the folded search text.

    A tracking code (with or without its hyphen) also finds its petition.  Every word must
    appear: on PostgreSQL as a whole word (syllable), through the stored full-text vector
    and its GIN index, which stays fast on a province's million petitions; on SQLite as a
    substring of the text, which is fine at embedded sizes."""
    from django.db import connection

    words = re.findall(r"[a-z0-9]+", fold(text))[:8]
    if not words:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(" & ".join(words), config="simple", search_type="raw")
        qs = qs.alias(search_vector=SearchVectorColumn())
        matches = Q(search_vector=query)
    else:
        matches = Q()
        for word in words:
            matches &= Q(search_text__contains=word)
    code = TRACKING_CODE.match(text)
    if code:  # a code typed loosely ("abcde23456") finds its petition, and the words theirs
        matches |= Q(tracking_code=f"{code.group(1)}-{code.group(2)}".upper())
    return qs.filter(matches)


def search(qs: QuerySet[Petition], text: str) -> Any:
    """Words (with or without diacritics) or a tracking code, as the work lists search."""
    return _search(qs, text)  # type: ignore[arg-type]


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


@dataclass
class Overview:
    """Tổng hợp: the figures an organization's head reads first."""

    total: int
    open: int
    overdue: int
    due_soon: int
    answered: int
    average_days_to_answer: float | None
    by_state: list[tuple[str, int]]
    by_field: list[tuple[str, int, int]]  # field, total, overdue
    by_commune: list[tuple[str, int, int]]  # commune name, total, overdue
    as_of: Any = None  # when the statistics were counted; None: live


def petition_overview_for(
    *, actor: Any, organization_id: int | None = None, today: dt.date | None = None
) -> Overview:
    """Counts by state, overdue, average time to answer, by field and by commune, over the
    petitions the actor may see (optionally one organization's).  Read from the precomputed
    statistics (``stats.py``) once they exist, so a province-wide overview stays fast; counted
    live before the first refresh."""
    from danvan.petitions.models import PetitionStat

    stats = access.scope_queryset(actor, VIEW, PetitionStat.objects.order_by())
    if PetitionStat.objects.exists():
        if organization_id:
            stats = stats.filter(organization_id=organization_id)
        return _overview_from_stats(stats)
    return _overview_live(actor=actor, organization_id=organization_id, today=today)


def _overview_from_stats(stats: Any) -> Overview:
    from django.db.models import Max, Sum

    from danvan.petitions.enums import Field

    totals = stats.aggregate(
        n_total=Sum("total"),
        n_overdue=Sum("overdue"),
        n_due_soon=Sum("due_soon"),
        n_answered=Sum("answered"),
        n_answer_days=Sum("answer_days"),
        as_of=Max("as_of"),
        n_open=Sum("total", filter=Q(state__in=OPEN_STATES)),
    )
    labels = dict(Field.choices)
    by_state = [
        (str(State(r["state"]).label), r["n"])
        for r in stats.values("state").annotate(n=Sum("total")).order_by("-n")
    ]
    by_field = [
        (str(labels.get(r["field"], r["field"])), r["n"], r["late"])
        for r in stats.values("field").annotate(n=Sum("total"), late=Sum("overdue")).order_by("-n")
    ]
    by_commune = [
        (r["commune__name"], r["n"], r["late"])
        for r in stats.values("commune__name")
        .annotate(n=Sum("total"), late=Sum("overdue"))
        .order_by("-n")[:30]
    ]
    answered = totals["n_answered"] or 0
    return Overview(
        total=totals["n_total"] or 0,
        open=totals["n_open"] or 0,
        overdue=totals["n_overdue"] or 0,
        due_soon=totals["n_due_soon"] or 0,
        answered=answered,
        average_days_to_answer=round((totals["n_answer_days"] or 0) / answered, 1)
        if answered
        else None,
        by_state=by_state,
        by_field=by_field,
        by_commune=by_commune,
        as_of=totals["as_of"],
    )


def _overview_live(
    *, actor: Any, organization_id: int | None = None, today: dt.date | None = None
) -> Overview:
    """The same figures counted from the petitions themselves."""
    from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F

    from danvan.petitions.enums import Field

    today = today or timezone.localdate()
    qs = _base(actor).order_by()
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    soon = get_calendar().add_working_days(today, due_soon_days())
    overdue_q = Q(state__in=OPEN_STATES, due_on__lt=today) & ~Q(state=State.SUSPENDED)
    totals = qs.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("id", filter=overdue_q),
        due_soon=Count(
            "id",
            filter=Q(state__in=OPEN_STATES, due_on__gte=today, due_on__lte=soon)
            & ~Q(state=State.SUSPENDED),
        ),
        answered=Count("id", filter=Q(answered_on__isnull=False)),
    )
    average = qs.filter(answered_on__isnull=False).aggregate(
        avg=Avg(
            ExpressionWrapper(F("answered_on") - F("received_on"), output_field=DurationField())
        )
    )["avg"]
    by_state = [
        (State(row["state"]).label, row["n"])
        for row in qs.values("state").annotate(n=Count("id")).order_by("-n")
    ]
    labels = dict(Field.choices)
    by_field = [
        (str(labels.get(row["field"], row["field"])), row["n"], row["late"])
        for row in qs.values("field")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q))
        .order_by("-n")
    ]
    by_commune = [
        (row["commune__name"], row["n"], row["late"])
        for row in qs.values("commune__name")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q))
        .order_by("-n")[:30]
    ]
    days = None
    if average is not None:
        days = (
            round(average.total_seconds() / 86400, 1)
            if isinstance(average, dt.timedelta)
            else round(float(average) / 86400e6, 1)
        )
    return Overview(
        total=totals["total"],
        open=totals["open"],
        overdue=totals["overdue"],
        due_soon=totals["due_soon"],
        answered=totals["answered"],
        average_days_to_answer=days,
        by_state=[(str(s), n) for s, n in by_state],
        by_field=by_field,
        by_commune=by_commune,
    )

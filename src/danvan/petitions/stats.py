"""Tổng hợp số liệu: the counts behind the organization overview, precomputed.

``petition_stats_refresh`` rebuilds ``PetitionStat`` in one grouped query over all petitions
(seconds at a million rows) and is run by the task worker every ten minutes and after the
daily sweep.  The overview reads it; until the first refresh it counts live.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from danvan.core.working_days import get_calendar
from danvan.petitions.enums import OPEN_STATES, State
from danvan.petitions.models import Petition, PetitionStat


def _days(value: dt.timedelta | float | int | None) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds() // 86400)
    return int(float(value) // 86_400_000_000)  # SQLite: microseconds


@transaction.atomic
def petition_stats_refresh(*, today: dt.date | None = None) -> int:
    """Replace the statistics with fresh counts; returns the number of rows written."""
    from django.conf import settings

    today = today or timezone.localdate()
    soon = get_calendar().add_working_days(
        today, int(getattr(settings, "DEADLINE_DUE_SOON_WORKING_DAYS", 2))
    )
    running = Q(state__in=OPEN_STATES) & ~Q(state=State.SUSPENDED)
    rows = (
        Petition.objects.order_by()
        .values("organization_id", "commune_id", "field", "state")
        .annotate(
            total=Count("id"),
            overdue=Count("id", filter=running & Q(due_on__lt=today)),
            due_soon=Count("id", filter=running & Q(due_on__gte=today, due_on__lte=soon)),
            answered=Count("id", filter=Q(answered_on__isnull=False)),
            answer_span=Sum(
                ExpressionWrapper(
                    F("answered_on") - F("received_on"), output_field=DurationField()
                ),
                filter=Q(answered_on__isnull=False),
            ),
        )
    )
    now = timezone.now()
    stats = [
        PetitionStat(
            organization_id=row["organization_id"],
            commune_id=row["commune_id"],
            field=row["field"],
            state=row["state"],
            total=row["total"],
            overdue=row["overdue"],
            due_soon=row["due_soon"],
            answered=row["answered"],
            answer_days=_days(row["answer_span"]),
            as_of=now,
        )
        for row in rows.iterator(chunk_size=5000)
    ]
    PetitionStat.objects.all().delete()
    PetitionStat.objects.bulk_create(stats, batch_size=2000)
    return len(stats)

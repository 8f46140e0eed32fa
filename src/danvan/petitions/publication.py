"""What of the petitions the public may read (công khai): answered phản ánh and kiến nghị
whose citizens agreed to publication, without personal data, and statistics per commune and
per field.  The portal and Open311 read the public side through here and nowhere else.

Complaints and denunciations are never published this way (a denunciation's conclusion has
its own publication step, ``services.petition_publish_conclusion``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from danvan.petitions.enums import OPEN_STATES, DocumentType, Kind, State
from danvan.petitions.models import Petition, PetitionDocument, Petitioner

PUBLIC_KINDS = (Kind.PHAN_ANH, Kind.KIEN_NGHI)
ANSWERED_STATES = (State.ANSWERED, State.RATED, State.CLOSED)
ANSWER_TYPES = (DocumentType.ANSWER, DocumentType.DECISION)
# A statistic is shown only over at least this many petitions (a "fastest commune" crowned
# on one answer misleads), and over a stated window.
MIN_SAMPLE = 5
WINDOW_DAYS = 365
HIDDEN = "[…]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
_ID = re.compile(r"(?<!\d)\d{9}(?:\d{3})?(?!\d)")


def _commune_ids(province: Any) -> list[int]:
    """The province's communes as a list of ids: the planner then sees how many rows the
    filter keeps (as in the work lists), instead of joining the units table."""
    from danvan.units.models import AdministrativeUnit, UnitLevel

    return list(
        AdministrativeUnit.objects.within(province)
        .filter(level=UnitLevel.COMMUNE)
        .values_list("id", flat=True)
    )


def redact(text: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """Text without e-mail addresses, phone numbers, ID numbers and the given names."""
    cleaned = _EMAIL.sub(HIDDEN, text)
    cleaned = _PHONE.sub(HIDDEN, cleaned)
    cleaned = _ID.sub(HIDDEN, cleaned)
    for name in sorted({n.strip() for n in names if len(n.strip()) >= 3}, key=len, reverse=True):
        cleaned = re.sub(re.escape(name), HIDDEN, cleaned, flags=re.IGNORECASE)
    return cleaned


def public_petitions() -> QuerySet[Petition]:
    """Petitions whose existence and content the public may see (Open311's list too)."""
    return Petition.objects.filter(
        kind__in=PUBLIC_KINDS, consent_to_publish=True, identity_confidential=False
    )


def public_answers() -> QuerySet[Petition]:
    return public_petitions().filter(state__in=ANSWERED_STATES, answered_on__isnull=False)


@dataclass
class PublicAnswer:
    petition: Petition
    subject: str
    content: str
    request: str
    documents: list[dict[str, Any]]


def public_answer(petition: Petition) -> PublicAnswer:
    """One answered petition as the public reads it: names, phones, e-mails and ID numbers
    of its petitioners removed from every text, the answer documents included."""
    names = [p.full_name for p in petition.petitioners.all()]
    documents = [
        {
            "type": d.get_document_type_display(),
            "number": d.number,
            "issued_on": d.issued_on,
            "issuer": d.issuer.name,
            "title": redact(d.title, names),
            "body": redact(d.body, names),
        }
        for d in petition.documents.filter(document_type__in=ANSWER_TYPES).select_related("issuer")
    ]
    return PublicAnswer(
        petition=petition,
        subject=redact(petition.subject, names),
        content=redact(petition.content, names),
        request=redact(petition.request, names),
        documents=documents,
    )


def public_answer_get(code: str) -> PublicAnswer | None:
    petition = (
        public_answers()
        .select_related("organization", "commune")
        .prefetch_related("petitioners")
        .filter(tracking_code=code.strip().upper())
        .first()
    )
    return public_answer(petition) if petition is not None else None


def public_answer_list(
    *, field: str = "", commune: Any = None, words: str = "", province: Any = None
) -> QuerySet[Petition]:
    """Answered public petitions, newest answer first, found by field, commune and words
    (with or without diacritics)."""
    from danvan.petitions.selectors import search

    qs = public_answers().select_related("organization", "commune")
    if field:
        qs = qs.filter(field=field)
    if commune is not None:
        qs = qs.filter(commune=commune)
    elif province is not None:
        qs = qs.filter(commune_id__in=_commune_ids(province))
    if words.strip():
        qs = search(qs, words)
    return qs.order_by("-answered_on", "-id")


def answer_excerpts(petitions: list[Petition]) -> dict[int, str]:
    """The first lines of each petition's answer, redacted, for a list page."""
    ids = [p.pk for p in petitions]
    names: dict[int, list[str]] = {}
    for pid, name in Petitioner.objects.filter(petition_id__in=ids).values_list(
        "petition_id", "full_name"
    ):
        names.setdefault(pid, []).append(name)
    excerpts: dict[int, str] = {}
    for pid, body in (
        PetitionDocument.objects.filter(petition_id__in=ids, document_type__in=ANSWER_TYPES)
        .order_by("petition_id", "issued_on", "id")
        .values_list("petition_id", "body")
    ):
        excerpts.setdefault(pid, redact(body, names.get(pid, []))[:280])
    return excerpts


@dataclass
class PublicStatistics:
    """Counts over petitions received in the window ``since`` … today, every kind included
    (counts carry no content).  ``average_days`` is the mean number of calendar days from
    receipt to answer, shown only over ``MIN_SAMPLE`` answers or more."""

    since: dt.date
    received: int
    answered: int
    open: int
    overdue: int
    average_days: float | None

    @property
    def answered_share(self) -> int | None:
        return round(100 * self.answered / self.received) if self.received >= MIN_SAMPLE else None


def public_statistics(*, commune: Any = None, field: str = "", province: Any = None) -> Any:
    """Statistics of one commune, one field, or both, over the last ``WINDOW_DAYS``."""
    today = timezone.localdate()
    since = today - dt.timedelta(days=WINDOW_DAYS)
    qs = Petition.objects.filter(received_on__gte=since)
    if commune is not None:
        qs = qs.filter(commune=commune)
    elif province is not None:
        qs = qs.filter(commune_id__in=_commune_ids(province))
    if field:
        qs = qs.filter(field=field)
    open_q = Q(state__in=OPEN_STATES)
    totals = qs.aggregate(
        received=Count("id"),
        answered=Count("id", filter=Q(answered_on__isnull=False)),
        open=Count("id", filter=open_q),
        overdue=Count("id", filter=open_q & Q(due_on__lt=today)),
        average=Avg(F("answered_on") - F("received_on"), filter=Q(answered_on__isnull=False)),
    )
    average = totals["average"]
    if isinstance(average, dt.timedelta):
        days: float | None = average.total_seconds() / 86400
    elif average is not None:  # SQLite returns microseconds
        days = float(average) / 86_400_000_000
    else:
        days = None
    return PublicStatistics(
        since=since,
        received=totals["received"],
        answered=totals["answered"],
        open=totals["open"],
        overdue=totals["overdue"],
        average_days=(
            round(days, 1) if days is not None and totals["answered"] >= MIN_SAMPLE else None
        ),
    )


def public_counts_by_commune(*, province: Any) -> dict[int, int]:
    """Petitions received in the window per commune of ``province`` (for the index page)."""
    since = timezone.localdate() - dt.timedelta(days=WINDOW_DAYS)
    rows = (
        Petition.objects.filter(received_on__gte=since, commune_id__in=_commune_ids(province))
        .values("commune_id")
        .annotate(n=Count("id"))
    )
    return {r["commune_id"]: r["n"] for r in rows}

"""What of the petitions the public may read (công khai): answered phản ánh and kiến nghị
whose citizens agreed to publication, without personal data, and statistics per commune and
per field.  The portal and Open311 read the public side through here and nowhere else.

Complaints and denunciations are never published this way (a denunciation's conclusion has
its own publication step, ``services.petition_publish_conclusion``)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from danvan.petitions.enums import OPEN_STATES, DocumentType, State
from danvan.petitions.models import PUBLISHED, Petition, PetitionDocument, Petitioner

ANSWERED_STATES = (State.ANSWERED, State.RATED, State.CLOSED)
ANSWER_TYPES = (DocumentType.ANSWER, DocumentType.DECISION)
# A statistic is shown only over at least this many petitions (a "fastest commune" crowned
# on one answer misleads), and over a stated window.
MIN_SAMPLE = 5
WINDOW_DAYS = 365
HIDDEN = "[…]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Phone numbers: 0 or +84 / (+84) / 84, then 8 to 10 digits, with spaces, dots or dashes.
_NOT_MORE_DIGITS = r"(?![\d]|[.,\-]\d|\s\d{3})"  # the number does not go on
_PHONE = re.compile(r"(?<![\w.,])(?:\(?\+?84\)?|0)(?:[\s.\-]{0,3}\d){8,10}" + _NOT_MORE_DIGITS)
# ID numbers (CMND 9 digits, CCCD 12), possibly grouped with spaces or dots; a number
# followed by a currency or a unit is an amount, not an ID.
_NOT_AN_AMOUNT = r"(?!\s*(?:đồng|đ\b|vnđ|vnd|triệu|tỷ|nghìn|ngàn|%|m2|m²|ha\b|kg))"
_ID = re.compile(
    r"(?<![\w.,])\d(?:[\s.]?\d){8}(?:(?:[\s.]?\d){3})?" + _NOT_MORE_DIGITS + _NOT_AN_AMOUNT,
    re.IGNORECASE,
)
# A 12-digit CCCD is hidden before phone numbers: grouped ("084 095 001 234") it ends like
# one, which would hide its last nine digits and leave the first three.
_ID12 = re.compile(
    r"(?<![\w.,])\d(?:[\s.]?\d){11}" + _NOT_MORE_DIGITS + _NOT_AN_AMOUNT, re.IGNORECASE
)
# A given name is hidden where a form of address precedes it ("ông An"), not elsewhere
# ("an toàn", "Long An").
_ADDRESS_FORMS = "ong|ba|anh|chi|em|co|chu|bac|di|cau|thim|mo|chau|ho ong|ho ba"
# The word after a form of address, in folded text (a lookahead, so that "ông bà An" finds
# "bà An" after "ông bà").  One pattern for every text: a pattern made per petitioner's name
# cost a compilation at each intake (0.85 ms of a filing).
_AFTER_ADDRESS_FORM = re.compile(rf"(?<!\w)(?:{_ADDRESS_FORMS})\s+(?=(\w+)(?!\w))")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _occurrences(text: str, key: str) -> list[tuple[int, int]]:
    r"""Where ``key`` stands as whole words in ``text`` (as ``(?<!\w)key(?!\w)`` would
    match), found with ``str.find``: no pattern to compile for each name."""
    found = []
    start = text.find(key)
    while start != -1:
        end = start + len(key)
        if (start == 0 or not _is_word_char(text[start - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            found.append((start, end))
        start = text.find(key, start + 1)
    return found


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table folding each character to one lower-case base letter
    ("Ế" → "e", "đ" → "d"), filled as characters are met, so that folding runs in C."""

    def __missing__(self, code: int) -> str:
        base = unicodedata.normalize("NFD", chr(code))[0].lower() or chr(code)
        value = "d" if base == "đ" else base[0]
        self[code] = value
        return value


_FOLD = _FoldTable()


def _fold_keep_length(text: str) -> str:
    """``fold`` character by character (same length), so that a match in the folded text
    marks the same span of the original."""
    return text.translate(_FOLD)


def redact(text: str, people: Sequence[Any] = ()) -> str:
    """Text without e-mail addresses, phone numbers and ID numbers, nor what identifies the
    given petitioners: their names (with or without diacritics, and the given name after
    "ông", "bà"…), addresses, phones, e-mails and ID numbers as written.  ``people`` holds
    petitioner rows or plain names."""
    cleaned = unicodedata.normalize("NFC", text)
    if not people:  # the patterns alone (Open311's descriptions): no folding needed
        if "@" in cleaned:
            cleaned = _EMAIL.sub(HIDDEN, cleaned)
        return _ID.sub(HIDDEN, _PHONE.sub(HIDDEN, _ID12.sub(HIDDEN, cleaned)))
    literals: set[str] = set()
    given: set[str] = set()
    for person in people:
        if isinstance(person, str):
            person_values = [person]
            name = person
        else:
            name = person.full_name
            person_values = [name, person.address, person.phone, person.email, person.id_number]
        literals.update(v.strip() for v in person_values if v and len(v.strip()) >= 3)
        parts = unicodedata.normalize("NFC", name).split()
        if len(parts) >= 2 and len(parts[-1]) >= 2:
            given.add(parts[-1])
    if "@" in cleaned:  # the e-mail pattern is tried at every word otherwise
        cleaned = _EMAIL.sub(HIDDEN, cleaned)
    spans: list[tuple[int, int]] = []
    folded = _fold_keep_length(cleaned)
    for literal in sorted(literals, key=len, reverse=True):
        key = _fold_keep_length(unicodedata.normalize("NFC", literal))
        if key.strip():
            spans.extend(_occurrences(folded, key))
    if given:
        keys = {_fold_keep_length(name) for name in given}
        spans.extend(m.span(1) for m in _AFTER_ADDRESS_FORM.finditer(folded) if m[1] in keys)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        cleaned = cleaned[:start] + HIDDEN + cleaned[end:]
    cleaned = _PHONE.sub(HIDDEN, _ID12.sub(HIDDEN, cleaned))
    return _ID.sub(HIDDEN, cleaned)


DESCRIPTION_LENGTH = 4000  # Open311's description is at most 4,000 characters


def public_description(content: str, people: Sequence[Any] = ()) -> str:
    """A petition's content as Open311 shows it: its first 4,000 characters without e-mail
    addresses, phone numbers and ID numbers, nor what identifies its petitioners
    (``people``: their rows, or the intake's ``PetitionerInput``; see ``redact``), as the
    portal's public answers hide them.  Stored with the petition
    (``Petition.public_description``), written at intake; neither the content nor the
    petitioners change after.

    A change to ``redact`` that hides more must come with a migration that empties the
    stored texts (reads then compute them) and fills them again, as 0017 does."""
    return redact(content[:DESCRIPTION_LENGTH], people)


def _commune_ids(province: Any) -> list[int]:
    """The province's communes as a list of ids: the planner then sees how many rows the
    filter keeps (as in the work lists), instead of joining the units table."""
    from danvan.units.models import AdministrativeUnit, UnitLevel

    return list(
        AdministrativeUnit.objects.within(province)
        .filter(level=UnitLevel.COMMUNE)
        .values_list("id", flat=True)
    )


def public_petitions() -> QuerySet[Petition]:
    """Petitions whose existence and content the public may see (Open311's list too)."""
    return Petition.objects.filter(PUBLISHED)


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
    names = list(petition.petitioners.all())
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

    qs = public_answers().select_related("organization", "commune")
    if field:
        qs = qs.filter(field=field)
    if commune is not None:
        qs = qs.filter(commune=commune)
    elif province is not None:
        qs = qs.filter(commune_id__in=_commune_ids(province))
    if words.strip():
        qs = qs.filter(pk__in=public_answer_search(qs, words))
    return qs.order_by("-answered_on", "-id")


SEARCH_LIMIT = 300


def public_answer_search(qs: QuerySet[Petition], words: str) -> list[int]:
    """The answers whose *published* text holds every word typed.

    The stored search text holds what publication hides (names, phones, addresses), so a
    search on it alone would tell whether a given person is behind an answer.  It only
    narrows the candidates (the newest ``SEARCH_LIMIT``); each is then checked against its
    redacted subject, content, request and answer, word by word."""
    from danvan.core.text import fold
    from danvan.petitions.selectors import search

    wanted = set(re.findall(r"[a-z0-9]+", fold(words))[:8])
    if not wanted:
        return []
    rows = list(
        search(qs, words)
        .order_by("-answered_on", "-id")
        .values_list("pk", "subject", "content", "request")[:SEARCH_LIMIT]
    )
    people = people_of([r[0] for r in rows])
    answers: dict[int, list[str]] = {}
    for pid, title, body in PetitionDocument.objects.filter(
        petition_id__in=[r[0] for r in rows], document_type__in=ANSWER_TYPES
    ).values_list("petition_id", "title", "body"):
        answers.setdefault(pid, []).extend([title, body])
    found = []
    for pk, *texts in rows:
        public = redact(" \n ".join([*texts, *answers.get(pk, [])]), people.get(pk, []))
        if wanted <= set(re.findall(r"[a-z0-9]+", fold(public))):
            found.append(pk)
    return found


def people_of(ids: Sequence[int]) -> dict[int, list[Petitioner]]:
    """The petitioner rows of these petitions, for ``redact`` (one query)."""
    people: dict[int, list[Petitioner]] = {}
    for person in Petitioner.objects.filter(petition_id__in=ids).only(
        "petition_id", "full_name", "address", "phone", "email", "id_number"
    ):
        people.setdefault(person.petition_id, []).append(person)
    return people


def answer_excerpts(petitions: list[Petition]) -> dict[int, str]:
    """The first lines of each petition's answer, redacted, for a list page."""
    ids = [p.pk for p in petitions]
    names = people_of(ids)
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


@dataclass
class StatisticsTable:
    """Counts per (commune, field) over the window, from one grouped query: every page of
    statistics (the province, a commune, a field) is a sum of its cells."""

    since: dt.date
    # (commune id, field) → [received, answered, open, overdue, days from receipt to answer]
    cells: dict[tuple[int, str], list[float]]

    def stats(self, *, commune_id: int | None = None, field: str = "") -> PublicStatistics:
        total = [0.0, 0.0, 0.0, 0.0, 0.0]
        for (cid, f), cell in self.cells.items():
            if (commune_id is None or cid == commune_id) and (not field or f == field):
                total = [a + b for a, b in zip(total, cell, strict=True)]
        received, answered, open_, overdue, days = total
        return PublicStatistics(
            since=self.since,
            received=int(received),
            answered=int(answered),
            open=int(open_),
            overdue=int(overdue),
            average_days=round(days / answered, 1) if answered >= MIN_SAMPLE else None,
        )

    def received_by_commune(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for (cid, _f), cell in self.cells.items():
            counts[cid] = counts.get(cid, 0) + int(cell[0])
        return counts


def _days(value: Any) -> float:
    """A summed duration as days: a timedelta (PostgreSQL) or microseconds (SQLite)."""
    if value is None:
        return 0.0
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000


def statistics_table(*, commune: Any = None, province: Any = None) -> StatisticsTable:
    """The counts of one commune, or of every commune of ``province``, over the last
    ``WINDOW_DAYS``.  A petition transferred to another body inside danvan goes on as a new
    case there: the matter counts once, as that case."""
    today = timezone.localdate()
    since = today - dt.timedelta(days=WINDOW_DAYS)
    qs = Petition.objects.filter(received_on__gte=since).exclude(
        state=State.TRANSFERRED, transferred_to__isnull=False
    )
    if commune is not None:
        qs = qs.filter(commune=commune)
    elif province is not None:
        qs = qs.filter(commune_id__in=_commune_ids(province))
    open_q = Q(state__in=OPEN_STATES)
    answered_q = Q(answered_on__isnull=False)
    rows = (
        qs.order_by()
        .values("commune_id", "field")
        .annotate(
            received=Count("id"),
            answered=Count("id", filter=answered_q),
            open=Count("id", filter=open_q),
            overdue=Count("id", filter=open_q & Q(due_on__lt=today)),
            days=Sum(F("answered_on") - F("received_on"), filter=answered_q),
        )
    )
    cells = {
        (r["commune_id"], r["field"]): [
            r["received"], r["answered"], r["open"], r["overdue"], _days(r["days"])
        ]
        for r in rows
    }  # fmt: skip
    return StatisticsTable(since=since, cells=cells)


def public_statistics(*, commune: Any = None, field: str = "", province: Any = None) -> Any:
    """Statistics of one commune, one field, or both, over the last ``WINDOW_DAYS``."""
    table = statistics_table(commune=commune, province=None if commune else province)
    return table.stats(commune_id=commune.pk if commune is not None else None, field=field)

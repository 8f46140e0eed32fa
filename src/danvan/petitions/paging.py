"""Pages of a work list that stay fast on a province's million petitions.

``CappedPaginator`` counts at most ``COUNT_CAP`` rows: an exact count of a province's
petitions costs seconds and tells an officer nothing a narrower filter would not; past the
cap the list says "more than 2,000" and offers its first pages.

It also chooses how a page is read.  When the filters match many rows (more than the cap),
the database reads the list in its order (``petition_due_id_idx``…) and stops after the
page.  When they match few, walking the index in order could read the whole table before
finding them (3.5 s at a million petitions for a search that matches nothing), and a
database's estimate cannot tell the two cases apart; the count can.  So a small match set is
read unordered (through the search and filter indexes), its sort keys ordered here exactly as
the database would order them, and the page's rows fetched by id.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections, models

COUNT_CAP = 2000

# Sort keys whose order Python reproduces exactly (no collation involved).
_ORDERABLE = (models.DateField, models.DateTimeField, models.IntegerField, models.AutoField)


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        # Which rows make up the first 2,001 does not change how many there are: no ORDER BY
        # (it would sort every match) and no joins.
        rows = self.object_list.order_by().select_related(None)  # type: ignore[attr-defined]
        return int(rows[: COUNT_CAP + 1].count())

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        keys = self._sort_keys()
        if keys is None or self.count > COUNT_CAP or not _keys_first(self.object_list):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        qs: Any = self.object_list
        nulls_first = connections[qs.db].vendor != "postgresql"  # SQLite: NULL is the least
        matches = list(qs.order_by().select_related(None).values_list("pk", *(k for k, _ in keys)))
        matches.sort(key=lambda row: _key(row, keys, nulls_first))
        ids = [row[0] for row in matches[bottom : bottom + self.per_page]]
        found = {obj.pk: obj for obj in qs.filter(pk__in=ids)}
        return Page([found[i] for i in ids if i in found], number, self)

    def _sort_keys(self) -> list[tuple[str, bool]] | None:
        """The list's ORDER BY as (field, descending), when every key is a plain date or
        number field of the model; otherwise None (the database orders the page)."""
        qs = self.object_list
        if not isinstance(qs, models.QuerySet) or not qs.query.order_by:
            return None
        keys = []
        for item in qs.query.order_by:
            if not isinstance(item, str):
                return None
            name = item.lstrip("-")
            try:
                field = qs.model._meta.get_field("id" if name == "pk" else name)
            except Exception:
                return None
            if not isinstance(field, _ORDERABLE):
                return None
            keys.append((field.attname, item.startswith("-")))
        return keys


def _keys_first(qs: Any) -> bool:
    """Whether small pages are read keys first: on PostgreSQL, whose planner walks an index in
    order when it misjudges a search as common.  SQLite scans for a substring search anyway, and
    a second scan for the keys would double the cost (``PAGING_KEYS_FIRST`` overrides, for the
    tests of both paths)."""
    from django.conf import settings

    forced = getattr(settings, "PAGING_KEYS_FIRST", None)
    if forced is not None:
        return bool(forced)
    return connections[qs.db].vendor == "postgresql"


class _Desc:
    """Reverses the order of a comparable value."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Desc) -> bool:
        return bool(other.value < self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value


def _key(row: tuple[Any, ...], keys: list[tuple[str, bool]], nulls_first: bool) -> tuple:
    """The database's order: PostgreSQL puts NULL last ascending and first descending (NULL
    is the greatest); SQLite puts it first ascending and last descending (the least)."""
    out: list[Any] = []
    for value, (_name, descending) in zip(row[1:], keys, strict=True):
        null_rank = (0 if nulls_first else 1) if value is None else (1 if nulls_first else 0)
        if descending:
            null_rank = -null_rank
        filler = value if value is not None else dt.date.min
        out.append((null_rank, _Desc(filler) if descending else filler))
    return tuple(out)

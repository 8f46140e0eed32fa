"""The working-day calendar (lịch ngày làm việc) of Vietnam's state bodies.

A day is a **working day** unless it is a rest day: Saturday and Sunday, the public holidays
of the ``holidays`` package (Labour Code 2019 Art. 112, with its observed days), and the days
an administrator marks off in ``CalendarOverride``.  An override of kind ``working_day`` makes
any day a working day (a make-up Saturday, *thứ Bảy làm bù*); an override of kind
``day_off`` makes any day a rest day (a swapped weekday, *nghỉ hoán đổi*).  Overrides win.

The calendar covers ``FIRST_YEAR``–``LAST_YEAR``.  It is precomputed into arrays indexed by
day (``date.toordinal()`` minus the first day's ordinal), so every question below is a couple
of list look-ups, whatever the distance:

* ``is_working_day(d)``;
* ``add_working_days(d, n)``: the n-th working day **after** ``d`` (``d`` itself never
  counts, as the Civil Code counts from the day after the event); n < 0 goes backwards;
  n == 0 returns ``d``;
* ``count_working_days(start, end)``: the working days in ``(start, end]``, i.e. after
  ``start`` up to and including ``end``, so ``count_working_days(d, add_working_days(d, n))
  == n``; negative when ``end`` is before ``start``;
* ``next_working_day(d)``: the first working day strictly after ``d``;
* ``working_day_on_or_after(d)``: ``d`` if it is a working day, else the next one (the roll
  of Civil Code Art. 148 k5).

Each process builds the calendar once (one query, about 20 ms) and keeps it.  Saving or
deleting a ``CalendarOverride`` drops it in this process at once and changes a version token
in Django's cache; other processes compare their token with it at most every
``DEADLINE_CACHE_RECHECK_SECONDS`` seconds (default 5) and rebuild when it changed.  With the
local-memory cache backend the token is not shared, so other processes see the change only on
restart: deployments with several processes use a shared cache (Redis, file-based).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import holidays
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "CalendarRangeError",
    "SharedCachedValue",
    "WorkingDayCalendar",
    "add_working_days",
    "count_working_days",
    "get_calendar",
    "invalidate",
    "is_working_day",
    "next_working_day",
    "reset",
    "working_day_on_or_after",
]

logger = logging.getLogger("danvan.deadlines")

FIRST_YEAR = 2000
LAST_YEAR = 2100
SATURDAY, SUNDAY = 5, 6
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

#: The version token shared by every process; any change of calendar or rule data changes it.
VERSION_CACHE_KEY = "danvan:core:deadline-data-version"
DEFAULT_RECHECK_SECONDS = 5.0


class CalendarRangeError(ValueError):
    """A date, or a result, outside the years the calendar covers."""

    def __init__(self, value: dt.date | int) -> None:
        shown = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
        super().__init__(
            f"Ngày {shown} nằm ngoài phạm vi lịch ngày làm việc ({FIRST_YEAR}–{LAST_YEAR})."
        )


class WorkingDayCalendar:
    """Working days of ``first_year``–``last_year``, precomputed for O(1) arithmetic.

    ``public_holidays`` maps a date to the name of a public holiday (rest day); ``overrides`` maps a
    date to ``(is_working_day, reason)`` and wins over weekends and holidays.
    """

    __slots__ = ("_cum", "_days", "_first", "_n", "_notes", "_work", "first_day", "last_day")

    def __init__(
        self,
        *,
        first_year: int,
        last_year: int,
        public_holidays: Mapping[dt.date, str],
        overrides: Mapping[dt.date, tuple[bool, str]],
    ) -> None:
        self.first_day = dt.date(first_year, 1, 1)
        self.last_day = dt.date(last_year, 12, 31)
        first = self._first = self.first_day.toordinal()
        n = self._n = self.last_day.toordinal() - first + 1
        work = bytearray(n)
        notes: dict[int, str] = {}
        for i in range(n):
            # Ordinal 1 (0001-01-01) was a Monday, so (ordinal - 1) % 7 is date.weekday().
            work[i] = (first + i - 1) % 7 < SATURDAY
        for day, name in public_holidays.items():
            i = day.toordinal() - first
            if 0 <= i < n:
                work[i] = 0
                notes[i] = str(name)
        for day, (working, reason) in overrides.items():
            i = day.toordinal() - first
            if 0 <= i < n:
                work[i] = 1 if working else 0
                notes[i] = reason
        # _cum[i]: working days strictly before day i; _days[k]: the k-th working day (k from 0).
        cum = [0] * (n + 1)
        days: list[dt.date] = []
        count = 0
        for i in range(n):
            cum[i] = count
            if work[i]:
                days.append(dt.date.fromordinal(first + i))
                count += 1
        cum[n] = count
        self._work = bytes(work)
        self._cum = cum
        self._days = days
        self._notes = notes

    def _index(self, day: dt.date) -> int:
        i = day.toordinal() - self._first
        if 0 <= i < self._n:
            return i
        raise CalendarRangeError(day)

    def _working_day(self, k: int) -> dt.date:
        if 0 <= k < len(self._days):
            return self._days[k]
        raise CalendarRangeError(self.last_day.year + 1 if k >= 0 else self.first_day.year - 1)

    def is_working_day(self, day: dt.date) -> bool:
        return self._work[self._index(day)] == 1

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (before it when n < 0); ``day`` when n == 0."""
        i = self._index(day)
        if n > 0:
            return self._working_day(self._cum[i + 1] + n - 1)
        if n < 0:
            return self._working_day(self._cum[i] + n)
        return day

    def count_working_days(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``: after ``start``, up to and including ``end``."""
        return self._cum[self._index(end) + 1] - self._cum[self._index(start) + 1]

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        return self._working_day(self._cum[self._index(day) + 1])

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day strictly before ``day``."""
        return self._working_day(self._cum[self._index(day)] - 1)

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the next working day."""
        return self._working_day(self._cum[self._index(day)])

    def describe(self, day: dt.date) -> str:
        """Why ``day`` is what it is, in Vietnamese: the holiday or override, else the weekday."""
        i = self._index(day)
        note = self._notes.get(i)
        if note:
            return note
        return WEEKDAY_NAMES[day.weekday()]

    def special_days(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, bool, str]]:
        """The holidays and overridden days in ``[start, end]``: (day, is working day, reason)."""
        first, last = self._index(start), self._index(end)
        return [
            (dt.date.fromordinal(self._first + i), self._work[i] == 1, self._notes[i])
            for i in range(first, last + 1)
            if i in self._notes
        ]


T = TypeVar("T")


@dataclass
class _Entry(Generic[T]):
    value: T
    token: object
    recheck_at: float


class SharedCachedValue(Generic[T]):
    """A value built once per process and rebuilt when the shared version token changes.

    ``get()`` costs a clock read; at most every ``DEADLINE_CACHE_RECHECK_SECONDS`` it also
    reads the token from Django's cache.  ``invalidate()`` drops the value here at once and
    publishes a new token (again when the transaction commits, so a process that rebuilt
    in between, from the old committed data, rebuilds once more).
    """

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._entry: _Entry[T] | None = None
        self._generation = 0
        self._lock = threading.Lock()

    def get(self) -> T:
        entry = self._entry
        if entry is not None:
            now = time.monotonic()
            if now < entry.recheck_at:
                return entry.value
            if _read_token() == entry.token:
                entry.recheck_at = now + _recheck_seconds()
                return entry.value
        return self._rebuild()

    def _rebuild(self) -> T:
        with self._lock:
            generation = self._generation
            token = _read_token()  # read before building: a change meanwhile is seen next time
            value = self._build()
            if generation == self._generation:
                self._entry = _Entry(value, token, time.monotonic() + _recheck_seconds())
            return value

    def reset(self) -> None:
        """Drop the value in this process only (tests, setting changes)."""
        self._generation += 1
        self._entry = None

    def invalidate(self) -> None:
        """Drop the value here and in every process that shares the cache."""
        self.reset()
        _publish_token()

        def after_commit() -> None:
            self.reset()
            _publish_token()

        transaction.on_commit(after_commit)


def _recheck_seconds() -> float:
    return float(getattr(settings, "DEADLINE_CACHE_RECHECK_SECONDS", DEFAULT_RECHECK_SECONDS))


def _read_token() -> object:
    try:
        return cache.get(VERSION_CACHE_KEY)
    except Exception:  # a cache outage must not stop deadline computations
        logger.warning("cannot read the deadline data version from the cache", exc_info=True)
        return None


def _publish_token() -> None:
    try:
        cache.set(VERSION_CACHE_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("cannot publish the deadline data version to the cache", exc_info=True)


def _build_calendar() -> WorkingDayCalendar:
    from danvan.core.calendar_models import CalendarOverride, OverrideKind

    overrides = {
        day: (kind == OverrideKind.WORKING_DAY, reason)
        for day, kind, reason in CalendarOverride.objects.values_list("date", "kind", "reason")
    }
    public_holidays = holidays.country_holidays(
        "VN", years=range(FIRST_YEAR, LAST_YEAR + 1), language="vi"
    )
    return WorkingDayCalendar(
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        public_holidays=public_holidays,
        overrides=overrides,
    )


_calendar: SharedCachedValue[WorkingDayCalendar] = SharedCachedValue(_build_calendar)


def get_calendar() -> WorkingDayCalendar:
    """The calendar of this process, built from the package and the overrides."""
    return _calendar.get()


def invalidate() -> None:
    """Rebuild the calendar everywhere (called when a ``CalendarOverride`` changes)."""
    _calendar.invalidate()


def reset() -> None:
    """Drop this process's calendar (tests)."""
    _calendar.reset()


def is_working_day(day: dt.date) -> bool:
    return get_calendar().is_working_day(day)


def add_working_days(day: dt.date, n: int) -> dt.date:
    return get_calendar().add_working_days(day, n)


def count_working_days(start: dt.date, end: dt.date) -> int:
    return get_calendar().count_working_days(start, end)


def next_working_day(day: dt.date) -> dt.date:
    return get_calendar().next_working_day(day)


def working_day_on_or_after(day: dt.date) -> dt.date:
    return get_calendar().working_day_on_or_after(day)


@receiver(setting_changed, dispatch_uid="core_working_days_setting_changed")
def _setting_changed(setting: str, **kwargs: Any) -> None:
    if setting.startswith("DEADLINE_") or setting == "CACHES":
        _calendar.reset()

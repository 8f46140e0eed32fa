"""The deadline engine (quy tắc thời hạn): when a procedural step is due.

Domain apps call ``compute_due`` when a case reaches a step and store the result
(``due_on``/``due_at`` and the rule used) on the case; they never compute a deadline
themselves.  ``status`` says whether an open step is on time, due soon or overdue.

**Which rule.**  Rules are data (``DeadlineRuleSet``/``DeadlineRule``).  For each step, the
rule used is the one from the newest rule set whose ``effective_from`` is on or before
``received_on``, the day the case was received; a newer set may define only the steps that
changed.  Two sets with the same ``effective_from`` that both define a step: the one created
last wins (the admin refuses to create that situation).

**How days are counted** (Civil Code 2015, Art. 147–148):

* the period starts on the day after the event (``start_on``, by default ``received_on``);
* ``working`` days: the period ends on the n-th working day after the event;
* ``calendar`` days: the period ends on event + n days; if that day is a rest day
  (weekend, public holiday, swapped day off) it ends at the end of the next working day;
* a make-up Saturday is a working day (it may be a due date and it counts); a swapped weekday
  off is a rest day (``danvan.core.working_days``);
* **extensions** are added to the period before the roll: the due date of a calendar-day
  period with n extensions is event + (days + n × extension_days), rolled once;
* **variants**: remote area (*vùng sâu, vùng xa*) and complexity choose the number of days;
  when the rule has no figure for the exact variant, the longest figure among the simpler
  variants that apply is used (an especially complex complaint takes the complex figure);
  extensions allowed depend on complexity only;
* **pauses** (*tạm đình chỉ*): a pause decided on ``paused_on`` and lifted on ``resumed_on``
  stops the clock for the days after ``paused_on`` up to and including ``resumed_on``
  (``resumed_on - paused_on`` calendar days, or the working days in that interval for a
  working-day period); counting goes on from the day after ``resumed_on``.  A pause decided
  on or after the last day of the period (before the roll) does not move it;
* with the setting ``DEADLINE_START_NEXT_WORKING_DAY = True`` an event on a rest day is
  treated as happening on the next working day (default ``False``: the clock starts the day
  after the event, whatever the event day is).

Rules and the calendar are cached in each process (``danvan.core.working_days`` explains the
invalidation), so ``compute_due`` makes no database query once warm.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.core.deadline_models import Complexity, DeadlineRule, DeadlineRuleSet, DeadlineUnit
from danvan.core.working_days import (
    CalendarRangeError,
    SharedCachedValue,
    WorkingDayCalendar,
    get_calendar,
)

__all__ = [
    "Complexity",
    "Deadline",
    "DeadlineError",
    "DeadlineErrorCode",
    "DeadlineStatus",
    "DeadlineUnit",
    "Pause",
    "Rule",
    "RuleSetInfo",
    "StepInfo",
    "compute_due",
    "invalidate",
    "reset",
    "rule_for",
    "rule_sets",
    "status",
    "steps_in_force",
]

VARIANT_LABELS: dict[str, Promise] = {
    "normal": _("thông thường"),
    "remote": _("vùng sâu, vùng xa"),
    "complex": _("phức tạp"),
    "remote_complex": _("vùng sâu, vùng xa, phức tạp"),
    "especially_complex": _("đặc biệt phức tạp"),
    "remote_especially_complex": _("vùng sâu, vùng xa, đặc biệt phức tạp"),
}
_COMPLEXITY_LEVEL = {
    Complexity.NORMAL: 0,
    Complexity.COMPLEX: 1,
    Complexity.ESPECIALLY_COMPLEX: 2,
}
_VARIANT_KEYS = {  # (remote, complexity level) -> variant code; the field is "<code>_days"
    (False, 0): "normal",
    (True, 0): "remote",
    (False, 1): "complex",
    (True, 1): "remote_complex",
    (False, 2): "especially_complex",
    (True, 2): "remote_especially_complex",
}


class DeadlineErrorCode(StrEnum):
    UNKNOWN_STEP = "unknown_step"
    NO_RULE_IN_FORCE = "no_rule_in_force"
    INVALID_COMPLEXITY = "invalid_complexity"
    EXTENSION_NOT_ALLOWED = "extension_not_allowed"
    INVALID_PAUSE = "invalid_pause"
    OUT_OF_CALENDAR = "out_of_calendar"


MESSAGES: dict[DeadlineErrorCode, Promise] = {
    DeadlineErrorCode.UNKNOWN_STEP: _(
        "Không có quy tắc thời hạn cho bước “{step}”. Xem danh sách bước: danvan deadline --list."
    ),
    DeadlineErrorCode.NO_RULE_IN_FORCE: _(
        "Chưa có bộ quy tắc thời hạn nào có hiệu lực vào ngày {date} cho bước “{step}”."
    ),
    DeadlineErrorCode.INVALID_COMPLEXITY: _("Mức độ phức tạp “{complexity}” không hợp lệ."),
    DeadlineErrorCode.EXTENSION_NOT_ALLOWED: _(
        "Bước “{step}” ({complexity}) chỉ được gia hạn tối đa {allowed} lần; "
        "không thể gia hạn {extensions} lần."
    ),
    DeadlineErrorCode.INVALID_PAUSE: _(
        "Thời gian tạm đình chỉ không hợp lệ: ngày tiếp tục ({resumed_on}) trước ngày tạm "
        "đình chỉ ({paused_on})."
    ),
    DeadlineErrorCode.OUT_OF_CALENDAR: _("{detail}"),
}


class DeadlineError(Exception):
    """A domain error of the deadline engine, with a stable code and a Vietnamese message."""

    def __init__(self, code: DeadlineErrorCode, **params: Any) -> None:
        self.code = code
        self.params = params
        self.message = str(MESSAGES[code]).format(**params)
        super().__init__(self.message)


class DeadlineStatus(models.TextChoices):
    ON_TIME = "on_time", _("Trong hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


@dataclass(frozen=True, slots=True)
class Rule:
    """One ``DeadlineRule`` as the engine keeps it in memory."""

    id: int
    step: str
    step_name: str
    rule_set_id: int
    rule_set_code: str
    rule_set_name: str
    effective_from: dt.date
    unit: DeadlineUnit
    is_working: bool
    days: int
    remote_days: int | None
    complex_days: int | None
    remote_complex_days: int | None
    especially_complex_days: int | None
    remote_especially_complex_days: int | None
    extension_days: int | None
    max_extensions: int
    max_extensions_complex: int
    max_extensions_especially_complex: int
    legal_basis: str
    note: str
    # (remote, complexity) -> (days, variant code); complexity -> extensions allowed.
    variants: Mapping[tuple[bool, str], tuple[int, str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    extension_limits: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_model(cls, rule: DeadlineRule, rule_set: DeadlineRuleSet) -> Rule:
        figures = {
            "remote": rule.remote_days,
            "complex": rule.complex_days,
            "remote_complex": rule.remote_complex_days,
            "especially_complex": rule.especially_complex_days,
            "remote_especially_complex": rule.remote_especially_complex_days,
        }
        variants: dict[tuple[bool, str], tuple[int, str]] = {}
        for complexity, level in _COMPLEXITY_LEVEL.items():
            for remote in (False, True):
                variants[(remote, complexity.value)] = _choose_variant(
                    rule.days, figures, remote, level
                )
        limits = {
            Complexity.NORMAL.value: rule.max_extensions,
            Complexity.COMPLEX.value: rule.max_extensions_complex,
            Complexity.ESPECIALLY_COMPLEX.value: rule.max_extensions_especially_complex,
        }
        if not rule.extension_days:
            limits = dict.fromkeys(limits, 0)
        return cls(
            id=rule.pk,
            step=rule.step,
            step_name=rule.step_name,
            rule_set_id=rule_set.pk,
            rule_set_code=rule_set.code,
            rule_set_name=rule_set.name,
            effective_from=rule_set.effective_from,
            unit=DeadlineUnit(rule.unit),
            is_working=rule.unit == DeadlineUnit.WORKING,
            days=rule.days,
            remote_days=rule.remote_days,
            complex_days=rule.complex_days,
            remote_complex_days=rule.remote_complex_days,
            especially_complex_days=rule.especially_complex_days,
            remote_especially_complex_days=rule.remote_especially_complex_days,
            extension_days=rule.extension_days,
            max_extensions=rule.max_extensions,
            max_extensions_complex=rule.max_extensions_complex,
            max_extensions_especially_complex=rule.max_extensions_especially_complex,
            legal_basis=rule.legal_basis,
            note=rule.note,
            variants=variants,
            extension_limits=limits,
        )

    def days_for(
        self, *, remote: bool = False, complexity: str = Complexity.NORMAL
    ) -> tuple[int, str]:
        """The number of days and the variant code used for this kind of case."""
        try:
            return self.variants[(bool(remote), complexity)]
        except KeyError:
            raise DeadlineError(
                DeadlineErrorCode.INVALID_COMPLEXITY, complexity=complexity
            ) from None

    def max_extensions_for(self, complexity: str) -> int:
        return self.extension_limits.get(complexity, 0)


def _choose_variant(
    days: int, figures: Mapping[str, int | None], remote: bool, level: int
) -> tuple[int, str]:
    exact = _VARIANT_KEYS[(remote, level)]
    value = figures.get(exact)
    if value is not None:
        return value, exact
    # Otherwise the longest figure among the simpler variants that apply (most specific first
    # on a tie): a remote complex case gets at least what a remote case and a complex case get.
    best, best_code = days, "normal"
    for lvl in range(level, -1, -1):
        for rem in (True, False) if remote else (False,):
            code = _VARIANT_KEYS[(rem, lvl)]
            figure = figures.get(code)
            if figure is not None and figure > best:
                best, best_code = figure, code
    return best, best_code


@dataclass(frozen=True, slots=True)
class RuleSetInfo:
    id: int
    code: str
    name: str
    effective_from: dt.date
    legal_basis: str
    notes: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StepInfo:
    """A step and the rule in force for cases received on a given day (``rule`` is None when
    no rule set in force on that day defines it yet)."""

    step: str
    step_name: str
    rule: Rule | None


@dataclass(frozen=True, slots=True)
class Pause:
    """A suspension (tạm đình chỉ): the days after ``paused_on`` up to and including
    ``resumed_on`` do not count."""

    paused_on: dt.date
    resumed_on: dt.date


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed due date and how it was obtained.  Store ``due_on``/``due_at`` and
    ``rule.rule_set_code``/``rule.step`` on the case."""

    step: str
    due_on: dt.date
    rule: Rule
    received_on: dt.date
    start_on: dt.date
    variant: str
    days: int
    extensions: int
    total_days: int
    paused_days: int

    @property
    def unit(self) -> DeadlineUnit:
        return self.rule.unit

    @property
    def legal_basis(self) -> str:
        return self.rule.legal_basis

    @property
    def rule_set_code(self) -> str:
        return self.rule.rule_set_code

    @property
    def due_at(self) -> dt.datetime:
        """The instant the period ends: midnight after ``due_on``, local time (aware)."""
        return dt.datetime.combine(
            self.due_on + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_default_timezone()
        )


class RuleBook:
    """Every rule, indexed by step and effective date, plus the engine's settings."""

    def __init__(
        self,
        rule_sets: Sequence[RuleSetInfo],
        rules: Iterable[Rule],
        *,
        start_next_working_day: bool,
    ) -> None:
        self.rule_sets = tuple(sorted(rule_sets, key=lambda s: (s.effective_from, s.id)))
        self.start_next_working_day = start_next_working_day
        grouped: dict[str, list[Rule]] = {}
        for rule in rules:
            grouped.setdefault(rule.step, []).append(rule)
        self._by_step: dict[str, tuple[list[int], list[Rule]]] = {}
        for step, step_rules in grouped.items():
            step_rules.sort(key=lambda r: (r.effective_from, r.rule_set_id))
            self._by_step[step] = ([r.effective_from.toordinal() for r in step_rules], step_rules)

    @property
    def steps(self) -> list[str]:
        return sorted(self._by_step)

    def rule_for(self, step: str, received_on: dt.date) -> Rule:
        entry = self._by_step.get(step)
        if entry is None:
            raise DeadlineError(DeadlineErrorCode.UNKNOWN_STEP, step=step)
        ordinals, rules = entry
        if len(ordinals) == 1:
            if ordinals[0] <= received_on.toordinal():
                return rules[0]
            i = -1
        else:
            i = bisect.bisect_right(ordinals, received_on.toordinal()) - 1
        if i < 0:
            raise DeadlineError(
                DeadlineErrorCode.NO_RULE_IN_FORCE, step=step, date=f"{received_on:%d/%m/%Y}"
            )
        return rules[i]

    def latest_name(self, step: str) -> str:
        return self._by_step[step][1][-1].step_name


def _build_rule_book() -> RuleBook:
    sets = {rule_set.pk: rule_set for rule_set in DeadlineRuleSet.objects.all()}
    rules = [Rule.from_model(rule, sets[rule.rule_set_id]) for rule in DeadlineRule.objects.all()]
    infos = [
        RuleSetInfo(
            id=rule_set.pk,
            code=rule_set.code,
            name=rule_set.name,
            effective_from=rule_set.effective_from,
            legal_basis=rule_set.legal_basis,
            notes=rule_set.notes,
            steps=tuple(sorted(r.step for r in rules if r.rule_set_id == rule_set.pk)),
        )
        for rule_set in sets.values()
    ]
    return RuleBook(
        infos,
        rules,
        start_next_working_day=bool(getattr(settings, "DEADLINE_START_NEXT_WORKING_DAY", False)),
    )


_rule_book: SharedCachedValue[RuleBook] = SharedCachedValue(_build_rule_book)


def get_rule_book() -> RuleBook:
    return _rule_book.get()


def invalidate() -> None:
    """Reload the rules everywhere (called when a rule set or a rule changes)."""
    _rule_book.invalidate()


def reset() -> None:
    """Drop this process's rules and calendar (tests)."""
    from danvan.core import working_days

    _rule_book.reset()
    working_days.reset()


def _as_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def rule_for(step: str, received_on: dt.date) -> Rule:
    """The rule that times ``step`` for a case received on ``received_on``."""
    return _rule_book.get().rule_for(step, _as_date(received_on))


def compute_due(
    step: str,
    received_on: dt.date,
    *,
    start_on: dt.date | None = None,
    remote: bool = False,
    complexity: str = Complexity.NORMAL,
    extensions: int = 0,
    pauses: Sequence[Pause] = (),
) -> Deadline:
    """The due date of ``step`` for a case received on ``received_on``.

    ``start_on`` is the event the period runs from (acceptance, a decision…), by default the
    receipt.  ``extensions`` is the number of extensions granted; more than the rule allows for
    the case's complexity raises ``DeadlineError(code="extension_not_allowed")``.  Dates may be
    given as aware datetimes; they are turned into local dates.
    """
    book = _rule_book.get()
    calendar = get_calendar()
    if type(received_on) is not dt.date:
        received_on = _as_date(received_on)
    rule = book.rule_for(step, received_on)
    try:
        days, variant = rule.variants[(bool(remote), complexity)]
    except KeyError:
        raise DeadlineError(DeadlineErrorCode.INVALID_COMPLEXITY, complexity=complexity) from None
    total = days
    if extensions:
        allowed = rule.extension_limits.get(complexity, 0)
        if extensions < 0 or extensions > allowed:
            raise DeadlineError(
                DeadlineErrorCode.EXTENSION_NOT_ALLOWED,
                step=step,
                complexity=Complexity(complexity).label,
                allowed=allowed,
                extensions=extensions,
            )
        total += extensions * (rule.extension_days or 0)
    if start_on is None:
        event = received_on
    elif type(start_on) is dt.date:
        event = start_on
    else:
        event = _as_date(start_on)
    working = rule.is_working
    try:
        if book.start_next_working_day:
            event = calendar.working_day_on_or_after(event)
        paused = _paused_days(pauses, event, total, calendar, working) if pauses else 0
        if working:
            due_on = calendar.add_working_days(event, total + paused)
        else:
            due_on = calendar.working_day_on_or_after(
                dt.date.fromordinal(event.toordinal() + total + paused)
            )
    except (ValueError, OverflowError) as exc:  # CalendarRangeError is a ValueError
        raise DeadlineError(DeadlineErrorCode.OUT_OF_CALENDAR, detail=str(exc)) from exc
    return Deadline(
        step=step,
        due_on=due_on,
        rule=rule,
        received_on=received_on,
        start_on=event,
        variant=variant,
        days=days,
        extensions=extensions,
        total_days=total,
        paused_days=paused,
    )


def _paused_days(
    pauses: Sequence[Pause],
    event: dt.date,
    total: int,
    calendar: WorkingDayCalendar,
    working: bool,
) -> int:
    """How many days (in the rule's unit) the pauses add to a period of ``total`` days."""
    intervals: list[tuple[dt.date, dt.date]] = []
    for pause in pauses:
        paused_on, resumed_on = _as_date(pause.paused_on), _as_date(pause.resumed_on)
        if resumed_on < paused_on:
            raise DeadlineError(
                DeadlineErrorCode.INVALID_PAUSE,
                paused_on=f"{paused_on:%d/%m/%Y}",
                resumed_on=f"{resumed_on:%d/%m/%Y}",
            )
        intervals.append((paused_on, resumed_on))
    intervals.sort()
    merged: list[tuple[dt.date, dt.date]] = []
    for paused_on, resumed_on in intervals:
        if merged and paused_on <= merged[-1][1]:
            if resumed_on > merged[-1][1]:
                merged[-1] = (merged[-1][0], resumed_on)
        else:
            merged.append((paused_on, resumed_on))

    def last_day(extra: int) -> dt.date:  # the period's last day before any roll
        if working:
            return calendar.add_working_days(event, total + extra)
        return event + dt.timedelta(days=total + extra)

    extra = 0
    end = last_day(0)
    for paused_on, resumed_on in merged:
        if resumed_on <= event:
            continue
        start = max(paused_on, event)
        if start >= end:
            break
        if working:
            extra += calendar.count_working_days(start, resumed_on)
        else:
            extra += (resumed_on - start).days
        end = last_day(extra)
    return extra


def status(
    deadline: Deadline | dt.date,
    *,
    on: dt.date,
    completed_on: dt.date | None = None,
) -> DeadlineStatus:
    """ON_TIME, DUE_SOON or OVERDUE for a step due on ``deadline`` (a ``Deadline`` or a date).

    A completed step is ON_TIME if completed on or before its due date, else OVERDUE.  An open
    step is OVERDUE after its due date, DUE_SOON when at most
    ``DEADLINE_DUE_SOON_WORKING_DAYS`` working days are left after ``on`` (the due day itself
    included, so a step due today is DUE_SOON), ON_TIME otherwise.
    """
    due_on = deadline.due_on if isinstance(deadline, Deadline) else _as_date(deadline)
    if completed_on is not None:
        done = _as_date(completed_on)
        return DeadlineStatus.ON_TIME if done <= due_on else DeadlineStatus.OVERDUE
    today = _as_date(on)
    if today > due_on:
        return DeadlineStatus.OVERDUE
    soon = getattr(settings, "DEADLINE_DUE_SOON_WORKING_DAYS", 2)
    try:
        left = get_calendar().count_working_days(today, due_on)
    except CalendarRangeError as exc:
        raise DeadlineError(DeadlineErrorCode.OUT_OF_CALENDAR, detail=str(exc)) from exc
    return DeadlineStatus.DUE_SOON if left <= soon else DeadlineStatus.ON_TIME


def rule_sets() -> tuple[RuleSetInfo, ...]:
    """Every rule set, oldest first."""
    return _rule_book.get().rule_sets


def steps_in_force(on: dt.date) -> list[StepInfo]:
    """Every step, with the rule that times cases received on ``on``."""
    book = _rule_book.get()
    result = []
    for step in book.steps:
        try:
            rule: Rule | None = book.rule_for(step, on)
        except DeadlineError:
            rule = None
        result.append(
            StepInfo(
                step=step,
                step_name=rule.step_name if rule else book.latest_name(step),
                rule=rule,
            )
        )
    return result


@receiver(setting_changed, dispatch_uid="core_deadlines_setting_changed")
def _setting_changed(setting: str, **kwargs: Any) -> None:
    if setting.startswith("DEADLINE_") or setting == "CACHES":
        _rule_book.reset()

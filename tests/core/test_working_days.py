"""The working-day calendar: the official 2025–2026 schedule, arithmetic, and cache refresh.

Every expected date below was counted by hand on the official schedule of vn-legal.md §13
(Tết Ất Tỵ 27–31/01/2025; Sat 26/04/2025 worked, Fri 02/05/2025 off; Fri 02/01/2026 off,
Sat 10/01/2026 worked; Tết Bính Ngọ 16–20/02/2026; Mon 27/04/2026 compensatory; Sat 22/08/2026
worked, Mon 31/08/2026 off; Tue 24/11/2026 off), not taken from the code's output.
"""

from __future__ import annotations

import importlib
from datetime import date

import holidays
import pytest
from django.apps import apps as django_apps
from django.core.cache import cache

from danvan.core import deadlines, working_days
from danvan.core.calendar_models import CalendarOverride, OverrideKind
from danvan.core.working_days import CalendarRangeError, WorkingDayCalendar, get_calendar

SEED_MIGRATIONS = (
    "danvan.core.migrations.0004_fill_calendar_overrides",
    "danvan.core.migrations.0006_fill_deadline_rules",
)


def ensure_seed_data() -> None:
    """Re-run the (idempotent) seed migrations, in case a flushing test removed their rows."""
    for name in SEED_MIGRATIONS:
        importlib.import_module(name).seed(django_apps, None)


@pytest.fixture(autouse=True)
def deadline_data(db):
    ensure_seed_data()
    deadlines.reset()
    yield
    deadlines.reset()


D = date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2025
        (D(2025, 1, 1), False),  # New Year
        (D(2025, 1, 24), True),  # Fri before Tết
        (D(2025, 1, 27), False),  # Tết Ất Tỵ Mon–Fri
        (D(2025, 1, 31), False),
        (D(2025, 2, 3), True),  # first day back
        (D(2025, 4, 7), False),  # Hùng Kings
        (D(2025, 4, 26), True),  # make-up Saturday
        (D(2025, 4, 30), False),
        (D(2025, 5, 1), False),
        (D(2025, 5, 2), False),  # swapped off
        (D(2025, 5, 3), False),  # ordinary Saturday
        (D(2025, 9, 1), False),
        (D(2025, 9, 2), False),
        # 2026
        (D(2026, 1, 1), False),
        (D(2026, 1, 2), False),  # swapped off
        (D(2026, 1, 3), False),  # ordinary Saturday
        (D(2026, 1, 5), True),
        (D(2026, 1, 10), True),  # make-up Saturday
        (D(2026, 1, 17), False),  # ordinary Saturday
        (D(2026, 2, 13), True),
        (D(2026, 2, 16), False),  # Tết Bính Ngọ Mon–Fri
        (D(2026, 2, 20), False),
        (D(2026, 2, 23), True),
        (D(2026, 4, 27), False),  # compensatory for Hùng Kings on Sunday 26/04
        (D(2026, 4, 28), True),
        (D(2026, 4, 30), False),
        (D(2026, 5, 1), False),
        (D(2026, 8, 22), True),  # make-up Saturday
        (D(2026, 8, 31), False),  # swapped off
        (D(2026, 9, 1), False),
        (D(2026, 9, 2), False),
        (D(2026, 9, 3), True),
        (D(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam
    ],
)
def test_official_schedule_is_the_calendar(day, working):
    assert get_calendar().is_working_day(day) is working
    assert working_days.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # New Year 2026: Thu 01 and Fri 02 off, Sat 10 worked.
        (D(2025, 12, 31), 1, D(2026, 1, 5)),
        (D(2026, 1, 9), 1, D(2026, 1, 10)),
        (D(2026, 1, 9), 5, D(2026, 1, 15)),  # Sat 10, Mon 12, Tue 13, Wed 14, Thu 15
        (D(2025, 12, 31), 10, D(2026, 1, 15)),
        (D(2025, 12, 30), 7, D(2026, 1, 10)),  # a due date on the make-up Saturday
        # Tết 2026: Fri 13/02 + 10 → Mon 23 … Fri 27, Mon 02/03 … Fri 06/03
        (D(2026, 2, 13), 10, D(2026, 3, 6)),
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        # Tết 2025: Fri 24/01 + 10 → Mon 03/02 … Fri 14/02
        (D(2025, 1, 24), 10, D(2025, 2, 14)),
        # April–May 2025: Sat 26/04 worked; 30/04, 01/05, 02/05 off
        (D(2025, 4, 25), 1, D(2025, 4, 26)),
        (D(2025, 4, 25), 5, D(2025, 5, 6)),  # Sat 26, Mon 28, Tue 29, Mon 05, Tue 06
        (D(2025, 4, 4), 1, D(2025, 4, 8)),  # Mon 07/04 Hùng Kings
        # Hùng Kings 2026 and 30/4–1/5: Fri 24/04 + 5 → Tue 28, Wed 29, Mon 04, Tue 05, Wed 06
        (D(2026, 4, 24), 5, D(2026, 5, 6)),
        # National Day 2026: Sat 22/08 worked; Mon 31/08, Tue 01/09, Wed 02/09 off
        (D(2026, 8, 21), 1, D(2026, 8, 22)),
        (D(2026, 8, 21), 10, D(2026, 9, 8)),
        # Ngày Văn hóa Việt Nam 2026
        (D(2026, 11, 23), 1, D(2026, 11, 25)),
        # zero and backwards
        (D(2026, 1, 3), 0, D(2026, 1, 3)),
        (D(2026, 1, 5), -1, D(2025, 12, 31)),
        (D(2026, 2, 23), -1, D(2026, 2, 13)),
        (D(2026, 1, 12), -1, D(2026, 1, 10)),
    ],
)
def test_add_working_days(start, n, expected):
    assert get_calendar().add_working_days(start, n) == expected
    assert working_days.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 12, 31), D(2026, 1, 15), 10),
        (D(2026, 2, 13), D(2026, 3, 6), 10),
        (D(2026, 2, 13), D(2026, 2, 22), 0),  # the whole Tết break
        (D(2026, 1, 9), D(2026, 1, 11), 1),  # only the make-up Saturday
        (D(2026, 3, 6), D(2026, 3, 6), 0),
        (D(2026, 1, 15), D(2025, 12, 31), -10),
    ],
)
def test_count_working_days_counts_after_start_up_to_end(start, end, expected):
    assert get_calendar().count_working_days(start, end) == expected
    assert working_days.count_working_days(start, end) == expected


def test_count_undoes_add_over_three_years():
    calendar = get_calendar()
    day = D(2025, 1, 1)
    while day <= D(2027, 12, 1):
        for n in (1, 2, 7, 10, 30):
            assert calendar.count_working_days(day, calendar.add_working_days(day, n)) == n
        day = day.fromordinal(day.toordinal() + 3)


@pytest.mark.parametrize(
    ("day", "next_day", "on_or_after"),
    [
        (D(2025, 12, 31), D(2026, 1, 5), D(2025, 12, 31)),
        (D(2026, 1, 9), D(2026, 1, 10), D(2026, 1, 9)),
        (D(2026, 1, 10), D(2026, 1, 12), D(2026, 1, 10)),
        (D(2026, 1, 11), D(2026, 1, 12), D(2026, 1, 12)),
        (D(2026, 2, 16), D(2026, 2, 23), D(2026, 2, 23)),
        (D(2026, 8, 29), D(2026, 9, 3), D(2026, 9, 3)),
    ],
)
def test_next_working_day_and_roll(day, next_day, on_or_after):
    calendar = get_calendar()
    assert calendar.next_working_day(day) == next_day
    assert working_days.next_working_day(day) == next_day
    assert calendar.working_day_on_or_after(day) == on_or_after
    assert working_days.working_day_on_or_after(day) == on_or_after


def test_previous_working_day_skips_the_swapped_day_off():
    assert get_calendar().previous_working_day(D(2026, 1, 5)) == D(2025, 12, 31)


def test_package_alone_misses_the_new_year_2026_swap():
    # Why overrides exist: holidays 0.109 keeps Fri 02/01/2026 as a working day and never
    # makes a Saturday a working day.
    package_only = WorkingDayCalendar(
        first_year=2025,
        last_year=2027,
        public_holidays=holidays.country_holidays("VN", years=range(2025, 2028)),
        overrides={},
    )
    assert package_only.is_working_day(D(2026, 1, 2)) is True
    assert package_only.is_working_day(D(2026, 1, 10)) is False
    assert package_only.is_working_day(D(2025, 4, 26)) is False
    assert package_only.is_working_day(D(2026, 8, 22)) is False
    assert get_calendar().is_working_day(D(2026, 1, 2)) is False


def test_an_override_wins_over_weekend_and_holiday():
    calendar = WorkingDayCalendar(
        first_year=2026,
        last_year=2026,
        public_holidays={D(2026, 3, 4): "Ngày lễ giả định"},
        overrides={
            D(2026, 3, 4): (True, "Đi làm dù là ngày lễ"),
            D(2026, 3, 7): (True, "Thứ Bảy làm bù"),
            D(2026, 3, 9): (False, "Nghỉ hoán đổi"),
        },
    )
    assert calendar.is_working_day(D(2026, 3, 4)) is True
    assert calendar.is_working_day(D(2026, 3, 7)) is True
    assert calendar.is_working_day(D(2026, 3, 8)) is False
    assert calendar.is_working_day(D(2026, 3, 9)) is False
    assert calendar.describe(D(2026, 3, 9)) == "Nghỉ hoán đổi"
    assert calendar.describe(D(2026, 3, 8)) == "Chủ nhật"
    # Fri 06 + 1 → Sat 07; + 2 → Tue 10 (Sun 08 rest, Mon 09 swapped off)
    assert calendar.add_working_days(D(2026, 3, 6), 2) == D(2026, 3, 10)


def test_dates_outside_the_calendar_are_refused():
    calendar = get_calendar()
    with pytest.raises(CalendarRangeError, match="ngoài phạm vi"):
        calendar.is_working_day(D(1999, 12, 31))
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days(D(2100, 12, 30), 5)


def test_a_new_override_is_seen_at_once_in_this_process():
    monday = D(2026, 12, 7)
    assert get_calendar().is_working_day(monday) is True

    override = CalendarOverride.objects.create(
        date=monday, kind=OverrideKind.DAY_OFF, reason="Nghỉ đột xuất (thử nghiệm)"
    )
    assert get_calendar().is_working_day(monday) is False
    assert working_days.add_working_days(D(2026, 12, 4), 1) == D(2026, 12, 8)

    override.kind = OverrideKind.WORKING_DAY
    override.save()
    assert get_calendar().is_working_day(D(2026, 12, 7)) is True

    override.delete()
    assert get_calendar().is_working_day(monday) is True


def test_a_change_in_another_process_is_seen_through_the_shared_token(settings):
    # given a warm calendar that rechecks the shared token on every call
    settings.DEADLINE_CACHE_RECHECK_SECONDS = 0
    saturday = D(2026, 12, 12)
    assert get_calendar().is_working_day(saturday) is False
    # when another process adds a make-up Saturday (no signal here) and publishes a token
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(date=saturday, kind=OverrideKind.WORKING_DAY, reason="Làm bù")]
    )
    assert get_calendar().is_working_day(saturday) is False  # token unchanged: still cached
    cache.set(working_days.VERSION_CACHE_KEY, "changed-elsewhere")
    # then this process rebuilds
    assert get_calendar().is_working_day(saturday) is True


def test_a_warm_calendar_makes_no_query(django_assert_num_queries):
    get_calendar()
    with django_assert_num_queries(0):
        for offset in range(1000):
            day = D.fromordinal(D(2025, 1, 1).toordinal() + offset)
            working_days.add_working_days(day, 10)
            working_days.is_working_day(day)


def test_the_seed_migration_is_idempotent_and_reversible():
    migration = importlib.import_module(SEED_MIGRATIONS[0])
    seeded = {D.fromisoformat(day) for day, *_ in migration.OVERRIDES}
    assert len(seeded) == 30
    assert seeded <= set(CalendarOverride.objects.values_list("date", flat=True))
    migration.seed(django_apps, None)
    assert CalendarOverride.objects.filter(date__in=seeded).count() == len(seeded)
    # an override an administrator edited survives the reverse
    CalendarOverride.objects.filter(date=D(2026, 11, 24)).update(reason="Đã xác nhận")
    migration.unseed(django_apps, None)
    assert list(
        CalendarOverride.objects.filter(date__in=seeded).values_list("date", flat=True)
    ) == [D(2026, 11, 24)]
    migration.seed(django_apps, None)
    assert CalendarOverride.objects.filter(date__in=seeded).count() == len(seeded)

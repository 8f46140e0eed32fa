"""The deadline engine: worked examples, variants, extensions, pauses, status, rule sets.

Every expected date was counted by hand on the official schedule (vn-legal.md §13) with the
Civil Code rules (the period starts the day after the event; a calendar-day period whose last
day is a rest day ends on the next working day), not copied from the code's output.
"""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

import danvan.core.admin_calendar  # noqa: F401  # registers the admin pages (as core/admin.py does)
from danvan.core import deadlines
from danvan.core.deadline_models import Complexity, DeadlineRule, DeadlineRuleSet, DeadlineUnit
from danvan.core.deadlines import (
    DeadlineError,
    DeadlineErrorCode,
    DeadlineStatus,
    Pause,
    compute_due,
    status,
)
from tests.core.test_working_days import ensure_seed_data

D = date
NORMAL, COMPLEX, ESPECIALLY = (
    Complexity.NORMAL,
    Complexity.COMPLEX,
    Complexity.ESPECIALLY_COMPLEX,
)


@pytest.fixture(autouse=True)
def deadline_data(db):
    ensure_seed_data()
    deadlines.reset()
    yield
    deadlines.reset()


@pytest.mark.parametrize(
    ("step", "received_on", "expected"),
    [
        # Tết 2026: Fri 13/02 + 10 wd → Mon 23, Tue 24, Wed 25, Thu 26, Fri 27, Mon 02/03 …
        ("letter_handling", D(2026, 2, 13), D(2026, 3, 6)),
        # New Year 2026: Thu 01 + Fri 02 off, Sat 10 worked → Mon 05 … Fri 09, Sat 10, Mon 12 …
        ("letter_handling", D(2025, 12, 31), D(2026, 1, 15)),
        # Tết Ất Tỵ: Fri 24/01/2025 + 10 wd → Mon 03/02 … Fri 14/02
        ("letter_handling", D(2025, 1, 24), D(2025, 2, 14)),
        # 7 wd from Tue 30/12/2025: Wed 31, Mon 05 … Fri 09, Sat 10 (make-up) is the 7th
        ("denunciation_initial_handling", D(2025, 12, 30), D(2026, 1, 10)),
        # 5 wd from Fri 25/04/2025: Sat 26 (make-up), Mon 28, Tue 29, Mon 05/05, Tue 06/05
        ("denunciation_forwarding", D(2025, 4, 25), D(2025, 5, 6)),
        # 5 wd from Fri 24/04/2026: Mon 27 off, Tue 28, Wed 29, Mon 04, Tue 05, Wed 06/05
        ("feedback_forwarding", D(2026, 4, 24), D(2026, 5, 6)),
        # 10 wd from Fri 21/08/2026: Sat 22 (make-up), Mon 24 … Fri 28, Thu 03/09 … Tue 08/09
        ("reception_initial_notice", D(2026, 8, 21), D(2026, 9, 8)),
        # 7 wd from Mon 23/11/2026: Tue 24 off; Wed 25 … Fri 27, Mon 30, Tue 01 … Thu 03/12
        ("denunciation_conclusion_publication", D(2026, 11, 23), D(2026, 12, 3)),
        # 3 wd from Wed 29/04/2026: Thu 30, Fri 01 off → Mon 04, Tue 05, Wed 06/05
        ("complaint_decision_sending", D(2026, 4, 29), D(2026, 5, 6)),
        # 5 wd from Fri 23/01/2026 → Mon 26 … Fri 30/01
        ("disclosure_publication", D(2026, 1, 23), D(2026, 1, 30)),
        # 5 wd from Thu 12/02/2026: Fri 13, Mon 23, Tue 24, Wed 25, Thu 26/02
        ("denunciation_acceptance_notice", D(2026, 2, 12), D(2026, 2, 26)),
        # 5 wd from Thu 27/08/2026: Fri 28, Thu 03/09, Fri 04, Mon 07, Tue 08/09
        ("denunciation_conclusion_sending", D(2026, 8, 27), D(2026, 9, 8)),
        # 30 days from Mon 19/01/2026 = Wed 18/02 (Tết) → Mon 23/02
        ("complaint_second_filing", D(2026, 1, 19), D(2026, 2, 23)),
        # 30 days from Thu 11/12/2025 = Sat 10/01/2026, a make-up Saturday: no roll
        ("complaint_resolution_first", D(2025, 12, 11), D(2026, 1, 10)),
        # 30 days from Wed 03/12/2025 = Fri 02/01/2026 (swapped off) → Mon 05/01
        ("complaint_resolution_first", D(2025, 12, 3), D(2026, 1, 5)),
        # 30 days from Wed 02/04/2025 = Fri 02/05/2025 (swapped off) → Mon 05/05
        ("complaint_resolution_first", D(2025, 4, 2), D(2025, 5, 5)),
        # 3 days from Fri 04/04/2025 = Mon 07/04 (Hùng Kings) → Tue 08/04
        ("mediation_start", D(2025, 4, 4), D(2025, 4, 8)),
        # 90 days from Tue 29/10/2024 = Mon 27/01/2025 (Tết) → Mon 03/02/2025
        ("complaint_limitation", D(2024, 10, 29), D(2025, 2, 3)),
        # 30 days from Sat 01/08/2026 = Mon 31/08 (swapped off), 01–02/09 off → Thu 03/09
        ("complaint_second_filing", D(2026, 8, 1), D(2026, 9, 3)),
        # 45 days from Mon 05/01/2026 = Thu 19/02 (Tết) → Mon 23/02
        ("complaint_resolution_second", D(2026, 1, 5), D(2026, 2, 23)),
        # 30 days from Sat 17/01/2026 = Mon 16/02 (Tết) → Mon 23/02
        ("denunciation_resolution", D(2026, 1, 17), D(2026, 2, 23)),
    ],
)
def test_worked_examples(step, received_on, expected):
    deadline = compute_due(step, received_on)
    assert deadline.due_on == expected
    assert deadline.step == step
    assert deadline.rule.rule_set_code == "base_2023"


@pytest.mark.parametrize(
    ("step", "remote", "complexity", "days", "variant", "expected"),
    [
        # Resolve a first complaint accepted Mon 05/01/2026 (Art. 28)
        ("complaint_resolution_first", False, NORMAL, 30, "normal", D(2026, 2, 4)),
        ("complaint_resolution_first", False, COMPLEX, 45, "complex", D(2026, 2, 23)),
        ("complaint_resolution_first", True, NORMAL, 45, "remote", D(2026, 2, 23)),
        ("complaint_resolution_first", True, COMPLEX, 60, "remote_complex", D(2026, 3, 6)),
        # no figure for "especially complex": the complex one applies
        ("complaint_resolution_first", False, ESPECIALLY, 45, "complex", D(2026, 2, 23)),
        ("complaint_resolution_first", True, ESPECIALLY, 60, "remote_complex", D(2026, 3, 6)),
        # Resolve a second complaint (Art. 37)
        ("complaint_resolution_second", False, NORMAL, 45, "normal", D(2026, 2, 23)),
        ("complaint_resolution_second", False, COMPLEX, 60, "complex", D(2026, 3, 6)),
        ("complaint_resolution_second", True, NORMAL, 60, "remote", D(2026, 3, 6)),
        # 70 days from 05/01 = Mon 16/03
        ("complaint_resolution_second", True, COMPLEX, 70, "remote_complex", D(2026, 3, 16)),
        # File a second complaint, remote: 45 days from 05/01 = Thu 19/02 (Tết) → Mon 23/02
        ("complaint_second_filing", True, NORMAL, 45, "remote", D(2026, 2, 23)),
        # A rule without variants ignores them
        ("letter_handling", True, COMPLEX, 10, "normal", D(2026, 1, 16)),
    ],
)
def test_remote_and_complex_variants(step, remote, complexity, days, variant, expected):
    deadline = compute_due(step, D(2026, 1, 5), remote=remote, complexity=complexity)
    assert (deadline.days, deadline.variant, deadline.due_on) == (days, variant, expected)


@pytest.mark.parametrize(
    ("complexity", "extensions", "expected"),
    [
        # Resolve a denunciation accepted Mon 02/03/2026: 30 days = Wed 01/04
        (NORMAL, 0, D(2026, 4, 1)),
        (COMPLEX, 0, D(2026, 4, 1)),
        # 60 days = Fri 01/05 (holiday) → Mon 04/05
        (COMPLEX, 1, D(2026, 5, 4)),
        (ESPECIALLY, 1, D(2026, 5, 4)),
        # 90 days = Sun 31/05 → Mon 01/06
        (ESPECIALLY, 2, D(2026, 6, 1)),
    ],
)
def test_denunciation_extensions_allowed_by_complexity(complexity, extensions, expected):
    deadline = compute_due(
        "denunciation_resolution", D(2026, 3, 2), complexity=complexity, extensions=extensions
    )
    assert deadline.due_on == expected
    assert deadline.total_days == 30 + 30 * extensions
    assert deadline.extensions == extensions


@pytest.mark.parametrize(
    ("step", "complexity", "extensions", "allowed"),
    [
        ("denunciation_resolution", NORMAL, 1, 0),
        ("denunciation_resolution", COMPLEX, 2, 1),
        ("denunciation_resolution", ESPECIALLY, 3, 2),
        ("denunciation_resolution", COMPLEX, -1, 1),
        ("denunciation_initial_handling", NORMAL, 2, 1),
        ("letter_handling", ESPECIALLY, 1, 0),
    ],
)
def test_one_extension_too_many_is_refused(step, complexity, extensions, allowed):
    with pytest.raises(DeadlineError) as caught:
        compute_due(step, D(2026, 3, 2), complexity=complexity, extensions=extensions)
    assert caught.value.code == DeadlineErrorCode.EXTENSION_NOT_ALLOWED == "extension_not_allowed"
    assert f"tối đa {allowed} lần" in caught.value.message


def test_an_extension_runs_from_the_unrolled_end():
    # Accepted Wed 01/04/2026: 30 days = Fri 01/05 (holiday) → Mon 04/05.  With one extension
    # the period is 60 days from the acceptance = Sun 31/05 → Mon 01/06, not 04/05 + 30 days.
    assert compute_due("denunciation_resolution", D(2026, 4, 1)).due_on == D(2026, 5, 4)
    extended = compute_due(
        "denunciation_resolution", D(2026, 4, 1), complexity=COMPLEX, extensions=1
    )
    assert extended.due_on == D(2026, 6, 1)


def test_initial_handling_of_a_denunciation_extends_to_ten_working_days():
    # Received Fri 13/02/2026: 7 wd → Tue 03/03; extended to 10 wd → Fri 06/03
    assert compute_due("denunciation_initial_handling", D(2026, 2, 13)).due_on == D(2026, 3, 3)
    extended = compute_due("denunciation_initial_handling", D(2026, 2, 13), extensions=1)
    assert extended.due_on == D(2026, 3, 6)
    assert extended.total_days == 10


@pytest.mark.parametrize(
    ("step", "received_on", "pauses", "expected", "paused_days"),
    [
        # 30 days from Mon 05/01/2026 (due Wed 04/02); paused 15/01, resumed 20/01: the 5 days
        # 16–20/01 do not count → 35 days = Mon 09/02
        (
            "complaint_resolution_first",
            D(2026, 1, 5),
            [(D(2026, 1, 15), D(2026, 1, 20))],
            D(2026, 2, 9),
            5,
        ),
        # a pause from before the acceptance counts only from the acceptance: (05/01, 10/01]
        (
            "complaint_resolution_first",
            D(2026, 1, 5),
            [(D(2026, 1, 1), D(2026, 1, 10))],
            D(2026, 2, 9),
            5,
        ),
        # overlapping pauses merge: (15/01, 22/01] = 7 days → 37 days = Wed 11/02
        (
            "complaint_resolution_first",
            D(2026, 1, 5),
            [(D(2026, 1, 18), D(2026, 1, 22)), (D(2026, 1, 15), D(2026, 1, 20))],
            D(2026, 2, 11),
            7,
        ),
        # 15 paused days push the end to Thu 19/02 (Tết) → Mon 23/02
        (
            "complaint_resolution_first",
            D(2026, 1, 5),
            [(D(2026, 1, 10), D(2026, 1, 25))],
            D(2026, 2, 23),
            15,
        ),
        # a pause that ended before the event, and one decided on the last day, change nothing
        (
            "complaint_resolution_first",
            D(2026, 1, 5),
            [(D(2025, 12, 1), D(2025, 12, 20)), (D(2026, 2, 4), D(2026, 2, 10))],
            D(2026, 2, 4),
            0,
        ),
        # 10 wd from Mon 02/03/2026 (due Mon 16/03); paused Wed 04/03, resumed Mon 09/03:
        # Thu 05, Fri 06, Mon 09 do not count → Tue 03, Wed 04, Tue 10 … Thu 19/03
        (
            "letter_handling",
            D(2026, 3, 2),
            [(D(2026, 3, 4), D(2026, 3, 9))],
            D(2026, 3, 19),
            3,
        ),
        # a working-day pause over a weekend only costs nothing
        (
            "letter_handling",
            D(2026, 3, 2),
            [(D(2026, 3, 6), D(2026, 3, 8))],
            D(2026, 3, 16),
            0,
        ),
    ],
)
def test_paused_days_do_not_count(step, received_on, pauses, expected, paused_days):
    deadline = compute_due(
        step, received_on, pauses=[Pause(paused_on=p, resumed_on=r) for p, r in pauses]
    )
    assert deadline.due_on == expected
    assert deadline.paused_days == paused_days


def test_a_pause_that_resumes_before_it_starts_is_refused():
    with pytest.raises(DeadlineError) as caught:
        compute_due(
            "letter_handling",
            D(2026, 3, 2),
            pauses=[Pause(paused_on=D(2026, 3, 9), resumed_on=D(2026, 3, 4))],
        )
    assert caught.value.code == "invalid_pause"


@pytest.mark.parametrize(
    ("due_on", "on", "completed_on", "expected"),
    [
        (D(2026, 3, 6), D(2026, 3, 3), None, DeadlineStatus.ON_TIME),  # 3 wd left
        (D(2026, 3, 6), D(2026, 3, 4), None, DeadlineStatus.DUE_SOON),  # 2 wd left
        (D(2026, 3, 6), D(2026, 3, 6), None, DeadlineStatus.DUE_SOON),  # due today
        (D(2026, 3, 6), D(2026, 3, 7), None, DeadlineStatus.OVERDUE),
        # across Tết: 10 calendar days away but 1 working day left (Mon 23/02)
        (D(2026, 2, 23), D(2026, 2, 13), None, DeadlineStatus.DUE_SOON),
        (D(2026, 2, 23), D(2026, 2, 12), None, DeadlineStatus.DUE_SOON),  # Fri 13, Mon 23
        (D(2026, 2, 23), D(2026, 2, 11), None, DeadlineStatus.ON_TIME),
        # completed: judged on the completion day
        (D(2026, 3, 6), D(2026, 3, 20), D(2026, 3, 6), DeadlineStatus.ON_TIME),
        (D(2026, 3, 6), D(2026, 3, 2), D(2026, 3, 9), DeadlineStatus.OVERDUE),
    ],
)
def test_status(due_on, on, completed_on, expected):
    assert status(due_on, on=on, completed_on=completed_on) == expected


def test_status_of_a_deadline_and_the_due_soon_setting(settings):
    deadline = compute_due("letter_handling", D(2026, 2, 13))  # Fri 06/03/2026
    assert status(deadline, on=D(2026, 3, 2)) == DeadlineStatus.ON_TIME  # 4 wd left
    settings.DEADLINE_DUE_SOON_WORKING_DAYS = 5
    assert status(deadline, on=D(2026, 3, 2)) == DeadlineStatus.DUE_SOON


@pytest.mark.parametrize(
    ("step", "received_on", "rule_set", "days", "expected"),
    [
        # 10 wd from Tue 30/06/2026: Wed 01/07 … Tue 14/07
        ("complaint_acceptance_first", D(2026, 6, 30), "base_2023", 10, D(2026, 7, 14)),
        # 7 wd from Wed 01/07/2026: Thu 02 … Fri 10/07
        ("complaint_acceptance_first", D(2026, 7, 1), "law_136_2025", 7, D(2026, 7, 10)),
        ("complaint_acceptance_second", D(2026, 6, 30), "base_2023", 10, D(2026, 7, 14)),
        ("complaint_acceptance_second", D(2026, 7, 1), "law_136_2025", 7, D(2026, 7, 10)),
        # steps the new law did not change stay with the base set
        ("letter_handling", D(2026, 7, 1), "base_2023", 10, D(2026, 7, 15)),
    ],
)
def test_a_later_rule_set_times_only_cases_received_from_its_date(
    step, received_on, rule_set, days, expected
):
    deadline = compute_due(step, received_on)
    assert (deadline.rule.rule_set_code, deadline.days, deadline.due_on) == (
        rule_set,
        days,
        expected,
    )


def test_the_rule_in_force_does_not_depend_on_today():
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=UTC), tick=False):
        deadline = compute_due("complaint_acceptance_first", D(2026, 6, 30))
    assert deadline.rule.rule_set_code == "base_2023"
    assert deadline.due_on == D(2026, 7, 14)


def test_the_law_136_rules_carry_their_basis_and_caveat():
    deadline = compute_due("complaint_acceptance_first", D(2026, 7, 1))
    assert "136/2025/QH15" in deadline.legal_basis
    assert "Điều 27" in deadline.legal_basis
    assert "NĐ 155/2026, to confirm against the official text" in deadline.rule.note


def test_a_rule_set_added_later_changes_only_later_cases():
    # given an administrator's rule set from 01/01/2027 with a shorter letter handling and a
    # new step
    rule_set = DeadlineRuleSet.objects.create(
        code="test_2027",
        name="Bộ quy tắc thử nghiệm 2027",
        effective_from=D(2027, 1, 1),
        legal_basis="Văn bản thử nghiệm",
    )
    DeadlineRule.objects.create(
        rule_set=rule_set,
        step="letter_handling",
        step_name="Xử lý đơn",
        days=5,
        unit=DeadlineUnit.WORKING,
        legal_basis="Văn bản thử nghiệm, Điều 1",
    )
    DeadlineRule.objects.create(
        rule_set=rule_set,
        step="personal_data_request",
        step_name="Trả lời yêu cầu về dữ liệu cá nhân",
        days=2,
        unit=DeadlineUnit.WORKING,
        legal_basis="Văn bản thử nghiệm, Điều 2",
    )
    # then a letter received Thu 31/12/2026 keeps 10 wd: Fri 01/01 off, Mon 04 … Fri 15/01/2027
    before = compute_due("letter_handling", D(2026, 12, 31))
    assert (before.rule.rule_set_code, before.due_on) == ("base_2023", D(2027, 1, 15))
    # and one received Mon 04/01/2027 takes 5 wd: Tue 05 … Mon 11/01/2027
    after = compute_due("letter_handling", D(2027, 1, 4))
    assert (after.rule.rule_set_code, after.due_on) == ("test_2027", D(2027, 1, 11))
    # and the other steps keep their rule: 7 wd from Mon 04/01/2027 = Wed 13/01/2027
    acceptance = compute_due("complaint_acceptance_first", D(2027, 1, 4))
    assert (acceptance.rule.rule_set_code, acceptance.due_on) == ("law_136_2025", D(2027, 1, 13))
    # and the new step exists only for cases from its date
    assert compute_due("personal_data_request", D(2027, 1, 4)).due_on == D(2027, 1, 6)
    with pytest.raises(DeadlineError) as caught:
        compute_due("personal_data_request", D(2026, 12, 31))
    assert caught.value.code == DeadlineErrorCode.NO_RULE_IN_FORCE


@time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=UTC), tick=False)
def test_admin_adds_a_rule_set_without_a_release(admin_client):
    try:
        url = reverse("admin:core_deadlineruleset_add")
    except NoReverseMatch:  # pragma: no cover - until core/admin.py imports admin_calendar
        pytest.skip("the admin pages of core.admin_calendar are not in the URLconf")
    response = admin_client.post(url, _rule_set_form("admin_2027", D(2027, 1, 1), days="5"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert compute_due("letter_handling", D(2027, 1, 4)).rule.rule_set_code == "admin_2027"
    assert compute_due("letter_handling", D(2026, 12, 31)).rule.rule_set_code == "base_2023"


@time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=UTC), tick=False)
def test_admin_explains_a_bad_rule_in_vietnamese(admin_client):
    try:
        url = reverse("admin:core_deadlineruleset_add")
    except NoReverseMatch:  # pragma: no cover
        pytest.skip("the admin pages of core.admin_calendar are not in the URLconf")
    form = _rule_set_form("admin_bad", D(2027, 1, 1), days="10", complex_days="5")
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "không được ngắn hơn thời hạn thông thường" in response.content.decode()
    # a step that another set taking effect the same day defines
    response = admin_client.post(url, _rule_set_form("admin_2027", D(2027, 1, 1), days="5"))
    assert response.status_code == 302
    form = _rule_set_form("admin_clash", D(2027, 1, 1), days="7")
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "đã có trong bộ quy tắc “admin_2027”" in response.content.decode()
    assert not DeadlineRuleSet.objects.filter(code__in=["admin_bad", "admin_clash"]).exists()


@time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=UTC), tick=False)
def test_admin_cannot_backdate_or_change_a_rule_set_in_force(admin_client):
    url = reverse("admin:core_deadlineruleset_add")
    # Today is 25/11/2026: a set dated in the past is refused.
    response = admin_client.post(url, _rule_set_form("admin_past", D(2026, 7, 1), days="5"))
    assert response.status_code == 200
    assert "Ngày hiệu lực phải sau hôm nay" in response.content.decode()
    assert not DeadlineRuleSet.objects.filter(code="admin_past").exists()
    in_force = DeadlineRuleSet.objects.get(code="base_2023")
    change = reverse("admin:core_deadlineruleset_change", args=[in_force.pk])
    form = _rule_set_form("base_2023", D(2023, 7, 1), days="1")
    response = admin_client.post(change, form)
    assert response.status_code == 403
    delete = reverse("admin:core_deadlineruleset_delete", args=[in_force.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert compute_due("letter_handling", D(2026, 2, 13)).due_on == D(2026, 3, 6)


def _rule_set_form(code, effective_from, *, days, step="letter_handling", complex_days=""):
    return {
        "code": code,
        "name": "Bộ quy tắc nhập trong trang quản trị",
        "effective_from": f"{effective_from:%d/%m/%Y}",
        "legal_basis": "Văn bản thử nghiệm",
        "notes": "",
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
        "rules-0-step": step,
        "rules-0-step_name": "Bước thử nghiệm",
        "rules-0-days": days,
        "rules-0-unit": "working",
        "rules-0-complex_days": complex_days,
        "rules-0-max_extensions": "0",
        "rules-0-max_extensions_complex": "0",
        "rules-0-max_extensions_especially_complex": "0",
        "rules-0-legal_basis": "Văn bản thử nghiệm, Điều 1",
        "rules-0-note": "",
        "_save": "Lưu",
    }


def test_rule_validation_speaks_vietnamese():
    rule = DeadlineRule(
        rule_set=DeadlineRuleSet.objects.get(code="base_2023"),
        step="new_step",
        step_name="Bước mới",
        days=30,
        complex_days=20,
        max_extensions=1,
        max_extensions_complex=0,
        legal_basis="Điều 1",
    )
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    errors = caught.value.message_dict
    assert "không được ngắn hơn thời hạn thông thường" in errors["complex_days"][0]
    assert "phải nhập số ngày mỗi lần gia hạn" in errors["extension_days"][0]
    assert "ít lần hơn" in errors["max_extensions_complex"][0]


def test_unknown_step_and_dates_before_any_rule_set():
    with pytest.raises(DeadlineError) as caught:
        compute_due("no_such_step", D(2026, 1, 5))
    assert caught.value.code == DeadlineErrorCode.UNKNOWN_STEP
    assert "no_such_step" in caught.value.message
    with pytest.raises(DeadlineError) as caught:
        compute_due("letter_handling", D(2023, 6, 30))
    assert caught.value.code == DeadlineErrorCode.NO_RULE_IN_FORCE
    assert "30/06/2023" in caught.value.message
    with pytest.raises(DeadlineError) as caught:
        compute_due("letter_handling", D(2026, 1, 5), complexity="rat_phuc_tap")
    assert caught.value.code == DeadlineErrorCode.INVALID_COMPLEXITY
    with pytest.raises(DeadlineError) as caught:
        compute_due("letter_handling", D(2100, 12, 30))
    assert caught.value.code == DeadlineErrorCode.OUT_OF_CALENDAR


def test_the_deadline_records_how_it_was_obtained():
    deadline = compute_due(
        "denunciation_resolution",
        D(2026, 2, 20),
        start_on=D(2026, 3, 2),
        complexity=COMPLEX,
        extensions=1,
    )
    assert deadline.due_on == D(2026, 5, 4)
    assert deadline.received_on == D(2026, 2, 20)
    assert deadline.start_on == D(2026, 3, 2)
    assert deadline.rule.step == "denunciation_resolution"
    assert deadline.rule.unit == DeadlineUnit.CALENDAR == deadline.unit
    assert deadline.rule.days == 30
    assert "Luật Tố cáo 2018, Điều 30" in deadline.legal_basis
    assert deadline.rule_set_code == "base_2023"
    # the period ends at the end of its last day, local time
    assert deadline.due_at == datetime(2026, 5, 5, 0, 0, tzinfo=deadline.due_at.tzinfo)
    assert deadline.due_at.utcoffset() == timedelta(hours=7)


def test_aware_datetimes_are_read_as_local_dates():
    # 18:00 UTC on Sun 01/03/2026 is 01:00 on Mon 02/03 in Vietnam: 10 wd → Mon 16/03
    received_at = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    assert compute_due("letter_handling", received_at).due_on == D(2026, 3, 16)


def test_receipt_on_a_rest_day_can_count_from_the_next_working_day(settings):
    # Sun 22/02/2026 + 10 wd: by default Mon 23/02 is the first day → Fri 06/03
    assert compute_due("letter_handling", D(2026, 2, 22)).due_on == D(2026, 3, 6)
    settings.DEADLINE_START_NEXT_WORKING_DAY = True
    # the receipt counts as Mon 23/02, the first day is Tue 24/02 → Mon 09/03
    assert compute_due("letter_handling", D(2026, 2, 22)).due_on == D(2026, 3, 9)
    # a receipt on a working day is unchanged
    assert compute_due("letter_handling", D(2026, 2, 13)).due_on == D(2026, 3, 6)


def test_a_saved_rule_is_used_at_once():
    assert compute_due("mediation_start", D(2025, 4, 4)).due_on == D(2025, 4, 8)
    rule = DeadlineRule.objects.get(rule_set__code="base_2023", step="mediation_start")
    rule.days = 5
    rule.save()
    # 5 days from Fri 04/04/2025 = Wed 09/04
    assert compute_due("mediation_start", D(2025, 4, 4)).due_on == D(2025, 4, 9)


def test_steps_in_force_and_rule_sets():
    codes = [rule_set.code for rule_set in deadlines.rule_sets()]
    assert codes[:2] == ["base_2023", "law_136_2025"]
    before = {info.step: info.rule for info in deadlines.steps_in_force(D(2026, 6, 30))}
    after = {info.step: info.rule for info in deadlines.steps_in_force(D(2026, 7, 1))}
    assert len(before) >= 18
    assert before["complaint_acceptance_first"].rule_set_code == "base_2023"
    assert after["complaint_acceptance_first"].rule_set_code == "law_136_2025"
    assert after["letter_handling"].rule_set_code == "base_2023"
    for rule in after.values():
        assert "Điều" in rule.legal_basis


def test_a_warm_engine_makes_no_query(django_assert_num_queries):
    compute_due("letter_handling", D(2026, 1, 5))
    with django_assert_num_queries(0):
        for offset in range(500):
            day = D.fromordinal(D(2025, 1, 1).toordinal() + offset)
            deadline = compute_due("denunciation_resolution", day, complexity=COMPLEX, extensions=1)
            status(deadline, on=day)
            compute_due("complaint_acceptance_first", day, remote=True)


def test_the_rule_seed_migration_is_idempotent_and_reversible():
    migration = importlib.import_module("danvan.core.migrations.0006_fill_deadline_rules")
    migration.seed(django_apps, None)
    assert DeadlineRule.objects.filter(rule_set__code="base_2023").count() == 18
    assert DeadlineRule.objects.filter(rule_set__code="law_136_2025").count() == 2
    migration.unseed(django_apps, None)
    assert not DeadlineRuleSet.objects.filter(code__in=["base_2023", "law_136_2025"]).exists()
    with pytest.raises(DeadlineError):
        compute_due("letter_handling", D(2026, 1, 5))
    migration.seed(django_apps, None)
    assert compute_due("letter_handling", D(2026, 1, 5)).rule.rule_set_code == "base_2023"

"""``danvan deadline``: the due date, the rule and its basis; clear errors in Vietnamese."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.core import deadlines
from tests.core.test_working_days import ensure_seed_data


@pytest.fixture(autouse=True)
def deadline_data(db):
    ensure_seed_data()
    deadlines.reset()
    yield
    deadlines.reset()


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


def test_prints_the_due_date_rule_and_basis():
    # Fri 13/02/2026 + 10 working days across Tết → Fri 06/03/2026
    output = run("letter_handling", "13/02/2026")
    assert "Hạn: Thứ Sáu 06/03/2026" in output
    assert "letter_handling" in output
    assert "base_2023" in output
    assert "10 ngày làm việc" in output
    assert "Luật Tiếp công dân 2013, Điều 28" in output
    assert "Tết Nguyên đán Bính Ngọ" in output  # the rest days it skipped


def test_variants_and_extensions():
    # accepted Mon 02/03/2026, especially complex, 2 extensions: 90 days = Sun 31/05 → Mon 01/06
    output = run(
        "denunciation_resolution", "02/03/2026", "--especially-complex", "--extensions", "2"
    )
    assert "Hạn: Thứ Hai 01/06/2026" in output
    assert "Gia hạn: 2 lần" in output
    assert "Luật Tố cáo 2018, Điều 30" in output
    # remote complex first complaint accepted Mon 05/01/2026: 60 days = Fri 06/03/2026
    output = run("complaint_resolution_first", "2026-01-05", "--remote", "--complex")
    assert "Hạn: Thứ Sáu 06/03/2026" in output
    assert "60 ngày" in output
    assert "vùng sâu, vùng xa, phức tạp" in output


def test_received_on_chooses_the_rule_set():
    # accepted 01/07/2026 for a case received 30/06/2026: the base rule (10 wd) → Wed 15/07
    output = run("complaint_acceptance_first", "01/07/2026", "--received-on", "30/06/2026")
    assert "Hạn: Thứ Tư 15/07/2026" in output
    assert "base_2023" in output
    output = run("complaint_acceptance_first", "01/07/2026")
    assert "Hạn: Thứ Sáu 10/07/2026" in output
    assert "law_136_2025" in output


def test_list_shows_steps_and_the_sets_they_come_from():
    with time_machine.travel(datetime(2026, 11, 25, 2, tzinfo=UTC), tick=False):
        output = run("--list")
    assert "base_2023" in output
    assert "law_136_2025" in output
    assert "complaint_acceptance_first: Thụ lý khiếu nại lần đầu – 7 ngày làm việc" in output
    assert "[bộ law_136_2025]" in output
    assert "letter_handling" in output
    with time_machine.travel(datetime(2026, 6, 30, 2, tzinfo=UTC), tick=False):
        output = run("--list")
    assert "complaint_acceptance_first: Thụ lý khiếu nại lần đầu – 10 ngày làm việc" in output
    assert "chưa có hiệu lực" in output
    output = run("--list", "--on", "01/07/2026")
    assert "7 ngày làm việc [bộ law_136_2025]" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no_such_step", "01/01/2026"), "Không có quy tắc thời hạn cho bước “no_such_step”"),
        (("letter_handling", "31/02/2026"), "không phải là ngày có thật"),
        (("letter_handling", "hôm qua"), "hãy viết theo dạng ngày/tháng/năm"),
        (("denunciation_resolution", "02/03/2026", "--extensions", "1"), "tối đa 0 lần"),
        (
            ("denunciation_resolution", "02/03/2026", "--complex", "--extensions", "2"),
            "tối đa 1 lần",
        ),
        (
            ("denunciation_resolution", "02/03/2026", "--complex", "--especially-complex"),
            "Chỉ chọn một trong hai",
        ),
        (("letter_handling", "02/03/2026", "--extensions", "hai"), "phải là một số nguyên"),
        (("letter_handling",), "Thiếu tham số"),
        (("letter_handling", "30/06/2023"), "Chưa có bộ quy tắc thời hạn nào có hiệu lực"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)

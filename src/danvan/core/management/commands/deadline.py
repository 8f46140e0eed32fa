"""``danvan deadline``: compute a due date, or list the steps and the rule sets in force.

danvan deadline letter_handling 13/02/2026
danvan deadline denunciation_resolution 01/04/2026 --complex --extensions 1
danvan deadline complaint_acceptance_first 01/07/2026 --received-on 30/06/2026
danvan deadline --list [--on 01/07/2026]
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danvan.core import deadlines
from danvan.core.deadline_models import Complexity
from danvan.core.deadlines import VARIANT_LABELS, DeadlineError
from danvan.core.working_days import WEEKDAY_NAMES, CalendarRangeError, get_calendar

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str, what: str) -> dt.date:
    """A date written dd/mm/yyyy (or yyyy-mm-dd), else a CommandError in Vietnamese."""
    value = text.strip()
    match = _DMY.match(value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        match = _ISO.match(value)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise CommandError(f"{what} “{text}” không phải là ngày có thật.") from None
    raise CommandError(
        f"{what} “{text}” không hợp lệ: hãy viết theo dạng ngày/tháng/năm, ví dụ 13/02/2026."
    )


def show(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {day:%d/%m/%Y}"


def days_text(count: int, unit_label: str) -> str:
    return f"{count} {unit_label}"


class Command(BaseCommand):
    help = (
        "Tính hạn xử lý của một bước theo quy tắc thời hạn và lịch ngày làm việc, "
        "hoặc liệt kê các bước (--list)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("step", nargs="?", help="mã bước, ví dụ letter_handling")
        parser.add_argument(
            "start_date", nargs="?", help="ngày xảy ra sự kiện (tiếp nhận, thụ lý…), dd/mm/yyyy"
        )
        parser.add_argument(
            "--received-on",
            help="ngày tiếp nhận hồ sơ, chọn bộ quy tắc (mặc định: START_DATE)",
        )
        parser.add_argument("--remote", action="store_true", help="vùng sâu, vùng xa")
        parser.add_argument("--complex", action="store_true", help="vụ việc phức tạp")
        parser.add_argument(
            "--especially-complex", action="store_true", help="vụ việc đặc biệt phức tạp"
        )
        parser.add_argument("--extensions", default="0", help="số lần gia hạn đã cho phép")
        parser.add_argument("--list", action="store_true", help="liệt kê các bước và bộ quy tắc")
        parser.add_argument(
            "--on", help="với --list: ngày tiếp nhận để xem quy tắc áp dụng (mặc định: hôm nay)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list(options)
            return
        if not options["step"] or not options["start_date"]:
            raise CommandError(
                "Thiếu tham số: danvan deadline MÃ_BƯỚC NGÀY_BẮT_ĐẦU [--remote] "
                "[--complex | --especially-complex] [--extensions N], hoặc danvan deadline --list."
            )
        if options["complex"] and options["especially_complex"]:
            raise CommandError(
                "Chỉ chọn một trong hai: --complex (phức tạp) hoặc --especially-complex "
                "(đặc biệt phức tạp)."
            )
        start_on = parse_date(options["start_date"], "Ngày bắt đầu")
        received_on = (
            parse_date(options["received_on"], "Ngày tiếp nhận")
            if options["received_on"]
            else start_on
        )
        try:
            extensions = int(str(options["extensions"]).strip())
        except ValueError:
            raise CommandError(
                f"Số lần gia hạn “{options['extensions']}” phải là một số nguyên."
            ) from None
        if extensions < 0:
            raise CommandError("Số lần gia hạn không được âm.")
        complexity = Complexity.NORMAL
        if options["complex"]:
            complexity = Complexity.COMPLEX
        elif options["especially_complex"]:
            complexity = Complexity.ESPECIALLY_COMPLEX
        try:
            deadline = deadlines.compute_due(
                options["step"],
                received_on,
                start_on=start_on,
                remote=options["remote"],
                complexity=complexity,
                extensions=extensions,
            )
        except DeadlineError as exc:
            raise CommandError(exc.message) from exc
        self._print_deadline(deadline, complexity, remote=options["remote"])

    def _print_deadline(
        self, deadline: deadlines.Deadline, complexity: Complexity, *, remote: bool
    ) -> None:
        rule = deadline.rule
        unit = str(rule.unit.label)
        out = self.stdout.write
        out(f"Hạn: {show(deadline.due_on)}")
        out(f"Bước: {rule.step} – {rule.step_name}")
        out(
            f"Tính từ: ngày sau {show(deadline.start_on)} "
            f"(tiếp nhận {deadline.received_on:%d/%m/%Y})"
        )
        out(
            f"Bộ quy tắc: {rule.rule_set_code} – {rule.rule_set_name} "
            f"(có hiệu lực từ {rule.effective_from:%d/%m/%Y})"
        )
        case = str(complexity.label) + (", vùng sâu, vùng xa" if remote else "")
        out(
            f"Thời hạn: {days_text(deadline.days, unit)} (mức áp dụng: "
            f"{VARIANT_LABELS[deadline.variant]}); hồ sơ: {case}"
        )
        if deadline.extensions:
            out(
                f"Gia hạn: {deadline.extensions} lần × "
                f"{days_text(rule.extension_days or 0, unit)}; tổng "
                f"{days_text(deadline.total_days, unit)}"
            )
        calendar = get_calendar()
        last_day = deadline.due_on
        if not rule.is_working:
            last_day = deadline.start_on + dt.timedelta(days=deadline.total_days)
            if last_day != deadline.due_on:
                out(
                    f"Ngày cuối {show(last_day)} là ngày nghỉ ({calendar.describe(last_day)}): "
                    f"hạn chuyển sang ngày làm việc tiếp theo."
                )
        try:
            special = calendar.special_days(deadline.start_on, deadline.due_on)
        except CalendarRangeError:
            special = []
        if special:
            out(
                "Ngày lễ, nghỉ, làm bù trong khoảng: "
                + "; ".join(
                    f"{show(day)} {'làm việc' if working else 'nghỉ'} ({reason})"
                    for day, working, reason in special
                )
            )
        out(f"Căn cứ pháp lý: {rule.legal_basis}")
        if rule.note:
            out(f"Ghi chú: {rule.note}")

    def _list(self, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        on = parse_date(options["on"], "Ngày") if options["on"] else today
        out = self.stdout.write
        sets = deadlines.rule_sets()
        out("Bộ quy tắc thời hạn:")
        for rule_set in sets:
            state = "đã có hiệu lực" if rule_set.effective_from <= on else "chưa có hiệu lực"
            out(
                f"  {rule_set.code}: {rule_set.name} – từ {rule_set.effective_from:%d/%m/%Y} "
                f"({state}; {len(rule_set.steps)} bước)"
            )
        out("")
        out(f"Các bước, theo quy tắc áp dụng cho hồ sơ tiếp nhận ngày {on:%d/%m/%Y}:")
        for info in deadlines.steps_in_force(on):
            if info.rule is None:
                out(f"  {info.step}: {info.step_name} – chưa có quy tắc có hiệu lực")
                continue
            rule = info.rule
            out(
                f"  {info.step}: {info.step_name} – {rule.days} {rule.unit.label} "
                f"[bộ {rule.rule_set_code}]"
            )

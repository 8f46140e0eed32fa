"""Seed the calendar overrides with the official days off of state bodies, 2025–2026.

Source: docs reference vn-legal.md §13 (TB 6150/TB-BLĐTBXH for 2025; Công văn
12729/VPCP-KGVX of 25/12/2025 for New Year 2026; Labour Code 2019 Art. 111–112).  Every day
of that table is stored, including those the ``holidays`` package already knows, so the
2025–2026 calendar does not depend on the package's version.  Tết 2027 is not decided yet:
an administrator enters it when it is announced.

Existing rows for the same dates are left alone; the reverse removes only the seeded rows
that nobody has edited (same kind and reason, no creator).
"""

from django.db import migrations

BLLD_112 = "Bộ luật Lao động 2019, Điều 112"
BLLD_111 = "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)"
TB_6150 = "Thông báo 6150/TB-BLĐTBXH (lịch nghỉ Tết Âm lịch, 30/4, 1/5 năm 2025); " + BLLD_112
VPCP_12729 = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 (nghỉ Tết Dương lịch 2026); " + BLLD_112
QK_2026 = "Lịch nghỉ Quốc khánh 2026 do Bộ Nội vụ công bố; " + BLLD_112

# (date, kind, reason, legal basis)
OVERRIDES = [
    ("2025-01-01", "day_off", "Tết Dương lịch", BLLD_112),
    ("2025-01-27", "day_off", "Tết Nguyên đán Ất Tỵ (trước giao thừa)", TB_6150),
    ("2025-01-28", "day_off", "Tết Nguyên đán Ất Tỵ (giao thừa)", TB_6150),
    ("2025-01-29", "day_off", "Tết Nguyên đán Ất Tỵ (mùng 1)", TB_6150),
    ("2025-01-30", "day_off", "Tết Nguyên đán Ất Tỵ (mùng 2)", TB_6150),
    ("2025-01-31", "day_off", "Tết Nguyên đán Ất Tỵ (mùng 3)", TB_6150),
    ("2025-04-07", "day_off", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", BLLD_112),
    ("2025-04-26", "working_day", "Thứ Bảy làm bù cho ngày nghỉ 02/05/2025", TB_6150),
    ("2025-04-30", "day_off", "Ngày Chiến thắng (30/4)", BLLD_112),
    ("2025-05-01", "day_off", "Ngày Quốc tế Lao động (1/5)", BLLD_112),
    ("2025-05-02", "day_off", "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)", TB_6150),
    ("2025-09-01", "day_off", "Quốc khánh (ngày liền kề)", BLLD_112),
    ("2025-09-02", "day_off", "Quốc khánh (2/9)", BLLD_112),
    ("2026-01-01", "day_off", "Tết Dương lịch", BLLD_112),
    ("2026-01-02", "day_off", "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)", VPCP_12729),
    ("2026-01-10", "working_day", "Thứ Bảy làm bù cho ngày nghỉ 02/01/2026", VPCP_12729),
    ("2026-02-16", "day_off", "Tết Nguyên đán Bính Ngọ (giao thừa)", BLLD_112),
    ("2026-02-17", "day_off", "Tết Nguyên đán Bính Ngọ (mùng 1)", BLLD_112),
    ("2026-02-18", "day_off", "Tết Nguyên đán Bính Ngọ (mùng 2)", BLLD_112),
    ("2026-02-19", "day_off", "Tết Nguyên đán Bính Ngọ (mùng 3)", BLLD_112),
    ("2026-02-20", "day_off", "Tết Nguyên đán Bính Ngọ (mùng 4)", BLLD_112),
    ("2026-04-26", "day_off", "Giỗ Tổ Hùng Vương (10/3 âm lịch, trùng Chủ nhật)", BLLD_112),
    ("2026-04-27", "day_off", "Nghỉ bù Giỗ Tổ Hùng Vương", BLLD_111),
    ("2026-04-30", "day_off", "Ngày Chiến thắng (30/4)", BLLD_112),
    ("2026-05-01", "day_off", "Ngày Quốc tế Lao động (1/5)", BLLD_112),
    ("2026-08-22", "working_day", "Thứ Bảy làm bù cho ngày nghỉ 31/08/2026", QK_2026),
    ("2026-08-31", "day_off", "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)", QK_2026),
    ("2026-09-01", "day_off", "Quốc khánh (ngày liền kề)", BLLD_112),
    ("2026-09-02", "day_off", "Quốc khánh (2/9)", BLLD_112),
    (
        "2026-11-24",
        "day_off",
        "Ngày Văn hóa Việt Nam (likely: khả năng cao, cần xác nhận văn bản chính thức)",
        "Nghị quyết 80-NQ/TW (01/2026); được cho là đã ban hành bằng nghị quyết của Quốc hội, "
        "hiệu lực 01/07/2026 (chưa đối chiếu văn bản)",
    ),
]


def seed(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    for day, kind, reason, legal_basis in OVERRIDES:
        CalendarOverride.objects.get_or_create(
            date=day, defaults={"kind": kind, "reason": reason, "legal_basis": legal_basis}
        )


def unseed(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    for day, kind, reason, _legal_basis in OVERRIDES:
        CalendarOverride.objects.filter(
            date=day, kind=kind, reason=reason, created_by__isnull=True
        ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_calendar_override"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]

"""Seed the deadline rules: the base rule set and the changes of Luật 136/2025/QH15.

Sources: docs/subsystems/deadlines.md, DOMAIN.md ("Legal rules") and the reference note
vn-legal.md §1.1, §2.1, §3.2, §4, §6.2, §6.7.

* ``base_2023``: the laws as consolidated before the 2025–2026 amendments.  It takes effect on
  01/07/2023, the day the newest of its sources (Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15)
  took effect, so every rule in it was in force from that day.  Older cases need an older
  rule set, which an administrator can add.
* ``law_136_2025``: from 01/07/2026, complaint acceptance becomes 7 working days.

Existing rule sets with the same codes are left alone; the reverse deletes the two sets.
"""

import datetime

from django.db import migrations

RULE_SETS = [
    {
        "code": "base_2023",
        "name": "Quy định hiện hành trước Luật 136/2025/QH15",
        "effective_from": datetime.date(2023, 7, 1),
        "legal_basis": (
            "Luật Khiếu nại 02/2011/QH13; Luật Tố cáo 25/2018/QH14; Luật Tiếp công dân "
            "42/2013/QH13; Nghị định 124/2020/NĐ-CP; Nghị định 31/2019/NĐ-CP; Thông tư "
            "07/2013/TT-TTCP; Thông tư 05/2021/TT-TTCP; Nghị định 20/2008/NĐ-CP (sửa đổi bởi "
            "Nghị định 48/2013/NĐ-CP); Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15; Luật Hòa "
            "giải ở cơ sở 35/2013/QH13; Bộ luật Dân sự 2015, Điều 144–148 (cách tính thời hạn)."
        ),
        "notes": (
            "Ngày hiệu lực 01/07/2023 là ngày văn bản mới nhất trong bộ (Luật Thực hiện dân chủ "
            "ở cơ sở) có hiệu lực. Hồ sơ tiếp nhận trước ngày này cần một bộ quy tắc cũ hơn do "
            "quản trị viên bổ sung."
        ),
        "rules": [
            {
                "step": "letter_handling",
                "step_name": "Xử lý đơn (phân loại, xử lý đơn thư)",
                "days": 10,
                "unit": "working",
                "legal_basis": (
                    "Thông tư 05/2021/TT-TTCP (quy trình xử lý đơn); Luật Tiếp công dân 2013, "
                    "Điều 28 khoản 1"
                ),
                "note": (
                    "Điều khoản cụ thể của Thông tư 05/2021/TT-TTCP cần đối chiếu văn bản; "
                    "thời hạn 10 ngày làm việc trùng với thông báo kết quả xử lý ban đầu "
                    "(Luật Tiếp công dân Điều 28)."
                ),
            },
            {
                "step": "complaint_acceptance_first",
                "step_name": "Thụ lý khiếu nại lần đầu",
                "days": 10,
                "unit": "working",
                "legal_basis": (
                    "Luật Khiếu nại 2011, Điều 27; Thông tư 07/2013/TT-TTCP, Điều 5 (10 ngày "
                    "làm việc); Nghị định 124/2020/NĐ-CP"
                ),
                "note": "Luật ghi “10 ngày”; hướng dẫn tính theo ngày làm việc.",
            },
            {
                "step": "complaint_acceptance_second",
                "step_name": "Thụ lý khiếu nại lần hai",
                "days": 10,
                "unit": "working",
                "legal_basis": (
                    "Luật Khiếu nại 2011, Điều 36; Thông tư 07/2013/TT-TTCP, Điều 5 (10 ngày "
                    "làm việc); Nghị định 124/2020/NĐ-CP"
                ),
                "note": "Luật ghi “10 ngày”; hướng dẫn tính theo ngày làm việc.",
            },
            {
                "step": "complaint_resolution_first",
                "step_name": "Giải quyết khiếu nại lần đầu",
                "days": 30,
                "unit": "calendar",
                "remote_days": 45,
                "complex_days": 45,
                "remote_complex_days": 60,
                "legal_basis": "Luật Khiếu nại 2011, Điều 28",
                "note": (
                    "Tính từ ngày thụ lý. Luật không quy định riêng vụ việc đặc biệt phức tạp: "
                    "dùng thời hạn của vụ việc phức tạp."
                ),
            },
            {
                "step": "complaint_second_filing",
                "step_name": "Thời hạn khiếu nại lần hai",
                "days": 30,
                "unit": "calendar",
                "remote_days": 45,
                "legal_basis": "Luật Khiếu nại 2011, Điều 33 khoản 1",
                "note": (
                    "Tính từ ngày hết thời hạn giải quyết lần đầu mà khiếu nại không được giải "
                    "quyết, hoặc từ ngày nhận được quyết định giải quyết lần đầu."
                ),
            },
            {
                "step": "complaint_resolution_second",
                "step_name": "Giải quyết khiếu nại lần hai",
                "days": 45,
                "unit": "calendar",
                "remote_days": 60,
                "complex_days": 60,
                "remote_complex_days": 70,
                "legal_basis": "Luật Khiếu nại 2011, Điều 37",
                "note": "Tính từ ngày thụ lý.",
            },
            {
                "step": "complaint_limitation",
                "step_name": "Thời hiệu khiếu nại",
                "days": 90,
                "unit": "calendar",
                "legal_basis": "Luật Khiếu nại 2011, Điều 9",
                "note": (
                    "Tính từ ngày nhận được hoặc biết được quyết định, hành vi hành chính. Thời "
                    "gian có trở ngại khách quan không tính vào thời hiệu (ghi nhận như tạm dừng)."
                ),
            },
            {
                "step": "complaint_decision_sending",
                "step_name": "Gửi quyết định giải quyết khiếu nại lần đầu",
                "days": 3,
                "unit": "working",
                "legal_basis": "Luật Khiếu nại 2011, Điều 32",
                "note": "Tính từ ngày ban hành quyết định.",
            },
            {
                "step": "denunciation_initial_handling",
                "step_name": "Xử lý ban đầu thông tin tố cáo",
                "days": 7,
                "unit": "working",
                "extension_days": 3,
                "max_extensions": 1,
                "max_extensions_complex": 1,
                "max_extensions_especially_complex": 1,
                "legal_basis": "Luật Tố cáo 2018, Điều 24 khoản 1",
                "note": (
                    "Được kéo dài một lần, tổng không quá 10 ngày làm việc, khi cần kiểm tra, "
                    "xác minh ở nhiều địa điểm hoặc phải ủy quyền."
                ),
            },
            {
                "step": "denunciation_forwarding",
                "step_name": "Chuyển tố cáo không thuộc thẩm quyền",
                "days": 5,
                "unit": "working",
                "legal_basis": "Luật Tố cáo 2018, Điều 24 khoản 2",
                "note": "Đồng thời thông báo cho người tố cáo.",
            },
            {
                "step": "denunciation_acceptance_notice",
                "step_name": "Thông báo thụ lý tố cáo",
                "days": 5,
                "unit": "working",
                "legal_basis": "Luật Tố cáo 2018, Điều 29 khoản 3",
                "note": "Tính từ ngày ra quyết định thụ lý.",
            },
            {
                "step": "denunciation_resolution",
                "step_name": "Giải quyết tố cáo",
                "days": 30,
                "unit": "calendar",
                "extension_days": 30,
                "max_extensions": 0,
                "max_extensions_complex": 1,
                "max_extensions_especially_complex": 2,
                "legal_basis": (
                    "Luật Tố cáo 2018, Điều 30 (khoản 1: 30 ngày; khoản 2: gia hạn một lần; "
                    "khoản 3: gia hạn hai lần); tiêu chí phức tạp: Nghị định 31/2019/NĐ-CP, "
                    "Điều 3"
                ),
                "note": (
                    "Tính từ ngày thụ lý. Mỗi lần gia hạn không quá 30 ngày, bằng quyết định "
                    "(Mẫu 01, Nghị định 31/2019/NĐ-CP)."
                ),
            },
            {
                "step": "denunciation_conclusion_sending",
                "step_name": "Gửi kết luận nội dung tố cáo",
                "days": 5,
                "unit": "working",
                "legal_basis": "Luật Tố cáo 2018, Điều 35 khoản 3",
                "note": "Gửi người bị tố cáo và cơ quan quản lý; thông báo cho người tố cáo.",
            },
            {
                "step": "denunciation_conclusion_publication",
                "step_name": "Công khai kết luận nội dung tố cáo",
                "days": 7,
                "unit": "working",
                "legal_basis": "Luật Tố cáo 2018, Điều 40",
                "note": "Không được tiết lộ thông tin về người tố cáo.",
            },
            {
                "step": "feedback_forwarding",
                "step_name": "Chuyển phản ánh, kiến nghị về quy định hành chính",
                "days": 5,
                "unit": "working",
                "legal_basis": (
                    "Nghị định 20/2008/NĐ-CP, Điều 9 (sửa đổi bởi Nghị định 48/2013/NĐ-CP)"
                ),
                "note": "Phản ánh, kiến nghị không thuộc thẩm quyền của cơ quan tiếp nhận.",
            },
            {
                "step": "reception_initial_notice",
                "step_name": "Thông báo kết quả xử lý ban đầu (tiếp công dân)",
                "days": 10,
                "unit": "working",
                "legal_basis": "Luật Tiếp công dân 2013, Điều 28 khoản 1",
                "note": "Tính từ ngày nhận đơn hoặc nội dung trình bày của công dân.",
            },
            {
                "step": "disclosure_publication",
                "step_name": "Công khai thông tin ở cơ sở",
                "days": 5,
                "unit": "working",
                "legal_basis": "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 12 khoản 3",
                "note": (
                    "Trừ khi luật chuyên ngành quy định khác. Niêm yết ít nhất 30 ngày liên tục; "
                    "phát trên hệ thống truyền thanh ít nhất 3 ngày liên tục (Điều 13)."
                ),
            },
            {
                "step": "mediation_start",
                "step_name": "Bắt đầu hòa giải ở cơ sở",
                "days": 3,
                "unit": "calendar",
                "legal_basis": "Luật Hòa giải ở cơ sở 2013, Điều 20",
                "note": (
                    "Tính từ ngày được phân công; trừ trường hợp cần hòa giải ngay hoặc các bên "
                    "có thỏa thuận khác."
                ),
            },
        ],
    },
    {
        "code": "law_136_2025",
        "name": "Luật 136/2025/QH15",
        "effective_from": datetime.date(2026, 7, 1),
        "legal_basis": (
            "Luật 136/2025/QH15 sửa đổi, bổ sung Luật Tiếp công dân, Luật Khiếu nại, Luật Tố "
            "cáo (thông qua 10/12/2025, hiệu lực 01/07/2026); Nghị định 155/2026/NĐ-CP sửa đổi "
            "Nghị định 124/2020/NĐ-CP."
        ),
        "notes": (
            "Chỉ gồm các bước thay đổi; các bước khác vẫn theo bộ base_2023. Reported by "
            "NĐ 155/2026, to confirm against the official text (cần đối chiếu văn bản chính "
            "thức trên vbpl.vn hoặc Công báo)."
        ),
        "rules": [
            {
                "step": "complaint_acceptance_first",
                "step_name": "Thụ lý khiếu nại lần đầu",
                "days": 7,
                "unit": "working",
                "legal_basis": (
                    "Luật Khiếu nại, Điều 27 (sửa đổi bởi Luật 136/2025/QH15); Nghị định "
                    "124/2020/NĐ-CP, Điều 16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP, "
                    "Điều 10"
                ),
                "note": (
                    "Reported by NĐ 155/2026, to confirm against the official text (07 ngày "
                    "làm việc; cần đối chiếu văn bản chính thức)."
                ),
            },
            {
                "step": "complaint_acceptance_second",
                "step_name": "Thụ lý khiếu nại lần hai",
                "days": 7,
                "unit": "working",
                "legal_basis": (
                    "Luật Khiếu nại, Điều 36 (sửa đổi bởi Luật 136/2025/QH15); Nghị định "
                    "124/2020/NĐ-CP, Điều 16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP, "
                    "Điều 10"
                ),
                "note": (
                    "Reported by NĐ 155/2026, to confirm against the official text (07 ngày "
                    "làm việc; cần đối chiếu văn bản chính thức)."
                ),
            },
        ],
    },
]


def seed(apps, schema_editor):
    DeadlineRuleSet = apps.get_model("core", "DeadlineRuleSet")
    DeadlineRule = apps.get_model("core", "DeadlineRule")
    for data in RULE_SETS:
        fields = {key: value for key, value in data.items() if key != "rules"}
        rule_set, created = DeadlineRuleSet.objects.get_or_create(
            code=fields.pop("code"), defaults=fields
        )
        if created:
            for rule in data["rules"]:
                DeadlineRule.objects.create(rule_set=rule_set, **rule)


def unseed(apps, schema_editor):
    DeadlineRuleSet = apps.get_model("core", "DeadlineRuleSet")
    DeadlineRuleSet.objects.filter(code__in=[data["code"] for data in RULE_SETS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_deadline_rules"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]

"""``danvan import_petitions``: import petitions from a spreadsheet, all rows or none.

danvan import_petitions don-thu.xlsx --organization ubnd-phuong-long-duc
danvan import_petitions don-thu.csv --organization ubnd-phuong-long-duc --actor tiepnhan.xa_a
danvan import_petitions don-thu.xlsx --organization ubnd-phuong-long-duc --dry-run

Without ``--actor`` the import runs as the system (no permission check, no receiving officer);
with it, the officer needs ``petitions.import_petition`` on the organization.  The report is
printed; the exit status is 1 when anything was refused (and then nothing was imported).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.organizations.models import Organization, User
from danvan.petitions import imports
from danvan.petitions.errors import PetitionError


class Command(BaseCommand):
    help = (
        "Nhập đơn từ tệp bảng tính (.xlsx, .csv UTF-8): nhập tất cả các dòng hoặc không dòng nào."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv theo mẫu nhập đơn.")
        parser.add_argument(
            "--organization", required=True, help="Mã của cơ quan tiếp nhận (Organization.code)."
        )
        parser.add_argument(
            "--actor", default="", help="Tên đăng nhập của cán bộ nhập đơn (mặc định: hệ thống)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra tệp, không lưu gì."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        organization = Organization.objects.filter(code=options["organization"]).first()
        if organization is None or not organization.is_active:
            raise CommandError(
                f"Không có cơ quan đang hoạt động mang mã “{options['organization']}”."
            )
        actor: User | None = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản đang hoạt động “{options['actor']}”.")
        problem = imports.check_file(path.name, path.stat().st_size)
        if problem:
            raise CommandError(problem)
        try:
            result = imports.petition_import(
                actor=actor,
                organization=organization,
                file_name=path.name,
                data=path.read_bytes(),
                dry_run=options["dry_run"],
            )
        except PetitionError as exc:
            raise CommandError(exc.message) from exc
        for error in result.errors:
            self.stderr.write(str(error))
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))

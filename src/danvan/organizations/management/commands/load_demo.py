"""``danvan load_demo``: the demo province (Vĩnh Long, 86) with organizations and officers."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from danvan.organizations.demo import DEMO_PASSWORD, demo_logins, load_demo_province
from danvan.units.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu Vĩnh Long (mã 86): tổ chức cấp tỉnh, cấp xã và cán bộ mẫu."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Không in danh sách tài khoản mẫu."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Không tạo dữ liệu mẫu trên hệ thống thật (DANVAN_ENV=production): các tài "
                "khoản mẫu dùng chung một mật khẩu công khai."
            )
        if not AdministrativeUnit.objects.filter(code="86").exists():
            raise CommandError(
                "Chưa có dữ liệu đơn vị hành chính. Hãy chạy `danvan load_units` trước."
            )
        started = time.perf_counter()
        summary = load_demo_province()
        self.stdout.write(
            f"Tỉnh mẫu Vĩnh Long: {summary.communes} xã, phường; thêm "
            f"{summary.organizations_created} tổ chức, {summary.officers_created} cán bộ, "
            f"{summary.memberships_created} phân công ({time.perf_counter() - started:.1f} s)."
        )
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu của mọi tài khoản: {DEMO_PASSWORD}):")
        for username, role, organization in demo_logins(summary.featured_commune):
            self.stdout.write(f"  {username:<28} {role:<32} {organization}")
        self.stdout.write(
            "  (mỗi xã, phường có các tài khoản tiepnhan., thuly., chutich., "
            "quantri., danvan., mattran., bimat. + tên không dấu, ví dụ tiepnhan.longduc)"
        )

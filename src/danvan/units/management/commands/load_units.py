"""``danvan load_units``: load the official administrative units (danh mục đơn vị hành chính)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.units.services import units_load


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính (34 tỉnh, thành phố; 3.321 xã, phường, đặc khu) và "
        "đơn vị hành chính cũ trước 01/7/2025 từ gói vietnamadminunits. Chạy lại không tạo "
        "bản ghi trùng; ấp, khóm do tỉnh thêm được giữ nguyên."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = units_load(actor=None)
        self.stdout.write(
            f"{result.source}: {result.provinces} tỉnh, thành phố; {result.communes} xã, "
            f"phường, đặc khu; {result.legacy_units} đơn vị cũ; "
            f"{result.successions} liên kết cũ → mới."
        )
        self.stdout.write(
            f"Đơn vị hiện nay: thêm {result.created}, cập nhật {result.updated}, "
            f"ngừng hiệu lực {result.deactivated}. Đơn vị cũ: thêm {result.legacy_created}, "
            f"cập nhật {result.legacy_updated}. Liên kết: thêm {result.successions_created}, "
            f"sửa {result.successions_updated}, xóa {result.successions_deleted}."
        )
        self.stdout.write(self.style.SUCCESS(f"Xong trong {result.seconds:.2f} giây."))

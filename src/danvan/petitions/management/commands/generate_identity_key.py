"""``danvan generate_identity_key``: a new key for DANVAN_IDENTITY_KEYS."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "In một khóa mới để mã hóa danh tính người tố cáo. Đặt khóa mới lên đầu "
        "DANVAN_IDENTITY_KEYS (các khóa cũ giữ phía sau để vẫn giải mã được)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(Fernet.generate_key().decode())

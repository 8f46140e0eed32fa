"""Partner systems' API keys: ``danvan api_key create|list|revoke``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danvan.api.keys import ApiKeyError, api_client_create, api_client_revoke
from danvan.api.models import SCOPES, ApiClient


class Command(BaseCommand):
    help = "Tạo, liệt kê, thu hồi khóa API của hệ thống đối tác."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="tạo khóa (hiện một lần)")
        create.add_argument("--name", required=True, help="tên hệ thống đối tác")
        create.add_argument("--account", required=True, help="tên đăng nhập của tài khoản dịch vụ")
        create.add_argument(
            "--scopes", required=True, help=f"phân cách bằng dấu phẩy: {', '.join(SCOPES)}"
        )
        create.add_argument("--days", type=int, default=365, help="số ngày hiệu lực (0: không hạn)")
        sub.add_parser("list", help="liệt kê")
        revoke = sub.add_parser("revoke", help="thu hồi")
        revoke.add_argument("prefix", help="tiền tố khóa (8 ký tự sau dv_)")
        hook = sub.add_parser("webhook", help="đăng ký webhook (khóa ký hiện một lần)")
        hook.add_argument("prefix", help="tiền tố khóa (8 ký tự sau dv_)")
        hook.add_argument("url", help="địa chỉ nhận thông báo (https)")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        action = options["action"]
        if action == "create":
            account = get_user_model().objects.filter(username=options["account"]).first()
            if account is None:
                raise CommandError(f"Không có tài khoản {options['account']!r}.")
            days = options["days"]
            expires = timezone.now() + dt.timedelta(days=days) if days > 0 else None
            try:
                client, key = api_client_create(
                    actor=None,
                    name=options["name"],
                    account=account,
                    scopes=[s.strip() for s in options["scopes"].split(",") if s.strip()],
                    expires_at=expires,
                )
            except ApiKeyError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"Đã tạo: {client}")
            self.stdout.write("Khóa (chỉ hiện lần này, hãy lưu lại an toàn):")
            self.stdout.write(key)
        elif action == "list":
            for client in ApiClient.objects.select_related("account"):
                state = "đang dùng" if client.is_active else "đã thu hồi"
                until = f"{client.expires_at:%d/%m/%Y}" if client.expires_at else "không hạn"
                self.stdout.write(
                    f"dv_{client.key_prefix}_…  {client.name}  [{', '.join(client.scopes)}]  "
                    f"{client.account.username}  {state}  hết hạn: {until}"
                )
        else:
            found = ApiClient.objects.filter(key_prefix=options["prefix"]).first()
            if found is None:
                raise CommandError("Không có khóa với tiền tố này.")
            client = found
            if action == "webhook":
                from danvan.api.webhooks import subscription_create

                if not client.has_scope("webhooks"):
                    raise CommandError("Khóa này không có phạm vi quyền “webhooks”.")
                try:
                    hook = subscription_create(actor=None, client=client, url=options["url"])
                except ValueError as exc:
                    raise CommandError("Địa chỉ nhận không hợp lệ.") from exc
                self.stdout.write(f"Đã đăng ký: {hook}")
                self.stdout.write("Khóa ký HMAC-SHA256 (chỉ hiện lần này):")
                self.stdout.write(hook.secret)
                return
            api_client_revoke(actor=None, client=client)
            self.stdout.write(f"Đã thu hồi: {client}")

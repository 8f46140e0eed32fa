"""Hệ thống đối tác (partner systems) and their API keys.

A partner system (a province's smart-city app, the hotline's software…) calls the API with a
key.  The key acts as a service account (``account``): an officer account whose memberships
give it its organization, its roles and therefore its scope, exactly as for a person; the
key's ``scopes`` narrow further what it may do through the API.  Only a hash of the key is
stored; the key itself is shown once, when it is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SCOPES: dict[str, str] = {
    "petitions:read": str(_("Đọc đơn thư trong phạm vi của tài khoản")),
    "petitions:write": str(_("Tạo đơn thư và thực hiện các bước xử lý")),
    "open311": str(_("Gửi và theo dõi phản ánh, kiến nghị qua Open311")),
    "webhooks": str(_("Nhận thông báo thay đổi trạng thái (webhook)")),
}


class ApiClient(models.Model):
    name = models.CharField(_("tên hệ thống đối tác"), max_length=150)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản dịch vụ"),
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    key_prefix = models.CharField(_("tiền tố khóa"), max_length=16, unique=True)
    key_hash = models.CharField(_("băm của khóa"), max_length=64)
    scopes = models.JSONField(_("phạm vi quyền"), default=list, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hệ thống đối tác (khóa API)")
        verbose_name_plural = _("hệ thống đối tác (khóa API)")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} (dv_{self.key_prefix}_…)"

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

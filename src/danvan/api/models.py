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


class WebhookSubscription(models.Model):
    """A partner system asks to be told when a petition it filed changes state."""

    client = models.ForeignKey(
        ApiClient, verbose_name=_("hệ thống đối tác"), on_delete=models.CASCADE,
        related_name="webhooks",
    )  # fmt: skip
    url = models.URLField(_("địa chỉ nhận"), max_length=500)
    secret = models.CharField(_("khóa ký HMAC"), max_length=64)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    last_event_id = models.BigIntegerField(_("sự kiện đã xét đến"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký webhook")
        verbose_name_plural = _("đăng ký webhook")

    def __str__(self) -> str:
        return f"{self.client.name} → {self.url}"


class WebhookDelivery(models.Model):
    """One signed POST to a partner, retried with backoff; the log administrators read."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        DELIVERED = "delivered", _("Đã gửi")
        FAILED = "failed", _("Thất bại sau các lần thử")

    subscription = models.ForeignKey(
        WebhookSubscription, verbose_name=_("đăng ký"), on_delete=models.CASCADE,
        related_name="deliveries",
    )  # fmt: skip
    event_id = models.BigIntegerField(_("sự kiện"))
    payload = models.JSONField(_("nội dung gửi"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("mã trả về"), null=True, blank=True)
    last_error = models.CharField(_("lỗi lần cuối"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("gửi được lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần gửi webhook")
        verbose_name_plural = _("nhật ký gửi webhook")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subscription.url} ({self.get_status_display()})"

"""In-app notifications (thông báo) and each user's choice about e-mail.

A ``Notification`` is one message to one user, shown on "Thông báo của tôi".  Domain apps
never create rows themselves: they call ``danvan.core.notifications.notify`` (or
``notify_many``), which also sends the e-mail copies.  ``dedupe_key`` makes a message
idempotent: the same key is stored at most once per recipient, so a sweep or a dispatcher that
runs twice creates nothing new.  ``kind`` is a free code chosen by the sending app
(``petitions.due_soon``): core knows no domain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["Notification", "NotificationPreference"]


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(
        _("loại thông báo"),
        max_length=64,
        help_text=_("Mã do ứng dụng gửi đặt, ví dụ petitions.due_soon."),
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(
        _("đường dẫn"),
        max_length=500,
        blank=True,
        help_text=_("Đường dẫn trong hệ thống (bắt đầu bằng /) đến nội dung liên quan."),
    )
    dedupe_key = models.CharField(
        _("khóa chống trùng"),
        max_length=200,
        blank=True,
        help_text=_("Cùng một khóa chỉ gửi một lần cho mỗi người nhận."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                name="notification_unread_idx",
                condition=Q(read_at__isnull=True),
            ),
        ]
        constraints = [
            # Key first: the sender's duplicate check looks rows up by key.
            models.UniqueConstraint(
                fields=["dedupe_key", "recipient"],
                condition=~Q(dedupe_key=""),
                name="notification_dedupe_uniq",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice about e-mail copies; without a row, e-mail copies are sent.

    In-app notifications are always kept: they are the record that something was owed.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    email_enabled = models.BooleanField(
        _("nhận bản sao qua thư điện tử"),
        default=True,
        help_text=_("Thông báo trong hệ thống vẫn được lưu khi tắt thư điện tử."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")

    def __str__(self) -> str:
        return str(self.user)

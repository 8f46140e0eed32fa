"""What the citizens' portal keeps of its own: one-time login codes and which petitions a
citizen's account filed.  Petitions themselves belong to ``danvan.petitions``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeChannel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn điện thoại")


class OneTimeCode(models.Model):
    """Mã xác thực một lần: proves that a citizen holds a phone number or an e-mail address.

    Only the code's hash is kept; a code lives a few minutes, takes at most five tries and
    is used once."""

    destination = models.CharField(_("số điện thoại hoặc thư điện tử"), max_length=254)
    channel = models.CharField(_("kênh gửi"), max_length=8, choices=CodeChannel.choices)
    code_hash = models.CharField(_("băm của mã"), max_length=64)
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập"), default=0)
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác thực một lần")
        verbose_name_plural = _("mã xác thực một lần")
        indexes = [models.Index(fields=["destination", "-created_at"], name="portal_code_dest_idx")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.destination[:3]}…"


class CitizenSubmission(models.Model):
    """A petition filed on the portal by a signed-in citizen: what "my petitions" lists."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản công dân"),
        on_delete=models.CASCADE,
        related_name="portal_submissions",
    )
    petition = models.OneToOneField(
        "petitions.Petition",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lúc gửi"), auto_now_add=True)

    class Meta:
        verbose_name = _("đơn gửi qua cổng")
        verbose_name_plural = _("đơn gửi qua cổng")
        indexes = [models.Index(fields=["account", "-created_at"], name="portal_sub_account_idx")]

    def __str__(self) -> str:
        return f"{self.account_id} → {self.petition_id}"

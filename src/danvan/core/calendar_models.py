"""Working-day calendar data (lịch ngày làm việc): the days an administrator overrides.

The calendar itself (``danvan.core.working_days``) starts from Vietnam's public holidays as
the ``holidays`` package computes them, with Saturday and Sunday as rest days.  Each
``CalendarOverride`` row then says, for one date, what the package cannot know: a weekday
swapped off (*nghỉ hoán đổi*), a make-up Saturday that is worked (*làm bù*), a new day off, or
a package holiday the government did not give.  An override always wins.

Saving or deleting a row through the ORM (the admin does) rebuilds the calendar cached in
every process; bulk ``update()``/``bulk_create()`` do not send signals, so code that uses them
must call ``danvan.core.working_days.invalidate()`` itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

__all__ = ["CalendarOverride", "OverrideKind"]


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc")


class CalendarOverride(models.Model):
    """One date whose status the administrator fixes (ngày nghỉ, ngày làm bù)."""

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(
        _("loại"),
        max_length=16,
        choices=OverrideKind.choices,
        help_text=_(
            "Ngày nghỉ: cơ quan nhà nước nghỉ (kể cả ngày nghỉ hoán đổi). "
            "Ngày làm việc: cơ quan làm việc (kể cả thứ Bảy làm bù)."
        ),
    )
    reason = models.CharField(_("lý do"), max_length=255)
    legal_basis = models.TextField(
        _("căn cứ, thông báo"),
        blank=True,
        help_text=_("Văn bản công bố lịch nghỉ, ví dụ: Công văn 12729/VPCP-KGVX ngày 25/12/2025."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["day_off", "working_day"]),
                name="core_calendaroverride_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()} ({self.reason})"


@receiver(post_save, sender=CalendarOverride, dispatch_uid="core_calendar_override_saved")
@receiver(post_delete, sender=CalendarOverride, dispatch_uid="core_calendar_override_deleted")
def _calendar_override_changed(sender: type[CalendarOverride], **kwargs: Any) -> None:
    """Drop the cached calendar here and tell the other processes to drop theirs."""
    from danvan.core import working_days

    working_days.invalidate()

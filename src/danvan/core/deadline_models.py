"""Deadline rules as data (quy tắc thời hạn): rule sets that take effect on a date.

A ``DeadlineRuleSet`` is what one change of the law brings (the base laws, then Luật
136/2025/QH15 from 01/7/2026, …).  It holds ``DeadlineRule`` rows, one per procedural step it
defines; a newer set defines only the steps that changed.  A case is timed, step by step, by
the rule of the newest set whose ``effective_from`` is on or before the day the case was
received (``danvan.core.deadlines``).  Administrators add sets in the admin, no release needed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

__all__ = ["Complexity", "DeadlineRule", "DeadlineRuleSet", "DeadlineUnit"]

CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    _("Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái."),
)


class DeadlineUnit(models.TextChoices):
    WORKING = "working", _("ngày làm việc")
    CALENDAR = "calendar", _("ngày")


class Complexity(models.TextChoices):
    """How complex a case is (NĐ 31/2019 Art. 3; NĐ 124/2020 Art. 3a as amended)."""

    NORMAL = "normal", _("Thông thường")
    COMPLEX = "complex", _("Phức tạp")
    ESPECIALLY_COMPLEX = "especially_complex", _("Đặc biệt phức tạp")


class DeadlineRuleSet(models.Model):
    """The rules one legal change brings, in force from ``effective_from``."""

    code = models.CharField(
        _("mã"),
        max_length=64,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text=_("Ví dụ: law_136_2025. Không đổi sau khi đã dùng: hồ sơ lưu mã này."),
    )
    name = models.CharField(_("tên"), max_length=255)
    effective_from = models.DateField(
        _("có hiệu lực từ ngày"),
        db_index=True,
        help_text=_("Hồ sơ tiếp nhận từ ngày này trở đi được tính theo bộ quy tắc này."),
    )
    legal_basis = models.TextField(_("tóm tắt căn cứ pháp lý"))
    notes = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ quy tắc thời hạn")
        verbose_name_plural = _("bộ quy tắc thời hạn")
        ordering = ["-effective_from", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, từ {self.effective_from:%d/%m/%Y})"


class DeadlineRule(models.Model):
    """The time limit of one step under one rule set, with its variants and extensions."""

    rule_set = models.ForeignKey(
        DeadlineRuleSet,
        verbose_name=_("bộ quy tắc"),
        on_delete=models.CASCADE,
        related_name="rules",
    )
    step = models.CharField(
        _("mã bước"),
        max_length=64,
        validators=[CODE_VALIDATOR],
        help_text=_("Mã tiếng Anh không dấu, ví dụ: complaint_acceptance_first."),
    )
    step_name = models.CharField(_("tên bước"), max_length=255)
    days = models.PositiveSmallIntegerField(
        _("số ngày"),
        validators=[MinValueValidator(1)],
        help_text=_("Thời hạn thông thường."),
    )
    unit = models.CharField(
        _("đơn vị"),
        max_length=16,
        choices=DeadlineUnit.choices,
        default=DeadlineUnit.WORKING,
    )
    remote_days = models.PositiveSmallIntegerField(
        _("vùng sâu, vùng xa"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    complex_days = models.PositiveSmallIntegerField(
        _("vụ việc phức tạp"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    remote_complex_days = models.PositiveSmallIntegerField(
        _("vùng sâu, vùng xa, phức tạp"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    especially_complex_days = models.PositiveSmallIntegerField(
        _("đặc biệt phức tạp"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    remote_especially_complex_days = models.PositiveSmallIntegerField(
        _("vùng sâu, vùng xa, đặc biệt phức tạp"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    extension_days = models.PositiveSmallIntegerField(
        _("số ngày mỗi lần gia hạn"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Cùng đơn vị với thời hạn. Để trống nếu bước này không được gia hạn."),
    )
    max_extensions = models.PositiveSmallIntegerField(
        _("số lần gia hạn tối đa (thông thường)"),
        default=0,
    )
    max_extensions_complex = models.PositiveSmallIntegerField(
        _("số lần gia hạn tối đa (phức tạp)"),
        default=0,
    )
    max_extensions_especially_complex = models.PositiveSmallIntegerField(
        _("số lần gia hạn tối đa (đặc biệt phức tạp)"),
        default=0,
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"), help_text=_("Nêu rõ điều, khoản."))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy tắc thời hạn")
        verbose_name_plural = _("quy tắc thời hạn")
        ordering = ["rule_set", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "step"],
                name="core_deadlinerule_one_rule_per_step",
                violation_error_message=_("Bộ quy tắc này đã có quy tắc cho bước này."),
            ),
            models.CheckConstraint(
                condition=models.Q(days__gte=1),
                name="core_deadlinerule_days_positive",
                violation_error_message=_("Số ngày phải từ 1 trở lên."),
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=["working", "calendar"]),
                name="core_deadlinerule_unit_valid",
                violation_error_message=_("Đơn vị không hợp lệ."),
            ),
            models.CheckConstraint(
                condition=models.Q(extension_days__isnull=False)
                | models.Q(
                    max_extensions=0,
                    max_extensions_complex=0,
                    max_extensions_especially_complex=0,
                ),
                name="core_deadlinerule_extension_days_set",
                violation_error_message=_(
                    "Bước được gia hạn thì phải nhập số ngày mỗi lần gia hạn."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step_name} ({self.step}): {self.days} {self.get_unit_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        longer_than_days = {
            "remote_days": self.remote_days,
            "complex_days": self.complex_days,
            "remote_complex_days": self.remote_complex_days,
            "especially_complex_days": self.especially_complex_days,
            "remote_especially_complex_days": self.remote_especially_complex_days,
        }
        for name, value in longer_than_days.items():
            if value is not None and self.days is not None and value < self.days:
                errors[name] = _("Thời hạn riêng không được ngắn hơn thời hạn thông thường.")
        pairs = [
            ("especially_complex_days", self.especially_complex_days, self.complex_days),
            ("remote_complex_days", self.remote_complex_days, self.complex_days),
            ("remote_complex_days", self.remote_complex_days, self.remote_days),
            (
                "remote_especially_complex_days",
                self.remote_especially_complex_days,
                self.remote_complex_days,
            ),
            (
                "remote_especially_complex_days",
                self.remote_especially_complex_days,
                self.especially_complex_days,
            ),
        ]
        for name, value, lower in pairs:
            if value is not None and lower is not None and value < lower and name not in errors:
                errors[name] = _(
                    "Thời hạn cho trường hợp phức tạp hơn, hoặc ở vùng sâu, vùng xa, không được "
                    "ngắn hơn thời hạn của trường hợp đơn giản hơn."
                )
        if self.max_extensions_complex < self.max_extensions:
            errors["max_extensions_complex"] = _(
                "Vụ việc phức tạp không được gia hạn ít lần hơn vụ việc thông thường."
            )
        if self.max_extensions_especially_complex < self.max_extensions_complex:
            errors["max_extensions_especially_complex"] = _(
                "Vụ việc đặc biệt phức tạp không được gia hạn ít lần hơn vụ việc phức tạp."
            )
        allows_extension = (
            self.max_extensions
            or self.max_extensions_complex
            or self.max_extensions_especially_complex
        )
        if allows_extension and not self.extension_days:
            errors["extension_days"] = _("Bước được gia hạn thì phải nhập số ngày mỗi lần gia hạn.")
        if errors:
            raise ValidationError(errors)


@receiver(post_save, sender=DeadlineRuleSet, dispatch_uid="core_deadline_rule_set_saved")
@receiver(post_delete, sender=DeadlineRuleSet, dispatch_uid="core_deadline_rule_set_deleted")
@receiver(post_save, sender=DeadlineRule, dispatch_uid="core_deadline_rule_saved")
@receiver(post_delete, sender=DeadlineRule, dispatch_uid="core_deadline_rule_deleted")
def _deadline_rules_changed(sender: type[models.Model], **kwargs: Any) -> None:
    """Drop the cached rules here and tell the other processes to drop theirs."""
    from danvan.core import deadlines

    deadlines.invalidate()

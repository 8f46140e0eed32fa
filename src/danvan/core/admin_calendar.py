"""Admin pages for the working-day calendar and the deadline rules (imported by core/admin.py).

An administrator adds a day off, a make-up Saturday, or a whole rule set when the law
changes, without a release.  Every change is written to the audit log, and the engine's
caches are rebuilt (the models' save/delete hooks do it).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.calendar_models import CalendarOverride
from danvan.core.deadline_models import DeadlineRule, DeadlineRuleSet

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
# Dates are typed day first (01/07/2026 is the 1st of July); Django's defaults would read
# 01/07/2026 as 7 January.  ISO comes second: the calendar widget inserts it.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_OVERRIDES: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.DateField: {
        "widget": AdminDateWidget(format="%d/%m/%Y"),
        "input_formats": DATE_INPUT_FORMATS,
    }
}


class _AuditedAdmin(admin.ModelAdmin):
    """Writes an audit entry (before and after) for every save and delete."""

    formfield_overrides = DATE_OVERRIDES

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action=f"{self.model._meta.model_name}.{'update' if change else 'create'}",
                obj=obj,
                changes=audit.diff(before, audit.snapshot(obj)),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            before = audit.snapshot(obj)
            repr_ = str(obj)
            audit.record(
                actor=request.user,
                action=f"{self.model._meta.model_name}.delete",
                obj=obj,
                object_repr=repr_,
                changes=audit.diff(before, {}),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # One by one, so each deletion is audited and the delete hooks run.
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(_AuditedAdmin):
    list_display = ["date", "weekday", "kind", "reason", "created_by", "created_at"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["reason", "legal_basis"]
    ordering = ["-date"]
    fields = ["date", "kind", "reason", "legal_basis", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarOverride) -> str:
        return WEEKDAYS[obj.date.weekday()]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change and obj.created_by_id is None and request.user.is_authenticated:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class DeadlineRuleInlineFormSet(BaseInlineFormSet):
    """Refuses a step that another rule set taking effect the same day also defines."""

    def clean(self) -> None:
        super().clean()
        effective_from = getattr(self.instance, "effective_from", None)
        if effective_from is None:
            return
        steps = {
            form.cleaned_data["step"]
            for form in self.forms
            if form.cleaned_data.get("step") and not form.cleaned_data.get("DELETE")
        }
        clashes = (
            DeadlineRule.objects.filter(rule_set__effective_from=effective_from, step__in=steps)
            .exclude(rule_set_id=self.instance.pk)
            .select_related("rule_set")
            .order_by("step")
        )
        if clashes:
            raise forms.ValidationError(
                [
                    _(
                        "Bước “%(step)s” đã có trong bộ quy tắc “%(code)s” cùng ngày hiệu lực "
                        "%(date)s. Hãy sửa bộ quy tắc đó, hoặc chọn ngày hiệu lực khác."
                    )
                    % {
                        "step": rule.step,
                        "code": rule.rule_set.code,
                        "date": f"{effective_from:%d/%m/%Y}",
                    }
                    for rule in clashes
                ]
            )


def in_force(rule_set: DeadlineRuleSet | None) -> bool:
    """A rule set that has taken effect times cases already: it is frozen."""
    return (
        rule_set is not None
        and rule_set.pk is not None
        and (rule_set.effective_from <= timezone.localdate())
    )


class DeadlineRuleSetForm(forms.ModelForm):
    class Meta:
        model = DeadlineRuleSet
        fields = ["code", "name", "effective_from", "legal_basis", "notes"]

    def clean_effective_from(self) -> Any:
        effective_from = self.cleaned_data["effective_from"]
        if effective_from is not None and effective_from <= timezone.localdate():
            raise forms.ValidationError(
                _(
                    "Ngày hiệu lực phải sau hôm nay: các hồ sơ đã tiếp nhận được tính thời hạn "
                    "theo quy tắc đang có hiệu lực, không được thay đổi hồi tố."
                )
            )
        return effective_from


class DeadlineRuleInline(admin.StackedInline):
    model = DeadlineRule
    formset = DeadlineRuleInlineFormSet
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not in_force(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not in_force(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not in_force(obj) and super().has_delete_permission(request, obj)

    fieldsets = [
        (None, {"fields": [("step", "step_name"), ("days", "unit")]}),
        (
            _("Thời hạn riêng"),
            {
                "fields": [
                    ("remote_days", "complex_days", "remote_complex_days"),
                    ("especially_complex_days", "remote_especially_complex_days"),
                ]
            },
        ),
        (
            _("Gia hạn"),
            {
                "fields": [
                    "extension_days",
                    (
                        "max_extensions",
                        "max_extensions_complex",
                        "max_extensions_especially_complex",
                    ),
                ]
            },
        ),
        (None, {"fields": ["legal_basis", "note"]}),
    ]


@admin.register(DeadlineRuleSet)
class DeadlineRuleSetAdmin(_AuditedAdmin):
    """Rule sets not yet in force are edited freely; a set in force is read-only and cannot be
    deleted, and a new set must take effect after today, so a case is always timed by the
    rules that were in force on the day it was received."""

    form = DeadlineRuleSetForm
    list_display = ["code", "name", "effective_from", "rule_count", "created_at"]
    search_fields = ["code", "name", "legal_basis"]
    ordering = ["-effective_from"]
    readonly_fields = ["created_at"]
    inlines = [DeadlineRuleInline]

    @admin.display(description=_("số bước"))
    def rule_count(self, obj: DeadlineRuleSet) -> int:
        return obj.rules.count()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not in_force(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not in_force(obj) and super().has_delete_permission(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            before = {
                rule.pk: audit.snapshot(rule) for rule in formset.queryset if rule.pk is not None
            }
            super().save_formset(request, form, formset, change)
            for rule in formset.new_objects:
                audit.record(
                    actor=request.user,
                    action="deadlinerule.create",
                    obj=rule,
                    changes=audit.diff({}, audit.snapshot(rule)),
                )
            for rule, _fields in formset.changed_objects:
                audit.record(
                    actor=request.user,
                    action="deadlinerule.update",
                    obj=rule,
                    changes=audit.diff(before.get(rule.pk, {}), audit.snapshot(rule)),
                )
            for rule in formset.deleted_objects:
                audit.record(
                    actor=request.user,
                    action="deadlinerule.delete",
                    object_repr=str(rule),
                    changes=audit.diff(before.get(rule.pk, {}), {}),
                )


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(_AuditedAdmin):
    """Read-and-search view over every rule.  Rules are added, changed and deleted inside
    their rule set, where the checks across rules (same step, same effective date) run."""

    list_display = ["step", "step_name", "rule_set", "days", "unit", "legal_basis"]
    list_filter = ["rule_set", "unit"]
    search_fields = ["step", "step_name", "legal_basis"]
    list_select_related = ["rule_set"]
    ordering = ["step", "-rule_set__effective_from"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Admin pages of core: failed background tasks (the audit log's page is in organizations,
which knows whose entries an administrator may read)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TaskFailure


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["at", "task_name", "exception", "resolved_at"]
    list_filter = ["task_name", "resolved_at"]
    readonly_fields = [
        "at",
        "task_name",
        "task_id",
        "args",
        "kwargs",
        "exception",
        "traceback",
        "resolved_at",
    ]
    actions = ["mark_resolved"]

    # Failed tasks may carry any kind of data in their arguments: superusers only.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Đánh dấu đã xử lý"))
    def mark_resolved(self, request: HttpRequest, queryset: Any) -> None:
        queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


# The working-day calendar and deadline rules have their admin pages in their own module.
import danvan.core.admin_calendar  # noqa: E402, F401

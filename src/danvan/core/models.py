"""Core models: the audit log and the record of failed background tasks.

The working-day calendar and deadline-rule models live in ``calendar_models`` and
``deadline_models`` and are imported here so Django finds them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an append-only row."""


class AuditEntry(models.Model):
    """One write made through a service (nhật ký thao tác): append-only.

    ``changes`` maps each changed field to ``[before, after]``.  The database refuses UPDATE
    and DELETE on this table (triggers in migration 0002), and the model refuses them too.
    """

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    # DO_NOTHING (and no database constraint): the row never changes, so deleting a user or a
    # content type leaves it as it was; ``actor_repr`` and ``object_repr`` keep the names.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_repr = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("thao tác"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("loại đối tượng"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
    )
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    # Where the object lived when it changed (see core.scope): administrators read the entries
    # of their own organizations and area.  Nullable so that adding them needs no table rebuild.
    organization_path = models.CharField(  # noqa: DJ001  (see above)
        _("tổ chức (đường dẫn)"), max_length=255, null=True, blank=True, db_index=True
    )
    unit_path = models.CharField(  # noqa: DJ001  (see above)
        _("địa bàn (đường dẫn)"), max_length=255, null=True, blank=True, db_index=True
    )
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]
        permissions = [("view_audit_log", _("Được xem nhật ký thao tác"))]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")


class TaskFailure(models.Model):
    """A background task that failed after its retries: kept so nothing is lost silently."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    task_name = models.CharField(_("tác vụ"), max_length=255)
    task_id = models.CharField(_("mã tác vụ"), max_length=255, blank=True)
    args = models.JSONField(_("tham số"), default=list, blank=True)
    kwargs = models.JSONField(_("tham số có tên"), default=dict, blank=True)
    exception = models.TextField(_("lỗi"))
    traceback = models.TextField(_("vết lỗi"), blank=True)
    resolved_at = models.DateTimeField(_("đã xử lý lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ nền bị lỗi")
        verbose_name_plural = _("tác vụ nền bị lỗi")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.at:%Y-%m-%d %H:%M})"


from danvan.core.calendar_models import *  # noqa: E402, F403
from danvan.core.deadline_models import *  # noqa: E402, F403
from danvan.core.notification_models import *  # noqa: E402, F403

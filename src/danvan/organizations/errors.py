"""Stable error codes of the organizations app, each with its Vietnamese message."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    PARENT_OUTSIDE_SCOPE = "parent_outside_scope"
    PARENT_CYCLE = "parent_cycle"
    UNIT_NOT_ALLOWED = "unit_not_allowed"
    ROLE_NOT_ALLOWED = "role_not_allowed"
    NOT_AN_OFFICER = "not_an_officer"
    USER_OUTSIDE_SCOPE = "user_outside_scope"


MESSAGES = {
    ErrorCode.PERMISSION_DENIED: _("Bạn không có quyền thực hiện thao tác này."),
    ErrorCode.PARENT_OUTSIDE_SCOPE: _("Tổ chức cấp trên nằm ngoài phạm vi bạn được quản lý."),
    ErrorCode.PARENT_CYCLE: _("Không thể đặt một tổ chức làm cấp trên của chính nó."),
    ErrorCode.UNIT_NOT_ALLOWED: _(
        "Tổ chức chỉ đặt tại cấp tỉnh hoặc cấp xã, và phải thuộc địa bàn của tổ chức cấp trên."
    ),
    ErrorCode.ROLE_NOT_ALLOWED: _("Bạn không được giao vai trò quản trị cho người khác."),
    ErrorCode.NOT_AN_OFFICER: _("Chỉ tài khoản cán bộ mới được phân công vai trò."),
    ErrorCode.USER_OUTSIDE_SCOPE: _(
        "Cán bộ này còn công tác ở tổ chức ngoài phạm vi bạn quản lý; hãy đề nghị quản trị "
        "viên cấp trên phân công."
    ),
}


class OrganizationError(Exception):
    """A domain error with a stable code and a Vietnamese message."""

    def __init__(self, code: ErrorCode, message: str | None = None) -> None:
        self.code = code
        self.message = message or str(MESSAGES[code])
        super().__init__(self.message)

"""Error codes of the units app, each with its Vietnamese message."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext


class UnitErrorCode(StrEnum):
    PARENT_NOT_COMMUNE = "parent_not_commune"
    PARENT_INACTIVE = "parent_inactive"
    NAME_REQUIRED = "name_required"
    NAME_TOO_LONG = "name_too_long"
    NAME_TAKEN = "name_taken"
    KIND_INVALID = "kind_invalid"
    NOT_A_HAMLET = "not_a_hamlet"


def _message(code: UnitErrorCode) -> str:
    # gettext at raise time, so the message follows the active language.
    messages = {
        UnitErrorCode.PARENT_NOT_COMMUNE: gettext(
            "Ấp, khóm, thôn, tổ dân phố phải thuộc một xã, phường hoặc đặc khu."
        ),
        UnitErrorCode.PARENT_INACTIVE: gettext("Xã, phường này không còn hiệu lực."),
        UnitErrorCode.NAME_REQUIRED: gettext("Vui lòng nhập tên."),
        UnitErrorCode.NAME_TOO_LONG: gettext("Tên quá dài (tối đa %(limit)d ký tự)."),
        UnitErrorCode.NAME_TAKEN: gettext("%(commune)s đã có %(name)s."),
        UnitErrorCode.KIND_INVALID: gettext("Loại đơn vị không hợp lệ."),
        UnitErrorCode.NOT_A_HAMLET: gettext(
            "Chỉ sửa được ấp, khóm, thôn, tổ dân phố; xã, phường, tỉnh theo danh mục nhà nước."
        ),
    }
    return messages[code]


def unit_error(code: UnitErrorCode, field: str | None = None, **params: Any) -> ValidationError:
    """A ``ValidationError`` with a stable code and the Vietnamese message for it."""
    error = ValidationError(_message(code), code=code.value, params=params or None)
    if field is None:
        return error
    return ValidationError({field: error})

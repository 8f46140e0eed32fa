"""Errors of the REST API as structured JSON: a stable ``code`` and a Vietnamese ``message``,
with ``fields`` for input errors (field name → list of messages)::

    {"error": {"code": "invalid_input", "message": "…", "fields": {"kind": ["…"]}}}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from danvan.petitions.errors import ErrorCode, PetitionError
from danvan.petitions.workflow import TransitionError


class InsufficientScope(exceptions.PermissionDenied):
    """The partner system's key does not carry the scope the operation needs."""

    default_code = "insufficient_scope"

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(
            _("Khóa API không có phạm vi quyền “%(scope)s” cần cho thao tác này.")
            % {"scope": scope}
        )


CODES: dict[type[exceptions.APIException], tuple[str, Any]] = {
    exceptions.NotAuthenticated: (
        "not_authenticated",
        lambda: _("Cần đăng nhập hoặc gửi thông tin xác thực để dùng API."),
    ),
    exceptions.AuthenticationFailed: (
        "authentication_failed",
        lambda: _("Thông tin xác thực không đúng hoặc đã hết hiệu lực."),
    ),
    exceptions.PermissionDenied: (
        "permission_denied",
        lambda: _("Tài khoản không có quyền thực hiện thao tác này."),
    ),
    exceptions.NotFound: (
        "not_found",
        lambda: _("Không tìm thấy, hoặc tài khoản không có quyền xem."),
    ),
    exceptions.MethodNotAllowed: (
        "method_not_allowed",
        lambda: _("Phương thức này không được hỗ trợ tại địa chỉ này."),
    ),
    exceptions.NotAcceptable: (
        "not_acceptable",
        lambda: _("Không có định dạng trả lời phù hợp với yêu cầu."),
    ),
    exceptions.UnsupportedMediaType: (
        "unsupported_media_type",
        lambda: _("Định dạng dữ liệu gửi lên không được hỗ trợ."),
    ),
    exceptions.Throttled: (
        "throttled",
        lambda: _("Quá nhiều yêu cầu trong thời gian ngắn, vui lòng thử lại sau."),
    ),
    exceptions.ParseError: (
        "parse_error",
        lambda: _("Dữ liệu gửi lên không đọc được."),
    ),
}

PETITION_ERROR_STATUS = {
    ErrorCode.PERMISSION_DENIED: status.HTTP_403_FORBIDDEN,
    ErrorCode.STALE_VERSION: status.HTTP_409_CONFLICT,
}


def body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()
        }
    items = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [str(m) for m in items]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, answering every error in the one shape above."""
    if isinstance(exc, TransitionError):
        return Response(body(exc.code, exc.message), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, PetitionError):
        return Response(
            body(str(exc.code), exc.message),
            status=PETITION_ERROR_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST),
        )
    if isinstance(exc, DjangoValidationError):
        fields = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"non_field_errors": [str(m) for m in exc.messages]}
        )
        return Response(
            body("invalid_input", _("Dữ liệu không hợp lệ, xem chi tiết từng trường."), fields),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's handler logs it and answers 500
    if isinstance(exc, exceptions.ValidationError):
        response.data = body(
            "invalid_input",
            _("Dữ liệu không hợp lệ, xem chi tiết từng trường."),
            _flatten(exc.detail),
        )
        return response
    if isinstance(exc, InsufficientScope):
        response.data = body("insufficient_scope", str(exc.detail))
        return response
    code, message = next(
        ((c, m()) for cls, (c, m) in CODES.items() if isinstance(exc, cls)),
        (getattr(exc, "default_code", "error"), str(getattr(exc, "detail", ""))),
    )
    response.data = body(code, message)
    return response

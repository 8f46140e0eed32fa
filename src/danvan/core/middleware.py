"""Per-request context (who, from which address) for the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from danvan.core import request_context


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_context.bind(
            ip_address=client_ip(request),
            request_id=request.headers.get("X-Request-ID") or uuid.uuid4().hex,
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; behind the reverse proxy, the first X-Forwarded-For entry."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None

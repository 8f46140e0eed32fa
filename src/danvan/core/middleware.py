"""Per-request context (who, from which address) for the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
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
    """The client's address, as far as it can be trusted.

    With ``TRUSTED_PROXY_COUNT = 0`` (no reverse proxy) it is the socket's address and any
    ``X-Forwarded-For`` header, which a client can forge, is ignored.  Behind N reverse proxies
    that each append the address they received from, it is the N-th entry from the right of
    ``X-Forwarded-For`` + the socket address.  The audit log and the login lockout both use it.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    chain = [*forwarded, remote] if remote else forwarded
    if not chain:
        return None
    return chain[-(count + 1)] if len(chain) > count else chain[0]


class LanguageMiddleware:
    """The language of a request: the one the visitor chose with the switcher (a cookie), or
    the site's default.  Unlike Django's ``LocaleMiddleware`` it never guesses from the
    browser's Accept-Language: an officer's browser set to English still gets the
    Vietnamese site, and a citizen picks Khmer or English once, on any page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # Django's convention
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        from django.utils.cache import patch_vary_headers

        patch_vary_headers(response, ("Cookie",))
        return response

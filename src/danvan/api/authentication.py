"""API key authentication: ``Authorization: Api-Key dv_…`` or ``X-Api-Key: dv_…``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from danvan.api.keys import api_client_for_key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        key = ""
        if header:
            keyword, _sep, value = header.partition(" ")
            if keyword.lower() != self.keyword.lower():
                return None  # another scheme: not ours
            key = value
        else:
            key = request.META.get("HTTP_X_API_KEY", "")
        if not key:
            return None
        client = api_client_for_key(key)
        if client is None:
            raise exceptions.AuthenticationFailed(
                _("Khóa API không đúng, đã bị thu hồi hoặc đã hết hạn.")
            )
        return client.account, client

    def authenticate_header(self, request: Request) -> str:
        return self.keyword

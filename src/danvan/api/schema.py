"""How the OpenAPI schema describes the API's authentication (imported by ``apps.ready``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "danvan.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": "Khóa API của hệ thống đối tác (dv_…); cũng nhận "
            "“Authorization: Api-Key dv_…”.",
        }

"""Every page that is not public refuses anonymous visitors (STYLE.md D.2)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "javascript-catalog",
    "tracking:petition-track",  # the citizen's tracking pages work by code, without login
    "tracking:petition-track-code",
    # Open311 GeoReport v2 is public by specification: published phản ánh, kiến nghị only,
    # without personal data; filing needs a partner's api_key (tests/api/test_open311.py).
    "open311:discovery",
    "open311:services",
    "open311:service-definition",
    "open311:requests",
    "open311:request-detail",
    "open311:token-detail",
    # The citizens' portal is public: filing, tracking, public answers and statistics (without
    # personal data), the language switcher and the sign-in by one-time code.  "My petitions"
    # sends anonymous visitors to the portal's own sign-in (tests/portal/test_account.py).
    "set_language",
    "portal:home",
    "portal:submit",
    "portal:receipt",
    "portal:commune-suggestions",
    "portal:answers",
    "portal:answer-detail",
    "portal:statistics",
    "portal:commune",
    "portal:field",
    "portal:login",
    "portal:login-code",
    "portal:logout",
    "portal:my-petitions",
}


def named_patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin":
                continue  # the admin site has its own gate, tested in test_views
            yield from named_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def as_path(pattern: str) -> str:
    """A concrete path for a route (``path()`` converters or a router's regular expression)."""
    path = re.sub(r"<int:\w+>", "1", re.sub(r"<(slug|str):\w+>", "x", pattern))
    path = re.sub(r"\.?<drf_format_suffix:\w+>", ".json", path)
    path = re.sub(r"\(\?P<format>[^)]*\)", "json", path)
    path = re.sub(r"\(\?P<\w+>([^)]*)\)", lambda m: "12" if "0-9" in m.group(1) else "accept", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")


def test_every_private_page_redirects_anonymous_to_login(client):
    checked = 0
    for name, pattern in named_patterns(get_resolver()):
        if name in PUBLIC:
            continue
        path = as_path(pattern)
        response = client.get(path)
        # The API answers with its structured error, no redirect.
        if name.startswith("api:") and name != "api:docs":
            assert response.status_code in (401, 403), (name, path, response.status_code)
            assert b"not_authenticated" in response.content, name  # JSON, or the schema's YAML
            checked += 1
            continue
        assert response.status_code == 302, (name, path, response.status_code)
        assert "/accounts/login/" in response["Location"], name
        checked += 1
    assert checked >= 4


def test_admin_pages_send_anonymous_visitors_to_the_admin_login(client):
    from django.contrib import admin

    checked = 0
    for model in admin.site._registry:
        opts = model._meta
        for view in ("changelist", "add"):
            path = f"/admin/{opts.app_label}/{opts.model_name}/"
            path += "" if view == "changelist" else "add/"
            response = client.get(path)
            assert response.status_code == 302, path
            assert "/admin/login/" in response["Location"]
            checked += 1
    assert checked >= 10

"""The admin site: only administrators (a role that grants it) and superusers enter."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class DanvanAdminSite(admin.AdminSite):
    site_header = _("Quản trị danvan")
    site_title = _("Quản trị danvan")
    index_title = _("Danh mục quản trị")

    def has_permission(self, request: HttpRequest) -> bool:
        from danvan.organizations.access import may_enter_admin_site

        return may_enter_admin_site(request.user)


class DanvanAdminConfig(AdminConfig):
    default_site = "danvan.config.admin.DanvanAdminSite"

"""The partner systems, their webhooks and the delivery log, for superusers (system-wide
data: a key acts for an account anywhere in the province)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from danvan.api.models import ApiClient, WebhookDelivery, WebhookSubscription


class SuperuserOnly(admin.ModelAdmin):
    def has_module_permission(self, request: Any) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: Any) -> bool:
        return False  # keys are made with `danvan api_key create` (shown once)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ApiClient)
class ApiClientAdmin(SuperuserOnly):
    list_display = ["name", "key_prefix", "account", "is_active", "expires_at", "last_used_at"]
    exclude = ["key_hash"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(SuperuserOnly):
    list_display = ["client", "url", "is_active", "created_at"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(SuperuserOnly):
    list_display = ["pk", "subscription", "status", "attempts", "last_status_code", "created_at"]
    list_filter = ["status"]

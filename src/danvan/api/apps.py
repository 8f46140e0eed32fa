from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "danvan.api"
    label = "api"
    verbose_name = _("Giao diện lập trình (API)")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from danvan.api import (
            schema,  # noqa: F401  (registers the OpenAPI extension)
            tasks,  # noqa: F401  (registers the periodic jobs)
        )
        from danvan.api.models import ApiClient
        from danvan.organizations.access import access_changed

        # A key's scopes, activity and expiry are part of who may do what (access.py).
        post_save.connect(access_changed, sender=ApiClient, dispatch_uid="access_s_apiclient")
        post_delete.connect(access_changed, sender=ApiClient, dispatch_uid="access_d_apiclient")

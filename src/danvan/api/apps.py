from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "danvan.api"
    label = "api"
    verbose_name = _("Giao diện lập trình (API)")

    def ready(self) -> None:
        from danvan.api import (
            schema,  # noqa: F401  (registers the OpenAPI extension)
            tasks,  # noqa: F401  (registers the periodic jobs)
        )

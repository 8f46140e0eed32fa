from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = _("Nền tảng chung")

    def ready(self) -> None:
        # Registers core's periodic jobs with the scheduler.
        from danvan.core import tasks  # noqa: F401

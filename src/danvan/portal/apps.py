from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Cổng thông tin cho người dân: the citizens' side of danvan."""

    name = "danvan.portal"
    label = "portal"
    verbose_name = _("Cổng người dân")
    default_auto_field = "django.db.models.BigAutoField"

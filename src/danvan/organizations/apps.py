from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    from danvan.organizations.roles import sync_system_roles

    sync_system_roles(app_label=sender.label)


class OrganizationsConfig(AppConfig):
    name = "danvan.organizations"
    label = "organizations"
    verbose_name = _("Tổ chức và cán bộ")

    def ready(self) -> None:
        # After every app's migrations (and Django's own permission creation, which is
        # connected earlier), give the system roles the default permissions of that app.
        post_migrate.connect(_sync_roles, dispatch_uid="danvan_sync_system_roles")
        from danvan.organizations.home import register_default_panels

        register_default_panels()
        from danvan.organizations import tasks  # noqa: F401  (registers the tasks)

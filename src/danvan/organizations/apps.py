from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    from danvan.organizations.roles import sync_system_roles

    sync_system_roles(app_label=sender.label)


def _user_saved(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    from danvan.organizations.access import access_changed

    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login changes nobody's rights
    access_changed()


def _connect_access_signals() -> None:
    """Every change to who may do what renews the access generation (``access.py``)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from danvan.organizations.access import access_changed
    from danvan.organizations.models import Membership, Organization, Role, User
    from danvan.units.models import AdministrativeUnit
    from danvan.units.services import units_loaded

    post_save.connect(_user_saved, sender=User, dispatch_uid="danvan_access_user_saved")
    for model in (User, Membership, Role, Organization, AdministrativeUnit):
        name = model._meta.label_lower
        if model is not User:
            post_save.connect(access_changed, sender=model, dispatch_uid=f"access_s_{name}")
        post_delete.connect(access_changed, sender=model, dispatch_uid=f"access_d_{name}")
    m2m_changed.connect(
        access_changed, sender=Role.permissions.through, dispatch_uid="access_role_permissions"
    )
    units_loaded.connect(access_changed, dispatch_uid="access_units_loaded")


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

        _connect_access_signals()

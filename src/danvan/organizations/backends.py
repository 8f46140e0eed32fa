"""The authentication backend that answers ``user.has_perm`` from roles and scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from danvan.organizations import access


class ScopedPermissionBackend(ModelBackend):
    """Password login as Django's, permissions from memberships (see ``access``)."""

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(super().user_can_authenticate(user))

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return access.permissions_of(user_obj)

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return access.has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return any(p.startswith(app_label + ".") for p in self.get_all_permissions(user_obj))

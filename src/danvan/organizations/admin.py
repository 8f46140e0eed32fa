"""Admin pages for organizations, officers, roles and memberships, scoped and audited.

``ScopedAuditedAdmin`` is the base for every danvan model admin: the change list shows only
what the user may see (``access.scope_queryset``), each object is checked with
``access.has_perm``, foreign-key choices are narrowed to the user's scope, and every save
or delete writes an audit entry with before and after.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.models import AuditEntry
from danvan.organizations import access
from danvan.organizations.models import Membership, Organization, Role, User, UserKind
from danvan.units.models import AdministrativeUnit


class ScopedAuditedAdmin(admin.ModelAdmin):
    def _perm(self, action: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs = super().get_queryset(request)
        return access.scope_queryset(request.user, self._perm("view"), qs)

    def _object_perm(self, request: HttpRequest, action: str, obj: Any) -> bool:
        if obj is None:
            return access.has_perm(request.user, self._perm(action))
        return access.has_perm(request.user, self._perm(action), obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._object_perm(request, "view", obj) or self._object_perm(request, "change", obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._object_perm(request, "change", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._object_perm(request, "delete", obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.has_perm(request.user, self._perm("add"))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if related is Organization:
            kwargs["queryset"] = access.scope_queryset(
                request.user,
                "organizations.view_organization",
                Organization.objects.select_related("unit"),
            )
        elif related is AdministrativeUnit:
            kwargs["queryset"] = access.scope_queryset(
                request.user,
                "units.view_administrativeunit",
                AdministrativeUnit.objects.exclude(level="hamlet").select_related("parent"),
            )
        elif related is User:
            # Officers working within the user's reach; each choice is checked again on save
            # (``access.may_manage_user``), since an officer may also work elsewhere.
            kwargs["queryset"] = access.scope_queryset(
                request.user,
                "organizations.change_user",
                User.objects.filter(kind=UserKind.OFFICER, is_superuser=False),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
            # The object as edited must still be inside the user's scope.
            if not self._may_keep(request, obj, change):
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied
            super().save_model(request, obj, form, change)
            self.after_save(request, obj, change)
            audit.record(
                actor=request.user,
                action=f"{self.model._meta.model_name}.{'update' if change else 'create'}",
                obj=obj,
                changes=audit.diff(before, audit.snapshot(obj)),
            )

    def _may_keep(self, request: HttpRequest, obj: Any, change: bool) -> bool:
        return True

    def after_save(self, request: HttpRequest, obj: Any, change: bool) -> None:
        """Hook for derived columns (paths) computed after the row has an id."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(
                actor=request.user,
                action=f"{self.model._meta.model_name}.delete",
                obj=obj,
                changes=audit.diff(audit.snapshot(obj), {}),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Organization)
class OrganizationAdmin(ScopedAuditedAdmin):
    list_display = ["name", "kind", "unit", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "short_name", "unit__name"]
    readonly_fields = ["path", "created_at", "updated_at"]
    list_select_related = ["unit", "parent"]
    fields = [
        "code",
        "name",
        "short_name",
        "kind",
        "unit",
        "parent",
        "email",
        "phone",
        "address",
        "is_active",
        "path",
        "created_at",
        "updated_at",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Moving an organization to another place in the tree is not done here: its
        # subtree's paths and everything scoped by them would move with it.
        if obj is not None:
            return [*self.readonly_fields, "unit", "parent", "code"]
        return list(self.readonly_fields)

    def _may_keep(self, request: HttpRequest, obj: Any, change: bool) -> bool:
        if change:
            return True
        if obj.parent_id:
            return access.has_perm(request.user, "organizations.add_organization", obj.parent)
        return access.has_perm(
            request.user, "organizations.add_organization", Organization(unit=obj.unit, path="/~/")
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change and not obj.path:
            obj.path = "/"
        super().save_model(request, obj, form, change)

    def after_save(self, request: HttpRequest, obj: Any, change: bool) -> None:
        if not change:
            obj.path = f"{obj.parent.path if obj.parent_id else '/'}{obj.pk}/"
            obj.save(update_fields=["path"])


@admin.register(Membership)
class MembershipAdmin(ScopedAuditedAdmin):
    list_display = ["user", "role", "organization", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "organization__name"]
    list_select_related = ["user", "role", "organization"]
    autocomplete_fields = ["user"]

    def _may_keep(self, request: HttpRequest, obj: Any, change: bool) -> bool:
        perm = "organizations.change_membership" if change else "organizations.add_membership"
        if obj.user.kind != UserKind.OFFICER:
            return False  # citizens never hold roles
        if not access.may_manage_user(request.user, obj.user, "organizations.change_user"):
            return False  # an officer who also works outside the administrator's reach
        return access.has_perm(request.user, perm, obj)

    def after_save(self, request: HttpRequest, obj: Any, change: bool) -> None:
        if obj.role.grants_admin_site and obj.is_active and not obj.user.is_staff:
            obj.user.is_staff = True
            obj.user.save(update_fields=["is_staff"])
        access.forget(obj.user)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organization", "role", "is_active"]
    readonly_fields = ["organization", "role", "is_active"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OfficerCreationForm(AdminUserCreationForm):
    """A new officer is created with a first role, so that they land in the admin's scope."""

    organization = forms.ModelChoiceField(Organization.objects.none(), label=_("Tổ chức"))
    role = forms.ModelChoiceField(Role.objects.all(), label=_("Vai trò"))

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email")


@admin.register(User)
class UserAdmin(ScopedAuditedAdmin, DjangoUserAdmin):
    add_form = OfficerCreationForm
    list_display = ["username", "full_name", "kind", "email", "is_active", "is_staff"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone", "position", "kind")}),
        (
            _("Trạng thái"),
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "email",
                    "organization",
                    "role",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and "organization" in form.base_fields:
            organization_field = cast(forms.ModelChoiceField, form.base_fields["organization"])
            organization_field.queryset = access.scope_queryset(
                request.user,
                "organizations.add_membership",
                Organization.objects.select_related("unit"),
            )
            if not access.may_enter_admin_site(request.user):
                role_field = cast(forms.ModelChoiceField, form.base_fields["role"])
                role_field.queryset = Role.objects.filter(grants_admin_site=False)
        return form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Changing an account (its password too: Django's password page asks this) needs
        # every place the officer works to be within the administrator's reach.
        if obj is None:
            return access.has_perm(request.user, "organizations.change_user")
        return access.may_manage_user(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)  # others deactivate accounts instead

    def _may_keep(self, request: HttpRequest, obj: Any, change: bool) -> bool:
        if change:
            return access.may_manage_user(request.user, obj)
        return access.has_perm(request.user, "organizations.add_user")

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            target = User.objects.get(pk=id)
            audit.record(
                actor=request.user,
                action="user.password_set",
                obj=target,
                changes={"password": ["***", "***"]},
            )
        return response

    def after_save(self, request: HttpRequest, obj: Any, change: bool) -> None:
        if change:
            return
        form = getattr(request, "_danvan_add_form", None)
        if form is not None:
            from danvan.organizations import services

            services.membership_grant(
                actor=request.user,  # type: ignore[arg-type]  # the admin site needs a login
                user=obj,
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
            )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            request._danvan_add_form = form  # type: ignore[attr-defined]  # read in after_save
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(self.readonly_fields)
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser"]
        return fields

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs = DjangoUserAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        # Officers with an active role within the administrator's reach.
        return access.scope_queryset(request.user, "organizations.view_user", qs)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "reach", "grants_admin_site", "is_system"]
    filter_horizontal = ["permissions"]
    search_fields = ["name", "code"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser) and not (obj and obj.is_system)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = audit.snapshot(Role.objects.get(pk=obj.pk)) if change else {}
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action=f"role.{'update' if change else 'create'}",
                obj=obj,
                changes=audit.diff(before, audit.snapshot(obj)),
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        before = sorted(form.instance.permissions.values_list("codename", flat=True))
        super().save_related(request, form, formsets, change)
        after = sorted(form.instance.permissions.values_list("codename", flat=True))
        if before != after:
            audit.record(
                actor=request.user,
                action="role.permissions",
                obj=form.instance,
                changes={"permissions": [before, after]},
            )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Append-only: nobody adds, changes or deletes entries here, superusers included."""

    list_display = ["at", "actor_repr", "action", "object_repr", "ip_address"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_repr", "object_repr", "object_id", "action"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> Any:
        from danvan.organizations.selectors import audit_entry_list_for

        return audit_entry_list_for(actor=request.user)  # type: ignore[arg-type]  # logged in

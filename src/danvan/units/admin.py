"""Admin pages for administrative units.

Provinces and communes come from the official list (``danvan load_units``) and are read-only
here; hamlets (ấp, khóm, thôn, tổ dân phố) are added and edited through the services, which
validate and write the audit log.  Legacy units are read-only reference data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.core.text import search_key
from danvan.units import services
from danvan.units.models import (
    AdministrativeUnit,
    HamletKind,
    LegacySuccession,
    LegacyUnit,
    UnitLevel,
)


class ProvinceListFilter(admin.SimpleListFilter):
    title = _("tỉnh, thành phố")
    parameter_name = "province"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(AdministrativeUnit.objects.provinces().values_list("code", "name"))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        code = self.value()
        if not code:
            return queryset
        return queryset.filter(path__startswith=f"{code}/")


class HamletForm(forms.ModelForm):
    """Adds or edits a hamlet; ``clean`` runs the service's checks for inline errors."""

    kind = forms.ChoiceField(label=_("loại"), choices=HamletKind.choices)

    class Meta:
        model = AdministrativeUnit
        fields = ["parent", "name", "kind", "is_active"]
        labels = {"parent": _("xã, phường, đặc khu"), "name": _("tên")}
        help_texts = {"name": _("Ví dụ: Long Bình, 3 (ấp số 3), hoặc Ấp Long Bình.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["name"] = self.instance.short_name
        parent = self.fields.get("parent")
        if isinstance(parent, forms.ModelChoiceField):  # read-only when editing
            parent.required = True
            parent.queryset = AdministrativeUnit.objects.communes().select_related("parent")

    def _post_clean(self) -> None:
        # The model instance is built by the service; skip ModelForm's instance validation.
        return

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commune = data.get("parent") or (self.instance.parent if self.instance.pk else None)
        name, kind = data.get("name"), data.get("kind")
        if commune is not None and name is not None and kind:
            try:
                services.hamlet_validate(
                    commune=commune,
                    name=name,
                    kind=kind,
                    hamlet=self.instance if self.instance.pk else None,
                )
            except forms.ValidationError as error:
                if hasattr(error, "error_dict") and "commune" in error.error_dict:
                    error = forms.ValidationError({"parent": error.error_dict["commune"]})
                raise error
        return data


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "is_active"]
    list_filter = ["level", ProvinceListFilter, "kind", "is_active"]
    search_fields = ["name", "search_key", "code"]
    list_select_related = ["parent", "parent__parent"]
    ordering = ["path"]
    show_full_result_count = False
    readonly_fields = ["code", "short_name", "path", "search_key", "latitude", "longitude"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # "long duc" and "Long Đức" find the same units: also search the folded key.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = search_key(search_term)
        if key:
            results = results | queryset.filter(search_key__contains=key)
        return results, may_have_duplicates

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None or obj.level == UnitLevel.HAMLET:
            kwargs["form"] = HamletForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["parent", "name", "kind"]
        if obj.level == UnitLevel.HAMLET:
            return ["parent", "name", "kind", "is_active", "code", "short_name", "path"]
        return [
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "path",
            "search_key",
            "latitude",
            "longitude",
            "is_active",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        if obj.level == UnitLevel.HAMLET:
            return ["parent", "code", "short_name", "path"]
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("units.add_administrativeunit"))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.level != UnitLevel.HAMLET:
            return False  # official list: changed only by ``load_units``
        return bool(request.user.has_perm("units.change_administrativeunit", obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # units are referenced everywhere; a hamlet is marked inactive instead

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = services.hamlet_update(
                actor=request.user,
                hamlet=obj,
                name=data["name"],
                kind=data["kind"],
                is_active=data["is_active"],
            )
        else:
            saved = services.hamlet_create(
                actor=request.user, commune=data["parent"], name=data["name"], kind=data["kind"]
            )
        obj.pk = saved.pk
        obj.__dict__.update({f.attname: getattr(saved, f.attname) for f in saved._meta.fields})

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # no many-to-many fields or inlines to save


class SuccessionInline(admin.TabularInline):
    model = LegacySuccession
    fields = ["unit", "is_primary"]
    readonly_fields = ["unit", "is_primary"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LegacyUnit)
class LegacyUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "successor_names"]
    list_filter = ["level"]
    search_fields = ["name", "search_key", "code"]
    list_select_related = ["parent"]
    inlines = [SuccessionInline]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).prefetch_related("successors")

    @admin.display(description=_("đơn vị hiện nay"))
    def successor_names(self, obj: LegacyUnit) -> str:
        return ", ".join(unit.name for unit in obj.successors.all())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Officer pages: home per role, organizations in scope, the audit log."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_htmx.middleware import HtmxDetails

from danvan.core import audit
from danvan.core.models import AuditEntry
from danvan.core.registries import PanelContent, home_panels
from danvan.organizations import access, selectors, services
from danvan.organizations.errors import OrganizationError
from danvan.organizations.forms import OrganizationContactForm
from danvan.organizations.models import OrganizationKind, User

PAGE_SIZE = 25


class OfficerRequest(HttpRequest):
    """A request behind ``login_required``: the user is a ``User``, htmx details are set."""

    user: User
    htmx: HtmxDetails


@login_required
def home(request: OfficerRequest) -> HttpResponse:
    """What each of the user's roles has to do, one section per membership."""
    if not request.user.is_officer:  # a citizen's account lives on the portal
        return redirect("portal:my-petitions")
    memberships = list(selectors.memberships_of(request.user))
    roles = {m.role.code for m in memberships}
    panels = []
    for panel in home_panels.for_roles(roles):
        content = panel.provider(request.user) if panel.provider else PanelContent()
        panels.append({"panel": panel, "content": content})
    return render(
        request,
        "organizations/home.html",
        {
            "memberships": memberships,
            "panels": panels,
            "is_citizen": not request.user.is_officer,
        },
    )


@login_required
def organization_list(request: OfficerRequest) -> HttpResponse:
    if not access.has_perm(request.user, "organizations.view_organization"):
        raise PermissionDenied
    search = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    if kind not in OrganizationKind.values:
        kind = ""
    qs = selectors.organization_list_for(actor=request.user, search=search, kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": search, "kind": kind, "kinds": OrganizationKind.choices}
    template = (
        "organizations/_organization_rows.html"
        if request.htmx
        else "organizations/organization_list.html"
    )
    return render(request, template, context)


@login_required
def organization_detail(request: OfficerRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get_for(actor=request.user, pk=pk)
    members = selectors.membership_list_for(actor=request.user, organization=organization)
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "members": members,
            "children": selectors.organization_list_for(actor=request.user).filter(
                parent=organization
            ),
            "can_change": access.has_perm(
                request.user, "organizations.change_organization", organization
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_update(request: OfficerRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get_for(actor=request.user, pk=pk)
    if not access.has_perm(request.user, "organizations.change_organization", organization):
        raise PermissionDenied
    form = OrganizationContactForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except OrganizationError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu thông tin tổ chức."))
            return redirect("organizations:organization-detail", pk=organization.pk)
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "organization": organization},
    )


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(label=gettext_lazy("Thao tác"), lookup_expr="icontains")
    actor = django_filters.CharFilter(
        label=gettext_lazy("Người thực hiện"), field_name="actor_repr", lookup_expr="icontains"
    )
    object = django_filters.CharFilter(
        label=gettext_lazy("Đối tượng"), field_name="object_repr", lookup_expr="icontains"
    )
    object_id = django_filters.CharFilter(label=gettext_lazy("Mã đối tượng"))
    since = django_filters.DateFilter(
        label=gettext_lazy("Từ ngày"), field_name="at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=gettext_lazy("Đến ngày"), field_name="at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []


@login_required
def audit_log(request: OfficerRequest) -> HttpResponse:
    """The audit log for administrators, filtered and paginated."""
    if not access.has_perm(request.user, "core.view_audit_log"):
        raise PermissionDenied
    filterset = AuditEntryFilter(
        request.GET or None, queryset=selectors.audit_entry_list_for(actor=request.user)
    )
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {"filter": filterset, "page": page, "query": query.urlencode()}
    return render(request, "organizations/audit_log.html", context)


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with an audit entry (never the password itself)."""

    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(
            actor=self.request.user,
            action="user.password_change",
            obj=form.user,
            changes={"password": ["***", "***"]},
        )
        return response


class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation, with an audit entry for the new password."""

    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(
            actor=form.user,
            action="user.password_reset",
            obj=form.user,
            changes={"password": ["***", "***"]},
        )
        return response

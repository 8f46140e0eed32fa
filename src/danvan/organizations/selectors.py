"""Reads of organizations and officers, already scoped to what the actor may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from danvan.core.text import fold
from danvan.organizations import access
from danvan.organizations.models import Membership, Organization, User


def organization_list_for(
    *, actor: User, search: str = "", kind: str = "", unit_code: str = ""
) -> QuerySet[Organization]:
    qs = access.scope_queryset(
        actor,
        "organizations.view_organization",
        Organization.objects.select_related("unit", "unit__parent", "parent"),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if unit_code:
        qs = qs.filter(unit__code=unit_code)
    if search:
        folded = fold(search)
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(unit__search_key__contains=folded)
            | Q(code__icontains=folded.replace(" ", "-"))
        )
    return qs.annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True))
    ).order_by("path")


def organization_get_for(
    *, actor: User, pk: int, perm: str = "organizations.view_organization"
) -> Organization:
    """The organization, or 404 when it does not exist or is outside the actor's scope."""
    qs = access.scope_queryset(actor, perm, Organization.objects.select_related("unit", "parent"))
    try:
        return qs.get(pk=pk)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


def membership_list_for(*, actor: User, organization: Organization) -> QuerySet[Membership]:
    return access.scope_queryset(
        actor,
        "organizations.view_membership",
        Membership.objects.filter(organization=organization)
        .select_related("user", "role", "organization__unit")
        .order_by("role__name", "user__full_name"),
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    """The user's own active memberships, for the home page."""
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("organization__unit__parent", "role")
        .order_by("organization__path")
    )


def audit_entry_list_for(*, actor: User, filters: dict[str, Any] | None = None) -> QuerySet[Any]:
    """Audit entries the actor may read.

    A superuser reads everything.  Anyone else with ``core.view_audit_log`` reads the entries
    about objects that lived within their reach when they changed (the paths stored on the
    entry): for an area role, everything located in the area; for an organization role, what
    belonged to the organization's subtree.  Entries about nothing located (system loads)
    are for superusers only.
    """
    from danvan.core.models import AuditEntry

    if not access.has_perm(actor, "core.view_audit_log"):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.select_related("content_type")
    if actor.is_superuser:
        return qs
    query = Q(pk__in=[])
    for grant in access.grants_of(actor):
        if "core.view_audit_log" not in grant.permissions:
            continue
        if grant.reach == "area":
            query |= Q(unit_path__startswith=grant.unit_path)
        else:
            query |= Q(organization_path__startswith=grant.organization_path) | Q(
                organization_path__isnull=True, unit_path__startswith=grant.unit_path
            )
    return qs.filter(query)

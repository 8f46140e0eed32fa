"""The one permission layer: may this user see or change this object?

A decision is role × organization subtree × unit subtree:

* a membership grants the Django permissions of its role;
* a role with reach ``organization`` covers objects owned by the membership's organization or
  any organization below it (and, for objects that belong to no organization, the units in the
  organization's area);
* a role with reach ``area`` covers every object located in the organization's unit or below.

A model opts in by naming its scope fields (paths are relative to the model):

    scope_organization_field = "organization"   # "" means the object is an organization
    scope_unit_field = "unit"                   # "" means the object is a unit

``has_perm`` answers for one object (or, with no object, "somewhere"); ``scope_queryset``
filters a queryset to what the user may see.  Both are what every later app uses; the Django
auth backend ``ScopedPermissionBackend`` routes ``user.has_perm`` here.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q

from danvan.core.scope import object_scopes

T = TypeVar("T", bound=models.Model)

logger = logging.getLogger(__name__)

_CACHE_ATTR = "_danvan_grants"


@dataclass(frozen=True)
class Grant:
    """One active membership, flattened: the permissions and where they apply."""

    organization_id: int
    organization_path: str
    unit_path: str
    reach: str
    permissions: frozenset[str]
    admin_site: bool
    # The organization's row as the same query read it (its unit not loaded), so that a
    # caller acting "in" a grant's organization needs no second query.
    organization: Any = field(default=None, compare=False, repr=False)


def grants_of(user: Any) -> list[Grant]:
    """The user's active memberships, loaded once per user object (per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if getattr(user, "kind", "officer") != "officer":
        return []  # citizens act through the portal, never through roles
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return list(cached)
    from danvan.organizations.models import Membership, Organization

    # One query: a row per (membership, permission of its role), with the organization's
    # row; a role without permissions still gives a grant (with none).  Three queries
    # (memberships, then the roles' permissions and their content types), and the
    # organization read again by its user, cost a partner system's every request more; the
    # permissions come as ids, named from the worker's table (``_permission_name``), which
    # spares PostgreSQL two joins to plan at each request.
    org_fields = [f.attname for f in Organization._meta.concrete_fields]
    rows = (
        Membership.objects.active()
        .filter(user=user)
        .values_list(
            "pk",
            "organization__unit__path",
            "role__reach",
            "role__grants_admin_site",
            "role__permissions",
            *(f"organization__{name}" for name in org_fields),
        )
    )
    found: dict[int, tuple[tuple[Any, ...], set[str]]] = {}
    width = 5
    for row in rows:
        entry = found.setdefault(row[0], (row, set()))
        if row[4] is not None:
            name = _permission_name(row[4])
            if name:
                entry[1].add(name)
    grants = []
    for row, perms in found.values():
        organization = Organization.from_db(rows.db, org_fields, row[width:])
        grants.append(
            Grant(
                organization_id=organization.pk,
                organization_path=organization.path,
                unit_path=row[1],
                reach=row[2],
                permissions=frozenset(perms),
                admin_site=bool(row[3]),
                organization=organization,
            )
        )
    setattr(user, _CACHE_ATTR, grants)
    return list(grants)


# Django's permissions (``app_label.codename`` by id): made by migrations, never changed.  A
# worker reads them once, and again when a role names one it has not seen.
_permission_names: dict[int, str] = {}


def _permission_name(permission_id: int) -> str | None:
    if permission_id not in _permission_names:
        from django.contrib.auth.models import Permission

        _permission_names.clear()
        _permission_names.update(
            (pk, f"{app_label}.{codename}")
            for pk, app_label, codename in Permission.objects.values_list(
                "pk", "content_type__app_label", "codename"
            )
        )
    return _permission_names.get(permission_id)


def forget_permission_names() -> None:
    """Read the permissions again at the next need (tests that make and drop them)."""
    _permission_names.clear()


def forget(user: Any) -> None:
    """Drop the cached grants (after memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


# --- who may do what, remembered between requests ---------------------------------------------
# A partner system calls with the same key thousands of times a minute; reading its account and
# grants again at each call cost about a third of a filing.  A worker may keep them between
# requests (``ACCESS_CACHE_SECONDS``, on only with a cache shared by every process: Redis) as
# long as the *access generation* has not changed: a token in the shared cache that every
# change to accounts, memberships, roles, organizations, units or keys replaces, at once and
# again when its transaction commits (signals: ``organizations.apps``, ``api.apps``; bulk
# loads call ``access_changed`` themselves).  A revoked key or membership therefore stops at
# the next request; the seconds only bound a change made behind the ORM's back (raw SQL).

_GENERATION_KEY = "danvan:access-generation"


def access_generation() -> str | None:
    """The current access generation, or None when nothing may be kept between requests
    (``ACCESS_CACHE_SECONDS`` is 0, or the shared cache cannot be read: then read afresh)."""
    if not getattr(settings, "ACCESS_CACHE_SECONDS", 0):
        return None
    try:
        token = cache.get(_GENERATION_KEY)
        if token is None:  # never set, or evicted: a new one (every worker's entries go)
            cache.add(_GENERATION_KEY, secrets.token_hex(8), timeout=None)
            token = cache.get(_GENERATION_KEY)
    except Exception:  # the cache is down: correctness first, the database answers
        logger.warning("access generation unreadable; reading access from the database")
        return None
    return token if isinstance(token, str) else None


def _new_generation() -> None:
    try:
        cache.set(_GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        # Nothing kept can be trusted any more, yet nobody can be told: say it loudly.  The
        # workers' entries still end after ACCESS_CACHE_SECONDS.
        logger.error("access generation could not be renewed", exc_info=True)


def access_changed(**_signal_kwargs: Any) -> None:
    """Who may do what has changed: whatever a worker kept is stale.  Renewed now (so that no
    worker keeps using what it had) and again when the transaction commits (so that a worker
    that read the old rows meanwhile and kept them under the new token drops them too)."""
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        # robust: a failing hook registered earlier in the transaction must not skip this one
        transaction.on_commit(_new_generation, robust=True)


def _organization_fields() -> list[str]:
    from danvan.organizations.models import Organization

    return [f.attname for f in Organization._meta.concrete_fields]


def export_grants(user: Any) -> tuple[tuple[Grant, tuple[Any, ...]], ...]:
    """The user's grants as plain values, to be kept between requests (``adopt_grants``)."""
    names = _organization_fields()
    return tuple(
        (replace(g, organization=None), tuple(getattr(g.organization, n) for n in names))
        for g in grants_of(user)
    )


def adopt_grants(user: Any, exported: tuple[tuple[Grant, tuple[Any, ...]], ...]) -> None:
    """Give ``user`` (a fresh instance) the grants ``export_grants`` kept, each with a fresh
    organization row, so that nothing a request changes on them reaches the next one."""
    from danvan.organizations.models import Organization

    names = _organization_fields()
    grants = [
        replace(g, organization=Organization.from_db("default", names, values))
        for g, values in exported
    ]
    setattr(user, _CACHE_ATTR, grants)


def permissions_of(user: Any) -> set[str]:
    if getattr(user, "is_superuser", False) and user.is_active:
        from django.contrib.auth.models import Permission

        return {
            f"{app}.{code}"
            for app, code in Permission.objects.values_list("content_type__app_label", "codename")
        }
    perms: set[str] = set()
    for grant in grants_of(user):
        perms |= grant.permissions
    return perms


def _covers(grant: Grant, org_path: str | None, unit_path: str | None) -> bool:
    if grant.reach == "area":
        return unit_path is not None and unit_path.startswith(grant.unit_path)
    if org_path is not None:
        return org_path.startswith(grant.organization_path)
    return unit_path is not None and unit_path.startswith(grant.unit_path)


def has_perm(user: Any, perm: str, obj: Any = None) -> bool:
    """May ``user`` use ``perm`` (``app_label.codename``) on ``obj`` (or anywhere)?"""
    if user is None or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    grants = [g for g in grants_of(user) if perm in g.permissions]
    if obj is None:
        return bool(grants)
    return any(
        _covers(g, org_path, unit_path)
        for org_path, unit_path in object_scopes(obj)
        for g in grants
    )


def require_perm(user: Any, perm: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` unless ``has_perm``; services call this first."""
    if not has_perm(user, perm, obj):
        raise PermissionDenied(perm)


def scope_q(user: Any, perm: str, model: type[models.Model]) -> Q | None:
    """A filter selecting the rows of ``model`` the user may use ``perm`` on.

    ``None`` means no restriction (superuser); an impossible filter means nothing.
    """
    if user is None or not getattr(user, "is_active", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    org_field = getattr(model, "scope_organization_field", None)
    unit_field = getattr(model, "scope_unit_field", None)
    if org_field is None and unit_field is None:
        raise TypeError(f"{model.__name__} declares no scope fields")

    # Extra conditions that must hold on the same joined row (an officer's *active* membership).
    same_row = getattr(model, "scope_same_row_q", None) or Q()
    query = Q(pk__in=[])
    for grant in grants_of(user):
        if perm not in grant.permissions:
            continue
        if grant.reach == "area" or org_field is None:
            if unit_field is not None:
                query |= same_row & _path_q(model, unit_field, grant.unit_path)
        else:
            query |= same_row & _path_q(model, org_field, grant.organization_path)
    return query


def _path_q(model: type[models.Model], field: str, path: str) -> Q:
    """Rows whose ``field`` (an organization or a unit, or the row itself when empty) lies in
    the subtree at ``path``.  Written as ``field IN (1, 2, …)``, the subtree's ids read first
    (one indexed query on the tree), so that the database can use the row's own index on the
    foreign key (a petition's work-list index begins with its organization) instead of joining
    the tree table for every row, and, on PostgreSQL, estimates from the real list how many
    rows the scope keeps (a sub-select hid it, and a province-wide search was planned as if
    it matched a few rows)."""
    if not field:
        return Q(path__startswith=path)
    related: Any = model
    for part in field.split("__"):
        related = related._meta.get_field(part).related_model
    subtree = list(
        related._default_manager.filter(path__startswith=path).values_list("pk", flat=True)
    )
    return Q(**{f"{field}__in": subtree})


def scope_queryset(user: Any, perm: str, queryset: models.QuerySet[T]) -> models.QuerySet[T]:
    """``queryset`` narrowed to the rows ``user`` may use ``perm`` on."""
    query = scope_q(user, perm, queryset.model)
    if query is None:
        return queryset
    if hasattr(queryset.model, "scope_paths"):  # scope crosses a to-many relation
        matching = queryset.model._default_manager.filter(query).values("pk")
        return queryset.filter(pk__in=matching)
    return queryset.filter(query)


def may_enter_admin_site(user: Any) -> bool:
    """Administrators (an officer holding a role that grants the admin site) and superusers."""
    if user is None or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    return bool(user.is_staff) and any(g.admin_site for g in grants_of(user))


def may_manage_user(actor: Any, target: Any, perm: str = "organizations.change_user") -> bool:
    """May ``actor`` change ``target``'s account (name, e-mail, password, active, roles)?

    Only when every place the target works is within the actor's reach: an administrator of
    commune A cannot take over an officer who also works at the province, nor anyone who is
    a superuser or a citizen.  An officer whose memberships were all revoked is judged by the
    places they worked; an account with no membership at all (just created) by the
    permission alone.
    """
    if actor is None or not getattr(actor, "is_active", False):
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser or getattr(target, "kind", "officer") != "officer":
        return False
    if not has_perm(actor, perm):
        return False
    places = list(target.scope_paths()) or list(target.scope_paths(include_inactive=True))
    grants = [g for g in grants_of(actor) if perm in g.permissions]
    return all(any(_covers(g, org, unit) for g in grants) for org, unit in places)

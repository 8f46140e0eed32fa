"""Every write to organizations, officers and memberships.

Each service takes ``actor=`` (None only for system commands such as the demo loader),
checks the permission through ``access``, validates, writes in one transaction and records
the audit entry.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.text import slugify

from danvan.core import audit
from danvan.organizations import access
from danvan.organizations.errors import ErrorCode, OrganizationError
from danvan.organizations.models import Membership, Organization, Role, User, UserKind
from danvan.units.models import AdministrativeUnit, UnitLevel

ORGANIZATION_EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "email",
    "phone",
    "address",
    "is_active",
)


def _check(actor: Any, perm: str, obj: Any = None) -> None:
    """System calls (actor None) are trusted; everyone else goes through ``access``."""
    if actor is None:
        return
    if not access.has_perm(actor, perm, obj):
        raise OrganizationError(ErrorCode.PERMISSION_DENIED)


def _unique_code(base: str) -> str:
    code = slugify(base)[:56] or "to-chuc"
    candidate, n = code, 1
    while Organization.objects.filter(code=candidate).exists():
        n += 1
        candidate = f"{code}-{n}"
    return candidate


@transaction.atomic
def organization_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    unit: AdministrativeUnit,
    parent: Organization | None = None,
    code: str = "",
    short_name: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
) -> Organization:
    """Create an organization at a province or commune, under an optional parent."""
    if unit.level not in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
        raise OrganizationError(ErrorCode.UNIT_NOT_ALLOWED)
    if parent is not None and not unit.is_within(parent.unit):
        raise OrganizationError(ErrorCode.UNIT_NOT_ALLOWED)
    organization = Organization(
        code=code or _unique_code(name),
        name=name.strip(),
        kind=kind,
        unit=unit,
        parent=parent,
        short_name=short_name,
        email=email,
        phone=phone,
        address=address,
        path="/",
    )
    # The new organization's scope is its parent's.  A root organization has no parent
    # yet, so only a role reaching the whole area of ``unit`` may create it: the stand-in
    # below matches no organization path.
    if actor is not None:
        if parent is not None:
            _check(actor, "organizations.add_organization", parent)
        else:
            scoped = Organization(unit=unit, path="/~/")
            _check(actor, "organizations.add_organization", scoped)
    organization.full_clean(exclude=["path"])
    organization.save(force_insert=True)
    organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
    organization.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="organization.create",
        obj=organization,
        changes=audit.diff({}, audit.snapshot(organization)),
    )
    return organization


@transaction.atomic
def organization_update(
    *, actor: User | None, organization: Organization, **fields: Any
) -> Organization:
    """Change an organization's name, kind, contact details or active flag."""
    unknown = set(fields) - set(ORGANIZATION_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"cannot update {sorted(unknown)} through organization_update")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _check(actor, "organizations.change_organization", organization)
    before = audit.snapshot(organization, fields)
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    changes = audit.diff(before, audit.snapshot(organization, fields))
    if changes:
        organization.save(update_fields=[*changes, "updated_at"])
        audit.record(actor=actor, action="organization.update", obj=organization, changes=changes)
    return organization


@transaction.atomic
def officer_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    position: str = "",
    password: str | None = None,
    password_hash: str | None = None,
) -> User:
    """Create an officer account (without a role: grant one with ``membership_grant``)."""
    _check(actor, "organizations.add_user")
    user = User(
        username=username.strip(),
        full_name=full_name.strip(),
        email=email,
        phone=phone,
        position=position,
        kind=UserKind.OFFICER,
    )
    if password_hash:
        user.password = password_hash
    elif password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save(force_insert=True)
    audit.record(
        actor=actor,
        action="officer.create",
        obj=user,
        changes=audit.diff(
            {},
            audit.snapshot(user, ["username", "full_name", "email", "phone", "position", "kind"]),
        ),
    )
    return user


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, organization: Organization, role: Role
) -> Membership:
    """Give an officer a role in an organization (idempotent)."""
    if user.kind != UserKind.OFFICER:
        raise OrganizationError(ErrorCode.NOT_AN_OFFICER)
    _check(actor, "organizations.add_membership", organization)
    if actor is not None and not access.may_manage_user(actor, user, "organizations.change_user"):
        raise OrganizationError(ErrorCode.USER_OUTSIDE_SCOPE)
    # Only someone who may enter the admin site hands out roles that do.
    if actor is not None and role.grants_admin_site and not access.may_enter_admin_site(actor):
        raise OrganizationError(ErrorCode.ROLE_NOT_ALLOWED)
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role, defaults={"is_active": True}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        created = True
    if role.grants_admin_site and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if created:
        audit.record(
            actor=actor,
            action="membership.grant",
            obj=membership,
            changes={
                "user": [None, user.pk],
                "organization": [None, organization.pk],
                "role": [None, role.code],
            },
        )
    access.forget(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: User | None, membership: Membership) -> Membership:
    """End an officer's role in an organization (the row is kept for history)."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("organization__unit", "role", "user")
        .get(pk=membership.pk)
    )
    _check(actor, "organizations.change_membership", membership)
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action="membership.revoke",
            obj=membership,
            changes={"is_active": [True, False]},
        )
    user = membership.user
    if (
        user.is_staff
        and not user.is_superuser
        and not user.memberships.filter(is_active=True, role__grants_admin_site=True).exists()
    ):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    access.forget(user)
    return membership

"""The portal's writes and its few reads of its own.  A citizen's petition is registered by
``petitions.services.petition_create`` exactly as an officer's, with the portal channel and
no officer as actor; the portal only decides who receives it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from danvan.organizations.models import Organization, OrganizationKind
from danvan.petitions import services as petition_services
from danvan.petitions.attachments import attachment_add
from danvan.petitions.models import Petition
from danvan.petitions.publication import StatisticsTable, statistics_table
from danvan.portal.models import CitizenSubmission
from danvan.units.models import AdministrativeUnit, UnitLevel


class NoReceiverError(Exception):
    """No organization in danvan receives petitions about this commune."""


def portal_province() -> AdministrativeUnit | None:
    """The province this installation serves: ``PORTAL_PROVINCE`` (a code), else the province
    where most organizations are registered."""
    code = str(getattr(settings, "PORTAL_PROVINCE", "") or "")
    cached = cache.get("portal:province")
    if cached is None:
        units = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
        province = units.filter(code=code).first() if code else None
        if province is None:
            from django.db.models import Count

            counts = (
                Organization.objects.filter(is_active=True)
                .values("unit__path")
                .annotate(n=Count("id"))
            )
            totals: dict[str, int] = {}
            for row in counts:
                head = (row["unit__path"] or "").split("/")[0]
                totals[head] = totals.get(head, 0) + row["n"]
            best = max(totals.items(), key=lambda kv: kv[1], default=(None, 0))[0]
            province = units.filter(code=best).first() if best else None
        cached = province.pk if province is not None else 0
        cache.set("portal:province", cached, 600)
    return AdministrativeUnit.objects.filter(pk=cached).first() if cached else None


def receiving_organization(commune: AdministrativeUnit) -> Organization:
    """Who receives a citizen's petition about ``commune``: the commune's People's Committee
    (Ủy ban nhân dân xã), which handles most matters or transfers them; failing that, the
    province's citizen reception office, then the provincial People's Committee."""
    candidates = Organization.objects.filter(is_active=True).select_related("unit")
    found = candidates.filter(unit=commune, kind=OrganizationKind.PEOPLES_COMMITTEE).first()
    if found is None and commune.parent_id:
        for kind in (OrganizationKind.RECEPTION_OFFICE, OrganizationKind.PEOPLES_COMMITTEE):
            found = candidates.filter(unit_id=commune.parent_id, kind=kind).order_by("path").first()
            if found is not None:
                break
    if found is None:
        raise NoReceiverError
    return found


def portal_submit(
    *,
    account: Any,
    data: petition_services.IntakeInput,
    files: Sequence[Any] = (),
) -> Petition:
    """Register a citizen's petition and its attachments in one transaction.

    The form's key makes a second click, or the same form sent again after a network error,
    return the first petition (with its attachments, not a second copy of them)."""
    assert data.commune is not None  # the form resolved it  # noqa: S101
    organization = receiving_organization(data.commune)
    key = petition_services.scoped_submission_key(data.submission_key, organization, None)
    with transaction.atomic():
        existing = Petition.objects.filter(submission_key=key).first() if key else None
        petition = petition_services.petition_create(
            actor=None, organization=organization, data=data
        )
        if existing is None:
            for upload in files:
                attachment_add(actor=None, petition=petition, upload=upload)
        # A denouncer's account is never linked to the case in the clear: the identity is
        # kept encrypted apart (Luật Tố cáo), so the account does not list denunciations.
        signed_in = account is not None and getattr(account, "is_authenticated", False)
        if signed_in and not petition.identity_confidential:
            CitizenSubmission.objects.get_or_create(account=account, petition=petition)
    return petition


def submissions_of(account: Any) -> list[Petition]:
    """The petitions a signed-in citizen filed on the portal, newest first."""
    ids = CitizenSubmission.objects.filter(account=account).values("petition_id")
    return list(
        Petition.objects.filter(pk__in=ids)
        .select_related("organization", "commune")
        .order_by("-created_at")[:200]
    )


# --- public statistics ---------------------------------------------------------------------
# One grouped query gives every statistics page of the province; a periodic job refreshes it
# (``portal.refresh_statistics``), so a citizen never waits for the count of a million rows.
STATISTICS_SECONDS = 20 * 60


def _cached_table(key: str, **where: AdministrativeUnit) -> StatisticsTable:
    table = cache.get(key)
    if table is None:
        table = statistics_table(**where)
        cache.set(key, table, STATISTICS_SECONDS)
    return table


def statistics_for(province: AdministrativeUnit) -> StatisticsTable:
    return _cached_table(f"portal:stats-table:{province.pk}", province=province)


def statistics_for_commune(commune: AdministrativeUnit) -> StatisticsTable:
    """The province's table when the commune is in the portal's province, else its own."""
    province = portal_province()
    if province is not None and commune.path.startswith(province.path):
        return statistics_for(province)
    return _cached_table(f"portal:stats-table:commune:{commune.pk}", commune=commune)


def statistics_refresh() -> int:
    """Recount the portal province's statistics now (the periodic job); the number of cells."""
    province = portal_province()
    if province is None:
        return 0
    table = statistics_table(province=province)
    cache.set(f"portal:stats-table:{province.pk}", table, STATISTICS_SECONDS)
    return len(table.cells)

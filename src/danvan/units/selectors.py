"""Reads of the units app: finding a commune by typing, and resolving an address.

Administrative units are public reference data: these selectors apply no permission scope.

- ``unit_search``: communes (or provinces, hamlets) by name, with or without diacritics
  ("long duc", "Long Đức", "xã long đức"), best matches first.
- ``active_commune``: an active commune by its code, as partner systems send it.
- ``resolve_address``: the current commune of an address written today ("xã, tỉnh") or before
  the 2025 reform ("xã, huyện, tỉnh" of the 63 provinces), with how it was found.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Length

from danvan.core.text import fold, name_key, nfc, split_kind
from danvan.units.models import (
    AdministrativeUnit,
    HamletKind,
    LegacySuccession,
    LegacyUnit,
    UnitLevel,
    UnitQuerySet,
)

# The types a query may start with, as stored in ``AdministrativeUnit.kind``.
KNOWN_KINDS: tuple[str, ...] = ("Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu", *HamletKind.values)


# Communes change by decree (a few times a decade); a partner's every filing names one.  A
# worker remembers a looked-up code for a few minutes rather than asking the database each
# time; a unit made inactive stops being accepted within ``COMMUNE_CACHE_SECONDS``.
COMMUNE_CACHE_SECONDS = 300
_communes: dict[str, tuple[float, AdministrativeUnit | None]] = {}


def active_commune(code: str) -> AdministrativeUnit | None:
    """The active commune (xã, phường, đặc khu) with this code, or None."""
    now = time.monotonic()
    known = _communes.get(code)
    if known is not None and now - known[0] < COMMUNE_CACHE_SECONDS:
        return known[1]
    unit = AdministrativeUnit.objects.filter(
        code=code, level=UnitLevel.COMMUNE, is_active=True
    ).first()
    if len(_communes) > 20_000:  # codes that do not exist must not grow it without end
        _communes.clear()
    _communes[code] = (now, unit)
    return unit


def forget_communes() -> None:
    """Drop the remembered communes (after the units are loaded again, in tests)."""
    _communes.clear()


def _kinds_for(folded_kind: str | None) -> list[str]:
    if folded_kind is None:
        return []
    return [kind for kind in KNOWN_KINDS if fold(kind) == folded_kind]


def _province_for(province: AdministrativeUnit | str | None) -> AdministrativeUnit | None:
    if province is None or isinstance(province, AdministrativeUnit):
        return province
    return AdministrativeUnit.objects.provinces().filter(code=province).first()


def unit_search(
    query: str,
    *,
    province: AdministrativeUnit | str | None = None,
    level: str = UnitLevel.COMMUNE,
    limit: int = 20,
) -> list[AdministrativeUnit]:
    """Active units of ``level`` whose name matches what was typed, best first.

    Diacritics and case are ignored; a leading type ("xã", "phường", "p.") is understood and
    ranks units of that type first.  Every word typed must start a word of the name.  Order:
    the exact name, then names starting with the query, then names containing it as a phrase,
    then names containing its words in any order; shorter names and the official order break
    ties.  ``province`` (a unit or a code) narrows to one province; a query "name, province"
    does the same when the part after the last comma names a province.
    """
    text = nfc(query)
    scope = _province_for(province)
    if province is not None and scope is None:
        return []  # an unknown province code
    if scope is None and "," in text:
        head, _, tail = text.rpartition(",")
        tail_key = split_kind(tail)[1]
        if tail_key:
            scope = AdministrativeUnit.objects.provinces().filter(search_key=tail_key).first()
            if scope is not None:
                text = head
    kind, key = split_kind(text)
    if not key:
        return []
    units: UnitQuerySet = AdministrativeUnit.objects.active().filter(level=level)
    if scope is not None:
        units = units.within(scope)
    for word in key.split():
        units = units.filter(Q(search_key__startswith=word) | Q(search_key__contains=f" {word}"))
    # "xa dung" may be "xã Dung" or the commune named "Xa Dung": rank both readings.
    whole = name_key(text)
    rank = Case(
        When(Q(search_key=key) | Q(search_key=whole), then=Value(0)),
        When(Q(search_key__startswith=key) | Q(search_key__startswith=whole), then=Value(1)),
        When(search_key__contains=f" {key}", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    kinds = _kinds_for(kind)
    kind_rank: Any = (
        Case(When(kind__in=kinds, then=Value(0)), default=Value(1), output_field=IntegerField())
        if kinds
        else Value(0, output_field=IntegerField())
    )
    return list(
        units.select_related("parent")
        .annotate(rank=rank, kind_rank=kind_rank, key_length=Length("search_key"))
        .order_by("rank", "kind_rank", "key_length", "path")[:limit]
    )


class Resolution(enum.StrEnum):
    """How an address was matched."""

    CURRENT = "current"  # an address of the 34 provinces
    LEGACY = "legacy"  # a pre-2025 address, converted through the old → new mapping


@dataclass(frozen=True)
class ResolvedAddress:
    """The current commune of an address, and how it was found.

    ``legacy_unit`` is the old commune (or island district) matched for a legacy address.
    When the old commune was divided, ``unit`` is the part the official conversion names as
    the default and ``candidates`` lists every commune that received a part of it.
    ``hamlet`` is set when the address names a hamlet the province has registered.
    """

    unit: AdministrativeUnit
    resolution: Resolution
    legacy_unit: LegacyUnit | None = None
    candidates: tuple[AdministrativeUnit, ...] = field(default_factory=tuple)
    hamlet: AdministrativeUnit | None = None

    @property
    def is_legacy(self) -> bool:
        return self.resolution == Resolution.LEGACY

    @property
    def is_ambiguous(self) -> bool:
        """The old commune was divided: the street decides, which only an officer can check."""
        return len(self.candidates) > 1


@cache
def _parser() -> Callable[..., Any]:
    # Imported on first use: the package loads large dictionaries and shapely.  Only its
    # parser is used; its converter may geocode a street over the network, which we never do.
    from vietnamadminunits import parse_address

    return cast("Callable[..., Any]", parse_address)


def _legacy_match(text: str) -> LegacyUnit | None:
    """The old commune an address of the 63 provinces names, if it names one with its district.

    Requiring the district keeps current addresses out: many new communes carry the name of
    an old district ("phường Bình Minh, tỉnh Vĩnh Long"), but then no old commune follows.
    """
    old = _parser()(text, mode="LEGACY", keep_street=False, level=3)
    if not old.district_code:
        return None
    if old.ward_code:
        return (
            LegacyUnit.objects.filter(level=LegacyUnit.Level.WARD, code=old.ward_code)
            .select_related("parent")
            .first()
        )
    # An island district without communes went whole into a special zone (đặc khu).
    return (
        LegacyUnit.objects.filter(
            level=LegacyUnit.Level.DISTRICT, code=old.district_code, successions__isnull=False
        )
        .distinct()
        .first()
    )


DISTRICT_KINDS = frozenset({"huyen", "quan", "thi xa", "thanh pho"})


def _names_district(text: str, legacy: LegacyUnit) -> bool:
    """Whether one of the address parts is the old district of ``legacy`` ("huyện Châu Thành",
    "TP Trà Vinh", "Q.1", or the bare name)."""
    district = legacy if legacy.level == LegacyUnit.Level.DISTRICT else legacy.parent
    if district is None:
        return False
    for part in text.split(","):
        kind, key = split_kind(part)
        if key == district.search_key and (kind is None or kind in DISTRICT_KINDS):
            return True
    return False


def _current_match(text: str) -> AdministrativeUnit | None:
    """The commune an address of the 34 provinces names, if the parser finds one."""
    new = _parser()(text, mode="FROM_2025", keep_street=False, level=2)
    if not new.ward_code:
        return None
    return (
        AdministrativeUnit.objects.communes()
        .filter(code=new.ward_code)
        .select_related("parent")
        .first()
    )


def _hamlet_in(commune: AdministrativeUnit, parts: set[str]) -> AdministrativeUnit | None:
    """A registered hamlet of ``commune`` named by one of the address parts (name keys)."""
    hamlets = list(AdministrativeUnit.objects.hamlets().active().filter(parent=commune))
    for hamlet in hamlets:
        if name_key(hamlet.name) in parts:
            return hamlet
    return None


def resolve_address(text: str) -> ResolvedAddress | None:
    """The current commune (xã, phường, đặc khu) of an address, or None.

    Understands current addresses ("xã Long Đức, tỉnh Vĩnh Long") and pre-2025 ones with the
    district ("xã Long Đức, thành phố Trà Vinh, tỉnh Trà Vinh"), with or without diacritics and
    with common abbreviations ("P.4, TP Trà Vinh"), using the parser of ``vietnamadminunits``
    for the names and the loaded tables (``LegacyUnit`` and its successions) for the mapping.
    A legacy address is tried first, because the parser of current addresses would otherwise
    read an old district's name as a commune.  An address naming only a province or district
    resolves to None.
    """
    text = nfc(text)
    if not name_key(text):
        return None
    parts = {name_key(part) for part in text.split(",")}
    current = _current_match(text)
    legacy = _legacy_match(text)
    if legacy is not None:
        successions = list(
            LegacySuccession.objects.filter(legacy=legacy, unit__level=UnitLevel.COMMUNE)
            .select_related("unit__parent")
            .order_by("-is_primary", "unit__path")
        )
        if successions:
            unit = successions[0].unit
            # "Phường 2 Bảo Lộc, Lâm Đồng" also reads as old Phường 2 of Bảo Lộc city: when
            # both readings agree, the text names today's commune in full and no old district,
            # it is a current address.
            reads_current = (
                current == unit
                and name_key(unit.name) in parts
                and not _names_district(text, legacy)
            )
            if not reads_current:
                return ResolvedAddress(
                    unit=unit,
                    resolution=Resolution.LEGACY,
                    legacy_unit=legacy,
                    candidates=tuple(s.unit for s in successions),
                    hamlet=_hamlet_in(unit, parts),
                )
    if current is None:
        return None
    return ResolvedAddress(
        unit=current,
        resolution=Resolution.CURRENT,
        candidates=(current,),
        hamlet=_hamlet_in(current, parts),
    )

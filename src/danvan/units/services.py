"""Writes of the units app: loading the official lists, and the hamlets a province adds.

- ``units_load`` brings the database in line with the official lists (danh mục đơn vị hành
  chính, QĐ 19/2025/QĐ-TTg) shipped by ``vietnamadminunits``: 34 provinces, 3,321 communes,
  and the pre-2025 units with the commune(s) that took over each of them.  It is idempotent,
  runs in one transaction, and writes in bulk.
- ``hamlet_create`` / ``hamlet_update``: ấp, khóm, thôn, tổ dân phố below a commune.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal

from danvan.core import audit
from danvan.core.text import name_key, nfc
from danvan.units.errors import UnitErrorCode, unit_error
from danvan.units.locks import unit_lock
from danvan.units.models import (
    AdministrativeUnit,
    HamletKind,
    LegacySuccession,
    LegacyUnit,
    UnitLevel,
)
from danvan.units.sources import LegacyRecord, UnitRecord, UnitsSource, read_package_source

BATCH_SIZE = 1000

# Sent at the end of every ``units_load`` (with ``result``): its bulk writes send no model
# signals, and what other apps keep about units (paths, in the access layer) must be renewed.
units_loaded = Signal()
UNIT_FIELDS = (
    "name",
    "short_name",
    "kind",
    "level",
    "parent_id",
    "path",
    "search_key",
    "latitude",
    "longitude",
    "is_active",
)
LEGACY_FIELDS = ("name", "short_name", "kind", "parent_id", "search_key")


@dataclass
class UnitsLoadResult:
    """What ``units_load`` found and did."""

    source: str = ""
    provinces: int = 0
    communes: int = 0
    legacy_units: int = 0
    successions: int = 0
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    hamlets_moved: int = 0
    legacy_created: int = 0
    legacy_updated: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_deleted: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.created,
                self.updated,
                self.deactivated,
                self.hamlets_moved,
                self.legacy_created,
                self.legacy_updated,
                self.successions_created,
                self.successions_updated,
                self.successions_deleted,
            )
        )


def _differs(obj: Any, values: dict[str, Any], fields: Iterable[str]) -> bool:
    return any(getattr(obj, name) != values[name] for name in fields)


def _sync_units(
    records: Sequence[UnitRecord],
    level: UnitLevel,
    existing: dict[str, AdministrativeUnit],
    parents: dict[str, AdministrativeUnit],
    result: UnitsLoadResult,
) -> tuple[dict[str, AdministrativeUnit], list[AdministrativeUnit]]:
    """Create or update one level; returns the units by code and those whose path moved."""
    to_create: list[AdministrativeUnit] = []
    to_update: list[AdministrativeUnit] = []
    moved: list[AdministrativeUnit] = []
    for record in records:
        parent = parents[record.parent_code] if record.parent_code else None
        values: dict[str, Any] = {
            "name": record.name,
            "short_name": record.short_name,
            "kind": record.kind,
            "level": level,
            "parent_id": parent.pk if parent else None,
            "path": f"{parent.path if parent else ''}{record.code}/",
            "search_key": record.search_key,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "is_active": True,
        }
        unit = existing.get(record.code)
        if unit is None:
            to_create.append(AdministrativeUnit(code=record.code, **values))
        elif _differs(unit, values, UNIT_FIELDS):
            if unit.path != values["path"]:
                moved.append(unit)
            for name, value in values.items():
                setattr(unit, name, value)
            to_update.append(unit)
    if to_create:
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        AdministrativeUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=BATCH_SIZE)
    result.created += len(to_create)
    result.updated += len(to_update)
    by_code = {unit.code: unit for unit in [*to_create, *existing.values()]}
    if any(unit.pk is None for unit in to_create):  # a backend that returns no ids
        ids = dict(
            AdministrativeUnit.objects.filter(code__in=[u.code for u in to_create]).values_list(
                "code", "pk"
            )
        )
        for unit in to_create:
            unit.pk = ids[unit.code]
    return by_code, moved


def _move_hamlets(communes: list[AdministrativeUnit]) -> int:
    """Rewrite the paths of the hamlets below communes whose own path changed."""
    by_id = {commune.pk: commune for commune in communes}
    hamlets = list(AdministrativeUnit.objects.hamlets().filter(parent_id__in=by_id))
    for hamlet in hamlets:
        hamlet.path = f"{by_id[hamlet.parent_id or 0].path}{hamlet.code}/"
    AdministrativeUnit.objects.bulk_update(hamlets, ["path"], batch_size=BATCH_SIZE)
    return len(hamlets)


def _sync_legacy(
    records: Sequence[LegacyRecord],
    existing: dict[tuple[str, str], LegacyUnit],
    result: UnitsLoadResult,
) -> None:
    """Create or update legacy units, level by level so each parent has its id."""
    parent_level = {"district": "province", "ward": "district"}
    for level in ("province", "district", "ward"):
        to_create: list[LegacyUnit] = []
        to_update: list[LegacyUnit] = []
        for record in records:
            if record.level != level:
                continue
            parent = (
                existing[(parent_level[level], record.parent_code)] if record.parent_code else None
            )
            values: dict[str, Any] = {
                "name": record.name,
                "short_name": record.short_name,
                "kind": record.kind,
                "parent_id": parent.pk if parent else None,
                "search_key": record.search_key,
            }
            unit = existing.get((level, record.code))
            if unit is None:
                unit = LegacyUnit(level=level, code=record.code, **values)
                to_create.append(unit)
            elif _differs(unit, values, LEGACY_FIELDS):
                for name, value in values.items():
                    setattr(unit, name, value)
                to_update.append(unit)
        if to_create:
            LegacyUnit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
            if any(unit.pk is None for unit in to_create):
                ids = dict(LegacyUnit.objects.filter(level=level).values_list("code", "pk"))
                for unit in to_create:
                    unit.pk = ids[unit.code]
            for unit in to_create:
                existing[(level, unit.code)] = unit
        if to_update:
            LegacyUnit.objects.bulk_update(to_update, LEGACY_FIELDS, batch_size=BATCH_SIZE)
        result.legacy_created += len(to_create)
        result.legacy_updated += len(to_update)


def _sync_successions(
    source: UnitsSource,
    legacy: dict[tuple[str, str], LegacyUnit],
    units: dict[str, AdministrativeUnit],
    result: UnitsLoadResult,
) -> None:
    wanted: dict[tuple[int, int], bool] = {}
    for record in source.successions:
        legacy_id = legacy[(record.legacy_level, record.legacy_code)].pk
        unit_id = units[record.unit_code].pk
        wanted[(legacy_id, unit_id)] = wanted.get((legacy_id, unit_id), False) or record.is_primary
    have = {
        (legacy_id, unit_id): (pk, is_primary)
        for pk, legacy_id, unit_id, is_primary in LegacySuccession.objects.values_list(
            "pk", "legacy_id", "unit_id", "is_primary"
        )
    }
    stale = [pk for key, (pk, _) in have.items() if key not in wanted]
    demoted = [pk for key, (pk, primary) in have.items() if primary and not wanted.get(key, True)]
    promoted = [pk for key, (pk, primary) in have.items() if not primary and wanted.get(key)]
    # Delete and demote before creating or promoting: one primary per legacy unit at a time.
    for chunk in _chunks(stale):
        LegacySuccession.objects.filter(pk__in=chunk).delete()
    for chunk in _chunks(demoted):
        LegacySuccession.objects.filter(pk__in=chunk).update(is_primary=False)
    for chunk in _chunks(promoted):
        LegacySuccession.objects.filter(pk__in=chunk).update(is_primary=True)
    LegacySuccession.objects.bulk_create(
        [
            LegacySuccession(legacy_id=legacy_id, unit_id=unit_id, is_primary=primary)
            for (legacy_id, unit_id), primary in wanted.items()
            if (legacy_id, unit_id) not in have
        ],
        batch_size=BATCH_SIZE,
    )
    result.successions_deleted = len(stale)
    result.successions_updated = len(demoted) + len(promoted)
    result.successions_created = len(wanted.keys() - have.keys())
    result.successions = len(wanted)


def _chunks(items: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def units_load(*, actor: Any = None, source: UnitsSource | None = None) -> UnitsLoadResult:
    """Bring provinces, communes and legacy units in line with the official lists.

    Creates what is missing, updates what differs (a renamed commune), marks as inactive the
    provinces and communes no longer listed (they are never deleted: organizations and cases
    point to them), and leaves hamlets alone except to follow a commune whose path changed.
    Running it twice changes nothing the second time.  ``source`` defaults to the installed
    ``vietnamadminunits`` package.
    """
    started = time.perf_counter()
    source = source or read_package_source()
    result = UnitsLoadResult(source=source.version)
    with transaction.atomic():
        existing = {
            unit.code: unit for unit in AdministrativeUnit.objects.exclude(level=UnitLevel.HAMLET)
        }
        provinces, _ = _sync_units(
            source.provinces,
            UnitLevel.PROVINCE,
            {c: u for c, u in existing.items() if u.level == UnitLevel.PROVINCE},
            {},
            result,
        )
        communes, moved_communes = _sync_units(
            source.communes,
            UnitLevel.COMMUNE,
            {c: u for c, u in existing.items() if u.level == UnitLevel.COMMUNE},
            provinces,
            result,
        )
        listed = {record.code for record in [*source.provinces, *source.communes]}
        retired = [u for c, u in existing.items() if c not in listed and u.is_active]
        for unit in retired:
            unit.is_active = False
        AdministrativeUnit.objects.bulk_update(retired, ["is_active"], batch_size=BATCH_SIZE)
        result.deactivated = len(retired)
        if moved_communes:
            result.hamlets_moved = _move_hamlets(moved_communes)

        legacy = {(unit.level, unit.code): unit for unit in LegacyUnit.objects.all()}
        _sync_legacy(source.legacy, legacy, result)
        _sync_successions(source, legacy, {**provinces, **communes}, result)

        result.provinces = len(source.provinces)
        result.communes = len(source.communes)
        result.legacy_units = len(source.legacy)
        if result.changed:
            audit.record(
                actor=actor,
                action="units.load",
                object_repr=f"Danh mục đơn vị hành chính ({source.version})",
                changes={
                    "created": [0, result.created],
                    "updated": [0, result.updated],
                    "deactivated": [0, result.deactivated],
                    "hamlets_moved": [0, result.hamlets_moved],
                    "legacy_created": [0, result.legacy_created],
                    "legacy_updated": [0, result.legacy_updated],
                    "successions_created": [0, result.successions_created],
                    "successions_updated": [0, result.successions_updated],
                    "successions_deleted": [0, result.successions_deleted],
                },
            )
    from danvan.units.selectors import forget_communes

    forget_communes()
    # Bulk writes send no model signals: say once that the units were loaded (the apps above
    # that keep unit paths, such as the access layer, listen).
    units_loaded.send(sender=AdministrativeUnit, result=result)
    result.seconds = time.perf_counter() - started
    return result


# Hamlets -------------------------------------------------------------------------------

HAMLET_NAME_MAX = 100
_HAMLET_CODE = re.compile(r"^(?P<commune>\d+)-(?P<number>\d+)$")


def _hamlet_names(name: str, kind: str) -> tuple[str, str]:
    """(full name, short name) of a hamlet typed as "Long Bình", "ấp long bình" or "3"."""
    words = nfc(name).split()
    kind_words = len(kind.split())
    if name_key(" ".join(words[:kind_words])) == name_key(kind):
        words = words[kind_words:]  # the type was typed as part of the name
    text = " ".join(words)
    if not name_key(text):
        return "", ""
    if text == text.lower():
        text = " ".join(word[:1].upper() + word[1:] for word in words)
    full = f"{kind} {text}"
    return full, (full if text.isdigit() else text)


def _check_hamlet(
    *,
    commune: AdministrativeUnit,
    name: str,
    kind: str,
    exclude_pk: int | None = None,
    creating: bool = True,
) -> tuple[str, str]:
    """Validate a hamlet's parent, name and kind; returns its (full name, short name)."""
    if commune.level != UnitLevel.COMMUNE:
        raise unit_error(UnitErrorCode.PARENT_NOT_COMMUNE, "commune")
    if creating and not commune.is_active:
        raise unit_error(UnitErrorCode.PARENT_INACTIVE, "commune")
    if kind not in HamletKind.values:
        raise unit_error(UnitErrorCode.KIND_INVALID, "kind")
    full, short = _hamlet_names(name or "", kind)
    if not short:
        raise unit_error(UnitErrorCode.NAME_REQUIRED, "name")
    if len(full) > HAMLET_NAME_MAX:
        raise unit_error(UnitErrorCode.NAME_TOO_LONG, "name", limit=HAMLET_NAME_MAX)
    key = name_key(full)
    siblings = AdministrativeUnit.objects.hamlets().filter(parent=commune)
    if exclude_pk is not None:
        siblings = siblings.exclude(pk=exclude_pk)
    # Diacritic-insensitive: "Ap Long Binh" is the same hamlet as "Ấp Long Bình".
    if any(name_key(other) == key for other in siblings.values_list("name", flat=True)):
        raise unit_error(UnitErrorCode.NAME_TAKEN, "name", commune=commune.name, name=full)
    return full, short


def _check_actor(actor: Any, perm: str, unit: AdministrativeUnit) -> None:
    """``actor=None`` is the system (imports, commands); people need the permission there."""
    if actor is not None and not actor.has_perm(perm, unit):
        raise PermissionDenied(perm)


def hamlet_validate(
    *, commune: AdministrativeUnit, name: str, kind: str, hamlet: AdministrativeUnit | None = None
) -> None:
    """Raise ``ValidationError`` (Vietnamese messages) if the hamlet could not be saved.

    For forms that want to show errors before calling ``hamlet_create`` or ``hamlet_update``.
    """
    _check_hamlet(
        commune=commune,
        name=name,
        kind=kind,
        exclude_pk=hamlet.pk if hamlet is not None else None,
        creating=hamlet is None,
    )


def hamlet_create(
    *, actor: Any, commune: AdministrativeUnit, name: str, kind: str
) -> AdministrativeUnit:
    """Add a hamlet or residential group (ấp, khóm, thôn, tổ dân phố…) to a commune.

    The code is "<commune code>-<number>" (numbered from 001 within the commune), the path the
    commune's path plus the code.  Names are unique within a commune, ignoring diacritics.
    """
    with transaction.atomic():
        commune = unit_lock(commune.pk)
        _check_actor(actor, "units.add_administrativeunit", commune)
        full, short = _check_hamlet(commune=commune, name=name, kind=kind)
        numbers = [
            int(match.group("number"))
            for code in AdministrativeUnit.objects.filter(
                parent=commune, code__startswith=f"{commune.code}-"
            ).values_list("code", flat=True)
            if (match := _HAMLET_CODE.match(code))
        ]
        code = f"{commune.code}-{max(numbers, default=0) + 1:03d}"
        hamlet = AdministrativeUnit(
            code=code,
            name=full,
            short_name=short,
            kind=kind,
            level=UnitLevel.HAMLET,
            parent=commune,
            path=f"{commune.path}{code}/",
            search_key=name_key(short),
            latitude=commune.latitude,
            longitude=commune.longitude,
        )
        hamlet.full_clean(exclude=["path", "search_key"])
        hamlet.save(force_insert=True)
        audit.record(
            actor=actor,
            action="create",
            obj=hamlet,
            changes=audit.diff({}, audit.snapshot(hamlet)),
        )
    return hamlet


def hamlet_update(
    *,
    actor: Any,
    hamlet: AdministrativeUnit,
    name: str | None = None,
    kind: str | None = None,
    is_active: bool | None = None,
) -> AdministrativeUnit:
    """Rename a hamlet, change its type, or mark it inactive (it is never deleted)."""
    if hamlet.level != UnitLevel.HAMLET or hamlet.parent_id is None:
        raise unit_error(UnitErrorCode.NOT_A_HAMLET)
    with transaction.atomic():
        commune = unit_lock(hamlet.parent_id)
        hamlet = AdministrativeUnit.objects.get(pk=hamlet.pk)
        _check_actor(actor, "units.change_administrativeunit", hamlet)
        before = audit.snapshot(hamlet)
        new_kind = kind if kind is not None else hamlet.kind
        new_name = name if name is not None else hamlet.short_name
        full, short = _check_hamlet(
            commune=commune, name=new_name, kind=new_kind, exclude_pk=hamlet.pk, creating=False
        )
        hamlet.name, hamlet.short_name, hamlet.kind = full, short, new_kind
        hamlet.search_key = name_key(short)
        if is_active is not None:
            hamlet.is_active = is_active
        hamlet.full_clean(exclude=["path", "search_key"])
        changes = audit.diff(before, audit.snapshot(hamlet))
        if changes:
            hamlet.save(update_fields=list(changes))
            audit.record(actor=actor, action="update", obj=hamlet, changes=changes)
    return hamlet

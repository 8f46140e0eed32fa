"""Row locks for the units app (the only ``select_for_update`` calls in it).

Lock order: a commune before any of its hamlets.
"""

from __future__ import annotations

from danvan.units.models import AdministrativeUnit


def unit_lock(unit_id: int) -> AdministrativeUnit:
    """Lock a unit's row for the rest of the transaction (numbering its hamlets)."""
    return (
        AdministrativeUnit.objects.select_for_update(of=("self",))
        .select_related("parent")
        .get(pk=unit_id)
    )

"""Where an object lives: the (organization path, unit path) named by its scope fields.

A model opts in with two class attributes, paths relative to the model (``""`` means the
object itself is the organization or the unit):

    scope_organization_field = "organization"
    scope_unit_field = "unit"

An object that lives in several places defines ``scope_paths()``.  The permission layer
(``organizations.access``) and the audit log use these; this module knows no model.
"""

from __future__ import annotations

from typing import Any

ScopePair = tuple[str | None, str | None]


def declares_scope(obj_or_model: Any) -> bool:
    return (
        callable(getattr(obj_or_model, "scope_paths", None))
        or getattr(obj_or_model, "scope_organization_field", None) is not None
        or getattr(obj_or_model, "scope_unit_field", None) is not None
    )


def _resolve(obj: Any, field_path: str) -> Any:
    value = obj
    for part in field_path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def object_scope(obj: Any) -> ScopePair:
    """The (organization path, unit path) an object lives at, from its scope fields."""
    org_field = getattr(obj, "scope_organization_field", None)
    unit_field = getattr(obj, "scope_unit_field", None)
    if org_field is None and unit_field is None:
        raise TypeError(f"{type(obj).__name__} declares no scope fields")
    org_path = unit_path = None
    if org_field is not None:
        org = obj if org_field == "" else _resolve(obj, org_field)
        org_path = getattr(org, "path", None)
    if unit_field is not None:
        unit = obj if unit_field == "" else _resolve(obj, unit_field)
        unit_path = getattr(unit, "path", None)
    return org_path, unit_path


def object_scopes(obj: Any) -> list[ScopePair]:
    """Every (organization path, unit path) pair the object lives at."""
    scope_paths = getattr(obj, "scope_paths", None)
    if callable(scope_paths):
        return list(scope_paths())
    return [object_scope(obj)]

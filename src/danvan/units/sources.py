"""Reading the official unit lists out of the installed ``vietnamadminunits`` package.

The package ships (in ``vietnamadminunits/data/``):

- ``dataset.db``, SQLite: ``admin_units`` (the 3,321 communes, wards and special zones of the
  34 provinces since 1 July 2025, with the codes of QĐ 19/2025/QĐ-TTg and coordinates) and
  ``admin_units_legacy`` (the 10,040 communes of the 63 provinces and their districts before);
- ``converter_2025.json``, the old→new dictionaries its ``convert_address`` uses:
  ``DICT_PROVINCE`` (new province key → old province keys), ``DICT_PROVINCE_WARD_NO_DIVIDED``
  (new ward key → the old "province_district_ward" keys that went whole into it) and
  ``DICT_PROVINCE_WARD_DIVIDED`` (old key of a divided ward → the new wards that share it, one
  flagged ``isDefaultNewWard``).

Only files are read, with the standard library; nothing is downloaded and the package itself
is not imported (its import pulls in shapely and geopy).  The result is plain records that
``services.units_load`` writes to the database.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from danvan.core.text import nfc, search_key

PACKAGE = "vietnamadminunits"

# Unit types as written at the start of official names, longest first.
CURRENT_COMMUNE_KINDS = ("Đặc khu", "Phường", "Xã")
PROVINCE_KINDS = ("Thành phố", "Tỉnh")


@dataclass(frozen=True)
class UnitRecord:
    """A current province or commune as the official list gives it."""

    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None
    latitude: float | None
    longitude: float | None

    @property
    def search_key(self) -> str:
        return search_key(self.name)


@dataclass(frozen=True)
class LegacyRecord:
    """A pre-2025 province, district or commune; ``parent_code`` is at the level above."""

    level: str  # LegacyUnit.Level value: "province", "district", "ward"
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None

    @property
    def search_key(self) -> str:
        return search_key(self.name)


@dataclass(frozen=True)
class SuccessionRecord:
    """A legacy unit (level, code) whose area went, wholly or in part, to a current unit."""

    legacy_level: str
    legacy_code: str
    unit_code: str
    is_primary: bool


@dataclass
class UnitsSource:
    """Everything ``units_load`` writes, in parent-before-child order."""

    version: str
    provinces: list[UnitRecord] = field(default_factory=list)
    communes: list[UnitRecord] = field(default_factory=list)
    legacy: list[LegacyRecord] = field(default_factory=list)
    successions: list[SuccessionRecord] = field(default_factory=list)


def package_data_dir() -> Path:
    """The installed package's ``data`` directory, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {PACKAGE!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _split_kind(name: str, kinds: tuple[str, ...], default: str) -> str:
    for kind in kinds:
        if name.startswith(kind + " "):
            return kind
    return default


def _short_name(name: str, kind: str) -> str:
    """The name without its type; a numbered unit keeps it ("Phường 4")."""
    if kind and name.startswith(kind + " "):
        rest = name[len(kind) + 1 :].strip()
        if rest and not rest.isdigit():
            return rest
    return name


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    conn.row_factory = sqlite3.Row
    return [dict(row) for row in conn.execute(sql)]


def read_package_source(data_dir: Path | None = None) -> UnitsSource:
    """Read the current and legacy lists and the old→new mapping from the package files."""
    data_dir = data_dir or package_data_dir()
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - data dir given
        version = "unknown"
    source = UnitsSource(version=f"{PACKAGE} {version}")

    uri = f"{(data_dir / 'dataset.db').as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        current = _rows(
            conn,
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey,"
            " ward, wardShort, wardType, wardCode, wardLat, wardLon, wardKey"
            " FROM admin_units ORDER BY provinceCode, wardCode",
        )
        legacy = _rows(
            conn,
            "SELECT province, provinceShort, provinceCode, provinceKey,"
            " district, districtShort, districtType, districtCode, districtKey,"
            " ward, wardShort, wardType, wardCode, wardKey"
            " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode",
        )
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    # Current provinces and communes.
    province_code_by_key: dict[str, str] = {}
    commune_code_by_key: dict[tuple[str, str], str] = {}
    for row in current:
        province_code = row["provinceCode"]
        if row["provinceKey"] not in province_code_by_key:
            province_code_by_key[row["provinceKey"]] = province_code
            name = nfc(row["province"])
            kind = _split_kind(name, PROVINCE_KINDS, "Tỉnh")
            source.provinces.append(
                UnitRecord(
                    code=province_code,
                    name=name,
                    short_name=nfc(row["provinceShort"]),
                    kind=kind,
                    parent_code=None,
                    latitude=row["provinceLat"],
                    longitude=row["provinceLon"],
                )
            )
        name = nfc(row["ward"])
        # The type is taken from the name: four rows of the package have a ``wardType`` that
        # contradicts their name (Phường Việt Hòa, Xã Vĩnh Hòa, Phường Tân Lộc, Xã Phong Điền).
        kind = _split_kind(name, CURRENT_COMMUNE_KINDS, nfc(row["wardType"] or ""))
        commune_code_by_key[(row["provinceKey"], row["wardKey"])] = row["wardCode"]
        source.communes.append(
            UnitRecord(
                code=row["wardCode"],
                name=name,
                short_name=nfc(row["wardShort"] or _short_name(name, kind)),
                kind=kind,
                parent_code=province_code,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
            )
        )

    # Legacy provinces, districts and communes; the package key of each, for the mapping.
    legacy_by_key: dict[str, tuple[str, str]] = {}
    old_province_code_by_key: dict[str, str] = {}
    seen_districts: set[str] = set()
    provinces: list[LegacyRecord] = []
    districts: list[LegacyRecord] = []
    wards: list[LegacyRecord] = []
    for row in legacy:
        if row["provinceKey"] not in old_province_code_by_key:
            old_province_code_by_key[row["provinceKey"]] = row["provinceCode"]
            name = nfc(row["province"])
            kind = _split_kind(name, PROVINCE_KINDS, "Tỉnh")
            provinces.append(
                LegacyRecord(
                    "province", row["provinceCode"], name, nfc(row["provinceShort"]), kind, None
                )
            )
        if row["districtCode"] not in seen_districts:
            seen_districts.add(row["districtCode"])
            kind = nfc(row["districtType"])
            short = nfc(row["districtShort"])
            # Some names are capitalised oddly in the package ("Thành Phố Bắc Kạn").
            if not short:
                name = nfc(row["district"])
            elif short.startswith(kind + " "):  # "Quận 1"
                name = short
            else:
                name = f"{kind} {short}"
            districts.append(
                LegacyRecord(
                    "district", row["districtCode"], name, short, kind, row["provinceCode"]
                )
            )
        key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if row["wardCode"]:
            name = nfc(row["ward"])
            kind = nfc(row["wardType"] or "")
            # ``wardShort`` carries disambiguation such as "Yên Viên (Thị trấn)"; use the name.
            wards.append(
                LegacyRecord(
                    "ward",
                    row["wardCode"],
                    name,
                    _short_name(name, kind),
                    kind,
                    row["districtCode"],
                )
            )
            legacy_by_key[key] = ("ward", row["wardCode"])
        else:  # an island district without communes (Côn Đảo, Lý Sơn, Bạch Long Vĩ…)
            legacy_by_key[key] = ("district", row["districtCode"])
    source.legacy = provinces + districts + wards

    # Old → new: provinces.
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            source.successions.append(
                SuccessionRecord(
                    "province",
                    old_province_code_by_key[old_key],
                    province_code_by_key[new_key],
                    True,
                )
            )
    # Old → new: communes that went whole into one new commune.
    for province_key, wards_map in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards_map.items():
            unit_code = commune_code_by_key[(province_key, new_ward_key)]
            for old_key in old_keys:
                level, code = legacy_by_key[old_key]
                source.successions.append(SuccessionRecord(level, code, unit_code, True))
    # Old → new: communes divided between several new communes; one is the default.
    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            level, code = legacy_by_key[old_key]
            for part in parts:
                unit_code = commune_code_by_key[(province_key, part["newWardKey"])]
                source.successions.append(
                    SuccessionRecord(level, code, unit_code, bool(part["isDefaultNewWard"]))
                )
    return source

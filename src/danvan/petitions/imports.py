"""Bulk import of petitions from a spreadsheet (nhập đơn từ bảng tính: XLSX or CSV).

All or nothing: every row is read and checked first (each row gives either an
``IntakeInput`` or its errors, with the column), then ``services.petition_create`` runs for
every row inside one transaction, each row in its own savepoint so that the errors only the
service can see (the representatives rule, permission, the deadline engine) are reported for
every row too.  If anything at all failed, the whole transaction is rolled back and the
report lists each problem by spreadsheet row and column; nothing is half-imported.

Each row's ``submission_key`` is a hash of the file's SHA-256 and the row number, so the same
file imported twice creates nothing the second time (``petition_create`` is idempotent on it).

The columns are described by ``COLUMNS`` (and in ``docs/subsystems/petition-import-export.md``);
headers are matched without regard to case or diacritics ("Loai don" = "Loại đơn").
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.deadlines import DeadlineError
from danvan.core.text import name_key, nfc
from danvan.organizations import access
from danvan.organizations.models import Organization, User
from danvan.petitions import services
from danvan.petitions.enums import Channel, Field, Kind
from danvan.petitions.errors import ErrorCode, PetitionError
from danvan.petitions.models import Petition
from danvan.petitions.services import IntakeInput, PetitionerInput, scoped_submission_key
from danvan.petitions.workflow import TransitionError
from danvan.units.models import AdministrativeUnit
from danvan.units.selectors import resolve_address, unit_search

IMPORT_PERMISSION = "petitions.import_petition"

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
# Through the web page: each row costs a few milliseconds in ``petition_create`` (about 3.5 ms
# on SQLite, 6 ms on PostgreSQL on the reference machine), so 2,000 rows stay well inside the
# 30 s request timeout of gunicorn.  The management command takes up to ``MAX_ROWS``.
MAX_WEB_ROWS = 2_000
# An XLSX is a zip: refuse one that would inflate beyond this (a "zip bomb").
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_COLUMNS = 40
# The header row is the first row, among the first few, that has a "Loại đơn" cell, so a
# title above the table is allowed.
HEADER_SEARCH_ROWS = 10
EXTENSIONS = (".xlsx", ".csv")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- the columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    help: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()
    max_length: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column(
        "kind",
        "Loại đơn",
        True,
        "Phản ánh, Kiến nghị, Khiếu nại, Tố cáo (có dấu hoặc không dấu), hoặc mã "
        "phan_anh, kien_nghi, khieu_nai, to_cao.",
        "Khiếu nại",
        ("Loại",),
    ),
    Column(
        "field",
        "Lĩnh vực",
        True,
        "Tên lĩnh vực (có dấu hoặc không dấu, ví dụ Đất đai) hoặc mã (dat_dai); xem trang "
        "Danh mục.",
        "Đất đai",
    ),
    Column(
        "subject",
        "Trích yếu",
        True,
        "Tóm tắt nội dung đơn, tối đa 255 ký tự.",
        "Khiếu nại quyết định thu hồi đất",
        max_length=255,
    ),
    Column(
        "content",
        "Nội dung",
        True,
        "Nội dung đơn.",
        "Gia đình tôi không đồng ý với mức bồi thường khi thu hồi đất.",
        ("Nội dung đơn",),
        20_000,
    ),
    Column(
        "request",
        "Yêu cầu",
        False,
        "Yêu cầu của người gửi.",
        "Đề nghị xem xét lại mức bồi thường.",
        ("Yêu cầu của người gửi",),
        5_000,
    ),
    Column(
        "commune",
        "Xã/phường",
        True,
        "Xã, phường, đặc khu liên quan: mã (29263), tên có dấu hoặc không dấu "
        "(Long Đức, long duc), hoặc địa chỉ cũ trước 01/7/2025 (xã Long Đức, thành phố "
        "Trà Vinh, tỉnh Trà Vinh).",
        "Phường Long Đức",
        ("Xã, phường", "Xã/phường/đặc khu", "Xã, phường, đặc khu", "Mã xã"),
        500,
    ),
    Column(
        "received_on",
        "Ngày tiếp nhận",
        True,
        "Ngày/tháng/năm (dd/mm/yyyy), không sau ngày hôm nay.",
        "20/11/2026",
    ),
    Column(
        "full_name",
        "Họ tên người gửi",
        False,
        "Bắt buộc, trừ đơn nặc danh. Đơn tố cáo: danh tính được mã hóa, bảo mật.",
        "Thạch Văn Sơn",
        ("Họ và tên người gửi", "Họ tên", "Họ và tên", "Người gửi"),
        150,
    ),
    Column(
        "id_number",
        "CCCD",
        False,
        "Số căn cước công dân (12 chữ số) hoặc CMND (9).",
        "084095001234",
        ("Số CCCD", "CCCD/CMND", "Số định danh"),
        20,
    ),
    Column(
        "phone",
        "Điện thoại",
        False,
        "Số điện thoại liên hệ.",
        "0912345678",
        ("Số điện thoại", "SĐT"),
        20,
    ),
    Column("email", "Thư điện tử", False, "Địa chỉ thư điện tử.", "", ("Email", "E-mail"), 254),
    Column(
        "address",
        "Địa chỉ người gửi",
        False,
        "Bắt buộc khi có họ tên người gửi.",
        "Ấp Sa Bình, phường Long Đức, tỉnh Vĩnh Long",
        ("Địa chỉ",),
        500,
    ),
    Column(
        "petitioner_count",
        "Số người",
        False,
        "Số người cùng gửi đơn (để trống: 1). Từ 5 người trở lên là đơn đông người.",
        "1",
        ("Số người cùng gửi",),
    ),
    Column(
        "is_representative",
        "Người đại diện",
        False,
        "Có/Không: người gửi là người đại diện của đoàn. Đoàn từ 5 người trở lên phải có "
        "người đại diện (Điều 29 Luật Tiếp công dân).",
        "Không",
        ("Đại diện",),
    ),
    Column("is_anonymous", "Nặc danh", False, "Có/Không: đơn không rõ người gửi.", "Không"),
    Column(
        "contested_decision",
        "Quyết định bị khiếu nại",
        False,
        "Bắt buộc với khiếu nại: số, ngày, cơ quan ban hành; hoặc hành vi hành chính.",
        "Quyết định số 12/QĐ-UBND ngày 01/10/2026 của UBND phường Long Đức",
        ("Quyết định, hành vi bị khiếu nại",),
        5_000,
    ),
    Column(
        "accused",
        "Người bị tố cáo",
        False,
        "Với tố cáo: người, cơ quan bị tố cáo.",
        "",
        ("Người, cơ quan bị tố cáo",),
        5_000,
    ),
    Column(
        "has_signature",
        "Có chữ ký",
        False,
        "Có/Không: đơn có chữ ký hoặc điểm chỉ.",
        "Có",
        ("Chữ ký",),
    ),
    Column("is_urgent", "Khẩn", False, "Có/Không.", "Không"),
    Column("is_bypassing", "Vượt cấp", False, "Có/Không.", "Không"),
    Column("is_prolonged", "Kéo dài", False, "Có/Không.", "Không"),
    Column(
        "is_remote_area",
        "Vùng sâu, vùng xa",
        False,
        "Có/Không: thời hạn giải quyết dài hơn theo luật.",
        "Không",
        ("Vùng sâu vùng xa",),
    ),
)
IGNORED_HEADERS = frozenset({"stt", "so thu tu", "tt"})
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


def _header_index() -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in COLUMNS:
        for text in (column.header, *column.aliases):
            index[name_key(text)] = column
    return index


HEADER_INDEX = _header_index()


def header(key: str) -> str:
    return COLUMN_BY_KEY[key].header


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (``None`` for the whole file), the column header
    (``""`` for the whole row) and the Vietnamese message."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = _("Dòng %(row)s") % {"row": self.row} if self.row else _("Toàn tệp")
        if self.column:
            where += _(", cột “%(column)s”") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    file_name: str
    digest: str = ""
    rows: int = 0  # data rows read (blank rows are skipped)
    created: int = 0  # petitions created (0 when anything failed)
    already_imported: int = 0  # rows of this same file imported before: skipped
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors if e.row})

    def summary(self) -> str:
        if self.errors:
            return _(
                "Không nhập đơn nào: %(errors)s lỗi ở %(rows)s dòng. Sửa tệp rồi nhập lại toàn bộ."
            ) % {"errors": len(self.errors), "rows": self.error_rows}
        if self.dry_run:
            text = _("Tệp hợp lệ: %(n)s dòng sẽ được nhập.") % {
                "n": self.rows - self.already_imported
            }
        else:
            text = _("Đã nhập %(n)s đơn.") % {"n": self.created}
        if self.already_imported:
            text += " " + _("Bỏ qua %(n)s dòng đã được nhập từ chính tệp này trước đây.") % {
                "n": self.already_imported
            }
        return text


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# --- reading the file --------------------------------------------------------------------------


def check_file(name: str, size: int) -> str | None:
    """The reason a file cannot be imported by its name and size alone, or None."""
    lower = name.lower()
    if lower.endswith((".xls", ".xlsm", ".xlsb", ".ods")):
        return _(
            "Chỉ nhận tệp .xlsx hoặc .csv. Hãy mở tệp trong Excel và lưu lại dưới dạng "
            "“Excel Workbook (.xlsx)”."
        )
    if not lower.endswith(EXTENSIONS):
        return _("Chỉ nhận tệp bảng tính .xlsx hoặc .csv (UTF-8).")
    if size > MAX_FILE_BYTES:
        return _("Tệp quá lớn (%(size)s MB); dung lượng tối đa là %(max)s MB.") % {
            "size": f"{size / 1024 / 1024:.1f}",
            "max": MAX_FILE_BYTES // 1024 // 1024,
        }
    if size == 0:
        return _("Tệp rỗng.")
    return None


def _xlsx_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise _CellError(_("Tệp không phải là bảng tính .xlsx hợp lệ.")) from exc
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise _CellError(_("Tệp .xlsx chứa quá nhiều dữ liệu; hãy chia thành nhiều tệp."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise _CellError(
            _("Không đọc được tệp .xlsx: tệp bị hỏng hoặc không đúng định dạng.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for name in workbook.sheetnames:  # the template's data sheet, wherever it is
            if name_key(name) == name_key(TEMPLATE_SHEET):
                sheet = workbook[name]
                break
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _CellError(
            _(
                "Tệp CSV phải dùng bảng mã UTF-8 (trong Excel: Lưu thành → “CSV UTF-8 (Comma "
                "delimited)”). Không nhận bảng mã Windows-1258, TCVN3 hay VNI."
            )
        ) from exc
    if "\x00" in text:
        raise _CellError(_("Tệp CSV chứa ký tự không hợp lệ."))
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield tuple(record[:MAX_COLUMNS])
    except csv.Error as exc:
        raise _CellError(_("Tệp CSV sai định dạng: %(detail)s") % {"detail": exc}) from exc


def number_vi(n: int) -> str:
    """5000 → "5.000", as Vietnamese write numbers."""
    return f"{n:,}".replace(",", ".")


def _blank(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


@dataclass
class _Table:
    header_row: int
    columns: dict[int, Column]  # position → column
    rows: list[tuple[int, dict[str, Any]]]  # (spreadsheet row, {column key: raw value})


def _read_table(name: str, data: bytes, max_rows: int) -> tuple[_Table | None, list[RowError]]:
    rows = _xlsx_rows(data) if name.lower().endswith(".xlsx") else _csv_rows(data)
    errors: list[RowError] = []
    table: _Table | None = None
    kind_column = COLUMN_BY_KEY["kind"]
    try:
        for number, values in enumerate(rows, start=1):
            if table is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                keys = [name_key(str(v)) if v is not None else "" for v in values]
                if any(HEADER_INDEX.get(k) is kind_column for k in keys):
                    table, header_errors = _header(number, keys, values)
                    errors.extend(header_errors)
                    if header_errors:
                        return None, errors
                continue
            if _blank(values):
                continue
            if len(table.rows) >= max_rows:
                return None, [
                    RowError(
                        None,
                        "",
                        _(
                            "Tệp có hơn %(max)s dòng dữ liệu; hãy chia thành nhiều tệp, mỗi "
                            "tệp không quá %(max)s dòng."
                        )
                        % {"max": number_vi(max_rows)},
                    )
                ]
            table.rows.append(
                (
                    number,
                    {
                        column.key: values[i]
                        for i, column in table.columns.items()
                        if i < len(values)
                    },
                )
            )
    except _CellError as exc:
        return None, [RowError(None, "", exc.message)]
    if table is None:
        return None, [
            RowError(
                None,
                "",
                _(
                    "Không tìm thấy dòng tiêu đề (có cột “%(column)s”) trong %(n)s dòng đầu. "
                    "Hãy dùng tệp mẫu."
                )
                % {"column": header("kind"), "n": HEADER_SEARCH_ROWS},
            )
        ]
    if not table.rows:
        return None, [RowError(None, "", _("Tệp không có dòng dữ liệu nào."))]
    return table, errors


def _header(number: int, keys: list[str], values: Sequence[Any]) -> tuple[_Table, list[RowError]]:
    errors: list[RowError] = []
    columns: dict[int, Column] = {}
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if not key or key in IGNORED_HEADERS:
            continue
        column = HEADER_INDEX.get(key)
        if column is None:
            errors.append(
                RowError(number, str(values[i]).strip(), _("Cột không có trong mẫu nhập đơn."))
            )
            continue
        if column.key in seen:
            errors.append(RowError(number, column.header, _("Cột này xuất hiện hai lần.")))
            continue
        seen.add(column.key)
        columns[i] = column
    errors.extend(
        RowError(number, column.header, _("Thiếu cột bắt buộc."))
        for column in COLUMNS
        if column.required and column.key not in seen
    )
    return _Table(number, columns, []), errors


# --- reading one row ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return nfc(str(value))


@cache
def _choice_index(choices: tuple[tuple[str, str], ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, _label in choices:
        index[name_key(code)] = code
    for code, label in choices:
        index.setdefault(name_key(label), code)
    # The label's first part ("Xây dựng" for "Xây dựng, trật tự đô thị") when unambiguous.
    firsts: dict[str, list[str]] = {}
    for code, label in choices:
        firsts.setdefault(name_key(label.split(",")[0]), []).append(code)
    for key, codes in firsts.items():
        if len(codes) == 1:
            index.setdefault(key, codes[0])
    return index


def _vietnamese_choices(choices: Any) -> tuple[tuple[str, str], ...]:
    with translation.override("vi"):
        return tuple((str(code), str(label)) for code, label in choices)


def _choice(value: Any, choices: Any, what: str) -> str:
    text = _text(value)
    if not text:
        raise _CellError(_("Bắt buộc."))
    code = _choice_index(_vietnamese_choices(choices)).get(name_key(text))
    if code is None:
        raise _CellError(
            _("“%(value)s” không phải là %(what)s hợp lệ. Các giá trị được nhận: %(allowed)s.")
            % {
                "value": text[:80],
                "what": what,
                "allowed": ", ".join(label for _code, label in _vietnamese_choices(choices)),
            }
        )
    return code


def _required_text(value: Any, column: Column) -> str:
    text = _optional_text(value, column)
    if not text:
        raise _CellError(_("Bắt buộc."))
    return text


def _optional_text(value: Any, column: Column) -> str:
    text = _text(value)
    if column.max_length is not None and len(text) > column.max_length:
        raise _CellError(
            _("Dài %(n)s ký tự, quá giới hạn %(max)s ký tự.")
            % {"n": len(text), "max": column.max_length}
        )
    return text


DATE_PATTERN = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _date(value: Any, today: dt.date) -> dt.date:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _CellError(_("Bắt buộc."))
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = _text(value)
        match = DATE_PATTERN.match(text)
        iso = ISO_DATE_PATTERN.match(text)
        try:
            if match:
                day = dt.date(int(match[3]), int(match[2]), int(match[1]))
            elif iso:
                day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
            else:
                raise ValueError(text)
        except ValueError as exc:
            raise _CellError(
                _(
                    "“%(value)s” không phải là ngày hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ "
                    "20/11/2026."
                )
                % {"value": text[:40]}
            ) from exc
    if day > today:
        raise _CellError(_("Ngày tiếp nhận %(day)s sau ngày hôm nay.") % {"day": f"{day:%d/%m/%Y}"})
    if day.year < 2000:
        raise _CellError(_("Ngày tiếp nhận %(day)s quá xa.") % {"day": f"{day:%d/%m/%Y}"})
    return day


TRUE_WORDS = frozenset({"co", "x", "1", "true", "yes", "y", "dung", "c"})
FALSE_WORDS = frozenset({"", "khong", "0", "false", "no", "n", "sai", "k"})


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = name_key(_text(value))
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise _CellError(_("Ghi “Có” hoặc “Không”."))


def _count(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise _CellError(_("Ghi một số nguyên từ 1 trở lên."))
    return int(text)


def _id_number(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Excel drops the leading zero of a number: 12-digit CCCD and 9-digit CMND numbers
        # all start with a province code that may begin with 0.
        text = _text(value)
        text = text.zfill(12) if len(text) == 11 else text.zfill(9) if len(text) == 8 else text
    else:
        text = re.sub(r"[\s.]", "", _text(value))
    if text and (not text.isdigit() or len(text) not in (9, 12)):
        raise _CellError(_("Số CCCD gồm 12 chữ số (CMND cũ: 9 chữ số)."))
    return text


PHONE_PATTERN = re.compile(r"^(?:\+84|0)\d{8,10}$")


def _phone(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = _text(value)
        text = "0" + text if len(text) in (9, 10) else text  # Excel dropped the leading 0
    else:
        text = re.sub(r"[\s.\-()]", "", _text(value))
    if text and not PHONE_PATTERN.match(text):
        raise _CellError(_("Số điện thoại không hợp lệ."))
    return text


def _email(value: Any) -> str:
    text = _text(value)
    if text:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise _CellError(_("Địa chỉ thư điện tử không hợp lệ.")) from exc
    return text


# --- finding the commune -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    commune: AdministrativeUnit
    hamlet: AdministrativeUnit | None = None
    address_as_written: str = ""


def _label(unit: AdministrativeUnit) -> str:
    return f"{unit} [{unit.code}]"


def _exact(units: list[AdministrativeUnit]) -> list[AdministrativeUnit]:
    exact = [u for u in units if getattr(u, "rank", 1) == 0]
    typed = [u for u in exact if getattr(u, "kind_rank", 0) == 0]
    return typed or exact


class _CommuneFinder:
    """Communes by code, name (with or without diacritics) or address, cached per text."""

    def __init__(self, organization: Organization) -> None:
        self.province = organization.unit.path.split("/", 1)[0] or None
        self._cache: dict[str, _Place | _CellError] = {}

    def __call__(self, value: Any) -> _Place:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = _text(value)
        if not text:
            raise _CellError(_("Bắt buộc."))
        if text not in self._cache:
            try:
                self._cache[text] = self._find(text)
            except _CellError as exc:
                self._cache[text] = exc
        found = self._cache[text]
        if isinstance(found, _CellError):
            raise found
        return found

    def _find(self, text: str) -> _Place:
        if text.isdigit():
            code = text.zfill(5)
            unit = (
                AdministrativeUnit.objects.communes()
                .active()
                .select_related("parent")
                .filter(code=code)
                .first()
            )
            if unit is None:
                raise _CellError(
                    _("Không có xã, phường, đặc khu nào mang mã %(code)s.") % {"code": code}
                )
            return _Place(unit)
        if "," in text:
            resolved = resolve_address(text)
            if resolved is not None:
                if resolved.is_ambiguous:
                    raise _CellError(
                        _(
                            "Địa chỉ cũ này nay thuộc nhiều xã, phường: %(units)s. Hãy ghi tên "
                            "hoặc mã xã, phường mới."
                        )
                        % {"units": "; ".join(_label(u) for u in resolved.candidates)}
                    )
                return _Place(resolved.unit, resolved.hamlet, text)
            units = _exact(unit_search(text, limit=5))
            if len(units) == 1:
                return _Place(units[0], None, text)
            raise _CellError(
                _(
                    "Không xác định được xã, phường từ địa chỉ “%(text)s”. Hãy ghi mã xã, "
                    "phường (ví dụ 29263) hoặc tên xã kèm tên tỉnh."
                )
                % {"text": text[:120]}
            )
        found = unit_search(text, province=self.province, limit=5) if self.province else []
        if not _exact(found):
            found = unit_search(text, limit=5)
        exact = _exact(found)
        if len(exact) == 1:
            return _Place(exact[0])
        if len(exact) > 1:
            raise _CellError(
                _("Có nhiều xã, phường tên “%(text)s”: %(units)s. Hãy ghi mã xã, phường.")
                % {"text": text[:80], "units": "; ".join(_label(u) for u in exact)}
            )
        hint = (
            _(" Có phải: %(units)s?") % {"units": "; ".join(_label(u) for u in found[:3])}
            if found
            else ""
        )
        raise _CellError(
            _("Không tìm thấy xã, phường, đặc khu “%(text)s”.") % {"text": text[:80]} + hint
        )


# --- one row -----------------------------------------------------------------------------------


def _submission_key(values: dict[str, Any], commune_code: str, received_on: Any) -> str:
    """The row's content, normalised: the same row imported again (from the same file, or the
    file saved again by Excel) is found, whatever its position."""
    parts = [values.get(name) for name in sorted(values)]
    text = f"danvan-import:{commune_code}:{received_on}:{parts!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def _parse_row(
    row: int,
    raw: dict[str, Any],
    *,
    find_commune: _CommuneFinder,
    digest: str,
    today: dt.date,
) -> IntakeInput | list[RowError]:
    errors: list[RowError] = []
    values: dict[str, Any] = {}

    def cell(key: str, parse: Any, *args: Any) -> None:
        try:
            values[key] = parse(raw.get(key), *args)
        except _CellError as exc:
            errors.append(RowError(row, header(key), exc.message))

    cell("kind", _choice, Kind.choices, _("loại đơn"))
    cell("field", _choice, Field.choices, _("lĩnh vực"))
    for key in ("subject", "content"):
        cell(key, _required_text, COLUMN_BY_KEY[key])
    for key in ("request", "full_name", "address", "contested_decision", "accused"):
        cell(key, _optional_text, COLUMN_BY_KEY[key])
    cell("commune", find_commune)
    cell("received_on", _date, today)
    cell("id_number", _id_number)
    cell("phone", _phone)
    cell("email", _email)
    cell("petitioner_count", _count)
    for key in (
        "is_representative",
        "is_anonymous",
        "has_signature",
        "is_urgent",
        "is_bypassing",
        "is_prolonged",
        "is_remote_area",
    ):
        cell(key, _flag)

    anonymous = values.get("is_anonymous", False)
    name = values.get("full_name", "")
    personal = ("full_name", "id_number", "phone", "email", "address")
    if anonymous and any(values.get(k) for k in personal):
        errors.append(
            RowError(
                row,
                header("is_anonymous"),
                _("Đơn nặc danh không ghi họ tên, giấy tờ, liên hệ của người gửi."),
            )
        )
    elif not anonymous and "full_name" in values and not name:
        errors.append(
            RowError(
                row,
                header("full_name"),
                _("Bắt buộc (nếu đơn nặc danh, ghi “Có” ở cột “%(column)s”).")
                % {"column": header("is_anonymous")},
            )
        )
    if name and "address" in values and not values["address"]:
        errors.append(RowError(row, header("address"), _("Bắt buộc khi có họ tên người gửi.")))
    if values.get("kind") == Kind.KHIEU_NAI and "contested_decision" in values:
        if not values["contested_decision"]:
            errors.append(
                RowError(
                    row,
                    header("contested_decision"),
                    _("Bắt buộc với khiếu nại: ghi quyết định hoặc hành vi bị khiếu nại."),
                )
            )
        if anonymous:
            errors.append(
                RowError(
                    row,
                    header("is_anonymous"),
                    PetitionError(ErrorCode.ANONYMOUS_NOT_ALLOWED).message,
                )
            )
    if errors:
        return errors

    place: _Place = values["commune"]
    petitioners = (
        [
            PetitionerInput(
                full_name=name,
                id_number=values["id_number"],
                phone=values["phone"],
                email=values["email"],
                address=values["address"],
                is_representative=values["is_representative"],
            )
        ]
        if name
        else []
    )
    return IntakeInput(
        kind=values["kind"],
        channel=Channel.IMPORT,
        field=values["field"],
        subject=values["subject"],
        content=values["content"],
        request=values["request"],
        commune=place.commune,
        hamlet=place.hamlet,
        address_as_written=place.address_as_written,
        received_on=values["received_on"],
        petitioners=petitioners,
        petitioner_count=values["petitioner_count"],
        is_anonymous=anonymous,
        has_signature=values["has_signature"],
        is_remote_area=values["is_remote_area"],
        contested_decision=values["contested_decision"],
        accused=values["accused"],
        flags={
            "is_urgent": values["is_urgent"],
            "is_bypassing": values["is_bypassing"],
            "is_prolonged": values["is_prolonged"],
        },
        submission_key=_submission_key(
            {k: v for k, v in values.items() if k not in ("commune", "received_on")},
            place.commune.code,
            values["received_on"],
        ),
    )


# Which column a service error belongs to.
ERROR_COLUMNS: dict[str, str] = {
    ErrorCode.REPRESENTATIVES: "is_representative",
    ErrorCode.PETITIONER_REQUIRED: "full_name",
    ErrorCode.COMMUNE_REQUIRED: "commune",
    ErrorCode.HAMLET_OUTSIDE_COMMUNE: "commune",
    ErrorCode.CONTESTED_DECISION_REQUIRED: "contested_decision",
    ErrorCode.ANONYMOUS_NOT_ALLOWED: "is_anonymous",
    ErrorCode.PERMISSION_DENIED: "commune",
}
MODEL_FIELD_COLUMNS = {
    "kind": "kind",
    "field": "field",
    "subject": "subject",
    "content": "content",
    "request": "request",
    "commune": "commune",
    "hamlet": "commune",
    "address_as_written": "commune",
    "received_on": "received_on",
    "petitioner_count": "petitioner_count",
    "contested_decision": "contested_decision",
    "accused": "accused",
}


def _service_errors(row: int, exc: Exception) -> list[RowError]:
    if isinstance(exc, PetitionError):
        key = ERROR_COLUMNS.get(exc.code)
        return [RowError(row, header(key) if key else "", exc.message)]
    if isinstance(exc, ValidationError):
        if not hasattr(exc, "error_dict"):
            return [RowError(row, "", m) for m in exc.messages]
        found = []
        for name, messages in exc.message_dict.items():
            key = MODEL_FIELD_COLUMNS.get(name)
            found += [RowError(row, header(key) if key else "", m) for m in messages]
        return found
    if isinstance(exc, DeadlineError):
        return [RowError(row, header("received_on"), exc.message)]
    if isinstance(exc, TransitionError):
        return [RowError(row, "", exc.message)]
    return [RowError(row, "", _("Bạn không có quyền nhập đơn này."))]


# --- the import --------------------------------------------------------------------------------


def may_import(actor: User | None, organization: Organization) -> bool:
    """May ``actor`` import petitions received by ``organization`` (None: the system)?"""
    return actor is None or access.has_perm(actor, IMPORT_PERMISSION, organization)


def petition_import(
    *,
    actor: User | None,
    organization: Organization,
    file_name: str,
    data: bytes,
    dry_run: bool = False,
    max_rows: int = MAX_ROWS,
) -> ImportResult:
    """Import every row of the file as a petition received by ``organization``, or none.

    ``actor`` None is the system (the management command without ``--actor``): no permission
    is checked.  Raises ``PetitionError(PERMISSION_DENIED)`` when the actor may not import into
    ``organization``; every other problem is in the result's ``errors``.  ``dry_run`` checks
    everything, the services included, and rolls back.  A file with more than ``max_rows``
    data rows is refused whole.
    """
    if not may_import(actor, organization):
        raise PetitionError(ErrorCode.PERMISSION_DENIED)
    result = ImportResult(file_name=file_name, dry_run=dry_run)
    problem = check_file(file_name, len(data))
    if problem:
        result.errors.append(RowError(None, "", problem))
        return result
    result.digest = hashlib.sha256(data).hexdigest()
    table, errors = _read_table(file_name, data, max_rows)
    if table is None:
        result.errors.extend(errors)
        return result
    result.rows = len(table.rows)

    today = timezone.localdate()
    find_commune = _CommuneFinder(organization)
    parsed: list[tuple[int, IntakeInput]] = []
    for row, raw in table.rows:
        outcome = _parse_row(row, raw, find_commune=find_commune, digest=result.digest, today=today)
        if isinstance(outcome, list):
            result.errors.extend(outcome)
        else:
            parsed.append((row, outcome))

    # Rows of this very file imported before: ``petition_create`` would return them as they
    # are; they are counted apart and not checked again.
    scoped = {
        intake.submission_key: scoped_submission_key(intake.submission_key, organization, actor)
        for _row, intake in parsed
        if intake.submission_key
    }
    keys = list(scoped.values())
    stored: set[str | None] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        stored.update(
            Petition.objects.filter(submission_key__in=chunk).values_list(
                "submission_key", flat=True
            )
        )
    done = {key for key, scoped_key in scoped.items() if scoped_key in stored}
    result.already_imported = sum(1 for _row, intake in parsed if intake.submission_key in done)

    with transaction.atomic():
        for row, intake in parsed:
            if intake.submission_key in done:
                continue
            probe = Petition(organization=organization, commune=intake.commune)
            if actor is not None and not access.has_perm(actor, IMPORT_PERMISSION, probe):
                result.errors.append(
                    RowError(
                        row,
                        header("commune"),
                        _("Bạn không có quyền nhập đơn của xã, phường này vào cơ quan đã chọn."),
                    )
                )
                continue
            try:
                with transaction.atomic():
                    petition = services.petition_create(
                        actor=actor, organization=organization, data=intake
                    )
            except (
                PetitionError,
                ValidationError,
                DeadlineError,
                TransitionError,
                PermissionDenied,
            ) as exc:
                result.errors.extend(_service_errors(row, exc))
                continue
            result.created_ids.append(petition.pk)
        if result.errors or dry_run:
            transaction.set_rollback(True)
            result.created = 0
            result.created_ids = []
        else:
            result.created = len(result.created_ids)
            audit.record(
                actor=actor,
                action="petition.import",
                obj=organization,
                changes={
                    "file_name": file_name[:255],
                    "sha256": result.digest,
                    "rows": result.rows,
                    "created": result.created,
                    "already_imported": result.already_imported,
                },
            )
    result.errors.sort(key=lambda e: (e.row or 0, _column_order(e.column)))
    return result


def _column_order(column: str) -> int:
    for i, c in enumerate(COLUMNS):
        if c.header == column:
            return i
    return -1


# --- the template ------------------------------------------------------------------------------

TEMPLATE_SHEET = "Đơn thư"
TEMPLATE_FILE_NAME = "mau-nhap-don-thu.xlsx"


def template_xlsx() -> bytes:
    """The XLSX template: the header row and one example row, a sheet describing each column
    and a sheet listing the kinds and fields (with drop-down lists on the data sheet)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    today = timezone.localdate()
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = TEMPLATE_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i, value=column.header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        value = f"{today:%d/%m/%Y}" if column.key == "received_on" else column.example
        example = sheet.cell(row=2, column=i, value=value or None)
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = 40 if column.key in ("content", "subject") else 20
        if column.key in ("commune", "id_number", "phone", "received_on"):
            # Text, so that Excel keeps the leading zeros of codes and numbers and does not
            # read a date month first.
            sheet.column_dimensions[letter].number_format = "@"
            example.number_format = "@"
    sheet.freeze_panes = "A2"

    with translation.override("vi"):
        kinds = [str(label) for _code, label in Kind.choices]
        fields = [(code, str(label)) for code, label in Field.choices]
    lists = workbook.create_sheet("Danh mục")
    lists.append(["Loại đơn", "Mã loại đơn", "Lĩnh vực", "Mã lĩnh vực"])
    for cell in lists[1]:
        cell.font = bold
    for i in range(max(len(kinds), len(fields))):
        lists.append(
            [
                kinds[i] if i < len(kinds) else None,
                Kind.values[i] if i < len(kinds) else None,
                fields[i][1] if i < len(fields) else None,
                fields[i][0] if i < len(fields) else None,
            ]
        )
    for letter in "ABCD":
        lists.column_dimensions[letter].width = 36

    def validation(column_key: str, formula: str) -> None:
        position = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == column_key)
        letter = get_column_letter(position)
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.showErrorMessage = False  # codes and unaccented names are accepted too
        rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(rule)

    validation("kind", f"'Danh mục'!$A$2:$A${len(kinds) + 1}")
    validation("field", f"'Danh mục'!$C$2:$C${len(fields) + 1}")
    yes_no = (
        "is_representative",
        "is_anonymous",
        "has_signature",
        "is_urgent",
        "is_bypassing",
        "is_prolonged",
        "is_remote_area",
    )
    for key in yes_no:
        validation(key, '"Có,Không"')

    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for cell in guide[1]:
        cell.font = bold
    for column in COLUMNS:
        guide.append([column.header, "Có" if column.required else "", column.help])
    guide.append([])
    for line in (
        "Mỗi dòng là một đơn; dòng 1 là tiêu đề, giữ nguyên tên các cột (có thể bỏ cột "
        "không bắt buộc, thêm cột STT).",
        f"Tối đa {number_vi(MAX_WEB_ROWS)} dòng khi nhập trên trang web "
        f"({number_vi(MAX_ROWS)} dòng qua lệnh danvan import_petitions), tệp không quá "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB; "
        "tệp CSV phải dùng bảng mã UTF-8.",
        "Nếu có bất kỳ dòng nào sai, không đơn nào được nhập: sửa các dòng được báo lỗi rồi "
        "nhập lại cả tệp. Nhập lại đúng tệp đã nhập thành công không tạo đơn trùng.",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- background imports (nhập đơn chạy nền) ------------------------------------------------------

IMPORT_KEEP_DAYS = 30


def count_rows(file_name: str, data: bytes) -> int | None:
    """The file's data rows (up to ``MAX_ROWS`` and one more), or None when it cannot be read
    as a table (the import's own report then says why)."""
    if check_file(file_name, len(data)):
        return None
    table, _errors = _read_table(file_name, data, MAX_ROWS + 1)
    return len(table.rows) if table is not None else None


def _result_json(result: ImportResult) -> dict[str, Any]:
    return {
        "summary": str(result.summary()),
        "ok": result.ok,
        "rows": result.rows,
        "created": result.created,
        "already_imported": result.already_imported,
        "dry_run": result.dry_run,
        "error_count": len(result.errors),
        "errors": [
            {"row": e.row, "column": str(e.column), "message": str(e.message)}
            for e in result.errors[:1000]
        ],
    }


def import_request(
    *, actor: User, organization: Organization, file_name: str, data: bytes, dry_run: bool
) -> Any:
    """Queue the import of a long file; the worker imports it (all or nothing) and keeps the
    report for the requester."""
    from django.core.files.base import ContentFile

    from danvan.petitions.models import ImportJob

    if not may_import(actor, organization):
        raise PetitionError(ErrorCode.PERMISSION_DENIED)
    job = ImportJob(
        requested_by=actor, organization=organization, file_name=file_name[:255], dry_run=dry_run
    )
    suffix = ".xlsx" if file_name.lower().endswith(".xlsx") else ".csv"
    job.file.save(f"import{suffix}", ContentFile(data), save=False)  # never the given name
    job.save()
    audit.record(
        actor=actor,
        action="petition.import_requested",
        object_repr=file_name[:255],
        changes={"organization": organization.pk, "dry_run": dry_run, "job": job.pk},
    )

    def enqueue() -> None:
        from danvan.petitions.tasks import import_run_task

        import_run_task.delay(job.pk)

    transaction.on_commit(enqueue)
    return job


def import_run(job_id: int) -> Any:
    """Import a queued file (the worker's side); idempotent; a failure is kept on the job."""
    from django.urls import reverse

    from danvan.core.notifications import notify
    from danvan.petitions.models import ImportJob, claim_job

    claimed = claim_job(ImportJob, job_id)
    job = ImportJob.objects.select_related("requested_by", "organization").get(pk=job_id)
    if not claimed:
        return job
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        result = petition_import(
            actor=job.requested_by,
            organization=job.organization,
            file_name=job.file_name,
            data=data,
            dry_run=job.dry_run,
            max_rows=MAX_ROWS,
        )
        job.result = _result_json(result)
        job.status = ImportJob.Status.DONE
    except PetitionError as exc:
        job.result = {"summary": exc.message, "ok": False, "errors": []}
        job.status = ImportJob.Status.FAILED
    except Exception as exc:
        import logging

        logging.getLogger(__name__).exception("import %s failed", job_id)
        job.result = {
            "summary": str(
                _("Lỗi khi nhập tệp (%(kind)s); không đơn nào được nhập. Hãy thử lại.")
                % {"kind": type(exc).__name__}
            ),
            "ok": False,
            "errors": [],
        }
        job.status = ImportJob.Status.FAILED
    job.finished_at = timezone.now()
    job.save()
    notify(
        recipients=[job.requested_by],
        title=str(_("Kết quả nhập đơn từ tệp “%(name)s”") % {"name": job.file_name[:80]}),
        body=str(job.result.get("summary", "")),
        kind="import",
        url=reverse("petitions:import-job", args=[job.pk]),
        dedupe_key=f"import:{job.pk}",
        email=False,
    )
    return job


def import_purge(*, now: dt.datetime | None = None) -> int:
    """Delete uploaded files and reports older than ``IMPORT_KEEP_DAYS``."""
    from danvan.petitions.models import ImportJob

    cutoff = (now or timezone.now()) - dt.timedelta(days=IMPORT_KEEP_DAYS)
    old = list(ImportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        job.file.delete(save=False)
        job.delete()
    return len(old)

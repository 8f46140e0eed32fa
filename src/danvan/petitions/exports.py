"""Exports of petition lists (xuất danh sách đơn) to CSV and XLSX.

An export holds the rows of the list the user sees with the same filters
(``selectors.petition_list_for``), narrowed further to the petitions the user may export
(``petitions.export_petition``).  It carries case data only: no petitioner's name, ID,
contact or address, no content, no accused person, and so never a denouncer's identity
(Luật Tố cáo Art. 47, 56).  Rows are read with ``iterator()`` and written as they come, so a
large export does not sit in memory; an export above ``MAX_SYNC_ROWS`` rows is refused (a
background export with a file to download later is a later step).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import IO, Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.deadlines import DeadlineError, rule_for
from danvan.core.deadlines import status as deadline_status
from danvan.organizations import access
from danvan.organizations.models import User
from danvan.petitions import selectors
from danvan.petitions.enums import State
from danvan.petitions.models import Petition

EXPORT_PERMISSION = "petitions.export_petition"
MAX_SYNC_ROWS = 20_000
CHUNK_SIZE = 2_000
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SHEET_TITLE = "Danh sách đơn"


class ExportTooLargeError(Exception):
    """More rows than a synchronous export may hold; ``message`` is Vietnamese."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.message = _(
            "Danh sách có %(count)s đơn, vượt giới hạn %(limit)s đơn của một lần xuất. Hãy lọc "
            "thêm (theo thời gian tiếp nhận, loại đơn, xã, phường…) rồi xuất từng phần."
        ) % {"count": _number(count), "limit": _number(MAX_SYNC_ROWS)}
        super().__init__(self.message)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- the rows ----------------------------------------------------------------------------------


def may_export(actor: Any) -> bool:
    """Whether the user may export petitions anywhere (the view answers 403 otherwise)."""
    return access.has_perm(actor, EXPORT_PERMISSION)


def petition_export_queryset(
    *, actor: Any, filters: selectors.PetitionFilters | None = None
) -> QuerySet[Petition]:
    """The list's rows (same filters, same order) that ``actor`` may export."""
    return access.scope_queryset(
        actor, EXPORT_PERMISSION, selectors.petition_list_for(actor=actor, filters=filters)
    )


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[Petition, _Context], Any]
    width: int = 18


@dataclass
class _Context:
    today: dt.date
    step_names: dict[tuple[str, dt.date], str]

    def step_name(self, petition: Petition) -> str:
        if not petition.clock_step:
            return ""
        key = (petition.clock_step, petition.received_on)
        if key not in self.step_names:
            try:
                self.step_names[key] = rule_for(petition.clock_step, petition.received_on).step_name
            except DeadlineError:
                self.step_names[key] = petition.clock_step
        return self.step_names[key]

    def deadline(self, petition: Petition) -> str:
        """Trong hạn / Sắp đến hạn / Quá hạn, as on the list (none while suspended)."""
        if petition.due_on is None or petition.state == State.SUSPENDED:
            return ""
        try:
            return str(deadline_status(petition.due_on, on=self.today).label)
        except DeadlineError:
            return ""


def _officer(petition: Petition) -> str:
    return str(petition.assigned_to) if petition.assigned_to_id else ""


COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("Mã tra cứu", lambda p, c: p.tracking_code, 14),
    ExportColumn("Loại đơn", lambda p, c: p.get_kind_display(), 12),
    ExportColumn("Lĩnh vực", lambda p, c: p.get_field_display(), 24),
    ExportColumn("Kênh tiếp nhận", lambda p, c: p.get_channel_display(), 22),
    ExportColumn(
        "Trích yếu",
        lambda p, c: "(nội dung tố cáo được bảo mật)" if p.identity_confidential else p.subject,
        50,
    ),
    ExportColumn("Xã/phường", lambda p, c: p.commune.name, 24),
    ExportColumn("Mã xã/phường", lambda p, c: p.commune.code, 10),
    ExportColumn("Cơ quan đang xử lý", lambda p, c: p.organization.name, 30),
    ExportColumn("Trạng thái", lambda p, c: p.get_state_display(), 24),
    ExportColumn("Ngày tiếp nhận", lambda p, c: p.received_on, 12),
    ExportColumn("Bước đang tính hạn", lambda p, c: c.step_name(p), 30),
    ExportColumn("Hạn giải quyết", lambda p, c: p.due_on, 12),
    ExportColumn("Tình trạng hạn", lambda p, c: c.deadline(p), 14),
    ExportColumn("Cán bộ thụ lý", lambda p, c: _officer(p), 22),
    ExportColumn("Dấu hiệu", lambda p, c: ", ".join(p.flags), 24),
)
HEADERS = [c.header for c in COLUMNS]


def export_rows(queryset: QuerySet[Petition], *, today: dt.date) -> Iterator[list[Any]]:
    """One list of values per petition (dates as ``date``), in the queryset's order."""
    context = _Context(today=today, step_names={})
    for petition in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [column.value(petition, context) for column in COLUMNS]


# --- CSV ---------------------------------------------------------------------------------------

# A cell starting with one of these is a formula to Excel (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Line:
    """A file-like object whose ``write`` returns what it was given (for ``csv.writer``)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """The CSV, in UTF-8 with a byte-order mark so that Excel reads Vietnamese correctly."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode() + writer.writerow(HEADERS).encode()
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([_csv_value(v) for v in row]))
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


# --- XLSX --------------------------------------------------------------------------------------

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_file(rows: Iterable[list[Any]]) -> IO[bytes]:
    """The XLSX in a temporary file, positioned at its start (the caller closes it).

    openpyxl's write-only mode streams the rows to disk; text cells are always strings, so a
    subject starting with "=" is never a formula.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for i, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def header_cell(text: str) -> Any:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    def cell(value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, dt.date):
            date_cell = WriteOnlyCell(sheet, value=value)
            date_cell.number_format = "DD/MM/YYYY"
            return date_cell
        text_cell = WriteOnlyCell(sheet, value=_ILLEGAL_XML.sub("", str(value)))
        text_cell.data_type = "s"
        return text_cell

    sheet.append([header_cell(h) for h in HEADERS])
    for row in rows:
        sheet.append([cell(v) for v in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the caller, who closes it)
    workbook.save(output)
    output.seek(0)
    return output


# --- the export --------------------------------------------------------------------------------


@dataclass
class Export:
    """What the view sends: either ``chunks`` (CSV, streamed) or ``file`` (XLSX)."""

    file_format: str
    file_name: str
    content_type: str
    count: int
    chunks: Iterator[bytes] | None = None
    file: IO[bytes] | None = None


def petition_export(
    *,
    actor: User,
    filters: selectors.PetitionFilters | None = None,
    file_format: str = "xlsx",
    now: dt.datetime | None = None,
) -> Export:
    """Export the list ``filters`` select, as the actor may see and export it.

    Raises ``ExportTooLargeError`` above ``MAX_SYNC_ROWS`` rows and ``ValueError`` for an unknown
    format.  The export is written to the audit log (who, which filters, how many rows).
    """
    if file_format not in FORMATS:
        raise ValueError(file_format)
    queryset = petition_export_queryset(actor=actor, filters=filters)
    count = queryset.count()
    if count > MAX_SYNC_ROWS:
        raise ExportTooLargeError(count)
    moment = timezone.localtime(now)
    today = moment.date()
    audit.record(
        actor=actor,
        action="petition.export",
        object_repr=_("Xuất danh sách đơn (%(n)s đơn)") % {"n": count},
        changes={
            "format": file_format,
            "rows": count,
            "filters": {
                k: v
                for k, v in asdict(filters or selectors.PetitionFilters()).items()
                if v not in ("", (), None)
            },
        },
    )
    name = f"danh-sach-don-{moment:%Y%m%d-%H%M}.{file_format}"
    rows = export_rows(queryset, today=today)
    if file_format == "csv":
        return Export(file_format, name, CONTENT_TYPES[file_format], count, chunks=csv_chunks(rows))
    return Export(file_format, name, CONTENT_TYPES[file_format], count, file=xlsx_file(rows))


# --- background exports (tệp xuất chạy nền) ------------------------------------------------------

EXPORT_KEEP_DAYS = 7
MAX_PENDING_PER_USER = 3
XLSX_MAX_ROWS = 1_048_575  # a worksheet's rows, less the header


class ExportRefusedError(Exception):
    """A background export that cannot be requested now; ``message`` is Vietnamese."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def filters_to_json(filters: selectors.PetitionFilters | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in asdict(filters or selectors.PetitionFilters()).items():
        if value in ("", (), None):
            continue
        out[key] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def filters_from_json(data: dict[str, Any]) -> selectors.PetitionFilters:
    values = dict(data)
    for key in ("received_from", "received_to", "today"):
        if values.get(key):
            values[key] = dt.date.fromisoformat(values[key])
    if "flags" in values:
        values["flags"] = tuple(values["flags"])
    known = selectors.PetitionFilters.__dataclass_fields__
    return selectors.PetitionFilters(**{k: v for k, v in values.items() if k in known})


def export_request(
    *, actor: User, filters: selectors.PetitionFilters | None, file_format: str, count: int
) -> Any:
    """Queue a background export of the list (``count``: its size when asked); the worker
    writes the file and notifies the requester."""
    from django.db import transaction

    from danvan.petitions.models import ExportJob

    if file_format not in FORMATS:
        raise ValueError(file_format)
    if not may_export(actor):
        raise ExportRefusedError(_("Tài khoản không có quyền xuất danh sách đơn."))
    if file_format == "xlsx" and count > XLSX_MAX_ROWS:
        raise ExportRefusedError(
            _(
                "Danh sách có %(count)s đơn, nhiều hơn một trang tính Excel chứa được; hãy xuất "
                "dạng CSV hoặc lọc thêm."
            )
            % {"count": _number(count)}
        )
    from danvan.petitions.models import JOB_LEASE

    busy = (
        ExportJob.objects.filter(requested_by=actor)
        .filter(
            Q(status=ExportJob.Status.PENDING)
            | Q(status=ExportJob.Status.RUNNING, started_at__gte=timezone.now() - JOB_LEASE)
        )
        .count()
    )
    if busy >= MAX_PENDING_PER_USER:
        raise ExportRefusedError(
            _("Bạn đang có %(n)s tệp đang xuất; hãy chờ các tệp đó xong rồi yêu cầu tiếp.")
            % {"n": busy}
        )
    job = ExportJob.objects.create(
        requested_by=actor, file_format=file_format, filters=filters_to_json(filters)
    )
    audit.record(
        actor=actor,
        action="petition.export_requested",
        obj=None,
        object_repr=_("Yêu cầu xuất nền danh sách đơn (khoảng %(n)s đơn)") % {"n": count},
        changes={"format": file_format, "filters": job.filters, "job": job.pk},
    )

    def enqueue() -> None:
        from danvan.petitions.tasks import export_run_task

        export_run_task.delay(job.pk)

    transaction.on_commit(enqueue)
    return job


def export_run(job_id: int, *, now: dt.datetime | None = None) -> Any:
    """Write the file of a queued export (the worker's side).  Idempotent: a job already
    claimed or finished is left alone.  A failure is recorded on the job, never lost."""
    from django.core.files import File

    from danvan.core.notifications import notify
    from danvan.petitions.models import ExportJob, claim_job

    claimed = claim_job(ExportJob, job_id)
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if not claimed:
        return job
    actor = job.requested_by
    moment = timezone.localtime(now)
    try:
        if not (actor.is_active and may_export(actor)):
            raise ExportRefusedError(_("Tài khoản không còn quyền xuất danh sách đơn."))
        filters = filters_from_json(job.filters)
        queryset = petition_export_queryset(actor=actor, filters=filters)
        count = queryset.count()
        if job.file_format == "xlsx" and count > XLSX_MAX_ROWS:
            raise ExportRefusedError(_("Danh sách quá dài cho một trang tính Excel; hãy xuất CSV."))
        rows = export_rows(queryset, today=moment.date())
        name = f"danh-sach-don-{moment:%Y%m%d-%H%M}-{job.pk}.{job.file_format}"
        if job.file_format == "csv":
            output: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (closed below)
            for chunk in csv_chunks(rows):
                output.write(chunk)
            output.seek(0)
        else:
            output = xlsx_file(rows)
        with output:
            job.file.save(name, File(output), save=False)
        job.file_name = name
        job.row_count = count
        job.status = ExportJob.Status.DONE
    except ExportRefusedError as exc:
        job.status, job.error = ExportJob.Status.FAILED, exc.message
    except Exception as exc:
        import logging

        logging.getLogger(__name__).exception("export %s failed", job_id)
        job.status = ExportJob.Status.FAILED
        job.error = _("Lỗi khi ghi tệp (%(kind)s); hãy thử lại hoặc báo quản trị hệ thống.") % {
            "kind": type(exc).__name__
        }
    job.finished_at = timezone.now()
    job.save()
    if job.status == ExportJob.Status.DONE:
        audit.record(
            actor=actor,
            action="petition.export",
            object_repr=_("Xuất danh sách đơn (%(n)s đơn)") % {"n": job.row_count},
            changes={
                "format": job.file_format,
                "rows": job.row_count,
                "filters": job.filters,
                "job": job.pk,
            },
        )
    from django.urls import reverse

    notify(
        recipients=[actor],
        title=str(
            _("Tệp xuất danh sách đơn đã sẵn sàng")
            if job.status == ExportJob.Status.DONE
            else _("Không xuất được danh sách đơn")
        ),
        body=str(
            _("%(n)s đơn, tải về trong %(days)s ngày.")
            % {"n": _number(job.row_count or 0), "days": EXPORT_KEEP_DAYS}
            if job.status == ExportJob.Status.DONE
            else job.error
        ),
        kind="export",
        url=reverse("petitions:export-list"),
        dedupe_key=f"export:{job.pk}",
        email=False,
    )
    return job


def export_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the files (and records) of exports older than ``EXPORT_KEEP_DAYS``."""
    from danvan.petitions.models import ExportJob

    cutoff = (now or timezone.now()) - dt.timedelta(days=EXPORT_KEEP_DAYS)
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)


def export_download(*, actor: User, job_id: int) -> Any:
    """The requester's finished export, if they may still export; audited."""
    from django.http import Http404

    from danvan.petitions.models import ExportJob

    job = ExportJob.objects.filter(
        pk=job_id, requested_by=actor, status=ExportJob.Status.DONE
    ).first()
    if job is None or not job.file or not may_export(actor):
        raise Http404
    audit.record(
        actor=actor,
        action="petition.export_download",
        object_repr=job.file_name,
        changes={"job": job.pk, "rows": job.row_count},
    )
    return job

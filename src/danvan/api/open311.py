"""Open311 GeoReport v2 (``/open311/v2/``): the public side of phản ánh and kiến nghị for
other systems (a smart-city app, a hotline), in XML and JSON, following the specification
(summary in ``../shared/reference/open311.md``).

- Services are the fifteen fields (lĩnh vực); each has one optional attribute, ``loai``
  (phản ánh or kiến nghị).  Complaints and denunciations never travel over Open311.
- ``GET requests`` lists only phản ánh and kiến nghị whose citizens agreed to publication,
  without any personal data; ids are the random tracking codes (never sequential).
- Status: ``open`` while danvan's workflow runs, ``closed`` from the answer on (and for
  transferred, guided, filed, refused, withdrawn cases); the Vietnamese state is in
  ``status_notes``, the statutory due date in ``expected_datetime``.
- ``POST requests`` needs a partner key with the ``open311`` scope (``api_key``); the
  petition is received by the key's organization, channel "api"; ``type`` is realtime.
- Errors: ``[{"code", "description"}]`` / ``<errors>``, 400, 403 (key), 404.
- Extensions: ``page``/``page_size`` (totals in ``X-Total-Count``, ``X-Page``,
  ``X-Page-Size``), ``updated_after``, ``extensions=true`` (the timeline as ``notes``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from typing import Any, cast
from xml.etree import ElementTree as ET

import orjson
from django.conf import settings
from django.db.models import BigIntegerField, Case, F, Func, TextField, Value, When
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from danvan.petitions.enums import Field, Kind, State
from danvan.petitions.models import PetitionEvent
from danvan.petitions.publication import people_of, public_description, public_petitions

SPEC = "http://wiki.open311.org/GeoReport_v2"
KINDS = (Kind.PHAN_ANH, Kind.KIEN_NGHI)
OPEN = {
    State.RECEIVED,
    State.CLASSIFIED,
    State.ASSIGNED,
    State.VERIFYING,
    State.DIALOGUE,
    State.DECIDED,
    State.SUSPENDED,
}
MAX_SPAN = dt.timedelta(days=90)
MAX_ROWS = 1000
CHANGESET = "2026-11-25T00:00:00+07:00"  # the service list's last change
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str, code: int | None = None) -> None:
        self.status = status
        self.code = code or status
        self.description = description
        super().__init__(description)


# --- rendering ---------------------------------------------------------------------------------


def _xml(root: str, item: str | None, rows: list[dict[str, Any]] | dict[str, Any]) -> bytes:
    def fill(parent: ET.Element, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if isinstance(value, list):
                holder = ET.SubElement(parent, key)
                for entry in value:
                    child = ET.SubElement(holder, key[:-1] if key.endswith("s") else key)
                    if isinstance(entry, dict):
                        fill(child, entry)
                    else:
                        child.text = _text(entry)
            elif isinstance(value, dict):
                fill(ET.SubElement(parent, key), value)
            else:
                ET.SubElement(parent, key).text = _text(value)

    top = ET.Element(root)
    if item is None:
        fill(top, cast(dict[str, Any], rows))
    else:
        for row in cast(list[dict[str, Any]], rows):
            fill(ET.SubElement(top, item), row)
    return XML_DECLARATION + ET.tostring(top, encoding="unicode").encode()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _respond(fmt: str, root: str, item: str | None, data: Any, status: int = 200) -> HttpResponse:
    if fmt == "json":
        # orjson: UTF-8 as is, as ``ensure_ascii=False`` did, without spaces between items;
        # ten times faster than ``json`` on a page of 1,000 requests (1.4 MB).
        return HttpResponse(orjson.dumps(data), status=status, content_type=CONTENT_TYPES["json"])
    return HttpResponse(_xml(root, item, data), status=status, content_type=CONTENT_TYPES["xml"])


def _error(fmt: str, exc: Open311Error) -> HttpResponse:
    rows = [{"code": exc.code, "description": exc.description}]
    return _respond(fmt, "errors", "error", rows, status=exc.status)


def _checked(view: Any) -> Any:
    """Format from the suffix; every Open311Error becomes the specification's error body."""

    def wrapper(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            _jurisdiction(request)
            return view(request, fmt, **kwargs)
        except Open311Error as exc:
            return _error(fmt, exc)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _jurisdiction(request: HttpRequest) -> None:
    given = (
        request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    ).strip()
    mine = getattr(settings, "OPEN311_JURISDICTION", "")
    if given and mine and given != mine:
        raise Open311Error(404, _("Không phục vụ jurisdiction_id “%(id)s”.") % {"id": given[:80]})


def _due(day: dt.date | None) -> str | None:
    if day is None:
        return None
    end = dt.datetime.combine(day, dt.time(17, 0), tzinfo=timezone.get_current_timezone())
    return end.isoformat(timespec="seconds")


# --- discovery and services --------------------------------------------------------------------


@require_GET
@_checked
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:services", args=["xml"]))[
        : -len("/services.xml")
    ]
    data: dict[str, Any] = {
        "changeset": CHANGESET,
        "contact": getattr(settings, "OPEN311_CONTACT", "")
        or _("Ban Tuyên giáo và Dân vận Tỉnh ủy (liên hệ quản trị hệ thống danvan)"),
        "key_service": getattr(settings, "OPEN311_KEY_SERVICE", "")
        or _("Khóa API do quản trị hệ thống cấp cho từng hệ thống đối tác (danvan api_key)."),
        "endpoints": [
            {
                "specification": SPEC,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    if fmt == "json":
        return JsonResponse(
            data, content_type=CONTENT_TYPES["json"], json_dumps_params={"ensure_ascii": False}
        )
    root = ET.Element("discovery")
    for key in ("changeset", "contact", "key_service"):
        ET.SubElement(root, key).text = str(data[key])
    endpoints = ET.SubElement(root, "endpoints")
    for endpoint in data["endpoints"]:
        node = ET.SubElement(endpoints, "endpoint")
        for key in ("specification", "url", "changeset", "type"):
            ET.SubElement(node, key).text = endpoint[key]
        formats = ET.SubElement(node, "formats")
        for value in endpoint["formats"]:
            ET.SubElement(formats, "format").text = value
    body = (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode()
    )
    return HttpResponse(body, content_type=CONTENT_TYPES["xml"])


def _service(code: str, label: str) -> dict[str, Any]:
    return {
        "service_code": code,
        "service_name": label,
        "description": _("Phản ánh, kiến nghị về lĩnh vực: %(f)s") % {"f": label},
        "metadata": True,
        "type": "realtime",
        "keywords": label.lower().replace(", ", ","),
        "group": _("Phản ánh, kiến nghị"),
    }


@require_GET
@_checked
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = [_service(code, str(label)) for code, label in Field.choices]
    return _respond(fmt, "services", "service", rows)


@require_GET
@_checked
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    if code not in Field.values:
        raise Open311Error(404, _("Không có service_code “%(c)s”.") % {"c": code[:40]})
    attribute = {
        "variable": True,
        "code": "loai",
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": _("Phản ánh (mặc định) hoặc kiến nghị"),
        "order": 1,
        "description": _("Đây là phản ánh hay kiến nghị?"),
        "values": [
            {"key": Kind.PHAN_ANH.value, "name": str(Kind.PHAN_ANH.label)},
            {"key": Kind.KIEN_NGHI.value, "name": str(Kind.KIEN_NGHI.label)},
        ],
    }
    data = {"service_code": code, "attributes": [attribute]}
    return _respond(fmt, "service_definition", None, data)


# --- requests ----------------------------------------------------------------------------------


def _public() -> Any:
    return public_petitions().select_related("organization", "commune")


# What a request shows, read as plain values rather than model instances: a page holds up to
# 1,000 requests, and building a petition, its organization and its commune for each of them
# cost more than the query (docs/benchmarks.md, "API and Open311 under load").  The
# description is the one stored at intake; the content travels only for a petition without
# it (rows loaded in bulk, or not yet filled), and is then redacted here.
_COLUMNS = (
    "id",
    "tracking_code",
    "state",
    "field",
    "public_description",
    "unredacted",
    "created_epoch",
    "updated_epoch",
    "due_on",
    "kind",
    "channel",
    "organization__name",
    "commune__name",
    "commune__code",
    "commune__latitude",
    "commune__longitude",
)


class _Epoch(Func):
    """A datetime as whole seconds since 1970 (UTC): 2,000 timestamps a page are then read
    as integers, not parsed into datetimes (a third of a page's Python time)."""

    template = "floor(extract(epoch from %(expressions)s))::bigint"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps an aware datetime as its UTC text; strftime's %s (escaped for the
        # template, then for the parameter style) truncates the fraction, as floor does
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        )


_EPOCHS = {"created_epoch": _Epoch("created_at"), "updated_epoch": _Epoch("updated_at")}
_UNREDACTED = Case(
    When(public_description__isnull=True, then=F("content")),
    default=Value(None),
    output_field=TextField(),
)


def _rows(qs: Any, *, extensions: bool = False) -> list[dict[str, Any]]:
    """The petitions of ``qs`` (public ones) as the specification's requests, in the order of
    ``qs``."""
    tz = timezone.get_current_timezone()
    states = {s.value: str(s.label) for s in State}
    fields = {f.value: str(f.label) for f in Field}

    def iso(moment: dt.datetime | None) -> str | None:
        return moment.astimezone(tz).isoformat(timespec="seconds") if moment else None

    def local(seconds: int) -> str:
        return dt.datetime.fromtimestamp(seconds, tz).isoformat(timespec="seconds")

    records = list(qs.annotate(unredacted=_UNREDACTED, **_EPOCHS).values_list(*_COLUMNS))
    # A petition without a stored description (loaded in bulk) is redacted here, its
    # petitioners read for it (one query, only then).
    bare = [r[0] for r in records if r[5] is not None]
    people = people_of(bare) if bare else {}
    notes: dict[int, list[dict[str, Any]]] = {}
    if extensions and records:
        events = (
            PetitionEvent.objects.filter(petition_id__in=[r[0] for r in records])
            .order_by("petition_id", "at", "id")
            .values_list("petition_id", "at", "to_state", "action")
        )
        for petition_id, at, to_state, action in events:
            notes.setdefault(petition_id, []).append(
                {
                    "datetime": iso(at),
                    "description": states[to_state] if to_state else action,
                    "type": action,
                }
            )
    rows = []
    for (
        pk,
        code,
        state,
        field,
        description,
        unredacted,
        created_epoch,
        updated_epoch,
        due_on,
        kind,
        channel,
        organization,
        commune,
        commune_code,
        latitude,
        longitude,
    ) in records:
        is_open = state in OPEN
        row: dict[str, Any] = {
            "service_request_id": code,
            "status": "open" if is_open else "closed",
            "status_notes": states[state],
            "service_name": fields[field],
            "service_code": field,
            "description": (
                description
                if unredacted is None
                else public_description(unredacted, people.get(pk, ()))
            ),
            "agency_responsible": organization,
            "service_notice": "",
            "requested_datetime": local(created_epoch),
            "updated_datetime": local(updated_epoch),
            "expected_datetime": _due(due_on) if is_open else None,
            "address": commune,
            "address_id": commune_code,
            "zipcode": None,
            "lat": latitude,
            "long": longitude,
            "media_url": None,
        }
        if extensions:
            row["extended_attributes"] = {"kind": kind, "channel": channel}
            row["notes"] = notes.get(pk, [])
        rows.append(row)
    return rows


# X-Total-Count of a large list, remembered by each worker for a few seconds per filter: at a
# million petitions every count of the last 90 days reads ~75,000 index entries (10-12 ms of
# PostgreSQL, whatever the service or status kept), for a header that partners poll every
# minute or so.  A count under a page of the specification's 1,000 is always exact.
COUNT_SECONDS = 10.0
COUNT_REMEMBERED_FROM = 1000
_counts: dict[tuple[Any, ...], tuple[float, int]] = {}


def _count(qs: Any, key: tuple[Any, ...]) -> int:
    now = time.monotonic()
    remembered = _counts.get(key)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    total: int = qs.count()
    if total >= COUNT_REMEMBERED_FROM:
        if len(_counts) >= 1000:  # filters are few; this only bounds the memory
            _counts.clear()
        _counts[key] = (now + COUNT_SECONDS, total)
    return total


def _date(value: str, name: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise Open311Error(400, _("%(n)s phải là ngày giờ ISO 8601.") % {"n": name}) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.get_current_timezone())
    return parsed


@csrf_exempt  # partner systems post with their api_key, never with a browser session
@require_http_methods(["GET", "POST"])
@_checked
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    g = request.GET
    qs = _public()
    ids = [i.strip().upper() for i in g.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        rows = _rows(qs.filter(tracking_code__in=ids[:MAX_ROWS]))
        return _respond(fmt, "service_requests", "request", rows)
    codes = [c.strip() for c in g.get("service_code", "").split(",") if c.strip()]
    if codes:
        unknown = [c for c in codes if c not in Field.values]
        if unknown:
            raise Open311Error(404, _("Không có service_code “%(c)s”.") % {"c": unknown[0][:40]})
        qs = qs.filter(field__in=codes)
    now = timezone.now()
    end = _date(g["end_date"], "end_date") if g.get("end_date") else now
    start = _date(g["start_date"], "start_date") if g.get("start_date") else end - MAX_SPAN
    if start > end:
        raise Open311Error(400, _("start_date phải trước end_date."))
    if end - start > MAX_SPAN:
        raise Open311Error(400, _("Khoảng thời gian không được quá 90 ngày."))
    qs = qs.filter(created_at__gte=start, created_at__lte=end)
    statuses = {s.strip() for s in g.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status chỉ nhận open, closed."))
    if statuses == {"open"}:
        qs = qs.filter(state__in=OPEN)
    elif statuses == {"closed"}:
        qs = qs.exclude(state__in=OPEN)
    updated_after = _date(g["updated_after"], "updated_after") if g.get("updated_after") else None
    if updated_after is not None:
        qs = qs.filter(updated_at__gt=updated_after)
    size = _int(g.get("page_size") or g.get("per_page"), MAX_ROWS, "page_size", 1, MAX_ROWS)
    page = _int(g.get("page"), 1, "page", 1, 10**6)
    qs = qs.order_by("-created_at", "-id")
    # the default window ends now: its count is remembered as "the last 90 days"
    window = (start if g.get("start_date") else None, end if g.get("end_date") else None)
    total = _count(qs, (tuple(sorted(codes)), tuple(sorted(statuses)), *window, updated_after))
    extensions = g.get("extensions", "").lower() == "true"
    # The page's ids first, then their rows: filtered and ordered on the ids alone, the ids
    # stay in an index (an index-only scan when the filtered columns are in it); reading the
    # rows while filtering would fetch every candidate row from the table.  One statement:
    # the ids as a subquery, which its LIMIT keeps apart (PostgreSQL runs it first, then
    # reads each row by its primary key), rather than 1,000 ids sent back as parameters.
    ids = qs.values("id")[(page - 1) * size : page * size]
    rows = _rows(_public().filter(id__in=ids).order_by("-created_at", "-id"), extensions=extensions)
    response = _respond(fmt, "service_requests", "request", rows)
    response["X-Total-Count"] = str(total)
    response["X-Page"] = str(page)
    response["X-Page-Size"] = str(size)
    response["X-Page-Count"] = str(max(1, math.ceil(total / size)))
    return response


def _int(value: str | None, default: int, name: str, low: int, high: int) -> int:
    if not value:
        return default
    if not re.fullmatch(r"[0-9]{1,7}", value.strip()):
        raise Open311Error(400, _("%(n)s phải là số nguyên dương.") % {"n": name})
    return max(low, min(high, int(value)))


@require_GET
@_checked
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    extensions = request.GET.get("extensions", "").lower() == "true"
    rows = _rows(_public().filter(tracking_code=request_id.upper())[:1], extensions=extensions)
    if not rows:
        raise Open311Error(404, _("Không có service_request_id “%(i)s”.") % {"i": request_id[:20]})
    return _respond(fmt, "service_requests", "request", rows)


@require_GET
@_checked
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    """danvan answers POST with the id at once (type realtime): no token is ever issued."""
    raise Open311Error(
        404, _("Không có token “%(t)s”: danvan trả mã yêu cầu ngay.") % {"t": token[:40]}
    )


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    from danvan.api.keys import api_client_for_key
    from danvan.api.views import _intake_organization
    from danvan.core.middleware import client_ip
    from danvan.core.rate_limits import allow
    from danvan.petitions import services as petition_services
    from danvan.petitions.errors import PetitionError

    p = request.POST
    rate = str(getattr(settings, "OPEN311_RATE_POST", "60/min"))
    if not allow("open311-address", client_ip(request) or "-", rate):
        raise Open311Error(429, _("Gửi quá nhiều yêu cầu trong thời gian ngắn; thử lại sau."), 429)
    key = p.get("api_key") or request.GET.get("api_key") or ""
    client = api_client_for_key(key) if key else None
    if client is None or not client.has_scope("open311"):
        raise Open311Error(403, _("api_key thiếu, sai, hết hạn hoặc không có quyền Open311."))
    if not allow("open311-key", str(client.pk), rate):
        raise Open311Error(429, _("Gửi quá nhiều yêu cầu trong thời gian ngắn; thử lại sau."), 429)
    code = p.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("Thiếu service_code."))
    if code not in Field.values:
        raise Open311Error(404, _("Không có service_code “%(c)s”.") % {"c": code[:40]})
    kind = _attribute(p, "loai") or Kind.PHAN_ANH
    if kind not in KINDS:
        raise Open311Error(400, _("attribute[loai] chỉ nhận phan_anh hoặc kien_nghi."))
    description = p.get("description", "").strip()
    if not description:
        raise Open311Error(400, _("Thiếu description (nội dung phản ánh, kiến nghị)."))
    if len(description) > 4000:
        raise Open311Error(400, _("description không quá 4.000 ký tự."))
    try:
        organization = _intake_organization(client.account, None)
    except Exception as exc:  # a key whose account files for several bodies
        raise Open311Error(400, _("Khóa API không gắn với đúng một cơ quan tiếp nhận.")) from exc
    commune = _locate(p, organization)
    name = " ".join(
        x for x in (p.get("last_name", "").strip(), p.get("first_name", "").strip()) if x
    )
    address = p.get("address_string", "").strip()[:500]
    people = []
    if name:
        people = [
            petition_services.PetitionerInput(
                full_name=name[:150],
                phone=p.get("phone", "").strip()[:20],
                email=p.get("email", "").strip()[:254],
                address=address or commune.name,
            )
        ]
    media = p.get("media_url", "").strip()
    content = description + (f"\n\nẢnh, tài liệu: {media[:500]}" if media else "")
    data = petition_services.IntakeInput(
        kind=kind,
        channel="api",
        field=code,
        subject=description.splitlines()[0][:200],
        content=content,
        commune=commune,
        received_on=timezone.localdate(),
        address_as_written=address,
        petitioners=people,
        is_anonymous=not people,
        consent_to_publish=p.get("consent_to_publish", "true").lower() != "false",
        submission_key=_submission_key(p, description),
    )
    try:
        petition = petition_services.petition_create(
            actor=client.account, organization=organization, data=data
        )
    except PetitionError as exc:
        raise Open311Error(400, exc.message) from exc
    rows = [
        {
            "service_request_id": petition.tracking_code,
            "service_notice": _("Đã tiếp nhận; tra cứu bằng mã %(c)s.")
            % {"c": petition.tracking_code},
            "account_id": None,
        }
    ]
    return _respond(fmt, "service_requests", "request", rows, status=201)


def _submission_key(post: Any, description: str) -> str | None:
    """The same report sent twice by a device (a retry after a timeout) is one petition."""
    import hashlib

    device = post.get("device_id", "").strip()
    if not device:
        return None
    digest = hashlib.sha256(f"{device}|{description}".encode()).hexdigest()[:32]
    return f"open311:{digest}"


def _attribute(post: Any, code: str) -> str:
    for key in (f"attribute[{code}]", f"attribute[{code}][]"):
        if post.get(key):
            return str(post.get(key)).strip()
    return ""


def _locate(post: Any, organization: Any) -> Any:
    """The commune of the request: from lat/long (the nearest commune of the organization's
    province), else from address_string (with or without diacritics, old addresses too)."""
    from danvan.units.models import AdministrativeUnit, UnitLevel
    from danvan.units.selectors import resolve_address, unit_search

    lat, lon = post.get("lat", "").strip(), post.get("long", "").strip()
    if lat or lon:
        try:
            y, x = float(lat), float(lon)
        except ValueError as exc:
            raise Open311Error(400, _("lat và long phải là số (WGS84).")) from exc
        if not (-90 <= y <= 90 and -180 <= x <= 180):
            raise Open311Error(400, _("lat, long nằm ngoài phạm vi."))
        province = (
            organization.unit
            if organization.unit.level == UnitLevel.PROVINCE
            else (organization.unit.parent)
        )
        communes = AdministrativeUnit.objects.filter(
            parent=province, level=UnitLevel.COMMUNE, is_active=True, latitude__isnull=False
        )
        points = [(u, u.latitude, u.longitude or 0.0) for u in communes if u.latitude is not None]
        best = min(
            points,
            key=lambda p: (p[1] - y) ** 2 + ((p[2] - x) * math.cos(math.radians(y))) ** 2,
            default=None,
        )
        if best is None or (best[1] - y) ** 2 + (best[2] - x) ** 2 > 0.5**2:
            raise Open311Error(400, _("Vị trí không thuộc địa bàn của cơ quan tiếp nhận."))
        return best[0]
    text = post.get("address_string", "").strip()
    if text:
        resolved = resolve_address(text)
        if resolved is not None:
            return resolved.unit
        found = unit_search(text, limit=1)
        if found:
            return found[0]
        raise Open311Error(400, _("Không xác định được xã, phường từ address_string."))
    if post.get("address_id", "").strip():
        unit = AdministrativeUnit.objects.filter(
            code=post["address_id"].strip(), level=UnitLevel.COMMUNE, is_active=True
        ).first()
        if unit is not None:
            return unit
        raise Open311Error(400, _("address_id không phải mã xã, phường."))
    raise Open311Error(400, _("Cần vị trí: lat và long, hoặc address_string, hoặc address_id."))

"""Officers' petition pages, and the citizen's tracking page.

Views parse input, call one selector or service, and render; what may be done is decided by
``workflow`` and ``organizations.access`` through the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.deadlines import status as deadline_status
from danvan.organizations import access
from danvan.organizations.models import Organization, User
from danvan.petitions import selectors, services
from danvan.petitions.enums import Channel, Field, Flag, Kind, PublicationMethod, State
from danvan.petitions.errors import PetitionError
from danvan.petitions.forms import (
    ActionForm,
    IntakeForm,
    PetitionerFormSet,
    commune_label,
)
from danvan.petitions.models import Petition
from danvan.petitions.paging import COUNT_CAP, CappedPaginator  # noqa: F401  (the API and bench)
from danvan.petitions.services import DocumentInput, IntakeInput, PetitionerInput
from danvan.petitions.workflow import TABLE, Transition, TransitionError, available
from danvan.units.selectors import unit_search


class OfficerRequest(HttpRequest):
    """A request behind ``login_required``."""

    user: User


PAGE_SIZE = 25


FOR_PETITIONER = {"notice_acceptance", "notice_refusal", "notice_guidance", "answer", "decision"}


def _parse_date(value: str | None) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value or "", fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def filters_from(request: HttpRequest) -> selectors.PetitionFilters:
    """The list's query string as filters (shared with the export)."""
    g = request.GET
    queue = g.get("queue", "all")
    return selectors.PetitionFilters(
        queue=queue if queue in selectors.QUEUES else "all",
        kind=g.get("kind", "") if g.get("kind", "") in Kind.values else "",
        field=g.get("field", "") if g.get("field", "") in Field.values else "",
        state=g.get("state", "") if g.get("state", "") in [*State.values, "open"] else "",
        channel=g.get("channel", "") if g.get("channel", "") in Channel.values else "",
        commune=g.get("commune", "")[:16],
        flags=tuple(f for f in g.getlist("flag") if f in selectors.FLAG_FILTERS),
        received_from=_parse_date(g.get("from")),
        received_to=_parse_date(g.get("to")),
        search=g.get("q", "")[:200],
        sort=g.get("sort", "due") if g.get("sort", "due") in selectors.SORTS else "due",
    )


def _clock(petition: Petition, today: dt.date) -> str:
    if petition.due_on is None or petition.state == State.SUSPENDED:
        return ""
    return deadline_status(petition.due_on, on=today).value


@login_required
@require_GET
def petition_list(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, "petitions.view_petition"):
        raise PermissionDenied
    filters = filters_from(request)
    page = CappedPaginator(
        selectors.petition_list_for(actor=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(p, _clock(p, today)) for p in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "query": query.urlencode(),
        "kinds": Kind.choices,
        "fields": Field.choices,
        "states": State.choices,
        "channels": Channel.choices,
        "flags": Flag.choices,
        "queues": _queues(),
        "can_add": access.has_perm(request.user, "petitions.add_petition"),
        "can_assign": access.has_perm(request.user, "petitions.assign_petition"),
        "can_export": access.has_perm(request.user, "petitions.export_petition"),
        "assignees": _bulk_assignees(request.user)
        if access.has_perm(request.user, "petitions.assign_petition")
        else [],
    }
    template = (
        "petitions/_petition_rows.html"
        if getattr(request, "htmx", False)
        else "petitions/petition_list.html"
    )
    return render(request, template, context)


def _queues() -> list[tuple[str, str]]:
    return [
        ("all", _("Tất cả")),
        ("mine", _("Việc của tôi")),
        ("organization", _("Của cơ quan tôi")),
        ("awaiting", _("Chờ phân loại")),
        ("due_soon", _("Sắp đến hạn")),
        ("overdue", _("Quá hạn")),
        ("anonymous", _("Tố cáo nặc danh")),
    ]


def _organizations_for_intake(user: Any) -> list[Organization]:
    """Organizations in which the user registers petitions (their own memberships)."""
    memberships = user.memberships.filter(
        is_active=True,
        organization__is_active=True,
        role__permissions__codename="add_petition",
        role__permissions__content_type__app_label="petitions",
    ).select_related("organization__unit")
    return list({m.organization_id: m.organization for m in memberships}.values())


@login_required
@require_http_methods(["GET", "POST"])
def petition_create(request: OfficerRequest) -> HttpResponse:
    """Tiếp nhận đơn: one page, keyboard-first, for an officer typing from a paper letter."""
    organizations = _organizations_for_intake(request.user)
    if not organizations:
        raise PermissionDenied
    org_id = request.POST.get("organization") or request.GET.get("organization")
    organization = next((o for o in organizations if str(o.pk) == str(org_id)), organizations[0])
    rows = min(max(int(request.GET.get("rows", "1") or 1), 1), 50)
    form = IntakeForm(request.POST or None)
    formset = PetitionerFormSet(
        request.POST or None,
        prefix="p",
        initial=[{} for _ in range(rows)] if not request.POST else None,
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        people = [
            PetitionerInput(**{k: v for k, v in row.items() if k != "DELETE"})
            for row in formset.cleaned_data
            if row and row.get("full_name")
        ]
        intake = IntakeInput(
            kind=data["kind"],
            channel=data["channel"],
            field=data["field"],
            subject=data["subject"],
            content=data["content"],
            request=data["request"],
            commune=data["commune"],
            received_on=data["received_on"],
            address_as_written=data["address_as_written"],
            petitioners=people,
            petitioner_count=data["petitioner_count"],
            is_anonymous=data["is_anonymous"],
            has_signature=data["has_signature"],
            is_remote_area=data["is_remote_area"],
            complaint_round=data.get("complaint_round") or None,
            contested_decision=data["contested_decision"],
            contested_decision_known_on=data["contested_decision_known_on"],
            accused=data["accused"],
            consent_to_publish=data["consent_to_publish"],
            flags={
                k: data[k] for k in ("is_urgent", "is_bypassing", "is_prolonged", "is_recurring")
            },
            submission_key=data["submission_key"],
        )
        try:
            petition = services.petition_create(
                actor=request.user, organization=organization, data=intake
            )
        except PetitionError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(None, f"{field}: {' '.join(errors)}")
        else:
            messages.success(
                request,
                _("Đã tiếp nhận đơn, mã tra cứu %(code)s.") % {"code": petition.tracking_code},
            )
            return redirect(petition.get_absolute_url())
    return render(
        request,
        "petitions/petition_form.html",
        {
            "form": form,
            "formset": formset,
            "organizations": organizations,
            "organization": organization,
            "rows": rows,
        },
    )


@login_required
@require_GET
def commune_suggestions(request: HttpRequest) -> HttpResponse:
    """Datalist options for the commune field (htmx), with or without diacritics."""
    units = unit_search(request.GET.get("commune_text", "")[:100], limit=12)
    return render(
        request, "petitions/_commune_options.html", {"options": [commune_label(u) for u in units]}
    )


def _bulk_assignees(user: Any) -> list[User]:
    """Handling officers of the organizations where the user assigns petitions."""
    organizations = user.memberships.filter(
        is_active=True, role__permissions__codename="assign_petition"
    ).values("organization")
    return list(
        User.objects.filter(
            memberships__organization__in=organizations,
            memberships__is_active=True,
            memberships__role__permissions__codename="handle_petition",
        )
        .distinct()
        .order_by("full_name")[:200]
    )


def _assignees(petition: Petition) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization=petition.organization,
            memberships__is_active=True,
            memberships__role__permissions__codename="handle_petition",
        )
        .distinct()
        .order_by("full_name")
    )


def _transfer_targets(petition: Petition, user: Any) -> list[Organization]:
    province = petition.commune.parent
    return list(
        Organization.objects.active()
        .exclude(pk=petition.organization_id)
        .filter(
            unit__path__startswith=province.path if province else petition.commune.path,
        )
        .select_related("unit")
        .order_by("path")[:400]
    )


def _actions(petition: Petition, user: Any) -> list[dict[str, Any]]:
    allowed = []
    for transition in available(
        state=petition.state, kind=petition.kind, anonymous=petition.is_anonymous
    ):
        if transition == Transition.RATE:
            continue  # the citizen rates on the tracking page; an officer records it there
        rule = TABLE[transition]
        if access.has_perm(user, rule.permission, petition):
            allowed.append(
                {"code": transition.value, "label": rule.label, "needs_reason": rule.needs_reason}
            )
    if petition.state == State.ANSWERED and access.has_perm(
        user, "petitions.handle_petition", petition
    ):
        allowed.append(
            {
                "code": Transition.RATE.value,
                "label": TABLE[Transition.RATE].label,
                "needs_reason": False,
            }
        )
    return allowed


def _detail_context(request: HttpRequest, petition: Petition, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    is_denunciation = petition.identity_confidential
    return {
        "petition": petition,
        "clock": _clock(petition, today),
        "petitioners": list(petition.petitioners.all()),
        "is_denunciation": is_denunciation,
        "can_see_identity": is_denunciation and services.may_read_identity(request.user, petition),
        "documents": list(petition.documents.select_related("issuer")),
        "events": list(petition.events.select_related("actor")),
        "links": list(petition.links.select_related("to_petition")),
        "backlinks": list(petition.backlinks.select_related("from_petition")),
        "ratings": list(petition.ratings.all()),
        "attachments": list(petition.attachments.all()),
        "limitation_warning": _limitation_warning(petition),
        "publication_methods": PublicationMethod.choices,
        "escalation_organizations": [
            o
            for o in _organizations_for_intake(request.user)
            if o.pk != petition.organization_id and petition.organization.path.startswith(o.path)
        ]
        if petition.kind in (Kind.KHIEU_NAI, Kind.TO_CAO) and petition.complaint_round != 2
        else [],
        "can_split": petition.state == State.RECEIVED
        and access.has_perm(request.user, "petitions.classify_petition", petition),
        "kinds": Kind.choices,
        "fields": Field.choices,
        "can_attach": access.has_perm(request.user, "petitions.handle_petition", petition)
        or access.has_perm(request.user, "petitions.add_petition", petition),
        "actions": _actions(petition, request.user),
        "assignees": _assignees(petition),
        "transfer_targets": _transfer_targets(petition, request.user),
        "refusal_grounds": [(g, dict(_ground_choices())[g]) for g in _ground_values(petition.kind)],
        "today": today,
        **extra,
    }


def _limitation_warning(petition: Petition) -> str:
    """A complaint filed after the 90-day limitation period (Luật KN Art. 9) may be refused
    on ground 11.6: say so to the intake officer (the law allows valid excuses)."""
    from danvan.core.deadlines import DeadlineError, compute_due

    if petition.kind != Kind.KHIEU_NAI or petition.state != State.RECEIVED:
        return ""
    if petition.contested_decision_known_on is None:
        return ""
    try:
        limit = compute_due(
            "complaint_limitation",
            petition.received_on,
            start_on=petition.contested_decision_known_on,
        )
    except DeadlineError:
        return ""
    if petition.received_on <= limit.due_on:
        return ""
    return _(
        "Đơn nhận sau thời hiệu khiếu nại (hết ngày %(date)s, Điều 9 Luật Khiếu nại); "
        "xem xét lý do chính đáng trước khi không thụ lý theo Điều 11 khoản 6."
    ) % {"date": f"{limit.due_on:%d/%m/%Y}"}


def _ground_choices() -> list[tuple[str, str]]:
    from danvan.petitions.enums import RefusalGround

    return [(v, str(label)) for v, label in RefusalGround.choices]


def _ground_values(kind: str) -> list[str]:
    from danvan.petitions.enums import RefusalGround

    return RefusalGround.for_kind(kind)


@login_required
@require_GET
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = selectors.petition_get_for(actor=request.user, pk=pk)
    return render(request, "petitions/petition_detail.html", _detail_context(request, petition))


@login_required
@require_POST
def petition_identity(request: OfficerRequest, pk: int) -> HttpResponse:
    """The denouncer's identity, shown once on request to an officer with the permission;
    each view is audited by the service."""
    petition = selectors.petition_get_for(actor=request.user, pk=pk)
    try:
        people = services.denouncer_identity_read(actor=request.user, petition=petition)
    except PetitionError as exc:
        raise PermissionDenied(exc.message) from exc
    return render(
        request,
        "petitions/petition_detail.html",
        _detail_context(request, petition, identity=people),
    )


def _document(data: dict[str, Any]) -> DocumentInput:
    return DocumentInput(
        number=data.get("number") or "",
        issued_on=data.get("issued_on") or timezone.localdate(),
        title=data.get("title") or "",
        body=data.get("body") or "",
        signer=data.get("signer") or "",
    )


def _organization(pk: int | None, petition: Petition, user: Any) -> Organization | None:
    if not pk:
        return None
    return next((o for o in _transfer_targets(petition, user) if o.pk == pk), None)


def _assignee(pk: int | None, petition: Petition) -> User:
    found = next((u for u in _assignees(petition) if u.pk == pk), None)
    if found is None:
        raise PetitionError(services.ErrorCode.ASSIGNEE_NOT_IN_ORGANIZATION)
    return found


def _duplicate_target(user: Any, code: str) -> Petition | None:
    """The earlier petition a duplicate repeats, by tracking code, if the user may see it."""
    if not code.strip():
        return None
    found = selectors.petition_get_by_tracking_code(code)
    if found is None or not access.has_perm(user, "petitions.view_petition", found):
        raise PetitionError(services.ErrorCode.DUPLICATE_TARGET_INVALID)
    return found


ACTIONS: dict[str, Callable[[Any, Petition, dict[str, Any]], Petition]] = {
    "accept": lambda u, p, d: services.petition_accept(
        actor=u,
        petition=p,
        reason=d["reason"],
        expected_version=d["expected_version"],
        accepted_on=d["event_on"],
    ),
    "transfer": lambda u, p, d: services.petition_transfer(
        actor=u,
        petition=p,
        reason=d["reason"],
        to_name=d["to_name"],
        to_organization=_organization(d["to_organization"], p, u),
        expected_version=d["expected_version"],
    ),
    "guide": lambda u, p, d: services.petition_guide(
        actor=u, petition=p, reason=d["reason"], expected_version=d["expected_version"]
    ),
    "file": lambda u, p, d: services.petition_file(
        actor=u,
        petition=p,
        reason=d["reason"],
        filing_reason=d["filing_reason"],
        duplicate_of=_duplicate_target(u, d.get("duplicate_of", "")),
        expected_version=d["expected_version"],
    ),
    "refuse": lambda u, p, d: services.petition_refuse(
        actor=u,
        petition=p,
        ground=d["ground"],
        reason=d["reason"],
        expected_version=d["expected_version"],
    ),
    "to_anonymous_queue": lambda u, p, d: services.petition_to_anonymous_queue(
        actor=u, petition=p, reason=d["reason"], expected_version=d["expected_version"]
    ),
    "assign": lambda u, p, d: services.petition_assign(
        actor=u,
        petition=p,
        assignee=_assignee(d["assignee"], p),
        reason=d["reason"],
        expected_version=d["expected_version"],
    ),
    "start_verification": lambda u, p, d: services.petition_start_verification(
        actor=u, petition=p, reason=d["reason"], expected_version=d["expected_version"]
    ),
    "hold_dialogue": lambda u, p, d: services.petition_hold_dialogue(
        actor=u, petition=p, reason=d["reason"], expected_version=d["expected_version"]
    ),
    "decide": lambda u, p, d: services.petition_decide(
        actor=u, petition=p, document=_document(d), expected_version=d["expected_version"]
    ),
    "publish_conclusion": lambda u, p, d: services.petition_publish_conclusion(
        actor=u,
        petition=p,
        document=_document(d),
        method=d.get("publication_method", ""),
        expected_version=d["expected_version"],
    ),
    "answer": lambda u, p, d: services.petition_answer(
        actor=u, petition=p, document=_document(d), expected_version=d["expected_version"]
    ),
    "rate": lambda u, p, d: services.petition_rate(
        actor=u, petition=p, satisfied=bool(d["satisfied"]), comment=d["reason"]
    ),
    "close": lambda u, p, d: services.petition_close(
        actor=u, petition=p, reason=d["reason"], expected_version=d["expected_version"]
    ),
    "reopen": lambda u, p, d: services.petition_reopen(
        actor=u, petition=p, reason=d["reason"], expected_version=d["expected_version"]
    ),
    "extend": lambda u, p, d: services.petition_extend(
        actor=u,
        petition=p,
        reason=d["reason"],
        expected_version=d["expected_version"],
        document=_document(d) if d.get("body") else None,
    ),
    "set_complexity": lambda u, p, d: services.petition_set_complexity(
        actor=u,
        petition=p,
        complexity=d["complexity"],
        reason=d["reason"],
        expected_version=d["expected_version"],
        document=_document(d) if d.get("body") else None,
    ),
    "suspend": lambda u, p, d: services.petition_suspend(
        actor=u,
        petition=p,
        reason=d["reason"],
        suspended_on=d["event_on"],
        expected_version=d["expected_version"],
    ),
    "resume": lambda u, p, d: services.petition_resume(
        actor=u,
        petition=p,
        reason=d["reason"],
        resumed_on=d["event_on"],
        expected_version=d["expected_version"],
    ),
    "withdraw": lambda u, p, d: services.petition_withdraw(
        actor=u,
        petition=p,
        reason=d["reason"],
        partial=bool(d["partial"]),
        expected_version=d["expected_version"],
    ),
    "withdraw_continue": lambda u, p, d: services.petition_withdraw(
        actor=u,
        petition=p,
        reason=d["reason"],
        continue_resolution=True,
        expected_version=d["expected_version"],
    ),
}


@login_required
@require_POST
def petition_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Fire one workflow action; on refusal, the page comes back with the typed text kept."""
    petition = selectors.petition_get_for(actor=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    form = ActionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            ACTIONS[action](request.user, petition, form.cleaned_data)
        except (PetitionError, TransitionError) as exc:
            error = exc.message
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Đã thực hiện: %(action)s.") % {"action": TABLE[Transition(action)].label},
            )
            return redirect(petition.get_absolute_url())
    else:
        error = _("Thông tin nhập chưa hợp lệ: %(errors)s") % {
            "errors": "; ".join(
                f"{form.fields[f].label}: {' '.join(str(m) for m in e)}"
                for f, e in form.errors.items()
                if f in form.fields
            )
        }
    petition.refresh_from_db()
    response = render(
        request,
        "petitions/petition_detail.html",
        _detail_context(
            request, petition, action_error=error, failed_action=action, action_form=form
        ),
    )
    response.status_code = 400
    return response


@login_required
@require_POST
def petition_escalate(request: OfficerRequest, pk: int) -> HttpResponse:
    """Khiếu nại lần hai / tố cáo tiếp: the higher level's intake officer opens the linked
    case from the first one."""
    petition = selectors.petition_get_for(actor=request.user, pk=pk)
    organizations = _organizations_for_intake(request.user)
    organization = next(
        (o for o in organizations if str(o.pk) == request.POST.get("organization")), None
    )
    received_on = _parse_date(request.POST.get("received_on")) or timezone.localdate()
    reason = request.POST.get("reason", "").strip()
    opener = (
        services.petition_open_second_complaint
        if petition.kind == Kind.KHIEU_NAI
        else services.petition_open_further_denunciation
    )
    if organization is None or not reason:
        messages.error(request, _("Hãy chọn cơ quan tiếp nhận và ghi nội dung."))
        return redirect(petition.get_absolute_url())
    try:
        new = opener(
            actor=request.user,
            petition=petition,
            organization=organization,
            received_on=received_on,
            reason=reason,
        )
    except PetitionError as exc:
        messages.error(request, exc.message)
        return redirect(petition.get_absolute_url())
    messages.success(request, _("Đã mở hồ sơ %(code)s.") % {"code": new.tracking_code})
    return redirect(new.get_absolute_url())


@login_required
@require_POST
def petition_split(request: OfficerRequest, pk: int) -> HttpResponse:
    """Tách đơn: one more part of a mixed letter becomes its own petition."""
    petition = selectors.petition_get_for(actor=request.user, pk=pk)
    kind, field = request.POST.get("kind", ""), request.POST.get("field", "")
    subject, content = (
        request.POST.get("subject", "").strip(),
        request.POST.get("content", "").strip(),
    )
    if kind not in Kind.values or field not in Field.values or not subject or not content:
        messages.error(request, _("Phần tách ra cần loại đơn, lĩnh vực, trích yếu và nội dung."))
        return redirect(petition.get_absolute_url())
    try:
        new = services.petition_split(
            actor=request.user,
            petition=petition,
            part=(
                services.SplitPart(
                    kind=kind,
                    field=field,
                    subject=subject[:255],
                    content=content,
                    contested_decision=request.POST.get("contested_decision", ""),
                    accused=request.POST.get("accused", ""),
                )
            ),
        )
    except (PetitionError, TransitionError) as exc:
        messages.error(request, exc.message)
        return redirect(petition.get_absolute_url())
    messages.success(request, _("Đã tách thành hồ sơ %(code)s.") % {"code": new.tracking_code})
    return redirect(new.get_absolute_url())


@login_required
@require_GET
def petition_overview(request: OfficerRequest) -> HttpResponse:
    """Tổng hợp theo cơ quan: counts by state, overdue, time to answer, by field and commune."""
    if not access.has_perm(request.user, "petitions.view_petition"):
        raise PermissionDenied
    organizations = [
        m.organization
        for m in request.user.memberships.filter(is_active=True).select_related("organization")
    ]
    chosen = request.GET.get("organization", "")
    organization = next((o for o in organizations if str(o.pk) == chosen), None)
    overview = selectors.petition_overview_for(
        actor=request.user, organization_id=organization.pk if organization else None
    )
    return render(
        request,
        "petitions/petition_overview.html",
        {"overview": overview, "organizations": organizations, "organization": organization},
    )


@login_required
@require_POST
def petition_bulk_assign(request: OfficerRequest) -> HttpResponse:
    """Giao xử lý hàng loạt: each selected petition goes through the assignment service; the
    ones that cannot be assigned are listed with the reason."""
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][:200]
    assignee_id = request.POST.get("assignee", "")
    done, failed = 0, []
    qs = selectors.petition_list_for(actor=request.user).filter(pk__in=ids)
    for petition in qs:
        try:
            assignee = _assignee(int(assignee_id) if assignee_id.isdigit() else None, petition)
            services.petition_assign(actor=request.user, petition=petition, assignee=assignee)
            done += 1
        except (PetitionError, TransitionError) as exc:
            failed.append(f"{petition.tracking_code}: {exc.message}")
    if done:
        messages.success(request, _("Đã giao xử lý %(n)s hồ sơ.") % {"n": done})
    for line in failed:
        messages.error(request, line)
    if not done and not failed:
        messages.error(request, _("Hãy chọn hồ sơ và cán bộ thụ lý."))
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    return redirect(target or "petitions:petition-list")


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    from danvan.petitions.attachments import attachment_add

    petition = selectors.petition_get_for(actor=request.user, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Hãy chọn tệp cần đính kèm."))
    else:
        try:
            attachment_add(actor=request.user, petition=petition, upload=upload)
        except PetitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã đính kèm tệp."))
    return redirect(petition.get_absolute_url())


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    """Files are served only through this permission check, never from a public folder."""
    from django.http import FileResponse

    petition = selectors.petition_get_for(actor=request.user, pk=pk)
    attachment = petition.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    if petition.identity_confidential:
        # A denunciation's files (the signed letter…) identify the denouncer (Luật TC Art. 56).
        if not services.may_read_identity(request.user, petition):
            raise PermissionDenied
        from danvan.core import audit

        audit.record(
            actor=request.user,
            action="petition.confidential_attachment_read",
            obj=petition,
            changes={"attachment": [None, attachment.original_name]},
        )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def document_print(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """A notice, decision or answer laid out for printing on A4 (NĐ 30/2020 layout)."""
    petition = selectors.petition_get_for(actor=request.user, pk=pk)
    document = petition.documents.select_related("issuer__parent").filter(pk=document_pk).first()
    if document is None:
        raise Http404
    return render(
        request, "petitions/document_print.html", {"petition": petition, "document": document}
    )

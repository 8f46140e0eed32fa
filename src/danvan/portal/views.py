"""The citizens' portal: thin views over the petitions' services and public selectors.

Every page works without JavaScript and without an account; the few lines of script only
suggest communes while typing and show the fields of the chosen kind."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.middleware import client_ip
from danvan.core.rate_limits import address_key, allow, exceeded
from danvan.petitions import publication
from danvan.petitions import selectors as petition_selectors
from danvan.petitions import services as petition_services
from danvan.petitions.enums import Field, Kind, State
from danvan.petitions.errors import ErrorCode, PetitionError
from danvan.petitions.forms import commune_label, find_commune
from danvan.petitions.paging import COUNT_CAP, CappedPaginator
from danvan.petitions.workflow import TransitionError
from danvan.portal import citizen_login
from danvan.portal import services as portal_services
from danvan.portal.forms import (
    CodeForm,
    LoginForm,
    PublicSearchForm,
    RatingForm,
    SubmitForm,
    TrackingForm,
)
from danvan.units.models import AdministrativeUnit, UnitLevel
from danvan.units.selectors import unit_search

PAGE_SIZE = 20


def _address(request: HttpRequest) -> str:
    return address_key(client_ip(request))


def home(request: HttpRequest) -> HttpResponse:
    province = portal_services.portal_province()
    return render(
        request,
        "portal/home.html",
        {"province": province, "tracking_form": TrackingForm(), "fields": Field.choices},
    )


# --- submit -------------------------------------------------------------------------------------


def _intake(form: SubmitForm) -> petition_services.IntakeInput:
    d = form.cleaned_data
    person = petition_services.PetitionerInput(
        full_name=d["full_name"],
        id_number=d.get("id_number", ""),
        phone=d.get("phone", ""),
        email=d.get("email", ""),
        address=d["address"],
        is_representative=False,
    )
    return petition_services.IntakeInput(
        kind=d["kind"],
        channel="portal",
        field=d["field"],
        subject=d["subject"],
        content=d["content"],
        request=d.get("request", ""),
        commune=d["commune"],
        address_as_written=d.get("address_as_written", ""),
        received_on=timezone.localdate(),
        petitioners=[person],
        has_signature=False,  # an electronic form: no signature, the confirmation box instead
        contested_decision=d.get("contested_decision", "") if d["kind"] == Kind.KHIEU_NAI else "",
        contested_decision_known_on=(
            d.get("contested_decision_known_on") if d["kind"] == Kind.KHIEU_NAI else None
        ),
        accused=d.get("accused", "") if d["kind"] == Kind.TO_CAO else "",
        consent_to_publish=bool(d.get("consent_to_publish")),
        submission_key=f"portal:{d['submission_key']}",
        language=get_language() or "vi",
    )


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """Gửi phản ánh, kiến nghị, khiếu nại, tố cáo.  On any error the page comes back with
    everything the citizen typed (files must be chosen again: browsers forget them)."""
    initial: dict[str, Any] = {}
    if request.method == "GET":
        if request.GET.get("kind") in Kind.values:
            initial["kind"] = request.GET["kind"]
        if request.GET.get("field") in Field.values:
            initial["field"] = request.GET["field"]
    form = SubmitForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        account = request.user if request.user.is_authenticated else None
        # Only accepted petitions count: a citizen correcting a form is not a flood.
        rate = str(settings.PORTAL_RATE_SUBMIT)
        limited = exceeded("portal-submit-address", _address(request), rate) or (
            account is not None and exceeded("portal-submit-account", str(account.pk), rate)
        )
        if limited:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Bạn đã gửi nhiều đơn trong thời gian ngắn. Nội dung vẫn còn trên trang; "
                    "hãy gửi lại sau ít phút."
                ),
            )
        elif form.is_valid():
            try:
                petition = portal_services.portal_submit(
                    account=account,
                    data=_intake(form),
                    files=form.cleaned_data.get("attachments") or [],
                )
            except portal_services.NoReceiverError:
                form.add_error(
                    "commune_text",
                    _("Xã, phường này chưa nhận đơn trên cổng; hãy chọn xã, phường trong tỉnh."),
                )
            except PetitionError as exc:
                if exc.code == ErrorCode.SUBMISSION_REUSED:  # the same form, edited, sent again
                    data = cast(Any, form.data).copy()  # a QueryDict
                    data["submission_key"] = uuid.uuid4().hex
                    form.data = data
                    form.add_error(
                        None,
                        _(
                            "Biểu mẫu này đã được gửi trước đó (bạn đã nhận mã tra cứu). Nếu "
                            "muốn gửi thêm ý kiến với nội dung đã sửa, hãy bấm Gửi lần nữa."
                        ),
                    )
                else:
                    form.add_error(None, exc.message)
            else:
                allow("portal-submit-address", _address(request), rate)
                if account is not None:
                    allow("portal-submit-account", str(account.pk), rate)
                request.session.setdefault("portal_receipts", [])
                receipts = [petition.tracking_code, *request.session["portal_receipts"]][:20]
                request.session["portal_receipts"] = list(dict.fromkeys(receipts))
                return redirect("portal:receipt", code=petition.tracking_code)
        form.refresh_captcha()
    return render(
        request,
        "portal/submit.html",
        {"form": form, "max_files": settings.PORTAL_MAX_FILES, "kinds": Kind},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """Giấy biên nhận: only in the session that filed the petition (it names the sender's
    choices); anyone else with the code follows it on the tracking page."""
    if code not in request.session.get("portal_receipts", []):
        return redirect("tracking:petition-track-code", code=code)
    petition = petition_selectors.petition_get_by_tracking_code(code)
    if petition is None:
        raise Http404
    return render(request, "portal/receipt.html", {"petition": petition})


@require_GET
def commune_suggestions(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements for the commune box, with or without diacritics; public."""
    if not allow("portal-suggest", _address(request), "120/min"):
        return HttpResponse("", status=429)
    province = portal_services.portal_province()
    units = unit_search(request.GET.get("q", "")[:100], province=province, limit=10)
    response = render(
        request, "portal/_commune_options.html", {"options": [commune_label(u) for u in units]}
    )
    response["Cache-Control"] = "public, max-age=600"
    return response


# --- tracking and rating (no account: the code is the key) ------------------------------------


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackingForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        if not allow("portal-track", _address(request), "60/min"):
            form.add_error("code", _("Tra cứu quá nhiều lần; hãy thử lại sau ít phút."))
        else:
            petition = petition_selectors.petition_get_by_tracking_code(form.cleaned_data["code"])
            if petition is not None:
                return redirect("tracking:petition-track-code", code=petition.tracking_code)
            form.add_error(
                "code",
                _("Không tìm thấy hồ sơ với mã này. Hãy kiểm tra lại mã trên giấy biên nhận."),
            )
    return render(request, "portal/track_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def track_code(request: HttpRequest, code: str) -> HttpResponse:
    petition = petition_selectors.petition_get_by_tracking_code(code)
    if petition is None:
        raise Http404
    rating_form = RatingForm(request.POST or None)
    if request.method == "POST" and rating_form.is_valid():
        try:
            petition_services.petition_rate(
                actor=None,
                petition=petition,
                satisfied=rating_form.cleaned_data["satisfied"],
                comment=rating_form.cleaned_data["comment"],
            )
        except (PetitionError, TransitionError) as exc:
            rating_form.add_error(None, exc.message)
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá."))
            return redirect("tracking:petition-track-code", code=petition.tracking_code)
    answers = petition.documents.filter(document_type__in=["answer", "decision", "conclusion"])
    # The dates of the case: each change of state, with no officer's name or note.
    steps = [
        (event.at, State(event.to_state).label)
        for event in petition.events.exclude(to_state="").order_by("at", "id")
        if event.to_state in State.values and event.to_state != event.from_state
    ]
    # After a transfer inside danvan, the case goes on under a new code at the other body.
    continued = (
        petition.backlinks.filter(kind="same_matter")
        .select_related("from_petition__organization")
        .first()
    )
    return render(
        request,
        "portal/track_detail.html",
        {
            "petition": petition,
            "answers": answers,
            "rating_form": rating_form,
            "can_rate": petition.state == State.ANSWERED,
            "rating": petition.ratings.order_by("-rated_at").first(),
            "steps": steps,
            "continued": continued.from_petition if continued else None,
            "overdue": petition.is_open
            and petition.due_on is not None
            and petition.due_on < timezone.localdate(),
        },
    )


# --- public answers and statistics -------------------------------------------------------------


def _commune_from(text: str) -> AdministrativeUnit | None:
    return find_commune(text) if text.strip() else None


@require_GET
def answers(request: HttpRequest) -> HttpResponse:
    form = PublicSearchForm(request.GET or None)
    province = portal_services.portal_province()
    commune = None
    field = words = ""
    if form.is_valid():
        field = form.cleaned_data["field"]
        words = form.cleaned_data["q"]
        commune = _commune_from(form.cleaned_data["commune"])
        if form.cleaned_data["commune"].strip() and commune is None:
            form.add_error("commune", _("Không tìm thấy xã, phường này."))
    qs = publication.public_answer_list(
        field=field, commune=commune, words=words, province=province
    )
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    excerpts = publication.answer_excerpts(rows)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/answers.html",
        {
            "form": form,
            "page": page,
            "rows": [(p, excerpts.get(p.pk, "")) for p in rows],
            "query": query.urlencode(),
            "filtered": bool(field or words or commune),
            "cap": f"{COUNT_CAP:,}".replace(",", "."),
        },
    )


@require_GET
def answer_detail(request: HttpRequest, code: str) -> HttpResponse:
    answer = publication.public_answer_get(code)
    if answer is None:
        raise Http404
    return render(request, "portal/answer_detail.html", {"answer": answer})


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    province = portal_services.portal_province()
    communes: list[tuple[AdministrativeUnit, int]] = []
    totals = None
    if province is not None:
        table = portal_services.statistics_for(province)
        counts = table.received_by_commune()
        communes = [
            (u, counts.get(u.pk, 0))
            for u in AdministrativeUnit.objects.active()
            .within(province)
            .filter(level=UnitLevel.COMMUNE)
            .order_by("name")
        ]
        totals = table.stats()
    return render(
        request,
        "portal/statistics.html",
        {
            "province": province,
            "communes": communes,
            "totals": totals,
            "fields": Field.choices,
            "window": publication.WINDOW_DAYS,
            "min_sample": publication.MIN_SAMPLE,
        },
    )


@require_GET
def commune_page(request: HttpRequest, code: str) -> HttpResponse:
    commune = AdministrativeUnit.objects.filter(code=code, level=UnitLevel.COMMUNE).first()
    if commune is None:
        raise Http404
    table = portal_services.statistics_for_commune(commune)
    stats = table.stats(commune_id=commune.pk)
    by_field = [
        (value, label, table.stats(commune_id=commune.pk, field=value))
        for value, label in Field.choices
    ]
    recent = list(publication.public_answer_list(commune=commune)[:5])
    return render(
        request,
        "portal/commune.html",
        {
            "commune": commune,
            "stats": stats,
            "by_field": [row for row in by_field if row[2].received],
            "recent": recent,
            "window": publication.WINDOW_DAYS,
            "min_sample": publication.MIN_SAMPLE,
        },
    )


@require_GET
def field_page(request: HttpRequest, field: str) -> HttpResponse:
    if field not in Field.values:
        raise Http404
    province = portal_services.portal_province()
    stats = (
        portal_services.statistics_for(province).stats(field=field)
        if province is not None
        else publication.public_statistics(field=field)
    )
    recent = list(publication.public_answer_list(field=field, province=province)[:5])
    return render(
        request,
        "portal/field.html",
        {
            "field": field,
            "label": Field(field).label,
            "stats": stats,
            "recent": recent,
            "province": province,
            "window": publication.WINDOW_DAYS,
            "min_sample": publication.MIN_SAMPLE,
        },
    )


# --- the optional citizen account --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def account_login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not request.user.is_officer:
        return redirect("portal:my-petitions")
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                destination = citizen_login.parse_destination(form.cleaned_data["destination"])
                citizen_login.code_send(destination=destination, client_address=_address(request))
            except citizen_login.LoginError as exc:
                form.add_error("destination", exc.message)
            else:
                request.session["portal_login"] = {
                    "channel": destination.channel,
                    "address": destination.address,
                }
                return redirect("portal:login-code")
        form.refresh_captcha()
    return render(
        request,
        "portal/login.html",
        {"form": form, "sms": citizen_login.sms_available()},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def account_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get("portal_login")
    if not pending:
        return redirect("portal:login")
    destination = citizen_login.Destination(pending["channel"], pending["address"])
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = citizen_login.code_verify(
                destination=destination,
                code=form.cleaned_data["code"],
                client_address=_address(request),
            )
        except citizen_login.LoginError as exc:
            form.add_error("code", exc.message)
        else:
            receipts = request.session.get("portal_receipts", [])
            login(request, user, backend="danvan.organizations.backends.ScopedPermissionBackend")
            request.session["portal_receipts"] = receipts
            return redirect("portal:my-petitions")
    return render(
        request,
        "portal/login_code.html",
        {"form": form, "masked": destination.masked},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def account_logout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:home")


@require_GET
def my_petitions(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated or user.is_officer:
        return redirect("portal:login")
    today: dt.date = timezone.localdate()
    return render(
        request,
        "portal/my_petitions.html",
        {"petitions": portal_services.submissions_of(user), "today": today},
    )


def _same_origin(request: HttpRequest) -> bool:
    """The form was posted from this site (not a page elsewhere posting to it)."""
    from urllib.parse import urlsplit

    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.get_host()


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired or missing security token (the page stayed open a long
    time, cookies were cleared).  On the submit page the citizen's text comes back with a
    fresh token and a word on what happened; elsewhere Django's own answer."""
    from django.urls import resolve
    from django.views.csrf import csrf_failure as django_csrf_failure

    try:
        name = resolve(request.path_info).view_name
    except Http404:
        name = ""
    if name != "portal:submit" or request.method != "POST" or not _same_origin(request):
        return django_csrf_failure(request, reason)
    form = SubmitForm(request.POST.copy())
    form.is_valid()  # shows what else needs fixing, and whether the question was solved
    form.refresh_captcha()
    form.add_error(
        None,
        _(
            "Trang đã mở quá lâu nên phiên gửi đã hết hạn. Nội dung bạn viết vẫn còn: hãy "
            "kiểm tra lại, chọn lại tệp đính kèm (nếu có) rồi bấm Gửi."
        ),
    )
    return render(
        request,
        "portal/submit.html",
        {"form": form, "max_files": settings.PORTAL_MAX_FILES, "kinds": Kind},
        status=403,
    )

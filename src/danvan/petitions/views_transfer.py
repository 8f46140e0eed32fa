"""Officers' pages that move petitions in and out in bulk: import from a spreadsheet, its
template, and the export of a list (CSV or XLSX).

The work is done by ``imports`` and ``exports``; these views check the permission, parse the
request and send the answer.  A user without ``petitions.import_petition`` (or
``petitions.export_petition``) anywhere gets 403, and so does a user who posts an organization
outside their reach; an export holds only rows of the user's own list.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from danvan.organizations import access
from danvan.organizations.models import Organization
from danvan.petitions import exports, imports
from danvan.petitions.errors import PetitionError
from danvan.petitions.views import filters_from


def _list_url(query: str = "") -> str:
    try:
        url = reverse("petitions:petition-list")
    except NoReverseMatch:  # pragma: no cover - the list is always wired in the project
        url = reverse("home")
    return f"{url}?{query}" if query else url


def import_organizations(user: Any) -> QuerySet[Organization]:
    """Active organizations the user may import petitions into."""
    return access.scope_queryset(
        user,
        imports.IMPORT_PERMISSION,
        Organization.objects.active().select_related("unit").order_by("path"),
    )


class ImportForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan tiếp nhận"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    file = forms.FileField(
        label=gettext_lazy("Tệp bảng tính (.xlsx hoặc .csv UTF-8)"),
        help_text=gettext_lazy(
            "Dùng tệp mẫu; tối đa %(rows)s dòng, %(size)s MB. Nếu có dòng sai, không đơn nào "
            "được nhập và trang sau liệt kê từng lỗi."
        )
        % {
            "rows": imports.number_vi(imports.MAX_WEB_ROWS),
            "size": imports.MAX_FILE_BYTES // 1024 // 1024,
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Chỉ kiểm tra tệp, chưa nhập"), required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        problem = imports.check_file(upload.name or "", upload.size or 0)
        if problem:
            raise forms.ValidationError(problem)
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def petition_import(request: HttpRequest) -> HttpResponse:
    """Nhập đơn từ bảng tính: the form, then the list or the per-row report."""
    if not access.has_perm(request.user, imports.IMPORT_PERMISSION):
        raise PermissionDenied
    organizations = import_organizations(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST":
        if form.errors.get("organization") and request.POST.get("organization"):
            raise PermissionDenied  # an organization outside the user's reach
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            rows = imports.count_rows(upload.name, data)
            if rows is not None and imports.MAX_WEB_ROWS < rows <= imports.MAX_ROWS:
                # Too long to import while the officer waits: the worker imports it.
                try:
                    job = imports.import_request(
                        actor=request.user,  # type: ignore[arg-type]  # login_required: a User
                        organization=form.cleaned_data["organization"],
                        file_name=upload.name,
                        data=data,
                        dry_run=form.cleaned_data["dry_run"],
                    )
                except PetitionError as exc:
                    raise PermissionDenied(exc.message) from exc
                messages.success(
                    request,
                    _(
                        "Tệp có %(n)s dòng: đang nhập chạy nền; kết quả sẽ có ở trang này và "
                        "trong thông báo."
                    )
                    % {"n": imports.number_vi(rows)},
                )
                return redirect("petitions:import-job", job_id=job.pk)
            try:
                result = imports.petition_import(
                    actor=request.user,  # type: ignore[arg-type]  # login_required: a User
                    organization=form.cleaned_data["organization"],
                    file_name=upload.name,
                    data=data,
                    dry_run=form.cleaned_data["dry_run"],
                    max_rows=imports.MAX_WEB_ROWS,
                )
            except PetitionError as exc:
                raise PermissionDenied(exc.message) from exc
            if result.ok and not result.dry_run:
                messages.success(request, result.summary())
                return redirect(_list_url("channel=import&sort=-received"))
            return render(
                request,
                "petitions/import_report.html",
                {
                    "result": result,
                    "organization": form.cleaned_data["organization"],
                    "errors": result.errors[:REPORT_LIMIT],
                    "hidden_errors": max(len(result.errors) - REPORT_LIMIT, 0),
                    "form": ImportForm(
                        organizations=organizations,
                        initial={"organization": form.cleaned_data["organization"]},
                    ),
                },
            )
    return render(
        request,
        "petitions/import_form.html",
        {
            "form": form,
            "columns": imports.COLUMNS,
            "max_rows": imports.number_vi(imports.MAX_ROWS),
            "web_rows": imports.number_vi(imports.MAX_WEB_ROWS),
        },
    )


REPORT_LIMIT = 1_000


@login_required
@require_GET
def petition_import_template(request: HttpRequest) -> HttpResponse:
    """The XLSX template (header row, an example row, the column guide and the lists)."""
    if not access.has_perm(request.user, imports.IMPORT_PERMISSION):
        raise PermissionDenied
    response = HttpResponse(imports.template_xlsx(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{imports.TEMPLATE_FILE_NAME}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def petition_export(request: HttpRequest) -> HttpResponseBase:
    """The list with the list's query parameters, as ``format=csv`` or ``format=xlsx``.

    A list too long to stream is exported in the background, and only on a POST (with its
    CSRF token) from the confirmation this view shows on GET: a link or an image on another
    page cannot queue work in an officer's name."""
    if not exports.may_export(request.user):
        raise PermissionDenied
    file_format = request.GET.get("format", "xlsx")
    if file_format not in exports.FORMATS:
        return HttpResponseBadRequest(_("Định dạng xuất phải là csv hoặc xlsx."))
    filters = filters_from(request)
    try:
        export = exports.petition_export(
            actor=request.user,  # type: ignore[arg-type]  # login_required: a User
            filters=filters,
            file_format=file_format,
        )
    except exports.ExportTooLargeError as exc:
        query = request.GET.copy()
        query.pop("format", None)
        if request.method != "POST":
            return render(
                request,
                "petitions/export_confirm.html",
                {
                    "count": f"{exc.count:,}".replace(",", "."),
                    "file_format": file_format,
                    "query": request.GET.urlencode(),
                    "list_url": _list_url(query.urlencode()),
                },
            )
        # Too long to stream while the officer waits: the worker writes it.
        try:
            exports.export_request(
                actor=request.user,  # type: ignore[arg-type]  # login_required: a User
                filters=filters,
                file_format=file_format,
                count=exc.count,
            )
        except exports.ExportRefusedError as refused:
            messages.error(request, refused.message)
            return redirect(_list_url(query.urlencode()))
        messages.success(
            request,
            _(
                "Danh sách có %(count)s đơn: tệp đang được chuẩn bị, sẽ có ở trang này và trong "
                "thông báo khi xong."
            )
            % {"count": f"{exc.count:,}".replace(",", ".")},
        )
        return redirect("petitions:export-list")
    response: HttpResponseBase
    if export.chunks is not None:
        response = StreamingHttpResponse(export.chunks, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    else:
        response = FileResponse(
            export.file,
            as_attachment=True,
            filename=export.file_name,
            content_type=export.content_type,
        )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """Tệp xuất của tôi: the user's background exports, newest first."""
    from django.core.paginator import Paginator

    from danvan.petitions.models import ExportJob

    if not exports.may_export(request.user):
        raise PermissionDenied
    jobs = ExportJob.objects.filter(requested_by_id=request.user.pk)
    page = Paginator(jobs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "petitions/export_list.html",
        {"page": page, "keep_days": exports.EXPORT_KEEP_DAYS},
    )


@login_required
@require_GET
def export_file(request: HttpRequest, job_id: int) -> HttpResponseBase:
    """Download one's own finished export (404 for anyone else's)."""
    job = exports.export_download(actor=request.user, job_id=job_id)  # type: ignore[arg-type]
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=exports.CONTENT_TYPES[job.file_format],
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A background import's progress and report, for its requester only."""
    from django.http import Http404

    from danvan.petitions.models import ImportJob

    job = (
        ImportJob.objects.select_related("organization")
        .filter(pk=job_id, requested_by_id=request.user.pk)
        .first()
    )
    if job is None:
        raise Http404
    return render(request, "petitions/import_job.html", {"job": job, "result": job.result})

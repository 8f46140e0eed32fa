"""The "Thông báo của tôi" page: a user's own notifications, and their e-mail choice.

Showing a page marks the notifications on it read (they are shown as new this once).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danvan.core import notifications

PAGE_SIZE = 25


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications.notification_list_for(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = list(page.object_list)  # rendered with the read state they had before this visit
    notifications.notifications_mark_read(
        actor=request.user, ids=[n.pk for n in items if n.read_at is None]
    )
    return render(
        request,
        "core/notification_list.html",
        {
            "page": page,
            "items": items,
            "email_enabled": notifications.notification_preference_get(actor=request.user),
        },
    )


@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications.notifications_mark_read(actor=request.user)
    if count:
        messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("core:notification-list")


@login_required
@require_POST
def notification_preferences(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("email_enabled") == "on"
    notifications.notification_preference_set(actor=request.user, email_enabled=enabled)
    messages.success(
        request,
        _("Đã bật nhận bản sao thông báo qua thư điện tử.")
        if enabled
        else _("Đã tắt nhận bản sao thông báo qua thư điện tử."),
    )
    return redirect("core:notification-list")

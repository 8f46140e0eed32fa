"""REST API v1 (``/api/v1/``): petitions read through the same scoping and redaction as the
pages (``petitions.selectors``); writes and partner keys come with the portal and open API."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.api.errors import InsufficientScope
from danvan.api.filters import PetitionFilterSerializer
from danvan.api.models import ApiClient
from danvan.api.serializers import PetitionDetailSerializer, PetitionListSerializer
from danvan.organizations import access
from danvan.petitions import selectors
from danvan.petitions.paging import COUNT_CAP, CappedPaginator


class IsOfficerWith(permissions.BasePermission):
    """An active officer (never a citizen account) holding ``perm`` somewhere; each row is then
    narrowed to the officer's scope by the selector.  A partner system's key must also carry
    the view's ``required_scope`` (an officer's session carries every scope)."""

    perm = "petitions.view_petition"
    message = _("Tài khoản không có quyền xem đơn thư.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if getattr(user, "kind", "officer") != "officer" and not user.is_superuser:
            return False
        scope = getattr(view, "required_scope", None)
        if isinstance(request.auth, ApiClient) and scope and not request.auth.has_scope(scope):
            raise InsufficientScope(scope)
        return access.has_perm(user, self.perm)


class CappedPagination(PageNumberPagination):
    """Page numbers with a bounded count: counting a province's million petitions exactly for
    every page would cost more than the page itself."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100  # for a holder of the export permission; 25 for everyone else

    def get_page_size(self, request: Request) -> int | None:
        size = super().get_page_size(request)
        if size and not access.has_perm(request.user, "petitions.export_petition"):
            return min(size, self.page_size)
        return size

    def django_paginator_class(self, object_list: Any, per_page: int, **kwargs: Any) -> Any:
        return CappedPaginator(object_list, per_page, **kwargs)

    def get_paginated_response(self, data: Any) -> Response:
        paginator = self.page.paginator
        capped = paginator.count > COUNT_CAP
        return Response(
            {
                "count": min(paginator.count, COUNT_CAP),
                "count_is_lower_bound": capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        base = super().get_paginated_response_schema(schema)
        base["properties"]["count_is_lower_bound"] = {
            "type": "boolean",
            "description": "true khi có hơn 2.000 đơn: count là 2.000",
        }
        return base


FILTER_PARAMETERS = [
    OpenApiParameter(
        "flag",
        str,
        many=True,
        description="dong_nguoi, vuot_cap, keo_dai, trung_lap, tai_dien, khan",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đơn thư trong phạm vi của cán bộ",
        parameters=[PetitionFilterSerializer, *FILTER_PARAMETERS],
    ),
    retrieve=extend_schema(summary="Một đơn thư (danh tính người tố cáo không bao giờ có ở đây)"),
)
class PetitionViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsOfficerWith]
    required_scope = "petitions:read"
    pagination_class = CappedPagination
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> Any:
        if self.action == "retrieve":
            return selectors.petition_list_for(actor=self.request.user)
        filters = PetitionFilterSerializer.from_query(self.request.query_params)
        return selectors.petition_list_for(actor=self.request.user, filters=filters)

    def get_object(self) -> Any:
        petition = selectors.petition_get_for(actor=self.request.user, pk=int(self.kwargs["pk"]))
        self.check_object_permissions(self.request, petition)
        return petition

    def get_serializer_class(self) -> Any:
        return PetitionDetailSerializer if self.action == "retrieve" else PetitionListSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "today": timezone.localdate(),
            "one_case": self.action == "retrieve",
        }

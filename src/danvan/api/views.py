"""REST API v1 (``/api/v1/``): petitions read through the same scoping and redaction as the
pages (``petitions.selectors``); writes and partner keys come with the portal and open API."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, views, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.api.errors import InsufficientScope
from danvan.api.filters import PetitionFilterSerializer
from danvan.api.models import ApiClient
from danvan.api.serializers import (
    ActionInputSerializer,
    ActionSerializer,
    FieldSerializer,
    OrganizationSerializer,
    PetitionCreateSerializer,
    PetitionDetailSerializer,
    PetitionListSerializer,
    UnitSerializer,
)
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


class CanCreatePetitions(IsOfficerWith):
    perm = "petitions.add_petition"
    message = _("Tài khoản không có quyền tiếp nhận đơn.")


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đơn thư trong phạm vi của cán bộ",
        parameters=[PetitionFilterSerializer, *FILTER_PARAMETERS],
    ),
    retrieve=extend_schema(summary="Một đơn thư (danh tính người tố cáo không bao giờ có ở đây)"),
)
class PetitionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsOfficerWith]
    required_scope = "petitions:read"

    def get_permissions(self) -> list[Any]:
        if self.action == "create":
            return [CanCreatePetitions()]
        return super().get_permissions()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "action", None) in ("create", "act"):
            self.required_scope = "petitions:write"
        super().initial(request, *args, **kwargs)

    @extend_schema(
        summary="Tiếp nhận một đơn thư từ hệ thống đối tác",
        request=PetitionCreateSerializer,
        responses={201: PetitionDetailSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                required=False,
                description="Gửi lại cùng khóa (tối đa 64 ký tự) trả về đơn đã tạo, không tạo "
                "đơn thứ hai",
            )
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from danvan.petitions import services

        checked = PetitionCreateSerializer(data=request.data)
        checked.is_valid(raise_exception=True)
        v = checked.validated_data
        organization = _intake_organization(request.user, v.get("organization"))
        key = request.headers.get("Idempotency-Key", "")[:64]
        data = services.IntakeInput(
            kind=v["kind"],
            channel="api",
            field=v["field"],
            subject=v["subject"],
            content=v["content"],
            request=v.get("request", ""),
            commune=v["commune"],
            address_as_written=v.get("address_as_written", ""),
            received_on=v.get("received_on") or timezone.localdate(),
            petitioners=[services.PetitionerInput(**p) for p in v.get("petitioners", [])],
            petitioner_count=v.get("petitioner_count"),
            is_anonymous=v["is_anonymous"],
            has_signature=v["has_signature"],
            contested_decision=v.get("contested_decision", ""),
            contested_decision_known_on=v.get("contested_decision_known_on"),
            accused=v.get("accused", ""),
            consent_to_publish=v["consent_to_publish"],
            submission_key=f"api:{key}" if key else None,
        )
        intake = services.petition_intake(actor=request.user, organization=organization, data=data)
        petition = intake.petition
        if intake.created and access.has_perm(request.user, "petitions.view_petition", petition):
            # A new case's relations are what the intake made: shown without reading them back
            # (the same body as GET /petitions/{id}/, tests/api compare them).
            petition._prefetched_objects_cache = {  # type: ignore[attr-defined]
                "petitioners": intake.petitioners,
                "events": [intake.event],
                "documents": [],
                "links": [],
                "ratings": [],
            }
        else:  # a replay, or an account that may file but not read: read it as GET would
            petition = _case(selectors.petition_get_for(actor=request.user, pk=petition.pk))
        body = PetitionDetailSerializer(
            petition, context={**self.get_serializer_context(), "one_case": True}
        ).data
        return Response(body, status=201)

    @extend_schema(
        summary="Các thao tác tài khoản được thực hiện với đơn này",
        responses=ActionSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="actions")
    def actions(self, request: Request, pk: str) -> Response:
        from danvan.petitions.views import _actions

        petition = self.get_object()
        return Response(
            [
                {"code": a["code"], "label": str(a["label"]), "needs_reason": a["needs_reason"]}
                for a in _actions(petition, request.user)
            ]
        )

    @extend_schema(
        summary="Thực hiện một thao tác của quy trình (thụ lý, giao, gia hạn, trả lời…)",
        request=ActionInputSerializer,
        responses={200: PetitionDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<code>[a-z_]+)")
    def act(self, request: Request, pk: str, code: str) -> Response:
        """The same actions, rules and checks as the case page (``petitions.views.ACTIONS``);
        a refused step answers with its code: 409 when the state does not allow it or the
        case changed meanwhile (send ``expected_version``), 403 without the permission."""
        from danvan.petitions.forms import ActionForm
        from danvan.petitions.views import ACTIONS

        petition = self.get_object()
        if code not in ACTIONS:
            raise NotFound(_("Không có thao tác “%(code)s”.") % {"code": code})
        form = ActionForm(data=request.data)
        if not form.is_valid():
            raise serializers.ValidationError(
                {f: [str(m) for m in e] for f, e in form.errors.items()}
            )
        ACTIONS[code](request.user, petition, form.cleaned_data)
        petition = _case(selectors.petition_get_for(actor=request.user, pk=petition.pk))
        return Response(
            PetitionDetailSerializer(
                petition, context={**self.get_serializer_context(), "one_case": True}
            ).data
        )

    pagination_class = CappedPagination
    lookup_value_regex = "[0-9]+"

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(_case(self.get_object())).data)

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


class UnitFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=100,
        help_text=_("Tên xã, phường (gõ có dấu hay không dấu), có thể kèm “, tên tỉnh”"),
    )
    province = serializers.RegexField(r"^[0-9]{2}$", required=False)


@extend_schema_view(
    list=extend_schema(
        summary="Tìm xã, phường theo tên (có dấu hoặc không dấu)",
        parameters=[UnitFilterSerializer],
    ),
    retrieve=extend_schema(summary="Một đơn vị hành chính theo mã (QĐ 19/2025)"),
)
class UnitViewSet(viewsets.GenericViewSet):
    """Đơn vị hành chính: public reference data, still for authenticated callers only."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = UnitSerializer
    lookup_field = "code"
    lookup_value_regex = "[0-9]{2,8}"
    pagination_class = None

    def get_queryset(self) -> Any:
        from danvan.units.models import AdministrativeUnit

        return AdministrativeUnit.objects.filter(is_active=True).select_related("parent")

    def list(self, request: Request) -> Response:
        from danvan.units.selectors import unit_search

        checked = UnitFilterSerializer(data=request.query_params)
        checked.is_valid(raise_exception=True)
        found = unit_search(
            checked.validated_data["q"], province=checked.validated_data.get("province"), limit=20
        )
        return Response(UnitSerializer(found, many=True).data)

    def retrieve(self, request: Request, code: str) -> Response:
        unit = self.get_queryset().filter(code=code).first()
        if unit is None:
            raise NotFound
        return Response(UnitSerializer(unit).data)


@extend_schema_view(
    list=extend_schema(summary="Các tổ chức trong phạm vi của tài khoản"),
    retrieve=extend_schema(summary="Một tổ chức"),
)
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsOfficerWith]
    required_scope = "petitions:read"
    serializer_class = OrganizationSerializer
    pagination_class = CappedPagination
    lookup_value_regex = "[0-9]+"

    def get_permissions(self) -> list[Any]:
        permission = IsOfficerWith()
        permission.perm = "organizations.view_organization"
        return [permission]

    def get_queryset(self) -> Any:
        from danvan.organizations.selectors import organization_list_for

        return organization_list_for(
            actor=self.request.user, search=self.request.query_params.get("q", "")[:100]
        )

    def get_object(self) -> Any:
        from danvan.organizations.selectors import organization_get_for

        return organization_get_for(actor=self.request.user, pk=int(self.kwargs["pk"]))


@extend_schema(summary="Mười lăm lĩnh vực của đơn thư", responses=FieldSerializer(many=True))
class FieldListView(views.APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request: Request) -> Response:
        from danvan.petitions.enums import Field

        return Response([{"code": c, "name": str(label)} for c, label in Field.choices])


def _case(petition: Any) -> Any:
    """The rows the case's serializer reads, one query for each relation: the timeline with
    its actors (not one more query per event), the documents with their issuers."""
    from django.db.models import Prefetch, prefetch_related_objects

    from danvan.petitions.models import PetitionEvent

    prefetch_related_objects(
        [petition],
        "petitioners",
        "documents__issuer",
        Prefetch("events", queryset=PetitionEvent.objects.select_related("actor")),
        "links__to_petition",
        "ratings",
    )
    return petition


def _intake_organization(user: Any, organization_id: int | None) -> Any:
    """The organization receiving the petition: the one named, if the account registers
    petitions there, or the account's only such organization.  Read from the account's active
    memberships as the permission check loaded them (``access.grants_of``, once a request),
    organization rows included."""
    organizations = {
        grant.organization_id: grant.organization
        for grant in access.grants_of(user)
        if "petitions.add_petition" in grant.permissions
    }
    if organization_id is None:
        if len(organizations) != 1:
            raise serializers.ValidationError(
                {"organization": [_("Tài khoản thuộc nhiều cơ quan: hãy ghi rõ cơ quan nhận đơn.")]}
            )
        organization_id = next(iter(organizations))
    if organization_id not in organizations:
        raise serializers.ValidationError(
            {"organization": [_("Tài khoản không tiếp nhận đơn cho cơ quan này.")]}
        )
    return organizations[organization_id]

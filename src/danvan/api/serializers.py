"""What the API says about a petition: the case, never a denouncer's identity.

A denunciation (``identity_confidential``) keeps its denouncers' names, addresses, ID numbers
and contacts encrypted apart (``ConfidentialIdentity``); the API has no field that could carry
them, whoever calls it (Luật Tố cáo Art. 47, 56): an officer with the explicit permission reads
them on the case page, where each read is audited.  ``petitioners`` is therefore empty for a
denunciation and ``identity`` says ``"withheld"``.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danvan.core.deadlines import status as deadline_status
from danvan.petitions.enums import Field, Kind, State
from danvan.petitions.models import (
    Petition,
    PetitionDocument,
    Petitioner,
    PetitionEvent,
    PetitionLink,
    Rating,
)
from danvan.petitions.selectors import FLAG_FILTERS

FLAG_CODES = {field: code for code, field in FLAG_FILTERS.items()}


def clock_of(petition: Petition, today: dt.date | None = None) -> str:
    if petition.due_on is None or petition.state == State.SUSPENDED:
        return ""
    return deadline_status(petition.due_on, on=today or timezone.localdate()).value


_BUILT_FIELDS: dict[type, dict[str, Any]] = {}


def _fresh(field: Any) -> Any:
    """An unbound field like ``field``, for one serializer instance.

    DRF deep-copies every declared field for every serializer it makes (each ``choices``
    list of tuples, at every request).  A plain field keeps nothing of a request: binding
    sets its name and parent on the copy, and its arguments, messages and validators are
    never changed after it is made, so a shallow copy of its attributes is the same field.
    A field holding another is deep-copied as DRF does (a list's child is bound to its list),
    a nested serializer made again from its arguments (its fields are its own).  Code must
    therefore never change a field's validators, messages or choices after it is made."""
    state = field.__dict__
    if (
        isinstance(field, serializers.ListSerializer)
        or "child" in state
        or "child_relation" in state
    ):
        return copy.deepcopy(field)  # its child is bound to it: a copy of both, as DRF does
    if isinstance(field, serializers.BaseSerializer):
        return field.__class__(*field._args, **field._kwargs)
    new = object.__new__(field.__class__)
    new.__dict__.update(state)
    return new


def _fresh_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: _fresh(field) for name, field in fields.items()}


# DRF builds a model serializer's fields from the model on every instantiation (about a third
# of the time spent serializing a case): build them once per class, then hand out fresh
# fields made with the same arguments.  (No docstring: the schema would show it for every
# serializer below.)
class ModelSerializer(serializers.ModelSerializer):
    def get_fields(self) -> dict[str, Any]:
        built = _BUILT_FIELDS.get(type(self))
        if built is None:
            built = _BUILT_FIELDS[type(self)] = super().get_fields()
        return _fresh_fields(built)


class Serializer(serializers.Serializer):
    def get_fields(self) -> dict[str, Any]:
        return _fresh_fields(self._declared_fields)


class LabelField(serializers.CharField):
    """A choice's label, ``source="get_<field>_display"``, read from a table of the field's
    choices made once.  DRF inspects the signature of a callable source at every row and
    Django's ``get_FOO_display`` rebuilds a dictionary of the choices at every call: a
    25-row list asked that a hundred times.  The label is translated when written, as
    Django's is."""

    _tables: dict[Any, dict[Any, Any]] = {}

    def get_attribute(self, instance: Any) -> Any:
        field = instance._meta.get_field(self.source[len("get_") : -len("_display")])
        table = self._tables.get(field)
        if table is None:
            table = self._tables[field] = dict(field.flatchoices)
        value = getattr(instance, field.attname)
        return table.get(value, value)


class UnitRefSerializer(Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OrganizationRefSerializer(Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class PetitionListSerializer(ModelSerializer):
    kind_label = LabelField(source="get_kind_display")
    state_label = LabelField(source="get_state_display")
    field_label = LabelField(source="get_field_display")
    channel_label = LabelField(source="get_channel_display")
    commune = UnitRefSerializer()
    organization = OrganizationRefSerializer()
    assigned_to = serializers.SerializerMethodField()
    clock = serializers.SerializerMethodField(
        help_text="on_time, due_soon, overdue; trống khi không có hạn đang chạy"
    )
    flags = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField(
        help_text="Trích yếu; trong danh sách, đơn tố cáo không hiện trích yếu (có thể lộ người "
        "tố cáo), như khi xuất tệp: xem từng đơn để đọc"
    )

    class Meta:
        model = Petition
        fields = [
            "id",
            "tracking_code",
            "kind",
            "kind_label",
            "channel",
            "channel_label",
            "language",
            "field",
            "field_label",
            "subject",
            "state",
            "state_label",
            "commune",
            "organization",
            "assigned_to",
            "received_on",
            "due_on",
            "clock",
            "flags",
            "identity_confidential",
            "is_anonymous",
            "petitioner_count",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assigned_to(self, obj: Petition) -> str | None:
        user = obj.assigned_to
        return (user.get_full_name() or user.get_username()) if user else None

    def get_subject(self, obj: Petition) -> str:
        if obj.identity_confidential and not self.context.get("one_case"):
            return ""  # a list is a bulk read: the subject of a denunciation stays out of it
        return obj.subject

    def get_clock(self, obj: Petition) -> str:
        return clock_of(obj, self.context.get("today"))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_flags(self, obj: Petition) -> list[str]:
        return [code for field, code in FLAG_CODES.items() if getattr(obj, field)]


class PetitionerSerializer(ModelSerializer):
    class Meta:
        model = Petitioner
        fields = [
            "position",
            "full_name",
            "id_number",
            "phone",
            "email",
            "address",
            "is_representative",
        ]
        read_only_fields = fields


class DocumentSerializer(ModelSerializer):
    document_type_label = LabelField(source="get_document_type_display")
    issuer = serializers.CharField(source="issuer.name", default="")

    class Meta:
        model = PetitionDocument
        fields = [
            "id",
            "document_type",
            "document_type_label",
            "number",
            "issued_on",
            "issuer",
            "signer",
            "title",
            "body",
        ]
        read_only_fields = fields


class EventSerializer(ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = PetitionEvent
        fields = ["at", "action", "from_state", "to_state", "reason", "actor"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, obj: PetitionEvent) -> str | None:
        user = obj.actor
        return (user.get_full_name() or user.get_username()) if user else None


class LinkSerializer(ModelSerializer):
    to_tracking_code = serializers.CharField(source="to_petition.tracking_code")

    class Meta:
        model = PetitionLink
        fields = ["kind", "to_petition", "to_tracking_code"]
        read_only_fields = fields


class RatingSerializer(ModelSerializer):
    class Meta:
        model = Rating
        fields = ["satisfied", "comment", "rated_at"]
        read_only_fields = fields


class PetitionDetailSerializer(PetitionListSerializer):
    hamlet = serializers.CharField(source="hamlet.name", default=None)
    petitioners = serializers.SerializerMethodField()
    identity = serializers.SerializerMethodField(
        help_text='"withheld" cho đơn tố cáo: danh tính người tố cáo không bao giờ có trong API'
    )
    documents = DocumentSerializer(many=True)
    timeline = EventSerializer(source="events", many=True)
    links = LinkSerializer(many=True)
    ratings = RatingSerializer(many=True)

    class Meta(PetitionListSerializer.Meta):
        fields = [
            *PetitionListSerializer.Meta.fields,
            "content",
            "request",
            "hamlet",
            "address_as_written",
            "has_signature",
            "complaint_round",
            "contested_decision",
            "contested_decision_known_on",
            "accused",
            "complexity",
            "extensions",
            "clock_step",
            "accepted_on",
            "decided_on",
            "answered_on",
            "closed_on",
            "consent_to_publish",
            "petitioners",
            "identity",
            "documents",
            "timeline",
            "links",
            "ratings",
        ]
        read_only_fields = fields

    @extend_schema_field(PetitionerSerializer(many=True))
    def get_petitioners(self, obj: Petition) -> list[dict[str, Any]]:
        if obj.identity_confidential:
            return []
        return PetitionerSerializer(obj.petitioners.all(), many=True).data

    @extend_schema_field(serializers.ChoiceField(choices=["withheld", "shown_below"]))
    def get_identity(self, obj: Petition) -> str:
        return "withheld" if obj.identity_confidential else "shown_below"


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    level = serializers.CharField()
    parent_code = serializers.CharField(source="parent.code", default=None)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class OrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = LabelField(source="get_kind_display")
    unit_code = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    parent_id = serializers.IntegerField(allow_null=True)
    email = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()


class FieldSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PetitionerInputSerializer(Serializer):
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    id_number = serializers.RegexField(r"^[0-9]{9,12}$", required=False, allow_blank=True)
    phone = serializers.RegexField(r"^\+?[0-9 .\-]{8,20}$", required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    is_representative = serializers.BooleanField(default=False)


class PetitionCreateSerializer(Serializer):
    """A petition received through a partner system (channel "api").  The denouncers of a
    denunciation are encrypted apart on arrival, as at the counter."""

    organization = serializers.IntegerField(
        required=False,
        help_text="Cơ quan nhận đơn (id); bỏ trống khi tài khoản chỉ thuộc một cơ quan",
    )
    kind = serializers.ChoiceField(choices=Kind.choices)
    field = serializers.ChoiceField(choices=Field.choices)
    subject = serializers.CharField(max_length=255)
    content = serializers.CharField(max_length=20_000)
    request = serializers.CharField(max_length=5_000, required=False, allow_blank=True)
    commune = serializers.RegexField(r"^[0-9]{5}$", help_text="Mã xã, phường (QĐ 19/2025)")
    address_as_written = serializers.CharField(max_length=500, required=False, allow_blank=True)
    received_on = serializers.DateField(required=False)
    petitioners = PetitionerInputSerializer(many=True, required=False)
    petitioner_count = serializers.IntegerField(min_value=1, max_value=10_000, required=False)
    is_anonymous = serializers.BooleanField(default=False)
    has_signature = serializers.BooleanField(default=False)
    contested_decision = serializers.CharField(max_length=2_000, required=False, allow_blank=True)
    contested_decision_known_on = serializers.DateField(required=False)
    accused = serializers.CharField(max_length=2_000, required=False, allow_blank=True)
    consent_to_publish = serializers.BooleanField(default=False)

    def validate_commune(self, value: str) -> Any:
        from danvan.units.selectors import active_commune

        unit = active_commune(value)
        if unit is None:
            raise serializers.ValidationError(
                _("Không có xã, phường đang hoạt động với mã %(code)s.") % {"code": value}
            )
        return unit


class ActionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    needs_reason = serializers.BooleanField()


class ActionInputSerializer(serializers.Serializer):
    """What a workflow action may take; each action uses the fields it needs (the case page's
    form, ``petitions.forms.ActionForm``, validates them)."""

    expected_version = serializers.IntegerField(
        required=False, help_text="Phiên bản đã đọc; hồ sơ đổi trong lúc đó thì trả 409"
    )
    reason = serializers.CharField(required=False)
    ground = serializers.CharField(required=False, help_text="Căn cứ không thụ lý")
    filing_reason = serializers.CharField(required=False)
    duplicate_of = serializers.CharField(required=False)
    to_organization = serializers.IntegerField(required=False)
    to_name = serializers.CharField(required=False)
    assignee = serializers.IntegerField(required=False)
    number = serializers.CharField(required=False)
    issued_on = serializers.DateField(required=False)
    title = serializers.CharField(required=False)
    body = serializers.CharField(required=False)
    signer = serializers.CharField(required=False)
    partial = serializers.BooleanField(required=False)
    complexity = serializers.CharField(required=False)
    satisfied = serializers.ChoiceField(choices=["yes", "no"], required=False)
    event_on = serializers.DateField(required=False)
    publication_method = serializers.CharField(required=False)

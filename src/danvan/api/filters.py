"""The work-list filters as API query parameters, validated (an unknown value is an error
with its field named, not silently ignored as the page's query string is)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from danvan.petitions import selectors
from danvan.petitions.enums import Channel, Field, Kind, State


def _choices(values: Any) -> list[str]:
    return list(values)


class PetitionFilterSerializer(serializers.Serializer):
    queue = serializers.ChoiceField(
        choices=list(selectors.QUEUES),
        default="all",
        help_text=_(
            "Hàng đợi: all, mine, organization, awaiting, due_soon, overdue, anonymous, unsatisfied"
        ),
    )
    kind = serializers.ChoiceField(choices=_choices(Kind.values), required=False)
    field = serializers.ChoiceField(choices=_choices(Field.values), required=False)
    state = serializers.ChoiceField(choices=[*State.values, "open"], required=False)
    channel = serializers.ChoiceField(choices=_choices(Channel.values), required=False)
    commune = serializers.RegexField(
        r"^[0-9]{1,16}$", required=False, help_text=_("Mã xã, phường (QĐ 19/2025)")
    )
    flag = serializers.ListField(
        child=serializers.ChoiceField(choices=list(selectors.FLAG_FILTERS)), required=False
    )
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Tìm theo mã, trích yếu, nội dung, địa chỉ; gõ có dấu hay không dấu đều được"),
    )
    sort = serializers.ChoiceField(choices=list(selectors.SORTS), default="due")

    default_error_messages = {
        "range": _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."),
    }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("received_from"), attrs.get("received_to")
        if start and end and start > end:
            raise serializers.ValidationError({"received_to": [self.error_messages["range"]]})
        return attrs

    @classmethod
    def from_query(cls, query: Any) -> selectors.PetitionFilters:
        data = {k: query.get(k) for k in query if k not in ("page", "page_size", "format")}
        if "flag" in query:
            data["flag"] = query.getlist("flag")
        checked = cls(data=data)
        checked.is_valid(raise_exception=True)
        v = checked.validated_data
        return selectors.PetitionFilters(
            queue=v["queue"],
            kind=v.get("kind", ""),
            field=v.get("field", ""),
            state=v.get("state", ""),
            channel=v.get("channel", ""),
            commune=v.get("commune", ""),
            flags=tuple(v.get("flag", ())),
            received_from=v.get("received_from"),
            received_to=v.get("received_to"),
            search=v.get("q", ""),
            sort=v["sort"],
        )

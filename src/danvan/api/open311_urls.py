from django.urls import re_path

from danvan.api import open311

app_name = "open311"

FMT = r"(?P<fmt>xml|json)"

urlpatterns = [
    re_path(rf"^discovery\.{FMT}$", open311.discovery, name="discovery"),
    re_path(rf"^services\.{FMT}$", open311.services, name="services"),
    re_path(
        rf"^services/(?P<code>[a-z_]{{1,40}})\.{FMT}$",
        open311.service_definition,
        name="service-definition",
    ),
    re_path(rf"^requests\.{FMT}$", open311.requests_view, name="requests"),
    re_path(
        rf"^requests/(?P<request_id>[A-Za-z0-9\-]{{1,20}})\.{FMT}$",
        open311.request_detail,
        name="request-detail",
    ),
    re_path(
        rf"^tokens/(?P<token>[A-Za-z0-9\-]{{1,64}})\.{FMT}$",
        open311.token_detail,
        name="token-detail",
    ),
]

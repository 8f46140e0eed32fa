from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from danvan.organizations import views as organization_views

urlpatterns = [
    path("", organization_views.home, name="home"),
    path("accounts/", include("danvan.organizations.account_urls")),
    path("organizations/", include("danvan.organizations.urls")),
    path("audit/", organization_views.audit_log, name="audit-log"),
    path("petitions/", include("danvan.petitions.urls")),
    path("tra-cuu/", include("danvan.portal.tracking_urls")),
    path("cong-dan/", include("danvan.portal.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("danvan.api.urls")),
    path("open311/v2/", include("danvan.api.open311_urls")),
    path("", include("danvan.core.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

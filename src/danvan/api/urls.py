from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from danvan.api import views

app_name = "api"

router = DefaultRouter()
router.register("petitions", views.PetitionViewSet, basename="petition")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("units", views.UnitViewSet, basename="unit")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/fields/", views.FieldListView.as_view(), name="field-list"),
    path("v1/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path(  # a page for people: anonymous visitors go to the login page
        "v1/docs/",
        login_required(SpectacularSwaggerView.as_view(url_name="api:schema")),
        name="docs",
    ),
]

"""The citizen's tracking pages (public, no login), mounted at /tra-cuu/: the address printed
on every receipt and sent in every notification, so it stays short and stable."""

from django.urls import path

from danvan.portal import views

app_name = "tracking"

urlpatterns = [
    path("", views.track, name="petition-track"),
    path("<str:code>/", views.track_code, name="petition-track-code"),
]

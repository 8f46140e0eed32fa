"""The citizen's tracking pages (public, no login), mounted at /tra-cuu/."""

from django.urls import path

from danvan.petitions import views

app_name = "tracking"

urlpatterns = [
    path("", views.petition_track, name="petition-track"),
    path("<str:code>/", views.petition_track_code, name="petition-track-code"),
]

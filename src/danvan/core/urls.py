from django.urls import path

from danvan.core import views_notifications

app_name = "core"

urlpatterns = [
    path("notifications/", views_notifications.notification_list, name="notification-list"),
    path(
        "notifications/read-all/",
        views_notifications.notification_mark_all_read,
        name="notification-mark-all-read",
    ),
    path(
        "notifications/preferences/",
        views_notifications.notification_preferences,
        name="notification-preferences",
    ),
]

from django.urls import path

from danvan.petitions import views, views_transfer

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="petition-list"),
    path("new/", views.petition_create, name="petition-create"),
    path("overview/", views.petition_overview, name="petition-overview"),
    path("import/", views_transfer.petition_import, name="petition-import"),
    path(
        "import/template/",
        views_transfer.petition_import_template,
        name="petition-import-template",
    ),
    path("imports/<int:job_id>/", views_transfer.import_job, name="import-job"),
    path("export/", views_transfer.petition_export, name="petition-export"),
    path("exports/", views_transfer.export_list, name="export-list"),
    path("exports/<int:job_id>/", views_transfer.export_file, name="export-file"),
    path("bulk-assign/", views.petition_bulk_assign, name="petition-bulk-assign"),
    path("communes/", views.commune_suggestions, name="commune-suggestions"),
    path("<int:pk>/", views.petition_detail, name="petition-detail"),
    path("<int:pk>/split/", views.petition_split, name="petition-split"),
    path("<int:pk>/escalate/", views.petition_escalate, name="petition-escalate"),
    path("<int:pk>/identity/", views.petition_identity, name="petition-identity"),
    path("<int:pk>/act/<slug:action>/", views.petition_act, name="petition-act"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/print/", views.document_print, name="document-print"
    ),
]

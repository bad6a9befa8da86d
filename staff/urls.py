"""The staff workspace, mounted under /staff/ by portal/urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import path

from staff import batch_views, views

staff_patterns = (
    [
        path("login/", views.login, name="login"),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("", views.submission_list, name="submission_list"),
        path("export.csv", views.queue_export, name="queue_export"),
        path("packets.zip", views.packets_zip, name="packets_zip"),
        path("bulk/assign/", views.bulk_assign, name="bulk_assign"),
        path("bulk/status/", views.bulk_status, name="bulk_status"),
        path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
        path("submissions/<int:pk>/status/", views.submission_status, name="submission_status"),
        path("submissions/<int:pk>/assign/", views.submission_assign, name="submission_assign"),
        path("submissions/<int:pk>/notes/", views.submission_note, name="submission_note"),
        path("submissions/<int:pk>/corrections/", views.submission_correct, name="submission_correct"),
        path("submissions/<int:pk>/other-cases/", views.submission_other_cases, name="submission_other_cases"),
        path("submissions/<int:pk>/overrides/", views.submission_override, name="submission_override"),
        path("submissions/<int:pk>/merge/", views.submission_merge, name="submission_merge"),
        path("submissions/<int:pk>/new-link/", views.submission_new_link, name="submission_new_link"),
        path("batches/", batch_views.batch_list, name="batch_list"),
        path("batches/upload/", batch_views.batch_upload, name="batch_upload"),
        path("batches/template.csv", batch_views.batch_template, name="batch_template"),
        path("batches/<int:pk>/", batch_views.batch_detail, name="batch_detail"),
        path("batches/<int:pk>/people/", batch_views.batch_people, name="batch_people"),
        path("batches/<int:pk>/people/<int:person_pk>/", batch_views.batch_person, name="batch_person"),
        path("batches/<int:pk>/charges/", batch_views.batch_export, name="batch_export"),
        path("batches/<int:pk>/decide-again/", batch_views.batch_decide_again, name="batch_decide_again"),
        path(
            "submissions/<int:submission_pk>/documents/<int:pk>/",
            views.document_download,
            name="document_download",
        ),
    ],
    "staff",
)

from django.contrib.auth import views as auth_views
from django.urls import path

from expunge.staff_forms import StaffLoginForm
from expunge.views import journey, public, staff

# Mounted under the language prefix (/en/, /es/) by portal/urls.py.
public_patterns = (
    [
        path("", public.start, name="start"),
        path("how-we-decide/", public.how_we_decide, name="how_we_decide"),
        path("apply/", journey.start, name="apply"),
        path("apply/draft/<str:token>/", journey.resume, name="journey_resume"),
        path("apply/draft/<str:token>/about/", journey.about, name="journey_about"),
        path("apply/draft/<str:token>/cases/", journey.cases, name="journey_cases"),
        path("apply/draft/<str:token>/cases/<int:case>/", journey.case, name="journey_case"),
        path("apply/draft/<str:token>/cases/<int:case>/charges/<int:charge>/", journey.charge, name="journey_charge"),
        path(
            "apply/draft/<str:token>/cases/<int:case>/charges/<int:charge>/sentence/",
            journey.sentence,
            name="journey_sentence",
        ),
        path("apply/draft/<str:token>/situation/", journey.situation, name="journey_situation"),
        path("apply/draft/<str:token>/review/", journey.review, name="journey_review"),
        path("apply/draft/<str:token>/consent/", journey.consent, name="journey_consent"),
        path("apply/<str:token>/checking/", public.checking, name="checking"),
        path("apply/<str:token>/result/", public.result, name="result"),
        path("apply/<str:token>/documents/<int:pk>/", public.document_download, name="document_download"),
        path("apply/<str:token>/cases/<int:case_index>/file-early/", public.file_early, name="file_early"),
        path("apply/<str:token>/delete/", public.delete, name="delete"),
    ],
    "public",
)

staff_patterns = (
    [
        path(
            "login/",
            auth_views.LoginView.as_view(template_name="expunge/staff/login.html", authentication_form=StaffLoginForm),
            name="login",
        ),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("", staff.submission_list, name="submission_list"),
        path("export.csv", staff.queue_export, name="queue_export"),
        path("packets.zip", staff.packets_zip, name="packets_zip"),
        path("submissions/<int:pk>/", staff.submission_detail, name="submission_detail"),
        path("submissions/<int:pk>/status/", staff.submission_status, name="submission_status"),
        path("submissions/<int:pk>/assign/", staff.submission_assign, name="submission_assign"),
        path("submissions/<int:pk>/notes/", staff.submission_note, name="submission_note"),
        path("submissions/<int:pk>/corrections/", staff.submission_correct, name="submission_correct"),
        path("submissions/<int:pk>/overrides/", staff.submission_override, name="submission_override"),
        path("submissions/<int:pk>/merge/", staff.submission_merge, name="submission_merge"),
        path(
            "submissions/<int:submission_pk>/documents/<int:pk>/",
            staff.document_download,
            name="document_download",
        ),
    ],
    "staff",
)

"""The resident's pages, mounted under the language prefix (/en/, /es/) by portal/urls.py."""

from django.urls import path

from residents.views import journey, public

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
        path(
            "apply/draft/<str:token>/cases/<int:case>/charges/<int:charge>/facts/",
            journey.facts,
            name="journey_facts",
        ),
        path("apply/draft/<str:token>/situation/", journey.situation, name="journey_situation"),
        path("apply/draft/<str:token>/review/", journey.review, name="journey_review"),
        path("apply/draft/<str:token>/consent/", journey.consent, name="journey_consent"),
        path("apply/<str:token>/checking/", public.checking, name="checking"),
        path("apply/<str:token>/result/", public.result, name="result"),
        path("apply/<str:token>/documents/<int:pk>/", public.document_download, name="document_download"),
        path("apply/<str:token>/cases/<int:case_index>/file-early/", public.file_early, name="file_early"),
        path(
            "apply/<str:token>/cases/<int:case_index>/charges/<int:charge_index>/settle/",
            public.settle_fact,
            name="settle_fact",
        ),
        path("apply/<str:token>/email-link/", public.email_link, name="email_link"),
        path("apply/<str:token>/delete/", public.delete, name="delete"),
    ],
    "public",
)

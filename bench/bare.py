"""URLs for bench/pages.py (see bench/bare_settings.py): the portal as it is, plus a bare
page for each step of the questionnaire: the same form rendered by crispy-forms in the
site's base template, as the simplest Django view would serve it: no draft to load, no
earlier steps to check, no links to build. Each comes empty (/bare/…) and filled in with
the answers bench/pages.py saves in its draft (/bare-filled/…), as the portal shows a
step to a resident who comes back to it."""

from functools import cache

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from portal import urls as portal_urls
from residents import journey

# The answers of the draft bench/pages.py times the questionnaire's steps with.
ANSWERS = {
    "about": {
        "full_name": "José Núñez",
        "other_names": "",
        "date_of_birth": "1990-04-12",
        "phone": "",
        "email": "",
        "address": "100 N. Calvert St",
    },
    "cases": [
        {
            "details": {"county": "baltimore_city", "court": "district", "case_number": "419340011"},
            "charges": [
                {
                    "what": {
                        "kind": "cannabis_possession",
                        "amount": "under_10g",
                        "description": "",
                        "disposition": "guilty",
                        "charge_date": "",
                        "disposition_date": "2012-05-10",
                    },
                    "sentence": {"sentence_completed": "2012-05-10", "probation": "none"},
                }
            ],
        }
    ],
    "situation": {"pending_case": "no", "convictions_since": "no"},
}


_SOURCE = """{% extends "base.html" %}{% load crispy_forms_tags %}{% block title %}Bare form{% endblock %}
{% block content %}<h1>Bare form</h1>
<form method="post">{% csrf_token %}{% crispy form %}<button type="submit">Go</button></form>{% endblock %}"""


@cache
def _template():
    return engines["django"].from_string(_SOURCE)


def bare(request, name, case=None, charge=None, *, filled=False):
    form = journey.step(name, case, charge).form(ANSWERS if filled else {})
    return HttpResponse(_template().render({"form": form}, request))


def portal_urlconf(get_response):
    """Middleware, first in the list: every page but the bare ones is resolved with the
    portal's own URLconf, exactly as in production, so that the portal's pages do not also
    walk past the bare patterns (the portal pays the small cost of switching URLconf)."""

    def middleware(request):
        if not request.path_info.startswith(("/en/bare", "/es/bare")):
            request.urlconf = "portal.urls"
        return get_response(request)

    return middleware


# Under the language prefix like the questionnaire's own pages (/en/bare/…), beside the
# portal's URL patterns, which the bare pages' template links to.
urlpatterns = [
    *i18n_patterns(
        path("bare/<str:name>/", bare),
        path("bare/<str:name>/<int:case>/", bare),
        path("bare/<str:name>/<int:case>/<int:charge>/", bare),
        path("bare-filled/<str:name>/", bare, {"filled": True}),
        path("bare-filled/<str:name>/<int:case>/", bare, {"filled": True}),
        path("bare-filled/<str:name>/<int:case>/<int:charge>/", bare, {"filled": True}),
    ),
    *portal_urls.urlpatterns,
]

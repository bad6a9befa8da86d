"""Whom to call: the results page and the packet's cover sheet give the serving
organisation's telephone, hours and address where it has set them, and otherwise the
portal's own help text (a setting, or a sentence that names no number), in the resident's
language. No number is ever invented."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from expunge.models import Document
from expunge.packet import documents
from expunge.services.submissions import submission_check_eligibility
from tests.factories import OrganisationFactory, SubmissionFactory, journey_answers

pytestmark = pytest.mark.django_db
TOKEN = "help-token-1234567890abcdefghijklmnopqrstuvwx"
PHONE = re.compile(r"\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b")


def checked(organisation=None, language="en"):
    submission = SubmissionFactory(token=TOKEN, answers=journey_answers(), language=language)
    if organisation is not None:
        submission.organisation = organisation
        submission.save(update_fields=["organisation"])
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    return submission


def page(client, language="en"):
    url = f"/{language}" + reverse("public:result", kwargs={"token": TOKEN})[3:]
    return " ".join(client.get(url).content.decode().split())


@pytest.fixture
def office():
    return OrganisationFactory(
        telephone="410-555-0188", hours="Monday to Friday, 9 am to 5 pm", address="500 E. Lexington St\nBaltimore, MD"
    )


@pytest.mark.parametrize("language, words", [("en", "Your answers went to"), ("es", "Sus respuestas llegaron a")])
def test_the_serving_office_is_named_with_its_telephone_hours_and_address(client, office, language, words):
    checked(office)
    content = page(client, language)
    assert f"{words} Baltimore Legal Aid" in content
    assert '<a href="tel:410-555-0188">410-555-0188</a>' in content
    assert "Monday to Friday, 9 am to 5 pm" in content and "500 E. Lexington St<br>Baltimore, MD<br>" in content


@pytest.mark.parametrize(
    "language, words", [("en", "may contact you by the telephone"), ("es", "pueden comunicarse con usted")]
)
def test_without_contact_details_the_portals_own_words_give_no_number(client, language, words):
    checked(OrganisationFactory())
    content = page(client, language)
    assert words in content
    assert not PHONE.search(content.split("Who can help" if language == "en" else "Quién puede ayudar")[1])


def test_the_help_text_setting_is_used_in_each_language(client, settings):
    settings.PORTAL_HELP_TEXT = {"en": "Ask at the Enoch Pratt library desk.", "es": ""}
    checked(OrganisationFactory())
    assert "Ask at the Enoch Pratt library desk." in page(client, "en")
    assert "pueden comunicarse con usted" in page(client, "es")  # no Spanish text set: the portal's own


def test_the_cover_sheet_gives_the_same_help_in_the_residents_language(office):
    submission = checked(office, language="es")
    html = " ".join(documents.document_html(Document.Kind.COVER, documents.packet_input(submission)).split())
    assert "Quién puede ayudar:" in html and "Baltimore Legal Aid, 500 E. Lexington St, Baltimore, MD" in html
    assert "Teléfono: 410-555-0188" in html


def test_the_cover_sheet_without_an_office_gives_the_portals_words():
    submission = checked()
    submission.organisation = None
    submission.save(update_fields=["organisation"])
    with translation.override("en"):
        html = " ".join(documents.document_html(Document.Kind.COVER, documents.packet_input(submission)).split())
    assert "Who can help:" in html and "may contact you by the telephone number" in html

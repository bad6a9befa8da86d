"""The language switch on a questionnaire step keeps what was typed: saved when it is valid,
carried across as typed when it is not yet, and shown again on the same step in the other
language; what is carried never goes with the answers."""

from __future__ import annotations

import pytest

from expunge.models import Draft
from expunge.services.drafts import CARRIED, draft_submit
from tests.residents.test_journey import ABOUT, start

pytestmark = pytest.mark.django_db


def test_half_typed_answers_are_carried_to_the_same_step_in_spanish(client):
    about = start(client)
    response = client.post(about, {"full_name": "Ana Díaz", "phone": "410-555-0123", "switch_language": "es"})
    assert response.status_code == 302
    assert response["Location"] == about.replace("/en/", "/es/", 1)
    assert response.cookies["django_language"].value == "es"
    draft = Draft.objects.get()
    assert "about" not in draft.answers  # not valid yet: nothing saved as an answer
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="es">' in page
    assert 'value="Ana Díaz"' in page and 'value="410-555-0123"' in page
    assert "error-summary" not in page  # kept as typed, not judged yet


def test_valid_answers_are_saved_and_the_carried_text_is_then_done_with(client):
    about = start(client)
    client.post(about, {"full_name": "Ana", "switch_language": "es"})
    response = client.post(about.replace("/en/", "/es/", 1), {**ABOUT, "switch_language": "en"})
    assert response["Location"] == about
    draft = Draft.objects.get()
    assert draft.answers["about"]["full_name"] == "José Núñez" and CARRIED not in draft.answers
    assert 'value="José Núñez"' in client.get(about).content.decode()


def test_the_carried_text_belongs_to_its_step_only(client):
    about = start(client)
    client.post(about, ABOUT)
    cases = about.replace("/about/", "/cases/")
    case = client.post(cases, {"action": "add_case"})["Location"]
    client.post(case, {"case_number": "4B02167750", "switch_language": "es"})
    assert 'value="4B02167750"' in client.get(case.replace("/en/", "/es/", 1)).content.decode()
    assert "4B02167750" not in client.get(about.replace("/en/", "/es/", 1)).content.decode()


def test_what_was_carried_is_never_sent(client):
    about = start(client)
    client.post(about, {"full_name": "Ana", "switch_language": "es"})
    draft = Draft.objects.get()
    token = about.split("/draft/")[1].split("/")[0]
    submission, _ = draft_submit(draft=draft, token=token)
    assert CARRIED not in submission.answers


def test_an_unknown_language_is_an_ordinary_save(client):
    about = start(client)
    response = client.post(about, {**ABOUT, "switch_language": "xx"})
    assert response["Location"].endswith("/cases/")


def test_the_consent_page_keeps_the_ordinary_switch(client):
    from tests.factories import DraftFactory

    DraftFactory(token="consent-draft-1234567890abcdefghijklmnopq")
    page = client.get("/en/apply/draft/consent-draft-1234567890abcdefghijklmnopq/consent/").content.decode()
    assert 'name="switch_language"' not in page and 'name="language"' in page


def test_switching_language_on_a_valid_about_step_sends_the_link_as_next_would(eager_celery, client):
    from django.core import mail

    about = start(client)
    response = client.post(about, {**ABOUT, "email": "ana@example.org", "switch_language": "es"})
    spanish_about = about.replace("/en/", "/es/", 1)
    assert response["Location"] == spanish_about + "?emailed=1"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"] and "Su enlace para volver" in message.subject
    assert "/es/apply/draft/" in message.body and "José" not in message.body  # only the link
    assert "Le estamos enviando su enlace privado" in client.get(response["Location"]).content.decode()
    # Once per address: switching back, or pressing Next, sends nothing more.
    client.post(spanish_about, {**ABOUT, "email": "ana@example.org", "switch_language": "en"})
    client.post(about, {**ABOUT, "email": "ana@example.org"})
    assert len(mail.outbox) == 1


def test_a_half_typed_address_sends_nothing_on_a_switch(eager_celery, client):
    from django.core import mail

    about = start(client)
    response = client.post(about, {"email": "ana@example.org", "switch_language": "es"})
    assert "emailed" not in response["Location"] and mail.outbox == []

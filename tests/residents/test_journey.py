"""The step-by-step questionnaire: order, skipping, saving, resuming, bad input, and how
the answers become the engine's input."""

from __future__ import annotations

import re
import smtplib
from datetime import date, timedelta
from unittest import mock

import kombu.exceptions
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from eligibility import assess
from expunge.models import Draft, Submission
from expunge.records import JOURNEY_VERSION, journey_to_record
from expunge.selectors import draft_for_token
from expunge.services.retries import RETRY_COUNTDOWNS
from residents import journey
from residents.forms import FlexibleDateField
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db

ABOUT = {"full_name": "José Núñez", "other_names": "", "date_of_birth": "1990-04-12", "address": "1 Main St"}
CASE = {"county": "baltimore_city", "court": "district", "case_number": " d-024-cr-22-001234 "}
CHARGE = {
    "kind": "cannabis_possession",
    "amount": "under_10g",
    "description": "",
    "disposition": "guilty",
    "charge_date": "03/2012",
    "disposition_date": "05/10/2012",
}


def start(client, language="en") -> str:
    """A new draft; returns the URL of its first step."""
    return client.post(f"/{language}/apply/", {})["Location"]


def url(about_url: str, tail: str) -> str:
    return about_url.replace("/about/", f"/{tail}")


def through_first_charge(client, charge=None) -> str:
    about = start(client)
    cases = client.post(about, ABOUT)["Location"]
    case = client.post(cases, {"action": "add_case"})["Location"]
    charge_url = client.post(case, CASE)["Location"]
    after = client.post(charge_url, charge or CHARGE)["Location"]
    return about, after


def test_the_start_page_creates_a_private_draft(client):
    assert client.get("/en/apply/").status_code == 200
    about = start(client)
    assert "/apply/draft/" in about and about.endswith("/about/")
    draft = Draft.objects.get()
    token = about.split("/draft/")[1].split("/")[0]
    assert draft.access_token_hash != token  # only the hash is stored
    assert draft.expires_at > timezone.now() + timedelta(days=29)


def test_a_deep_link_cannot_skip_a_question(client):
    about = start(client)
    for tail in ("cases/", "cases/0/", "cases/0/charges/0/", "situation/", "review/", "consent/"):
        response = client.get(url(about, tail))
        assert response.status_code == 302 and response["Location"] == about + "?check=1", tail
    assert client.post(url(about, "consent/"), {"consent": "on"})["Location"] == about + "?check=1"
    # Nothing saved yet: the first question, without errors.
    assert "There is a problem" not in client.get(about + "?check=1").content.decode()
    assert not Submission.objects.exists()


def test_the_sentence_step_is_only_there_after_a_conviction_or_pbj(client):
    about, after = through_first_charge(client)
    assert after.endswith("/cases/0/charges/0/sentence/")
    # Changed to a dismissal: the sentence step is skipped, both ways, and its answer dropped.
    client.post(after, {"sentence_completed": "2012-05-10", "probation": "none"})
    charge_url = url(about, "cases/0/charges/0/")
    next_url = client.post(charge_url, {**CHARGE, "disposition": "dismissed"})["Location"]
    assert next_url.endswith("/cases/")
    assert client.get(url(about, "cases/0/charges/0/sentence/"))["Location"].endswith("/cases/")
    assert "sentence" not in Draft.objects.get().answers["cases"][0]["charges"][0]
    # Back from the charge goes to its case; from the situation, to the list of cases.
    assert url(about, "cases/0/") in client.get(charge_url).content.decode()


def test_answers_are_saved_at_every_step_and_resumed_from_the_private_link(client):
    about, after = through_first_charge(client)
    token = about.split("/draft/")[1].split("/")[0]
    resume = reverse("public:journey_resume", kwargs={"token": token})
    assert client.get(resume)["Location"] == after + "?check=1"  # the first question not answered
    page = client.get(after).content.decode()
    assert f"/apply/draft/{token}/" in page  # the resume link is on every page
    answers = Draft.objects.get().answers
    assert answers["about"]["full_name"] == "José Núñez"
    assert answers["cases"][0]["details"]["case_number"] == "D-024-CR-22-001234"  # upper case, no spaces


def test_the_resume_link_is_emailed_once_per_address(eager_celery, client):
    about = start(client)
    client.post(about, {**ABOUT, "email": "ana@example.org"})
    client.post(about, {**ABOUT, "email": "ana@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "/apply/draft/" in message.body
    client.post(about, {**ABOUT, "email": "ana.n@example.org"})
    assert len(mail.outbox) == 2


def test_the_resume_email_is_in_the_residents_language(eager_celery, client):
    about = start(client, "es")
    response = client.post(about, {**ABOUT, "email": "ana@example.org"})
    assert "Su enlace para volver" in mail.outbox[0].subject
    # The day the link stops working, in words in Spanish, as in Maryland.
    last_day = timezone.localdate(Draft.objects.get().expires_at)
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"]
    months += ["septiembre", "octubre", "noviembre", "diciembre"]
    assert f"{last_day.day} de {months[last_day.month - 1]} de {last_day.year}" in mail.outbox[0].body
    assert "Le estamos enviando su enlace privado" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("state, status, text", [("expired", 410, "expired"), ("sent", 410, "already sent")])
def test_closed_links_say_why(client, state, status, text):
    about = start(client)
    draft = Draft.objects.get()
    if state == "expired":
        draft.expires_at = timezone.now() - timedelta(seconds=1)
        draft.save()
    else:
        draft.submission = SubmissionFactory()
        draft.save()
    response = client.get(about)
    assert response.status_code == status
    assert text in response.content.decode()


def test_once_the_answers_are_sent_the_emailed_resume_link_leads_to_the_results(client, organisation):
    from unittest import mock

    from expunge.services.drafts import draft_submit
    from tests.factories import DraftFactory

    token = "resume-after-sending-1234567890abcdefghijklmnop"
    draft = DraftFactory(token=token)
    with mock.patch("expunge.services.submissions.check_eligibility.apply_async"):
        _submission, results = draft_submit(draft=draft, token=token)
    resume = reverse("public:journey_resume", kwargs={"token": token})
    response = client.get(resume)
    assert response.status_code == 302
    assert response["Location"] == reverse("public:result", kwargs={"token": results})
    # A results link issued since (the old one stops working): the resume link no longer leads there.
    Submission.objects.update(access_token_hash="0" * 64)
    response = client.get(resume)
    assert response.status_code == 410 and "already sent" in response.content.decode()


def test_a_step_sends_the_resident_back_as_the_saved_answers_say(client):
    """journey.misplaced follows the answers: a change to them (a date of birth in the
    future, a dismissal) changes where the resident must go."""
    about, after = through_first_charge(client)
    token = about.split("/draft/")[1].split("/")[0]
    draft = draft_for_token(token)
    sentence = journey.step("sentence", 0, 0)
    situation = journey.step("situation")
    assert journey.misplaced(draft.answers, journey.step("charge", 0, 0)) is None
    assert journey.misplaced(draft.answers, sentence) is None
    assert journey.misplaced(draft.answers, situation) == sentence
    # A date of birth in the future is no longer valid: every later step goes back to it.
    answers = {**draft.answers, "about": {**ABOUT, "date_of_birth": "2999-01-01"}}
    assert journey.misplaced(answers, sentence) == journey.step("about")
    # After a dismissal, the sentence does not apply: back to the list of cases.
    case = draft.answers["cases"][0]
    dismissed = {**case["charges"][0], "what": {**case["charges"][0]["what"], "disposition": "dismissed"}}
    answers = {**draft.answers, "cases": [{**case, "charges": [dismissed]}]}
    assert journey.misplaced(answers, sentence) == journey.step("cases")
    # As pages are served, with a conviction now answered.
    client.post(after, {"sentence_completed": "2012-05-10", "probation": "none"})
    assert client.get(url(about, "situation/")).status_code == 200


def test_an_unknown_link_is_not_found(client):
    response = client.get(reverse("public:journey_about", kwargs={"token": "no-such-draft"}))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "step, data, field, message",
    [
        ("about", {**ABOUT, "date_of_birth": "2019-02-30"}, "date_of_birth", "Enter a real date"),
        ("about", {**ABOUT, "date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
        ("about", {**ABOUT, "full_name": "x" * 10_000}, "full_name", "200 characters or fewer"),
        ("about", {**ABOUT, "full_name": "Ana\x07"}, "full_name", "letters"),
        ("about", {**ABOUT, "email": "not an address"}, "email", "email address"),
        ("about", {**ABOUT, "email": "a" * 250 + "@example.org"}, "email", "254 characters or fewer"),
        ("case", {**CASE, "case_number": "41934<script>"}, "case_number", "only letters, numbers and dashes"),
        ("case", {**CASE, "county": "gotham"}, "county", "Choose a county from the list"),
        ("charge", {**CHARGE, "disposition_date": "13/2012"}, "disposition_date", "Enter a real date"),
        (
            "charge",
            {**CHARGE, "disposition_date": "25/05/2012"},
            "disposition_date",
            "month first, then the day: 05/25",
        ),
        ("charge", {**CHARGE, "disposition_date": "01/2099"}, "disposition_date", "cannot be in the future"),
        ("charge", {**CHARGE, "charge_date": "05/10/65"}, "charge_date", "four digits, for example 05/10/1965"),
        ("charge", {**CHARGE, "charge_date": "06/2012", "disposition_date": "05/2012"}, "disposition_date", "after"),
        ("charge", {**CHARGE, "charge_date": "03/1912"}, "charge_date", "before your date of birth"),
        ("charge", {**CHARGE, "disposition_date": "03/1990"}, "disposition_date", "before your date of birth"),
        ("charge", {**CHARGE, "amount": ""}, "amount", "about how much"),
        ("charge", {**CHARGE, "kind": "other"}, "description", "Type what the charge was called"),
        ("charge", {**CHARGE, "description": "😀" * 300, "kind": "other"}, "description", "200 characters or fewer"),
        ("sentence", {"sentence_completed": "04/2012", "probation": "none"}, "sentence_completed", "after"),
        ("sentence", {"sentence_completed": "2012-05-11"}, "probation", "how probation ended"),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_keeps_the_answers(client, step, data, field, message):
    about, after = through_first_charge(client)
    target = {
        "about": about,
        "case": url(about, "cases/0/"),
        "charge": url(about, "cases/0/charges/0/"),
        "sentence": after,
    }[step]
    response = client.post(target, data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    content = response.content.decode()
    assert "There is a problem with your answers" in content
    assert f'href="#id_{field}' in content
    # What was typed is still there (escaped, never run as HTML).
    if step == "case":
        assert "41934&lt;script&gt;" in content or 'value="gotham"' not in content
    if step == "about" and field != "full_name":
        assert 'value="José Núñez"' in content


def test_a_date_of_birth_after_a_charge_sends_the_resident_back_to_that_charge(client):
    about, after = through_first_charge(client)
    client.post(after, {"sentence_completed": "05/2012", "probation": "none"})
    client.post(url(about, "situation/"), {"pending_case": "no", "convictions_since": "no"})
    assert client.get(url(about, "review/")).status_code == 200
    client.post(about, {**ABOUT, "date_of_birth": "2012-04-01"})  # after the charge, March 2012
    charge = url(about, "cases/0/charges/0/")
    assert client.get(url(about, "review/"))["Location"] == charge + "?check=1"
    # There, what is saved shows with what is wrong with it, before anything is sent again.
    page = client.get(charge + "?check=1")
    assert "before your date of birth" in str(page.context["form"].errors["charge_date"])
    assert 'value="03/2012"' in page.content.decode()
    assert "There is a problem with your answers" not in client.get(charge).content.decode()


def test_a_later_court_decision_shows_what_is_wrong_with_the_sentence_already_answered(client):
    about, after = through_first_charge(client)
    client.post(after, {"sentence_completed": "06/2012", "probation": "none"})
    changed = client.post(url(about, "cases/0/charges/0/"), {**CHARGE, "disposition_date": "07/01/2012"})
    assert changed["Location"] == after + "?check=1"
    page = client.get(changed["Location"])
    assert page.context["form"].errors["sentence_completed"] == [
        "The end of the sentence must be after the court's decision"
    ]


def test_html_in_answers_is_shown_as_text(client):
    about = start(client)
    content = client.post(about, {**ABOUT, "full_name": "<b>Ana</b>", "date_of_birth": ""}).content.decode()
    assert "<b>Ana</b>" not in content and "&lt;b&gt;Ana&lt;/b&gt;" in content


def test_check_your_answers_shows_every_answer_in_words_in_the_residents_language(client):
    """Every answer that changes what the law gives is on "check your answers"; a date
    reads as words, so a day and month typed the wrong way round show, and a month and
    year stays a month and year."""
    about, after = through_first_charge(client, {**CHARGE, "disposition_date": "10/05/2012"})
    client.post(after, {"sentence_completed": "11/2012", "probation": "satisfactory"})
    review = client.post(url(about, "situation/"), {"pending_case": "no", "convictions_since": "no"})["Location"]

    def shown(page: str) -> str:
        return " ".join(re.sub(r"<[^>]+>", " ", page).split())

    english = shown(client.get(review).content.decode())
    assert "Date of birth April 12, 1990" in english
    assert "Baltimore City · District Court" in english
    assert "Possession of cannabis (marijuana) — Less than 10 grams" in english
    assert "Date charged March 2012" in english
    assert "Date of the court's decision Oct. 5, 2012" in english
    assert "Date the sentence ended November 2012" in english
    assert "Probation Probation ended well (completed)" in english
    spanish = shown(client.get(review.replace("/en/", "/es/", 1)).content.decode())
    assert "Fecha de nacimiento 12 de abril de 1990" in spanish and "1990-04-12" not in spanish
    assert "Fecha del cargo marzo de 2012" in spanish
    assert "Fecha de la decisión del tribunal 5 de octubre de 2012" in spanish
    assert "Fecha en que terminó la sentencia noviembre de 2012" in spanish


def test_a_saved_date_is_shown_in_its_field_as_it_was_typed(client):
    about, _after = through_first_charge(client)
    assert Draft.objects.get().answers["cases"][0]["charges"][0]["what"]["disposition_date"] == "2012-05-10"
    page = client.get(url(about, "cases/0/charges/0/")).content.decode()
    assert 'value="05/10/2012"' in page and 'value="03/2012"' in page


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 1, 1)), st.booleans())
def test_a_saved_date_shown_in_its_field_saves_as_the_same_date(day, month_only):
    field = FlexibleDateField(required=False)
    saved = f"{day:%Y-%m}" if month_only else day.isoformat()
    assert field.clean(field.prepare_value(saved)) == saved


def test_several_cases_and_charges_reach_the_engine(client, eager_celery, django_capture_on_commit_callbacks):
    about, after = through_first_charge(client)
    client.post(after, {"sentence_completed": "05/2012", "probation": "satisfactory"})
    cases = url(about, "cases/")
    second_charge = client.post(cases, {"action": "add_charge", "case": "0"})["Location"]
    facts = client.post(second_charge, {**CHARGE, "kind": "paraphernalia", "disposition": "stet", "amount": ""})
    # A stet: was treatment ordered? Only that is asked.
    assert facts["Location"].endswith("/cases/0/charges/1/facts/")
    page = client.get(facts["Location"]).content.decode()
    assert "treatment as part of the stet" in page and "domestic" not in page
    assert client.post(facts["Location"], {"treatment": "no"})["Location"].endswith("/cases/")
    second_case = client.post(cases, {"action": "add_case"})["Location"]
    charge = client.post(second_case, {**CASE, "county": "montgomery", "court": "not_sure", "case_number": ""})
    client.post(charge["Location"], {**CHARGE, "kind": "theft", "disposition": "dismissed", "charge_date": ""})
    situation = client.post(cases, {"action": "continue"})["Location"]
    assert situation.endswith("/situation/")
    review = client.post(situation, {"pending_case": "no", "convictions_since": "no"})["Location"]
    content = client.get(review).content.decode()
    assert content.count(">Change<") >= 5  # a change link for you, each case, each charge, your situation
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(url(about, "consent/"), {"consent": "on"})
    record = journey_to_record(Submission.objects.get().answers)
    first, second = record["cases"]
    assert [c["statute"] for c in first["charges"]] == ["CR 5-601", "CR 5-619"]
    assert first["charges"][0]["cannabis_grams"] == 10.0
    assert first["charges"][0]["charge_date"] == "2012-03-31"  # March 2012: the last day of the month
    assert first["charges"][0]["sentence_completed"] is None  # a month without the day: a person checks
    assert first["charges"][0]["probation_closed"] == "satisfactory"
    assert second == {**second, "county": "montgomery", "court": None, "case_number": None}
    assert second["charges"][0]["statute"] == "CR 7-104"
    result = client.get(posted["Location"], follow=True).content.decode()
    # Each case headed by its number, or by court and year (here only the year is known);
    # each charge named as the resident gave it.
    assert "Case D-024-CR-22-001234" in result and ">Case from 2012</h2>" in result
    assert ">Charge 1: Possession of cannabis (marijuana)</h3>" in result
    assert ">Charge 2: Possession of drug paraphernalia (pipes, papers, bags)</h3>" in result
    assert ">Theft</h3>" in result


def one_charge(what: dict, sentence: dict | None = None, convictions_since: str = "no") -> dict:
    """Stored journey answers with one case and one charge."""
    charge = {"what": {**CHARGE, **what}}
    if sentence:
        charge["sentence"] = sentence
    return {
        "about": {"full_name": "Ana", "date_of_birth": "1990-01-01"},
        "cases": [
            {"details": {"county": "baltimore_city", "court": "district", "case_number": ""}, "charges": [charge]}
        ],
        "situation": {"pending_case": "no", "convictions_since": convictions_since},
    }


def first_charge(answers: dict) -> dict:
    return assess(journey_to_record(answers), as_of=timezone.localdate())["cases"][0]["charges"][0]


def test_month_and_year_dates_are_answered_as_needs_review_where_the_day_matters():
    what = {"kind": "assault_2", "disposition": "dismissed", "charge_date": "2015-03", "disposition_date": "2015-05"}
    charge = first_charge(one_charge(what))
    assert charge["outcome"] == "needs_review"
    assert [r["code"] for r in charge["reasons"]] == ["disposition_date_unknown"]


def test_other_convictions_reported_without_details_make_the_engine_ask_a_person():
    what = {"kind": "theft", "disposition": "pbj", "charge_date": "", "disposition_date": "2015-05-01"}
    sentence = {"sentence_completed": "2016-05-01", "probation": "satisfactory"}
    charge = first_charge(one_charge(what, sentence, convictions_since="not_sure"))
    assert (charge["outcome"], charge["reasons"][0]["code"]) == ("needs_review", "pbj_later_conviction_unclear")


STEP_FIELDS = {
    "about/": list(ABOUT) + ["phone", "email"],
    "cases/0/": [*CASE, "tracking_number", "forwarded", "agency", "place", "same_arrest"],
    "cases/0/charges/0/": list(CHARGE),
    "cases/0/charges/0/sentence/": ["sentence_completed", "probation"],
    # Possession of under 10 g, guilty, charged March 2012: the facts step is not asked (a
    # deep link goes back to the list), which the random posts must survive too.
    "cases/0/charges/0/facts/": ["domestic", "civil_citation", "treatment", "treatment_completed"],
    "cases/": ["action", "case", "charge"],
    "situation/": ["pending_case", "convictions_since"],
    "consent/": ["consent"],
}
NASTY = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "2019-02-29",
            "02/2019",
            "13/2019",
            "25/05/2012",
            "31/02/2012",
            "9999-12-31",
            "0000-00-00",
            "0000-01-01",
            "²/²/2016",
            "NaN",
            "inf",
            "126105493393",
            "😀" * 50,
            "-1",
            "99",
        ]
    ),
)


class TestRandomPostsToEveryStepNeverFail(HypothesisTestCase):
    """Whatever is posted to any step, the answer is a page or a redirect, never a 500."""

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.sampled_from(sorted(STEP_FIELDS)),
        st.data(),
    )
    def test_random_posts(self, tail, data):
        about, _after = through_first_charge(self.client)
        payload = data.draw(st.dictionaries(st.sampled_from(STEP_FIELDS[tail]), NASTY))
        response = self.client.post(url(about, tail), payload)
        assert response.status_code in (200, 302)


def test_a_journey_submission_is_routed_to_the_organisation_serving_its_county(client, organisation):
    from tests.factories import walk_journey

    walk_journey(client)
    submission = Submission.objects.get()
    assert submission.organisation == organisation
    assert submission.questionnaire_version == JOURNEY_VERSION
    assert (submission.full_name, submission.search_name, submission.county) == (
        "José Núñez",
        "jose nunez",
        "baltimore_city",
    )
    assert [row.number for row in submission.case_numbers.all()] == ["419340011"]


class RefusingEmailBackend:
    """An SMTP server that refuses every message."""

    sent = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).sent += 1
        raise smtplib.SMTPServerDisconnected("refused")


def test_an_smtp_server_that_refuses_never_holds_up_the_step(eager_celery, client, settings, caplog):
    settings.EMAIL_BACKEND = "tests.residents.test_journey.RefusingEmailBackend"
    RefusingEmailBackend.sent = 0
    about = start(client)
    response = client.post(about, {**ABOUT, "email": "ana@example.org"})
    assert response.status_code == 302 and response["Location"].endswith("/cases/?emailed=1")
    # Tried, retried, then given up: the address is forgotten, so the next save tries again.
    assert RefusingEmailBackend.sent == 1 + len(RETRY_COUNTDOWNS)
    assert Draft.objects.get().emailed_to == ""
    assert "ana@example.org" not in caplog.text and "/apply/draft/" not in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(about, {**ABOUT, "email": "ana@example.org"})
    assert len(mail.outbox) == 1 and Draft.objects.get().emailed_to == "ana@example.org"


def test_a_broker_that_cannot_be_reached_never_holds_up_the_step(eager_celery, client):
    about = start(client)
    with mock.patch(
        "expunge.services.drafts.send_resume_link.apply_async", side_effect=kombu.exceptions.OperationalError("down")
    ):
        response = client.post(about, {**ABOUT, "email": "ana@example.org"})
    assert response.status_code == 302 and "emailed=1" not in response["Location"]
    assert Draft.objects.get().answers["about"]["email"] == "ana@example.org"  # nothing typed is lost
    assert Draft.objects.get().emailed_to == ""
    client.post(about, {**ABOUT, "email": "ana@example.org"})  # the broker is back
    assert len(mail.outbox) == 1


def test_the_resume_email_is_not_sent_once_the_answers_are_sent_or_the_address_changed():
    from expunge.services.drafts import send_resume_link
    from tests.factories import DraftFactory

    draft = DraftFactory(emailed_to="ana@example.org")
    send_resume_link.apply(args=(draft.pk, "old@example.org", "https://x/apply/draft/t/", "en"))
    assert mail.outbox == []
    send_resume_link.apply(args=(draft.pk, "ana@example.org", "https://x/apply/draft/t/", "es"))
    assert len(mail.outbox) == 1 and "Su enlace para volver" in mail.outbox[0].subject


def test_a_draft_holds_up_to_its_limits_and_then_sends_the_resident_to_staff(client, settings):
    from expunge.services import drafts

    about = start(client)
    cases = client.post(about, ABOUT)["Location"]
    draft = Draft.objects.get()
    draft.answers = {
        **draft.answers,
        "cases": [{"details": CASE, "charges": [{}]} for _ in range(drafts.MAX_CASES)],
    }
    draft.save()
    response = client.post(cases, {"action": "add_case"})
    assert response["Location"].endswith("/cases/?full=cases")
    assert len(Draft.objects.get().answers["cases"]) == drafts.MAX_CASES
    page = client.get(response["Location"]).content.decode()
    assert f"This form holds up to {drafts.MAX_CASES} cases" in page and "legal-aid staff will help you" in page
    draft = Draft.objects.get()
    draft.answers["cases"][0]["charges"] = [{} for _ in range(drafts.MAX_CHARGES_PER_CASE)]
    draft.save()
    response = client.post(cases, {"action": "add_charge", "case": "0"})
    assert response["Location"].endswith("/cases/?full=charges")
    assert len(Draft.objects.get().answers["cases"][0]["charges"]) == drafts.MAX_CHARGES_PER_CASE


@pytest.mark.parametrize("number", ["²", "٣", "-1", "1.0", " 1", "", "99999999999999999999"])
def test_odd_digits_in_the_list_of_cases_never_give_a_500(client, number):
    about = start(client)
    cases = client.post(about, ABOUT)["Location"]
    client.post(cases, {"action": "add_case"})
    for action in ("add_charge", "remove_case", "remove_charge"):
        response = client.post(cases, {"action": action, "case": number, "charge": number})
        assert response.status_code == 302
    assert len(Draft.objects.get().answers["cases"]) == 1


def test_the_longest_case_numbers_of_the_most_cases_are_each_kept_for_the_search():
    from expunge.services import drafts

    answers = journey_answers_for_many_cases(drafts.MAX_CASES, "C" * 40)
    for i, case in enumerate(answers["cases"]):
        case["details"]["case_number"] = f"{i:02d}-" + "C" * 37  # 40 characters, a dash among them
    submission = SubmissionFactory(answers=answers)  # stored on SQLite and PostgreSQL alike
    assert submission.case_numbers.count() == drafts.MAX_CASES


def journey_answers_for_many_cases(count: int, number: str) -> dict:
    from tests.factories import journey_answers

    answers = journey_answers()
    answers["cases"] = [
        {**answers["cases"][0], "details": {**answers["cases"][0]["details"], "case_number": number}}
        for _ in range(count)
    ]
    return answers

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from expunge.models import Document, Submission
from expunge.services.submissions import submission_check_eligibility
from tests.factories import SubmissionFactory, journey_answers, walk_journey

pytestmark = pytest.mark.django_db


def submit(client, django_capture_on_commit_callbacks, language="en", **overrides):
    """Answer every step of the questionnaire, let the queued tasks run (eagerly), then
    follow the redirect to the results."""
    with django_capture_on_commit_callbacks(execute=True):
        posted = walk_journey(client, language=language, **overrides)
    return client.get(posted["Location"], follow=True)


def token_from(response):
    return re.search(r"/apply/([\w-]+)/", response.request["PATH_INFO"]).group(1)


def test_the_whole_slice_in_eager_mode(client, eager_celery, django_capture_on_commit_callbacks):
    response = submit(client, django_capture_on_commit_callbacks, case_number=" 4193 40011 ")
    assert response.status_code == 200
    assert response.request["PATH_INFO"].endswith("/result/")
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.CHECKED
    assert submission.answers["cases"][0]["details"]["case_number"] == "419340011"
    assert submission.language == "en"
    content = response.content.decode()
    assert "The State should already have removed this record" in content
    assert "It was due to be removed by July 1, 2024." in content
    assert "Governor Moore pardoned" in content
    assert "CP §10-105(a)(12), (c)" in content
    assert "Have a lawyer or the court clerk confirm it" in content

    document = Document.objects.get(kind="petition")
    assert document.status == Document.Status.READY
    download = client.get(
        reverse("public:document_download", kwargs={"token": token_from(response), "pk": document.pk})
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "no-store" in download["Cache-Control"] or "max-age=0" in download["Cache-Control"]


def test_spanish_residents_get_their_results_in_spanish(client, eager_celery, django_capture_on_commit_callbacks):
    response = submit(client, django_capture_on_commit_callbacks, language="es")
    assert Submission.objects.get().language == "es"
    assert 'lang="es"' in response.content.decode()
    assert "Sus resultados" in response.content.decode()


def test_the_checking_page_refreshes_itself_until_the_result_is_ready(client):
    submission = SubmissionFactory(token="checking-token-1234567890abcdefghijkl")
    response = client.get(reverse("public:checking", kwargs={"token": "checking-token-1234567890abcdefghijkl"}))
    assert response.status_code == 200
    content = response.content.decode()
    # Updated by the page's script where JavaScript runs (the reader can stop it); without
    # JavaScript, only when the reader asks for it: never a forced refresh (WCAG 2.2.1).
    assert '<meta http-equiv="refresh"' not in content
    assert 'data-refresh-seconds="3"' in content and "js/page-refresh.js" in content
    assert "Check again now" in content and "?auto=1" in content
    asked = client.get(
        reverse("public:checking", kwargs={"token": "checking-token-1234567890abcdefghijkl"}) + "?auto=1"
    )
    assert '<meta http-equiv="refresh" content="3">' in asked.content.decode()
    assert "taking longer than usual" not in content
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    content = client.get(reverse("public:checking", kwargs={"token": "checking-token-1234567890abcdefghijkl"}))
    assert "taking longer than usual" in content.content.decode()


def test_the_checking_page_says_so_when_the_check_failed(client):
    SubmissionFactory(token="failed-token-1234567890abcdefghijklmn", status=Submission.Status.FAILED)
    response = client.get(reverse("public:checking", kwargs={"token": "failed-token-1234567890abcdefghijklmn"}))
    content = response.content.decode()
    assert "could not check your answers automatically" in content
    assert "http-equiv" not in content


def test_the_result_page_waits_for_the_petition(client):
    submission = SubmissionFactory(token="waiting-token-1234567890abcdefghijklm")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("expunge.services.documents.render_document.apply_async", lambda pk: None)
        submission_check_eligibility(submission_id=submission.pk)
    response = client.get(reverse("public:result", kwargs={"token": "waiting-token-1234567890abcdefghijklm"}))
    content = response.content.decode()
    assert "We are preparing your petition" in content
    assert '<meta http-equiv="refresh"' not in content and "data-refresh-seconds" in content
    asked = client.get(reverse("public:result", kwargs={"token": "waiting-token-1234567890abcdefghijklm"}) + "?auto=1")
    assert '<meta http-equiv="refresh"' in asked.content.decode()


@pytest.mark.parametrize("view", ["public:checking", "public:result"])
def test_an_unknown_link_is_not_found(client, view):
    SubmissionFactory()
    assert client.get(reverse(view, kwargs={"token": "not-a-real-token"})).status_code == 404


def test_a_document_needs_its_own_submissions_link(client, eager_celery, django_capture_on_commit_callbacks):
    first = submit(client, django_capture_on_commit_callbacks)
    second = submit(client, django_capture_on_commit_callbacks, full_name="Nguyễn Văn An")
    first_doc, second_doc = Document.objects.filter(kind="petition").order_by("pk")
    url = reverse("public:document_download", kwargs={"token": token_from(first), "pk": second_doc.pk})
    assert client.get(url).status_code == 404
    url = reverse("public:document_download", kwargs={"token": token_from(second), "pk": second_doc.pk})
    assert client.get(url).status_code == 200


def test_future_sentence_end_is_accepted(client, eager_celery, django_capture_on_commit_callbacks):
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = submit(
        client, django_capture_on_commit_callbacks, disposition_date="2024-01-10", sentence_completed=later
    )
    assert "You can file from" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("browser_language", ["en", "es"])
def test_the_language_switch_moves_to_the_same_page_in_the_other_language(client, browser_language):
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "/en/apply/"}, HTTP_ACCEPT_LANGUAGE=browser_language
    )
    assert response["Location"] == "/es/apply/"
    response = client.post(reverse("set_language"), {"language": "en", "next": "/es/apply/"})
    assert response["Location"] == "/en/apply/"


def test_how_we_decide_lists_every_legal_rule_from_the_rule_data(client):
    from eligibility import RULES_VERSION
    from eligibility.rules import LEGAL_RULES

    content = client.get(reverse("public:how_we_decide")).content.decode()
    for rule in LEGAL_RULES:
        assert f'id="rule-{rule.code}"' in content
        assert rule.citation in content
        section = content.split(f'id="rule-{rule.code}"')[1].split("</section>")[0]
        assert "last reviewed on" in section
    assert RULES_VERSION in content
    assert "Not yet confirmed in the official text" in content  # the fee rule is unverified
    assert "pending_case_unknown" not in content  # missing-fact reasons are not rules


def test_how_we_decide_in_spanish(client):
    content = client.get("/es/how-we-decide/").content.decode()
    assert "Cómo decidimos" in content
    assert "Desde el 1 de julio de 2023" in content


def test_a_rejected_form_post_explains_itself_in_the_residents_language():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/es/apply/", {})
    assert response.status_code == 403
    content = response.content.decode()
    assert "Vuelva a enviar el formulario" in content
    assert len(re.findall(r"<h1[\s>]", content)) == 1


def test_private_pages_ask_search_engines_not_to_list_them(client):
    SubmissionFactory(token="robots-token-1234567890abcdefghijklmn")
    response = client.get(reverse("public:checking", kwargs={"token": "robots-token-1234567890abcdefghijklmn"}))
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_a_recent_dismissal_explains_the_waiver_and_prepares_no_petition_yet(
    client, eager_celery, django_capture_on_commit_callbacks
):
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        charge="other",
        disposition="dismissed",
        disposition_date="2025-01-10",
        sentence_completed="",
    )
    content = response.content.decode()
    assert "if you also sign a waiver" in content
    assert "Without the waiver, you can file from Jan. 10, 2028." in content
    assert "General Waiver and Release (form CC-DC-CR-078)" in content
    assert not Document.objects.exists()


def test_an_old_dismissal_gets_a_no_fee_petition(client, eager_celery, django_capture_on_commit_callbacks):
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        charge="other",
        disposition="dismissed",
        disposition_date="2015-01-10",
        sentence_completed="",
    )
    assert "Download your petition packet (PDF)" in response.content.decode()
    assert Document.objects.get(kind="petition").form == "CC-DC-CR-072A"


def _result_page(client, raw, token, language="en"):
    from datetime import date

    from eligibility import assess
    from expunge.models import Determination

    submission = SubmissionFactory(token=token, status=Submission.Status.CHECKED, language=language)
    result = assess(raw)
    Determination.objects.create(
        submission=submission, result=result, rules_version=result["rules_version"], as_of=date(2026, 11, 25)
    )
    url = reverse("public:result", kwargs={"token": token})
    if language == "es":
        url = "/es" + url[3:]
    return client.get(url).content.decode()


def test_a_pardoned_conviction_still_being_served_says_from_when(client):
    from tests.eligibility.test_eligibility import COMPANION, cannabis, cases_record

    raw = cases_record([cannabis("2022-09-01", "2027-09-01", charge_date="2022-06-01"), dict(COMPANION)])
    content = _result_page(client, raw, "pardoned-later-token-1234567890abcdefgh")
    assert "pardoned by the Governor in 2024" in content
    assert re.search(r"You can file from [^<]*2027\.", content)


def test_the_pardon_ground_shows_its_deadline_in_the_residents_language(client):
    from tests.eligibility.test_eligibility import cases_record, paraphernalia, possession_2019

    raw = cases_record([paraphernalia(), possession_2019()])
    content = _result_page(client, raw, "pardon-deadline-token-1234567890abcdefgh")
    assert "The petition on this ground must be filed by June 17, 2034." in content
    content = _result_page(client, raw, "pardon-deadline-token-es-1234567890abcdef", language="es")
    assert "17 de junio de 2034" in content


def test_every_page_offers_a_quick_exit_but_staff_pages_do_not(client):
    for url in ["/en/", "/es/", "/en/how-we-decide/", "/en/apply/"]:
        content = client.get(url).content.decode()
        assert 'class="btn btn-danger btn-sm quick-exit" href="https://www.weather.gov/"' in content, url
    assert "Salir rápido de este sitio" in client.get("/es/").content.decode()
    assert "quick-exit" not in client.get("/staff/login/").content.decode()


def test_results_say_which_charge_holds_the_case_back_and_what_to_do_next(client):
    from tests.eligibility.test_eligibility import cases_record, charge

    raw = cases_record([charge("dismissed", "2015-01-01"), charge("pbj", "2015-01-01", statute="CR 3-211")])
    content = " ".join(_result_page(client, raw, "blocked-case-token-1234567890abcdefghijk").split())
    assert "Charge 2 holds this case back" in content
    assert "Next: read the reasons above" in content
    content = " ".join(_result_page(client, raw, "blocked-case-token-es-1234567890abcdefgh", "es").split())
    assert "El cargo 2 retiene este caso" in content


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_wrong_private_link_gets_the_portals_own_page_even_with_debug_on(client, settings, language):
    settings.DEBUG = True  # as under `make run`: Django would show its technical page
    wrong = "not-a-real-token-1234567890abcdefghijklmnop"
    for url in (
        reverse("public:result", kwargs={"token": wrong}),
        reverse("public:checking", kwargs={"token": wrong}),
        reverse("public:document_download", kwargs={"token": wrong, "pk": 1}),
    ):
        response = client.get(url.replace("/en/", f"/{language}/", 1))
        content = response.content.decode()
        assert response.status_code == 404, url
        assert ("copy the whole link again" if language == "en" else "cópielo de nuevo completo") in content, url
        assert "Raised by" not in content and "URLconf" not in content


def test_a_pbj_for_something_typed_in_goes_to_a_person_never_to_file_now(client):
    """A DUI typed as "something else" with a PBJ would wait 15 years, not 3 (and some PBJs
    can never be removed): without the charge's law, the answer is a person's to give."""
    submission = SubmissionFactory(
        token="pbj-typed-token-1234567890abcdefghijklmno",
        answers=journey_answers(
            charge="other",
            description="DUI",
            disposition="pbj",
            disposition_date="2015-01-10",
            sentence_completed="2016-01-10",
        ),
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("expunge.services.documents.render_document.apply_async", lambda pk: None)
        submission_check_eligibility(submission_id=submission.pk)
    charge = submission.latest_determination.result["cases"][0]["charges"][0]
    assert charge["outcome"] == "needs_review" and [r["code"] for r in charge["reasons"]] == ["pbj_offense_unknown"]
    assert not Document.objects.filter(submission=submission).exists()
    page = client.get(reverse("public:result", kwargs={"token": "pbj-typed-token-1234567890abcdefghijklmno"}))
    assert "drunk or drugged driving waits 15 years" in page.content.decode()

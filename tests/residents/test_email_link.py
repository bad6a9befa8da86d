""" "Email me this link" on the results page: the resident sends themselves the private link
(to the address they gave, or one they type), in their language, with nothing about the
case; a wrong address is explained and kept; limits stop floods; a broker that is down is
said plainly; a tampered link gets the portal's own page."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from expunge.models import Submission, hash_access_token
from expunge.services.links import RESIDENT, send_results_link
from expunge.services.retention import submission_kept_until
from expunge.services.submissions import submission_check_eligibility
from tests.core.test_queued_work import BROKER_DOWN
from tests.factories import SubmissionFactory, journey_answers

pytestmark = pytest.mark.django_db
TOKEN = "results-token-1234567890abcdefghijklmnopqrstu"


@pytest.fixture
def checked(eager_celery):
    """A resident's checked answers (José Núñez, case D-024-CR-22-001234) with ana@ on file."""
    submission = SubmissionFactory(
        token=TOKEN, answers=journey_answers(email="ana@example.org", case_number="D-024-CR-22-001234")
    )
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    return submission


def url(name, language="en", token=TOKEN):
    return f"/{language}" + reverse(f"public:{name}", kwargs={"token": token})[3:]


def test_the_results_page_offers_it_with_the_address_on_file(client, checked):
    page = client.get(url("result")).content.decode()
    assert "Email me this link" in page
    assert 'value="ana@example.org"' in page
    assert f'action="{url("email_link")}#email-link"' in page


@pytest.mark.parametrize(
    "language, subject, words", [("en", "Your link to your results", "as you asked"), ("es", "Su enlace", "como pidió")]
)
def test_the_link_goes_to_the_address_in_the_residents_language_with_nothing_about_the_case(
    client, checked, language, subject, words
):
    response = client.post(url("email_link", language), {"email": "ana@example.org"})
    assert response.status_code == 302
    assert response["Location"] == url("result", language) + "?link=sent#email-link"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"] and message.subject.startswith(subject)
    assert f"http://testserver{url('result', language)}" in message.body
    assert words in message.body
    assert str(submission_kept_until(checked).year) in message.body
    for private in ("José", "Núñez", "D-024", "cannabis", "Baltimore"):
        assert private not in message.body

    page = client.get(response["Location"]).content.decode()
    assert 'role="status"' in page
    assert ("We are sending the link" if language == "en" else "Le estamos enviando el enlace") in page


def test_an_address_typed_there_gets_it_and_the_one_on_file_stays(client, checked):
    client.post(url("email_link"), {"email": "mine@example.net"})
    assert [m.to for m in mail.outbox] == [["mine@example.net"]]
    assert Submission.objects.get().answers["about"]["email"] == "ana@example.org"


@pytest.mark.parametrize(
    "typed, error",
    [
        ("ana@", "Enter an email address like ana@example.org"),
        ("", "Enter the email address to send the link to"),
        ("a" * 250 + "@example.org", "Enter an email address using 254 characters or fewer"),
    ],
)
def test_a_wrong_address_is_explained_and_kept_and_nothing_is_sent(client, checked, typed, error):
    response = client.post(url("email_link"), {"email": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page and "<title>Error:" in page
    assert f'value="{typed}"' in page or not typed
    assert "Your results" in page  # the whole page again, not an error page
    assert not mail.outbox


def test_the_link_is_asked_for_only_by_post(client, checked):
    assert client.get(url("email_link")).status_code == 405


def test_a_tampered_link_gets_the_portals_own_page(client, checked):
    response = client.post(url("email_link", token=TOKEN[:-1] + "x"), {"email": "ana@example.org"})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert not mail.outbox


def test_one_results_link_sends_five_a_day_then_a_plain_429_while_another_resident_still_gets_theirs(client, checked):
    for _ in range(5):
        assert client.post(url("email_link"), {"email": "ana@example.org"}).status_code == 302
    refused = client.post(url("email_link"), {"email": "other@example.org"})
    assert refused.status_code == 429
    assert len(mail.outbox) == 5

    SubmissionFactory(token="another-token-1234567890abcdefghijklmnopqr", status=Submission.Status.CHECKED)
    other = Submission.objects.exclude(pk=checked.pk).get()
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=other.pk)
    sent = client.post(
        url("email_link", token="another-token-1234567890abcdefghijklmnopqr"), {"email": "ben@example.org"}
    )
    assert sent.status_code == 302 and mail.outbox[-1].to == ["ben@example.org"]


def test_with_the_broker_down_the_page_says_so_and_the_link_is_still_there(client, checked):
    with mock.patch.object(send_results_link, "apply_async", side_effect=BROKER_DOWN):
        response = client.post(url("email_link"), {"email": "ana@example.org"})
    assert response["Location"].endswith("?link=not-sent#email-link")
    page = client.get(response["Location"]).content.decode()
    assert "We could not send the email just now" in page and TOKEN in page
    assert not mail.outbox


def test_a_link_replaced_by_staff_before_the_email_went_out_is_not_sent(checked):
    send_results_link.run(checked.pk, "ana@example.org", "https://x/en/apply/t/result/", "0" * 64, RESIDENT, "en")
    assert not mail.outbox
    send_results_link.run(
        checked.pk, "ana@example.org", "https://x/en/apply/t/result/", hash_access_token(TOKEN), RESIDENT, "es"
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Su enlace")


class TestRandomAddressesNeverFail(HypothesisTestCase):
    """Whatever is typed as the address, the answer is the page again or a redirect."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(max_size=300) | st.sampled_from(["ana@example.org", "a@b", "@", "ana@example.org\r\nBcc: x@y.z"]))
    def test_random_addresses(self, typed):
        from django.core.cache import cache

        cache.clear()  # the limits would turn later examples into 429s
        submission = SubmissionFactory(token=TOKEN, answers=journey_answers(email="ana@example.org"))
        with mock.patch("expunge.services.documents.render_document.apply_async"):
            submission_check_eligibility(submission_id=submission.pk)
        with mock.patch.object(send_results_link, "apply_async") as queued:
            response = self.client.post(url("email_link"), {"email": typed})
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            (args,) = [call.kwargs["args"] for call in queued.call_args_list]
            assert "\n" not in args[1] and "@" in args[1]

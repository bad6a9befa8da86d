"""Staff send a resident who lost their private link a new one: only to the address the
resident gave, the old link stops working at once, the email holds the link and nothing
about the case, in the resident's language, and the change is audited."""

import pytest
from django.core import mail
from django.urls import reverse

from expunge.models import AuditEvent, Submission, hash_access_token
from tests.factories import OrganisationFactory, SubmissionFactory, journey_answers

pytestmark = pytest.mark.django_db
OLD = "old-results-token-1234567890abcdefghijklmnop"


@pytest.mark.parametrize("language, subject", [("en", "Your new link to your results"), ("es", "Su nuevo enlace")])
def test_a_new_link_goes_to_the_address_on_file_and_the_old_one_stops(
    eager_celery, staff_client, client, language, subject, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(
        token=OLD, answers=journey_answers(email="ana@example.org", case_number="D-024-CR-22-001234"), language=language
    )
    assert client.get(reverse("public:result", kwargs={"token": OLD})).status_code != 404
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("staff:submission_new_link", kwargs={"pk": submission.pk}), follow=True)
    assert "A new results link is on its way to ana@example.org" in response.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"] and message.subject.startswith(subject)
    assert "José" not in message.body and "D-024" not in message.body  # the link, nothing about the case
    new = message.body.split("/apply/")[1].split("/")[0]
    submission.refresh_from_db()
    assert submission.access_token_hash == hash_access_token(new)
    assert f"/{language}/apply/{new}/result/" in message.body
    assert client.get(reverse("public:result", kwargs={"token": OLD})).status_code == 404
    assert client.get(reverse("public:result", kwargs={"token": new})).status_code != 404
    event = AuditEvent.objects.get(action=AuditEvent.Action.NEW_LINK)
    assert event.submission_id == submission.pk and event.detail == {}


def test_without_an_address_on_file_nothing_changes(eager_celery, staff_client):
    submission = SubmissionFactory(token=OLD, answers=journey_answers(email=""))
    response = staff_client.post(reverse("staff:submission_new_link", kwargs={"pk": submission.pk}), follow=True)
    assert "The resident gave no email address" in response.content.decode()
    assert not mail.outbox
    assert Submission.objects.get().access_token_hash == hash_access_token(OLD)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.NEW_LINK).exists()


def test_another_organisations_resident_gets_no_link(eager_celery, staff_client):
    other = OrganisationFactory(name="Western Maryland Legal Aid", counties=["allegany"])
    submission = SubmissionFactory(token=OLD, answers=journey_answers(email="x@example.org"), organisation=other)
    assert staff_client.post(reverse("staff:submission_new_link", kwargs={"pk": submission.pk})).status_code == 404
    assert not mail.outbox


def test_the_link_is_asked_for_only_by_post(staff_client):
    submission = SubmissionFactory(token=OLD, answers=journey_answers(email="x@example.org"))
    assert staff_client.get(reverse("staff:submission_new_link", kwargs={"pk": submission.pk})).status_code == 405


def test_the_detail_page_offers_it_with_the_address(staff_client):
    submission = SubmissionFactory(token=OLD, answers=journey_answers(email="ana@example.org"))
    page = staff_client.get(reverse("staff:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert "Email a new results link" in page and "ana@example.org" in page


def test_a_link_superseded_before_its_email_went_out_is_not_sent():
    from expunge.services.links import send_results_link

    submission = SubmissionFactory(token=OLD, answers=journey_answers(email="ana@example.org"))
    send_results_link.run(submission.pk, "ana@example.org", "https://x/en/apply/t/result/", "0" * 64)
    assert not mail.outbox
    send_results_link.run(submission.pk, "ana@example.org", "https://x/en/apply/t/result/", hash_access_token(OLD))
    assert len(mail.outbox) == 1


def test_with_the_broker_down_the_old_link_stays_and_staff_are_told(staff_client, client):
    from unittest import mock

    from expunge.services.links import send_results_link
    from tests.core.test_queued_work import BROKER_DOWN

    submission = SubmissionFactory(token=OLD, answers=journey_answers(email="ana@example.org"))
    with mock.patch.object(send_results_link, "apply_async", side_effect=BROKER_DOWN):
        response = staff_client.post(reverse("staff:submission_new_link", kwargs={"pk": submission.pk}), follow=True)
    assert "The email could not be sent just now, so the resident&#x27;s link was left as it was" in (
        response.content.decode()
    )
    assert Submission.objects.get().access_token_hash == hash_access_token(OLD)
    assert client.get(reverse("public:result", kwargs={"token": OLD})).status_code != 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.NEW_LINK).exists()
    assert not mail.outbox

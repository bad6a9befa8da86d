from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from expunge.models import Determination, Document, Submission, hash_access_token
from expunge.packet import documents
from expunge.records import JOURNEY_VERSION
from expunge.services.documents import document_claim, document_render, render_document
from expunge.services.retention import submission_delete
from expunge.services.retries import RETRY_COUNTDOWNS
from expunge.services.submissions import check_eligibility, submission_check_eligibility, submission_submit
from tests.factories import SubmissionFactory, journey_answers

pytestmark = pytest.mark.django_db


def test_submit_stores_answers_and_search_columns_and_returns_a_token(django_capture_on_commit_callbacks):
    with mock.patch("expunge.services.submissions.check_eligibility.apply_async") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            submission, token = submission_submit(answers=journey_answers(), language="es")
    submission.refresh_from_db()
    assert submission.answers == journey_answers()
    assert submission.questionnaire_version == JOURNEY_VERSION
    assert submission.full_name == "José Núñez"
    assert submission.county == "baltimore_city"
    assert submission.date_of_birth == date(1990, 4, 12)
    assert submission.language == "es"
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.access_token_hash == hash_access_token(token)
    assert token not in submission.access_token_hash
    assert len(token) >= 40
    delay.assert_called_once_with(args=(submission.pk,), retry=False)


def test_submit_queues_the_check_only_after_commit(django_capture_on_commit_callbacks):
    with mock.patch("expunge.services.submissions.check_eligibility.apply_async") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            submission_submit(answers=journey_answers())
        delay.assert_not_called()
        assert len(callbacks) == 1


def test_check_records_a_determination_and_queues_the_petition(django_capture_on_commit_callbacks):
    submission = SubmissionFactory()
    with mock.patch("expunge.services.documents.render_document.apply_async") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            determination = submission_check_eligibility(submission_id=submission.pk, as_of=date(2026, 11, 25))
    submission.refresh_from_db()
    assert submission.status == Submission.Status.CHECKED
    assert determination.as_of == date(2026, 11, 25)
    assert determination.rules_version == determination.result["rules_version"]
    charge = determination.result["cases"][0]["charges"][0]
    # The only charge, cannabis possession charged before July 2023: HB 837 clean-up,
    # with the petition for when the case still shows.
    assert charge["outcome"] == "automatically_expunged"
    assert charge["remedy"]["ground"] == "CP §10-105(a)(12)"
    documents = {d.kind: d for d in submission.documents.all()}
    assert sorted(documents) == ["cover", "packet", "petition"]
    document = documents["petition"]
    assert (document.kind, document.case_index, document.form, document.status) == (
        "petition",
        0,
        "CC-DC-CR-072D",
        Document.Status.PENDING,
    )
    assert sorted(call.kwargs["args"][0] for call in delay.call_args_list) == sorted(d.pk for d in documents.values())


def test_check_is_safe_to_run_twice():
    submission = SubmissionFactory()
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        first = submission_check_eligibility(submission_id=submission.pk)
        second = submission_check_eligibility(submission_id=submission.pk)
    assert first is not None
    assert second is None
    assert Determination.objects.filter(submission=submission).count() == 1
    assert Document.objects.filter(submission=submission).count() == 3  # petition, cover sheet, packet


def test_no_petition_is_queued_when_the_resident_must_wait():
    later = (timezone.localdate() + timedelta(days=90)).isoformat()
    submission = SubmissionFactory(answers=journey_answers(disposition_date="2023-08-01", sentence_completed=later))
    submission_check_eligibility(submission_id=submission.pk)
    charge = submission.latest_determination.result["cases"][0]["charges"][0]
    assert charge["outcome"] == "eligible_on_date"
    assert charge["eligible_on"] == later
    assert not submission.documents.exists()


def test_no_petition_is_queued_for_needs_review():
    submission = SubmissionFactory(answers=journey_answers(charge="other"))
    submission_check_eligibility(submission_id=submission.pk)
    assert submission.latest_determination.result["cases"][0]["charges"][0]["outcome"] == "needs_review"
    assert not submission.documents.exists()


def test_answers_the_engine_cannot_read_mark_the_submission_failed_for_staff():
    submission = SubmissionFactory(answers=journey_answers(county="gotham"))
    assert submission_check_eligibility(submission_id=submission.pk) is None
    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED
    assert "county" in submission.failure_reason
    assert not submission.determinations.exists()


def test_a_failure_during_the_check_leaves_the_row_claimable():
    submission = SubmissionFactory()
    with mock.patch(
        "expunge.services.submissions.Determination.objects.create", side_effect=OperationalError("db went away")
    ):
        with pytest.raises(OperationalError):
            submission_check_eligibility(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert submission_check_eligibility(submission_id=submission.pk) is not None


def _checked_submission():
    submission = SubmissionFactory()
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    return submission, submission.documents.get(kind="petition")


def test_render_stores_the_pdf_privately(private_media):
    _submission, document = _checked_submission()
    claimed = document_claim(document_id=document.pk)
    assert document_render(document=claimed)
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert document.generated_at is not None
    assert document.rules_version
    path = private_media / document.file.name
    assert path.read_bytes().startswith(b"%PDF")
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018 - private files have no URL


def test_rerendering_replaces_the_file_instead_of_adding_one(private_media):
    _submission, document = _checked_submission()
    document_render(document=document_claim(document_id=document.pk))
    document.refresh_from_db()
    first_name = document.file.name
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PENDING)
    document_render(document=document_claim(document_id=document.pk))
    document.refresh_from_db()
    files = [p for p in private_media.rglob("*.pdf")]
    assert len(files) == 1
    assert files[0] == private_media / document.file.name
    assert Document.objects.filter(submission=document.submission, kind="petition").count() == 1
    if first_name != document.file.name:
        assert not (private_media / first_name).exists()


def test_a_document_is_claimed_once():
    _submission, document = _checked_submission()
    assert document_claim(document_id=document.pk) is not None
    assert document_claim(document_id=document.pk) is None


def test_an_abandoned_claim_can_be_taken_over(settings):
    _submission, document = _checked_submission()
    document_claim(document_id=document.pk)
    Document.objects.filter(pk=document.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.TASK_CLAIM_TIMEOUT_SECONDS + 1)
    )
    assert document_claim(document_id=document.pk) is not None


def test_a_render_whose_claim_was_taken_over_does_not_overwrite():
    _submission, document = _checked_submission()
    mine = document_claim(document_id=document.pk)
    Document.objects.filter(pk=document.pk).update(claimed_at=timezone.now() + timedelta(seconds=5))
    assert document_render(document=mine) is False
    document.refresh_from_db()
    assert document.status == Document.Status.RENDERING
    assert not document.file


def test_a_render_of_a_deleted_submission_writes_no_file(private_media):
    """The resident deleted their answers while their petition was being prepared."""
    submission, document = _checked_submission()
    mine = document_claim(document_id=document.pk)
    render = documents.render_document

    def deleted_while_rendering(*args):
        pdf = render(*args)
        submission_delete(submission=submission, reason="resident")
        return pdf

    with mock.patch("expunge.packet.documents.render_document", deleted_while_rendering):
        assert document_render(document=mine) is False
    assert not list(private_media.rglob("*.pdf"))


# --- Tasks: retry policy ------------------------------------------------------------


def test_the_check_task_retries_transient_errors_on_the_schedule():
    with mock.patch(
        "expunge.services.submissions.submission_check_eligibility", side_effect=OperationalError("connection lost")
    ):
        with mock.patch.object(check_eligibility, "retry", side_effect=RuntimeError("retry")) as retry:
            with pytest.raises(RuntimeError, match="retry"):
                check_eligibility.run(123)
    assert retry.call_args.kwargs["countdown"] == RETRY_COUNTDOWNS[0]


def test_the_check_task_records_the_final_failure_for_staff():
    submission = SubmissionFactory()
    task = check_eligibility
    with mock.patch(
        "expunge.services.submissions.submission_check_eligibility", side_effect=OperationalError("connection lost")
    ):
        task.push_request(retries=task.max_retries)
        try:
            task.run(submission.pk)
        finally:
            task.pop_request()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED
    assert "connection lost" in submission.failure_reason


def test_the_check_task_does_not_retry_other_errors_and_tells_staff():
    submission = SubmissionFactory()
    with mock.patch("expunge.services.submissions.submission_check_eligibility", side_effect=KeyError("bug")):
        with mock.patch.object(check_eligibility, "retry") as retry:
            check_eligibility.run(submission.pk)
    retry.assert_not_called()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED
    assert "KeyError" in submission.failure_reason


def test_the_render_task_marks_a_broken_template_failed_without_retrying():
    _submission, document = _checked_submission()
    with mock.patch("expunge.packet.documents.render_document", side_effect=ValueError("template broke")):
        with mock.patch.object(render_document, "retry") as retry:
            render_document.run(document.pk)
    retry.assert_not_called()
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert "template broke" in document.failure_reason


def test_the_render_task_releases_the_claim_before_retrying():
    _submission, document = _checked_submission()
    with mock.patch("expunge.packet.documents.render_document", side_effect=OSError("disk full")):
        with mock.patch.object(render_document, "retry", side_effect=RuntimeError("retry")) as retry:
            with pytest.raises(RuntimeError):
                render_document.run(document.pk)
    assert retry.call_args.kwargs["countdown"] == RETRY_COUNTDOWNS[0]
    document.refresh_from_db()
    assert document.status == Document.Status.PENDING


def test_the_render_task_retries_when_the_database_is_away_at_the_claim(private_media):
    """The claim is inside the retry: a database outage as the task starts is retried,
    and the retry makes the document."""
    _submission, document = _checked_submission()
    with mock.patch(
        "expunge.services.documents.document_claim", side_effect=OperationalError("server closed the connection")
    ):
        with mock.patch.object(render_document, "retry", side_effect=RuntimeError("retry")) as retry:
            with pytest.raises(RuntimeError):
                render_document.run(document.pk)
    assert retry.call_args.kwargs["countdown"] == RETRY_COUNTDOWNS[0]
    render_document.run(document.pk)  # the retry, once the database is back
    document.refresh_from_db()
    assert document.status == Document.Status.READY


def test_a_failure_that_cannot_be_recorded_leaves_the_row_for_the_sweeper(private_media):
    """The database goes away during the render and stays away for the last retry: the
    handler logs instead of failing in turn, and the document keeps its claim (which runs
    out, so that the sweeper sends it again)."""
    _submission, document = _checked_submission()
    away = OperationalError("the database is away")
    with (
        mock.patch("expunge.services.documents.document_render", side_effect=away),
        mock.patch("expunge.services.documents.document_mark_failed", side_effect=away),
    ):
        render_document.push_request(retries=render_document.max_retries)
        try:
            render_document.run(document.pk)
        finally:
            render_document.pop_request()
    document.refresh_from_db()
    assert document.status == Document.Status.RENDERING


def test_the_render_task_is_safe_to_run_twice(private_media):
    _submission, document = _checked_submission()
    render_document.run(document.pk)
    render_document.run(document.pk)
    assert len(list(private_media.rglob("*.pdf"))) == 1

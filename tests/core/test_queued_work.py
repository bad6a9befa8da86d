"""Nothing lost when the broker or a worker fails: the intent is written with the row, the
resident is never held up, the sweeper sends exactly the overdue work again, a try that
never finishes stops after TASK_MAX_ATTEMPTS, long jobs work in batches, and each periodic
job's last run is shown to supervisors (late when it stops)."""

from datetime import timedelta
from unittest import mock

import kombu.exceptions
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from expunge.models import Document, PeriodicRun, Submission
from expunge.services import retention
from expunge.services.documents import document_claim
from expunge.services.periodic import periodic_run
from expunge.services.submissions import submission_check_eligibility
from expunge.services.sweeper import sweep_overdue, sweep_overdue_task
from tests.conftest import verified_login
from tests.factories import DocumentFactory, SubmissionFactory, walk_journey

pytestmark = pytest.mark.django_db
BROKER_DOWN = kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_with_the_broker_down_the_resident_sends_their_answers_and_sees_checking(client, organisation):
    with mock.patch("expunge.services.submissions.check_eligibility.apply_async", side_effect=BROKER_DOWN):
        response = walk_journey(client)
    assert response.status_code == 302 and "/checking/" in response["Location"]
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.SUBMITTED and submission.queued_at is not None
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Checking your answers" in page.content.decode()
    # Sending again (a second tap) neither fails nor makes a second submission.
    assert Submission.objects.count() == 1

    # The broker is back: the sweeper sends the check once it is overdue, and only once.
    later = timezone.now() + timedelta(minutes=6)
    with mock.patch("expunge.services.sweeper.check_eligibility.apply_async") as sent:
        assert sweep_overdue(now=later) == {"submissions": 1, "documents": 0, "batch_tasks": 0}
        assert sweep_overdue(now=later + timedelta(seconds=30)) == {"submissions": 0, "documents": 0, "batch_tasks": 0}
    sent.assert_called_once_with(args=(submission.pk,), retry=False)


def test_a_staff_correction_during_an_outage_keeps_its_documents_waiting_for_the_sweeper(organisation, supervisor):
    submission = SubmissionFactory()
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    client = verified_login(Client(), supervisor)
    with mock.patch("expunge.services.documents.render_document.apply_async", side_effect=BROKER_DOWN):
        response = client.post(
            reverse("staff:submission_correct", kwargs={"pk": submission.pk}),
            {"case": "1", "charge": "", "field": "case.case_number", "value": "D-024-CR-22-009999"},
        )
    assert response.status_code == 302
    documents = list(submission.documents.all())
    assert documents and all(d.status == Document.Status.PENDING and d.queued_at for d in documents)
    with mock.patch("expunge.services.sweeper.render_document.apply_async") as sent:
        assert sweep_overdue(now=timezone.now() + timedelta(minutes=6))["documents"] == len(documents)
    assert sorted(call.kwargs["args"][0] for call in sent.call_args_list) == sorted(d.pk for d in documents)


def test_the_sweeper_sends_exactly_the_overdue_work(settings, organisation):
    settings.SWEEP_AFTER_SECONDS = 300
    settings.TASK_CLAIM_TIMEOUT_SECONDS = 300
    now = timezone.now()
    old, recent = now - timedelta(minutes=10), now - timedelta(minutes=1)
    waiting = SubmissionFactory(queued_at=old)
    SubmissionFactory(queued_at=recent)  # sent a minute ago: not overdue yet
    SubmissionFactory(queued_at=old, status=Submission.Status.CHECKED)
    SubmissionFactory(queued_at=old, status=Submission.Status.FAILED)
    never_stamped = SubmissionFactory(queued_at=None)  # stored before queued_at existed
    holder = SubmissionFactory(status=Submission.Status.CHECKED)

    def document(kind, **fields):
        return DocumentFactory(submission=holder, kind=kind, case_index=0, **fields)

    pending = document("petition", status=Document.Status.PENDING, queued_at=old)
    document("cover", status=Document.Status.PENDING, queued_at=recent)
    document("waiver", status=Document.Status.RENDERING, claimed_at=recent, queued_at=old)  # a live worker has it
    abandoned = document("packet", status=Document.Status.RENDERING, claimed_at=old, queued_at=old)
    document("referral", status=Document.Status.READY, queued_at=old)

    with (
        mock.patch("expunge.services.sweeper.check_eligibility.apply_async") as checks,
        mock.patch("expunge.services.sweeper.render_document.apply_async") as renders,
    ):
        assert sweep_overdue(now=now) == {"submissions": 2, "documents": 2, "batch_tasks": 0}
    assert sorted(c.kwargs["args"][0] for c in checks.call_args_list) == sorted([waiting.pk, never_stamped.pk])
    assert sorted(c.kwargs["args"][0] for c in renders.call_args_list) == sorted([pending.pk, abandoned.pk])
    waiting.refresh_from_db()
    assert waiting.queued_at == now  # stamped: the next sweep leaves it for another five minutes


def test_the_sweeper_with_the_broker_still_down_loses_nothing(organisation):
    waiting = SubmissionFactory(queued_at=timezone.now() - timedelta(hours=1))
    with mock.patch("expunge.services.sweeper.check_eligibility.apply_async", side_effect=BROKER_DOWN):
        assert sweep_overdue() == {"submissions": 0, "documents": 0, "batch_tasks": 0}
    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.SUBMITTED  # the next sweep tries again


def test_a_document_that_never_finishes_stops_after_the_most_attempts(settings, organisation):
    settings.TASK_MAX_ATTEMPTS = 3
    holder = SubmissionFactory(status=Submission.Status.CHECKED)
    document = DocumentFactory(submission=holder, kind="petition", case_index=0)
    for attempt in range(1, 4):
        assert document_claim(document_id=document.pk) is not None, attempt
        # The worker dies mid-render: its claim runs out.
        Document.objects.filter(pk=document.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    assert document_claim(document_id=document.pk) is None
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert document.failure_reason == "Rendering did not finish in 3 tries."
    assert document.attempts == 4


def test_a_check_that_never_finishes_stops_after_the_most_attempts(settings, organisation):
    settings.TASK_MAX_ATTEMPTS = 3
    submission = SubmissionFactory(check_attempts=3)  # three tries that killed their worker
    assert submission_check_eligibility(submission_id=submission.pk) is None
    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED
    assert "did not finish in 3 tries" in submission.failure_reason
    assert not submission.determinations.exists()


def test_each_try_at_a_check_counts(organisation):
    submission = SubmissionFactory()
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
        submission_check_eligibility(submission_id=submission.pk)  # a second delivery: nothing to do
    submission.refresh_from_db()
    assert (submission.status, submission.check_attempts, submission.determinations.count()) == ("checked", 1, 1)


def test_the_purge_works_in_batches_and_goes_on_in_another_task(settings, organisation, monkeypatch):
    settings.SUBMISSION_RETENTION = timedelta(days=1)
    SubmissionFactory.create_batch(3)
    Submission.objects.update(created_at=timezone.now() - timedelta(days=2))
    monkeypatch.setattr(retention, "PURGE_BATCH", 2)
    with mock.patch("expunge.services.retention.purge_expired_task.apply_async") as again:
        retention.purge_expired_task()
    assert Submission.objects.count() == 1
    again.assert_called_once_with(args=(), retry=False)
    run = PeriodicRun.objects.get(job="purge-expired")
    assert run.ok and run.summary == "0 drafts, 2 submissions and 0 batches deleted; more to come"


def test_supervisors_see_each_periodic_jobs_last_run_and_when_it_is_late(settings, supervisor, staff_user):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as in production: a beat process runs the jobs
    with mock.patch("expunge.services.sweeper.check_eligibility.apply_async"):
        sweep_overdue_task()
    PeriodicRun.objects.create(
        job="purge-expired", finished_at=timezone.now() - timedelta(days=3), ok=True, summary="0 drafts"
    )
    PeriodicRun.objects.create(
        job="decide-due", finished_at=timezone.now() - timedelta(hours=20), ok=True, summary="0 decided again"
    )
    page = " ".join(verified_login(Client(), supervisor).get(reverse("staff:submission_list")).content.decode().split())
    assert "Sending overdue work again: last finished" in page
    assert "Nightly deletion of what is due: last finished" in page
    assert "Nightly decision of what can be filed from today: last finished" in page
    assert page.count("late: check that the beat process is running") == 1  # the purge, three days ago
    reviewer_page = verified_login(Client(), staff_user).get(reverse("staff:submission_list")).content.decode()
    assert "Background jobs" not in reviewer_page


def test_a_failed_run_is_recorded_and_shown(settings, supervisor):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the embedded default

    def broken():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        periodic_run("purge-expired", broken)
    run = PeriodicRun.objects.get(job="purge-expired")
    assert not run.ok and "disk full" in run.summary and run.finished_at
    page = verified_login(Client(), supervisor).get(reverse("staff:submission_list")).content.decode()
    assert "the last run failed" in page
    # On the embedded default nothing is queued, so there is no sweeper to watch.
    assert "Sending overdue work again" not in page


def test_a_task_that_cannot_be_queued_never_logs_its_arguments(caplog):
    from expunge.services.links import send_results_link
    from expunge.services.queue import enqueue

    with mock.patch.object(send_results_link, "apply_async", side_effect=BROKER_DOWN):
        assert enqueue(send_results_link, 7, "ana@example.org", "https://x/en/apply/secret-token/result/", "h") is False
    assert "row 7" in caplog.text
    assert "ana@example.org" not in caplog.text and "secret-token" not in caplog.text

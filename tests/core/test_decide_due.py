"""The nightly decision of what can be filed from today: a submission whose filing day has
come is decided again as of that day, so the petition the results page promised is there
when the resident comes back; what is not due, closed or a duplicate is left alone."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.conf import settings

from expunge.models import Document, PeriodicRun, Submission
from expunge.services.submissions import decide_due, decide_due_task, submission_check_eligibility
from tests.factories import SubmissionFactory, journey_answers

pytestmark = pytest.mark.django_db
STET_DAY = "2024-03-01"  # a stet can be removed 3 years later: from March 1, 2027
DUE = date(2027, 3, 1)


def stet(**columns) -> Submission:
    submission = SubmissionFactory(
        answers=journey_answers(
            charge="other", disposition="stet", disposition_date=STET_DAY, facts={"treatment": "no"}
        ),
        **columns,
    )
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk, as_of=date(2026, 12, 3))
    submission.refresh_from_db()
    assert submission.next_eligible_on == DUE
    assert submission.latest_determination.result["cases"][0]["charges"][0]["outcome"] == "eligible_on_date"
    return submission


@pytest.fixture(autouse=True)
def _no_rendering():
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        yield


def test_on_the_day_the_submission_is_decided_again_and_its_petition_is_made():
    submission = stet()
    assert not submission.documents.exists()
    assert decide_due(today=date(2027, 2, 28)) == {"decided": 0, "more": 0}

    assert decide_due(today=DUE) == {"decided": 1, "more": 0}
    submission.refresh_from_db()
    determination = submission.latest_determination
    assert determination.as_of == DUE
    assert determination.result["cases"][0]["charges"][0]["outcome"] == "eligible_now"
    assert submission.next_eligible_on is None
    assert submission.documents.filter(kind=Document.Kind.PETITION).exists()
    # Decided once: the next night finds nothing.
    assert decide_due(today=date(2027, 3, 2)) == {"decided": 0, "more": 0}


@pytest.mark.parametrize("review_status", ["granted", "denied", "withdrawn"])
def test_a_closed_submission_is_left_alone(review_status):
    submission = stet(review_status=review_status)
    assert decide_due(today=DUE)["decided"] == 0
    assert submission.determinations.count() == 1


def test_a_duplicate_is_left_alone():
    original = stet()
    duplicate = stet(duplicate_of=original)
    assert decide_due(today=DUE)["decided"] == 1
    assert duplicate.determinations.count() == 1 and original.determinations.count() == 2


def test_many_due_are_decided_a_batch_at_a_time_and_the_task_sends_the_rest_on(eager_celery):
    for _ in range(3):
        stet()
    assert decide_due(today=DUE, limit=2) == {"decided": 2, "more": 1}
    assert decide_due(today=DUE, limit=2) == {"decided": 1, "more": 0}

    later = [stet(), stet()]
    with (
        mock.patch("expunge.services.submissions.DECIDE_DUE_BATCH", 1),
        mock.patch("expunge.services.submissions.timezone.localdate", return_value=DUE),
    ):
        decide_due_task.delay()
    assert [s.determinations.count() for s in later] == [2, 2]  # the second in a task of its own
    run = PeriodicRun.objects.get(job="decide-due")
    assert run.ok and run.summary == "1 decided again"


def test_it_runs_every_night_after_the_purge():
    entry = settings.CELERY_BEAT_SCHEDULE["decide-due"]
    assert entry["task"] == "expunge.tasks.decide_due"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {45}


def test_the_command_decides_everything_due_and_says_how_many(capsys):
    from django.core.management import call_command

    submissions = [stet(), stet()]
    with (
        mock.patch("expunge.services.submissions.DECIDE_DUE_BATCH", 1),
        mock.patch("expunge.services.submissions.timezone.localdate", return_value=DUE),
    ):
        call_command("decide_due")
    assert "Decided again 2 submissions" in capsys.readouterr().out
    assert [s.determinations.count() for s in submissions] == [2, 2]

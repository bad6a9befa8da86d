"""How long answers are kept, and deleting them: what residents are told, the resident's
own "delete my answers", and the purge of what is due (manage.py purge_expired, and the
nightly Celery beat task)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from expunge.models import AuditEvent, Deletion, Document, Draft, Note, Submission
from expunge.services.retention import purge_expired
from tests.conftest import verified_login
from tests.factories import DocumentFactory, DraftFactory, SubmissionFactory
from tests.residents.test_views import submit, token_from

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/en/", "/en/apply/"])
def test_the_start_pages_say_how_long_answers_are_kept(client, settings, path):
    settings.DRAFT_LINK_LIFETIME = timedelta(days=21)
    settings.SUBMISSION_RETENTION = timedelta(days=400)
    content = client.get(path).content.decode()
    assert "Answers you have not sent are deleted 21 days after you start." in content
    assert "are deleted 400 days after you send them" in content
    assert "You can delete them yourself at any time." in content
    assert "legal-aid staff of the organisation serving your county" in content


def test_the_spanish_start_page_says_it_in_spanish(client):
    content = client.get("/es/apply/").content.decode()
    assert "Las respuestas que no ha enviado se borran 30 días después de empezar." in content


def test_sending_the_answers_empties_the_draft(client, eager_celery, django_capture_on_commit_callbacks):
    submit(client, django_capture_on_commit_callbacks)
    draft = Draft.objects.get()
    assert draft.submission is not None
    assert draft.answers == {}
    assert Submission.objects.get().answers["about"]["full_name"] == "José Núñez"


def _files(submission) -> list[Path]:
    return [Path(document.file.path) for document in submission.documents.all() if document.file]


def test_a_resident_deletes_their_answers(client, eager_celery, django_capture_on_commit_callbacks, organisation):
    response = submit(client, django_capture_on_commit_callbacks)
    token = token_from(response)
    submission = Submission.objects.get()
    kept_until = timezone.localtime(submission.created_at + timedelta(days=365)).date()
    assert f"We delete your answers, results and papers on {date_format(kept_until)}." in response.content.decode()
    files = _files(submission)
    assert files and all(path.exists() for path in files)

    delete_url = reverse("public:delete", kwargs={"token": token})
    assert delete_url in response.content.decode()
    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    assert "It cannot be undone." in confirm.content.decode()
    assert Submission.objects.exists()  # asking is not deleting

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(delete_url)
    assert done.status_code == 200
    assert "Your answers are deleted" in done.content.decode()
    assert not Submission.objects.exists()
    assert not Document.objects.exists()
    assert not Draft.objects.exists()
    assert not any(path.exists() for path in files)
    deletion = Deletion.objects.get()
    assert (deletion.submission_number, deletion.reason, deletion.organisation) == (
        submission.pk,
        Deletion.Reason.RESIDENT,
        organisation,
    )
    # The link no longer opens anything.
    assert client.get(reverse("public:result", kwargs={"token": token})).status_code == 404
    assert client.post(delete_url).status_code == 404


def test_deleting_needs_the_residents_own_link(client):
    SubmissionFactory()
    assert client.post(reverse("public:delete", kwargs={"token": "someone-elses-link"})).status_code == 404
    assert Submission.objects.count() == 1


def _aged(days: int, **kwargs) -> Submission:
    submission = SubmissionFactory(**kwargs)
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timedelta(days=days))
    return Submission.objects.get(pk=submission.pk)


def test_the_purge_deletes_what_is_due_and_keeps_what_staff_are_working_on(settings, staff_user):
    settings.SUBMISSION_RETENTION = timedelta(days=365)
    now = timezone.now()
    expired_draft = DraftFactory(expires_at=now)
    live_draft = DraftFactory(expires_at=now + timedelta(days=1))
    old_new = _aged(400)
    old_granted = _aged(366, review_status=Submission.Review.GRANTED)
    old_in_review = _aged(400, review_status=Submission.Review.IN_REVIEW)
    old_filed = _aged(900, review_status=Submission.Review.FILED)
    recent = _aged(364)
    Note.objects.create(submission=old_new, author=staff_user, text="Called the clerk")
    AuditEvent.objects.create(submission=old_new, user=staff_user, action=AuditEvent.Action.VIEW)
    AuditEvent.objects.create(
        submission=old_new,
        user=staff_user,
        action=AuditEvent.Action.CORRECT,
        detail={"case": 0, "charge": 0, "field": "disposition_date", "value": "2019-03-01", "verified": True},
    )
    DocumentFactory(submission=old_new, kind=Document.Kind.PACKET, form="packet")

    counts = purge_expired(now=now + timedelta(seconds=1))

    assert counts == {"drafts": 1, "submissions": 2, "batches": 0, "more": 0}
    assert set(Draft.objects.all()) == {live_draft}
    assert not Draft.objects.filter(pk=expired_draft.pk).exists()
    assert set(Submission.objects.all()) == {old_in_review, old_filed, recent}
    assert not Note.objects.exists() and not Document.objects.exists()
    assert {(d.submission_number, d.reason, d.review_status) for d in Deletion.objects.all()} == {
        (old_new.pk, Deletion.Reason.RETENTION, Submission.Review.NEW),
        (old_granted.pk, Deletion.Reason.RETENTION, Submission.Review.GRANTED),
    }
    # Who viewed and changed the file stays on record, without the facts themselves.
    deletion = Deletion.objects.get(submission_number=old_new.pk)
    events = AuditEvent.objects.filter(deletion=deletion).order_by("pk")
    assert [(e.action, e.user, e.submission) for e in events] == [
        ("view", staff_user, None),
        ("correct", staff_user, None),
    ]
    assert events[1].detail == {"case": 0, "charge": 0, "field": "disposition_date", "verified": True}

    # Run again: nothing more. Once staff finish, the next run deletes it.
    assert purge_expired() == {"drafts": 0, "submissions": 0, "batches": 0, "more": 0}
    Submission.objects.filter(pk=old_in_review.pk).update(review_status=Submission.Review.DENIED)
    assert purge_expired() == {"drafts": 0, "submissions": 1, "batches": 0, "more": 0}
    assert set(Submission.objects.all()) == {old_filed, recent}


def test_a_submission_moved_to_review_after_the_purge_listed_it_is_kept(settings):
    from expunge.services.retention import purge_one

    settings.SUBMISSION_RETENTION = timedelta(days=365)
    listed = _aged(400)
    now = timezone.now()
    # Between the listing and its turn, staff open it for review.
    Submission.objects.filter(pk=listed.pk).update(review_status=Submission.Review.IN_REVIEW)
    assert purge_one(pk=listed.pk, now=now) is False
    assert Submission.objects.filter(pk=listed.pk).exists() and not Deletion.objects.exists()
    Submission.objects.filter(pk=listed.pk).update(review_status=Submission.Review.NEW)
    assert purge_one(pk=listed.pk, now=now) is True


def test_the_files_of_a_purged_submission_are_deleted(private_media, django_capture_on_commit_callbacks):
    submission = _aged(400)
    document = DocumentFactory(submission=submission, kind=Document.Kind.PACKET, form="packet")
    document.file.save("packet.pdf", ContentFile(b"%PDF-1.7"))
    paper = Path(document.file.path)
    assert paper.exists()
    with django_capture_on_commit_callbacks(execute=True):
        purge_expired()
    assert not paper.exists()


def test_the_purge_command_says_what_it_deleted():
    _aged(400)
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert out.getvalue().strip() == "Deleted 0 expired drafts and 1 submissions older than 365 days."
    assert not Submission.objects.exists()


def test_a_worker_with_beat_purges_every_night(settings):
    from portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired"]
    assert entry["task"] in app.tasks
    app.tasks[entry["task"]].apply()  # the task itself runs the purge
    assert entry["schedule"].hour == {3}


def test_staff_see_when_a_submission_will_be_deleted(client, staff_user):
    submission = _aged(10)
    verified_login(client, staff_user)
    content = client.get(reverse("staff:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    day = timezone.localtime(submission.created_at + timedelta(days=365)).date()
    assert f"Deleted on {date_format(day)}, or later" in content

"""How long answers are kept, deleting a submission with everything about it, and the
nightly purge of what is due (the Celery task purge_expired_task, run by beat)."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from expunge.models import AuditEvent, Batch, Deletion, Draft, Submission
from expunge.services.batches import batch_delete
from expunge.services.periodic import periodic_run
from expunge.services.queue import enqueue

logger = logging.getLogger(__name__)


# While staff are working on a submission it is kept past its retention period.
REVIEW_IN_PROGRESS = (Submission.Review.IN_REVIEW, Submission.Review.READY_TO_FILE, Submission.Review.FILED)


def retention_days() -> dict[str, int]:
    """How long answers are kept, as the start pages tell residents: unfinished ones
    (until their link expires) and sent ones."""
    return {"draft_days": settings.DRAFT_LINK_LIFETIME.days, "retention_days": settings.SUBMISSION_RETENTION.days}


def submission_kept_until(submission: Submission) -> date:
    """The day a submission is deleted, unless staff are working on it then."""
    return timezone.localtime(submission.created_at + settings.SUBMISSION_RETENTION).date()


# What an audit event may keep once its submission is deleted: who did what, when, and
# nothing that could name or describe the person (no values, notes, names or case facts).
AUDIT_DETAIL_KEPT = frozenset(
    {"before", "after", "format", "count", "verified", "field", "case", "charge", "outcome", "document", "kind"}
)


def submission_delete(*, submission: Submission, reason: str) -> Deletion:
    """Delete a submission with everything about it: answers, results, papers (their
    files too, once the deletion is committed), notes, corrections, overrides and the draft
    it came from. What remains is a Deletion record with no personal data, and the audit
    events (who viewed, downloaded or changed it, and when), stripped of personal data and
    pointing at the Deletion."""
    with transaction.atomic():
        files = [
            (document.file.storage, document.file.name) for document in submission.documents.all() if document.file
        ]
        deletion = Deletion.objects.create(
            submission_number=submission.pk,
            organisation_id=submission.organisation_id,
            reason=reason,
            review_status=submission.review_status,
            submitted_at=submission.created_at,
        )
        Draft.objects.filter(submission=submission).delete()
        for event in AuditEvent.objects.filter(submission=submission):
            event.detail = {key: value for key, value in event.detail.items() if key in AUDIT_DETAIL_KEPT}
            event.deletion = deletion
            event.save(update_fields=["detail", "deletion"])
        submission.delete()
        for storage, name in files:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    logger.info("Submission %s deleted (%s)", deletion.submission_number, reason)
    return deletion


# The most drafts and submissions one run deletes, so that a run stays short (well within
# the broker's visibility timeout) even after a long pause; the task goes on in another run.
PURGE_BATCH = 2000


def purge_expired(*, now=None, limit: int | None = None) -> dict[str, int]:
    """Delete what is due: drafts whose link has expired (used or not), and submissions
    past their retention period that staff are not working on; at most `limit` of each
    (all, without one). Safe to run at any time and more than once. `more` says whether
    anything due was left for another run."""
    now = now or timezone.now()
    expired = Draft.objects.filter(expires_at__lt=now).order_by("pk").values_list("pk", flat=True)
    draft_ids = list(expired[:limit] if limit else expired)
    drafts, _ = Draft.objects.filter(pk__in=draft_ids).delete()
    due = _due(now).order_by("pk").values_list("pk", flat=True)
    submission_ids = list(due[:limit] if limit else due)
    submissions = sum(purge_one(pk=pk, now=now) for pk in submission_ids)
    old_batches = Batch.objects.filter(created_at__lt=now - settings.BATCH_RETENTION).order_by("pk")
    batch_ids = list(
        old_batches.values_list("pk", flat=True)[:limit] if limit else old_batches.values_list("pk", flat=True)
    )
    # A batch goes with its people and their results; its audit events stay (they hold no
    # personal data) without it.
    batches = sum(batch_delete(pk=pk) for pk in batch_ids)
    more = bool(limit) and limit in (len(draft_ids), len(submission_ids), len(batch_ids))
    return {"drafts": drafts, "submissions": submissions, "batches": batches, "more": int(more)}


def _due(now):
    """The submissions past their retention period that staff are not working on."""
    return Submission.objects.filter(created_at__lt=now - settings.SUBMISSION_RETENTION).exclude(
        review_status__in=REVIEW_IN_PROGRESS
    )


def purge_one(*, pk: int, now) -> bool:
    """Delete one submission if it is still due, checked again under a lock in its own
    transaction: one that staff moved to review since the purge listed it stays. Returns
    whether it was deleted."""
    with transaction.atomic():
        submission = _due(now).select_for_update().filter(pk=pk).first()
        if submission is None:
            return False
        submission_delete(submission=submission, reason=Deletion.Reason.RETENTION)
    return True


def purge_summary(counts: dict[str, int]) -> str:
    more = "; more to come" if counts["more"] else ""
    return (
        f"{counts['drafts']} drafts, {counts['submissions']} submissions and {counts.get('batches', 0)} batches "
        f"deleted{more}"
    )


@shared_task(name="expunge.tasks.purge_expired", acks_late=True)
def purge_expired_task() -> None:
    """Nightly (CELERY_BEAT_SCHEDULE): delete what is due for deletion, PURGE_BATCH at a
    time, each further batch in a task of its own."""
    counts = periodic_run("purge-expired", lambda: purge_expired(limit=PURGE_BATCH), purge_summary)
    logger.info("Purged %(drafts)s expired drafts and %(submissions)s submissions past retention", counts)
    if counts["more"]:
        enqueue(purge_expired_task)

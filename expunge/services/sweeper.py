"""The sweeper (CELERY_BEAT_SCHEDULE, every SWEEP_EVERY_SECONDS): work whose message was
never sent (the broker was down when the row was committed) or was lost with its worker is
sent again once it is overdue. The claims on the rows keep a second message from doing the
work twice, so sending again is always safe."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from expunge.models import Batch, Document, Submission
from expunge.services.batches import batch_send_again
from expunge.services.documents import claimable, render_document
from expunge.services.periodic import periodic_run
from expunge.services.queue import enqueue
from expunge.services.submissions import check_eligibility

logger = logging.getLogger(__name__)

# The most rows one sweep sends again; the next sweep takes the rest.
SWEEP_BATCH = 500


def sweep_overdue(*, now=None) -> dict[str, int]:
    """Send again the checks and renders asked for more than SWEEP_AFTER_SECONDS ago and
    still not done: submissions waiting to be checked, documents waiting to be rendered or
    whose worker's claim has run out. Each is stamped as asked for again, so the next sweep
    leaves it for another SWEEP_AFTER_SECONDS. Returns how many of each were sent."""
    now = now or timezone.now()
    overdue = Q(queued_at__lt=now - timedelta(seconds=settings.SWEEP_AFTER_SECONDS)) | Q(queued_at__isnull=True)
    submissions = list(
        Submission.objects.filter(overdue, status=Submission.Status.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    documents = list(
        Document.objects.filter(overdue, claimable(now)).order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    batches = list(
        Batch.objects.filter(overdue, status__in=(Batch.Status.READING, Batch.Status.DECIDING)).order_by("pk")[
            :SWEEP_BATCH
        ]
    )
    Submission.objects.filter(pk__in=submissions).update(queued_at=now)
    Document.objects.filter(pk__in=documents).update(queued_at=now)
    sent = {
        "submissions": sum(enqueue(check_eligibility, pk) for pk in submissions),
        "documents": sum(enqueue(render_document, pk) for pk in documents),
        "batch_tasks": sum(batch_send_again(batch=batch, now=now) for batch in batches),
    }
    if submissions or documents or batches:
        logger.warning(
            "Sent overdue work again: %s of %s checks, %s of %s renders, %s tasks of %s batches",
            sent["submissions"],
            len(submissions),
            sent["documents"],
            len(documents),
            sent["batch_tasks"],
            len(batches),
        )
    return sent


@shared_task(name="expunge.tasks.sweep_overdue", acks_late=True)
def sweep_overdue_task() -> None:
    periodic_run(
        "sweep-overdue",
        sweep_overdue,
        lambda sent: (
            f"{sent['submissions']} checks, {sent['documents']} renders "
            f"and {sent['batch_tasks']} batch tasks sent again"
        ),
    )

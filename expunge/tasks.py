"""Celery tasks: an id in, one service call, safe to run twice.

Only transient failures (database, broker, network, disk) are retried, on a visible
schedule; the final failure is recorded on the row where staff see it. Rule errors are
results, never retried."""

from __future__ import annotations

import logging

import kombu.exceptions
import redis.exceptions
from celery import shared_task
from django.db import InterfaceError, OperationalError

from expunge import services

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
    ConnectionError,
    TimeoutError,
)
# Rendering also writes files: a full or unavailable disk may recover too.
DOCUMENT_TRANSIENT_ERRORS = (*TRANSIENT_ERRORS, OSError)
RETRY_COUNTDOWNS = [30, 120, 600, 1800]


@shared_task(bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def check_eligibility(self, submission_id: int) -> None:
    try:
        services.submission_check_eligibility(submission_id=submission_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.error("Eligibility check for submission %s failed for good: %r", submission_id, exc)
            services.submission_mark_failed(
                submission_id=submission_id,
                reason=f"The automatic check kept failing ({exc!r}); please review by hand.",
            )
            return
        raise self.retry(exc=exc, countdown=RETRY_COUNTDOWNS[self.request.retries]) from exc
    except Exception as exc:
        # A fault in the code: retrying would fail the same way. Without this the
        # resident's "checking" page would wait for ever.
        logger.exception("Eligibility check for submission %s failed", submission_id)
        services.submission_mark_failed(
            submission_id=submission_id, reason=f"The automatic check failed ({exc!r}); please review by hand."
        )


@shared_task(bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def render_document(self, document_id: int) -> None:
    document = services.document_claim(document_id=document_id)
    if document is None:
        return  # already rendered, or another worker is on it
    try:
        services.document_render(document=document)
    except DOCUMENT_TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.error("Rendering document %s failed for good: %r", document_id, exc)
            services.document_mark_failed(document_id=document_id, reason=f"Rendering kept failing ({exc!r}).")
            return
        services.document_release(document=document)
        raise self.retry(exc=exc, countdown=RETRY_COUNTDOWNS[self.request.retries]) from exc
    except Exception as exc:
        # A template or rendering fault: retrying would fail the same way.
        logger.exception("Rendering document %s failed", document_id)
        services.document_mark_failed(document_id=document_id, reason=f"The document could not be rendered ({exc!r}).")


@shared_task(acks_late=True)
def purge_expired() -> None:
    """Nightly (CELERY_BEAT_SCHEDULE): delete what is due for deletion."""
    counts = services.purge_expired()
    logger.info("Purged %(drafts)s expired drafts and %(submissions)s submissions past retention", counts)

"""A submission's documents: kept in line with its latest result (documents_sync), and
rendered one at a time by the Celery task render_document, each stored privately and
replacing its earlier file."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from expunge.models import Document, Submission
from expunge.packet import court_forms
from expunge.packet import documents as packet_documents
from expunge.services.queue import enqueue_on_commit
from expunge.services.retries import DOCUMENT_TRANSIENT_ERRORS, RETRY_COUNTDOWNS, record_quietly

logger = logging.getLogger(__name__)


def documents_sync(*, submission: Submission) -> list[Document]:
    """Make the submission's documents match what its latest determination (and the
    resident's choices) call for: every planned document is (re)queued for rendering and
    replaces its earlier file; documents no longer called for are deleted with their
    files. Call inside a transaction; rendering starts once it commits."""

    inp = packet_documents.packet_input(submission)
    planned = packet_documents.planned_documents(inp)
    rules_version = inp.result["rules_version"]
    wanted = []
    for item in planned:
        document, _created = Document.objects.update_or_create(
            submission=submission,
            kind=item.kind,
            case_index=item.case_index,
            defaults={
                "form": item.form,
                "status": Document.Status.PENDING,
                "rules_version": rules_version,
                "claimed_at": None,
                "queued_at": timezone.now(),
                "attempts": 0,
                "failure_reason": "",
            },
        )
        wanted.append(document)
        enqueue_on_commit(render_document, document.pk)
    stale = submission.documents.exclude(pk__in=[d.pk for d in wanted])
    for document in stale:
        if document.file:
            name, storage = document.file.name, document.file.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    stale.delete()
    return wanted


def claimable(now) -> Q:
    """The documents a worker may take: waiting ones, and those whose claim is older than
    TASK_CLAIM_TIMEOUT_SECONDS (left by a worker that died)."""
    stale = now - timedelta(seconds=settings.TASK_CLAIM_TIMEOUT_SECONDS)
    return Q(status=Document.Status.PENDING) | Q(status=Document.Status.RENDERING, claimed_at__lt=stale)


def document_claim(*, document_id: int) -> Document | None:
    """Take a document to render, counting the claim (committed at once). Returns None
    when someone else has it, or when it has been claimed TASK_MAX_ATTEMPTS times without
    being finished (each try crashed its worker, say): it is then marked failed, for staff."""
    now = timezone.now()
    claimed = (
        Document.objects.filter(pk=document_id)
        .filter(claimable(now))
        .update(status=Document.Status.RENDERING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    document = Document.objects.select_related("submission").get(pk=document_id)
    if document.attempts > settings.TASK_MAX_ATTEMPTS:
        logger.error("Document %s: not rendered in %s tries; left to staff", document_id, document.attempts - 1)
        document_mark_failed(
            document_id=document_id, reason=f"Rendering did not finish in {document.attempts - 1} tries."
        )
        return None
    return document


def document_release(*, document: Document) -> None:
    """Give a claimed document back (after a transient error) so that a retry can take it."""
    Document.objects.filter(pk=document.pk, status=Document.Status.RENDERING, claimed_at=document.claimed_at).update(
        status=Document.Status.PENDING, claimed_at=None
    )


def document_render(*, document: Document) -> bool:
    """Render a claimed document and store it, replacing any earlier file.

    Returns False if the claim was lost meanwhile (the stored document is then left alone)
    or the document was deleted meanwhile (no file is written)."""
    inp = packet_documents.packet_input(document.submission)
    pdf = packet_documents.render_document(document.kind, inp, document.case_index)
    revision = court_forms.form_version(document.form, timezone.localdate()).revision
    name = f"{document.submission_id}/{document.kind}-case-{document.case_index + 1}.pdf"
    with transaction.atomic():
        current = Document.objects.select_for_update().filter(pk=document.pk).first()
        if current is None:  # deleted meanwhile (retention.submission_delete): nothing to store
            return False
        if current.status != Document.Status.RENDERING or current.claimed_at != document.claimed_at:
            return False
        old_name = current.file.name
        current.file.save(name, ContentFile(pdf), save=False)
        current.status = Document.Status.READY
        current.form_revision = revision
        current.generated_at = timezone.now()
        current.claimed_at = None
        current.failure_reason = ""
        current.save()
    # Delete the old file only once the new one is recorded: a crash in between leaves
    # an orphan file, never a document row without its file.
    if old_name and old_name != current.file.name:
        current.file.storage.delete(old_name)
    return True


def document_mark_failed(*, document_id: int, reason: str) -> None:
    Document.objects.filter(pk=document_id).exclude(status=Document.Status.READY).update(
        status=Document.Status.FAILED, failure_reason=reason, claimed_at=None
    )


@shared_task(name="expunge.tasks.render_document", bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def render_document(self, document_id: int) -> None:
    # The claim is inside the try: a database that is away when the task starts is a
    # transient error like any other, and the task is retried.
    document = None
    try:
        document = document_claim(document_id=document_id)
        if document is None:
            return  # already rendered, or another worker is on it
        document_render(document=document)
    except DOCUMENT_TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.error("Rendering document %s failed for good: %r", document_id, exc)
            record_quietly(document_mark_failed, document_id=document_id, reason=f"Rendering kept failing ({exc!r}).")
            return
        if document is not None:
            record_quietly(document_release, document=document)
        raise self.retry(exc=exc, countdown=RETRY_COUNTDOWNS[self.request.retries]) from exc
    except Exception as exc:
        # A template or rendering fault: retrying would fail the same way.
        logger.exception("Rendering document %s failed", document_id)
        record_quietly(
            document_mark_failed, document_id=document_id, reason=f"The document could not be rendered ({exc!r})."
        )

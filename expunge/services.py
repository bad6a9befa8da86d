"""Writes. Views and tasks change data only through these functions."""

from __future__ import annotations

import copy
import logging
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language

from expunge import court_forms, documents, questionnaire, selectors
from expunge.eligibility import ContractError, assess
from expunge.eligibility.engine import petition_remedy
from expunge.models import (
    AuditEvent,
    Correction,
    Deletion,
    Determination,
    Document,
    Draft,
    Note,
    Override,
    Submission,
    hash_access_token,
    new_access_token,
)

logger = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The request does not fit the submission's current state, or the user's role."""


def submission_submit(*, answers: dict[str, Any], language: str | None = None) -> tuple[Submission, str]:
    """Store the answers and queue the eligibility check once the row is committed.

    Returns the submission and the resident's access token (shown once, never stored)."""
    from expunge.tasks import check_eligibility as check_eligibility_task

    token = new_access_token()
    columns = questionnaire.search_columns(answers)
    with transaction.atomic():
        submission = Submission.objects.create(
            access_token_hash=hash_access_token(token),
            answers=answers,
            questionnaire_version=questionnaire.version(answers),
            language=language or get_language() or settings.LANGUAGE_CODE,
            # Routed to the organisation serving the (first) case's county.
            organisation=selectors.organisation_for_county(columns["county"]),
            **columns,
        )
        # The worker must never look for a row that is not committed yet.
        transaction.on_commit(lambda: check_eligibility_task.delay(submission.pk))
    return submission, token


def submission_check_eligibility(*, submission_id: int, as_of: date | None = None) -> Determination | None:
    """Run the engine on a submission and record the result; safe to call twice.

    Returns the new determination, or None when another worker already did the work."""
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        # Claim the row first so that two workers never record two determinations. The
        # claim is part of this transaction: if anything below fails, the row goes back
        # to SUBMITTED and a retry can claim it again.
        claimed = Submission.objects.filter(pk=submission_id, status=Submission.Status.SUBMITTED).update(
            status=Submission.Status.CHECKING
        )
        if not claimed:
            return None
        submission = Submission.objects.get(pk=submission_id)
        try:
            determination = _determine(submission, as_of)
        except ContractError as exc:
            # The answers cannot be read by the engine: a fault to fix, not to retry.
            logger.error("Submission %s: answers do not fit the contract: %s", submission_id, exc)
            submission.status = Submission.Status.FAILED
            submission.failure_reason = f"The answers could not be checked automatically ({exc})."
            submission.save(update_fields=["status", "failure_reason", "updated_at"])
            return None
        submission.status = Submission.Status.CHECKED
        submission.checked_at = timezone.now()
        submission.failure_reason = ""
        submission.save(update_fields=["status", "checked_at", "failure_reason", "updated_at"])

        documents_sync(submission=submission)
    return determination


def apply_overrides(result: dict[str, Any], overrides) -> dict[str, Any]:
    """The engine's result with staff overrides put in place of the charges' outcomes.
    Each overridden charge keeps the engine's reasons after the staff's own."""
    result = copy.deepcopy(result)
    for override in overrides:
        cases = result["cases"]
        if not 0 <= override.case_index < len(cases):
            continue
        charges = cases[override.case_index]["charges"]
        if not 0 <= override.charge_index < len(charges):
            continue
        engine = charges[override.charge_index]
        charges[override.charge_index] = {
            "outcome": override.outcome,
            "eligible_on": override.eligible_on.isoformat() if override.eligible_on else None,
            "pardoned": engine["pardoned"],
            # The form and fee follow from the ground, as for the engine's own petitions.
            "remedy": petition_remedy(override.ground) if override.ground else None,
            "reasons": [
                {"code": "staff_override", "citation": None, "verified": True, "note": override.reason},
                *engine["reasons"],
            ],
        }
    return result


def _determine(submission: Submission, as_of: date) -> Determination:
    """Run the engine on the corrected record, put the overrides in place, and record it."""
    result = assess(questionnaire.effective_record(submission), as_of=as_of)
    result = apply_overrides(result, submission.overrides.all())
    determination = Determination.objects.create(
        submission=submission, result=result, rules_version=result["rules_version"], as_of=as_of
    )
    submission.outcomes = (
        "," + ",".join(sorted({charge["outcome"] for case in result["cases"] for charge in case["charges"]})) + ","
    )
    submission.save(update_fields=["outcomes", "updated_at"])
    return determination


def submission_redetermine(*, submission: Submission, as_of: date | None = None) -> Determination:
    """Decide again after a correction or an override, and bring the documents in line."""
    with transaction.atomic():
        determination = _determine(submission, as_of or timezone.localdate())
        documents_sync(submission=submission)
    return determination


# --- The staff workspace ----------------------------------------------------------------


def audit(*, user, submission: Submission | None, action: str, **detail: Any) -> AuditEvent:
    """Record who did what, and when. Every staff view, download, export and change calls it."""
    return AuditEvent.objects.create(user=user, submission=submission, action=action, detail=detail)


# Allowed review-status moves. Supervisors may also reopen a closed submission.
REVIEW_MOVES = {
    Submission.Review.NEW: {Submission.Review.IN_REVIEW, Submission.Review.WITHDRAWN},
    Submission.Review.IN_REVIEW: {Submission.Review.READY_TO_FILE, Submission.Review.WITHDRAWN},
    Submission.Review.READY_TO_FILE: {
        Submission.Review.IN_REVIEW,
        Submission.Review.FILED,
        Submission.Review.WITHDRAWN,
    },
    Submission.Review.FILED: {Submission.Review.GRANTED, Submission.Review.DENIED, Submission.Review.WITHDRAWN},
    Submission.Review.GRANTED: set(),
    Submission.Review.DENIED: set(),
    Submission.Review.WITHDRAWN: set(),
}
CLOSED = {Submission.Review.GRANTED, Submission.Review.DENIED, Submission.Review.WITHDRAWN}


def review_moves(*, user, submission: Submission) -> list[str]:
    """The review statuses this user may move the submission to."""
    moves = set(REVIEW_MOVES[submission.review_status])
    if submission.review_status in CLOSED and selectors.user_is_supervisor(user):
        moves.add(Submission.Review.IN_REVIEW)  # reopen
    return [status for status in Submission.Review.values if status in moves]


def review_set_status(*, user, submission: Submission, status: str) -> None:
    if status not in review_moves(user=user, submission=submission):
        raise NotAllowed(f"Cannot move from {submission.review_status} to {status}")
    before = submission.review_status
    with transaction.atomic():
        submission.review_status = status
        submission.save(update_fields=["review_status", "updated_at"])
        audit(user=user, submission=submission, action=AuditEvent.Action.STATUS, before=before, after=status)


def review_assign(*, user, submission: Submission, assignee) -> None:
    if not selectors.user_is_supervisor(user):
        raise NotAllowed("Only supervisors assign")
    if assignee is not None and not selectors.staff_members(user=user).filter(pk=assignee.pk).exists():
        raise NotAllowed("Assign to a member of the organisation")
    with transaction.atomic():
        submission.assignee = assignee
        submission.save(update_fields=["assignee", "updated_at"])
        audit(
            user=user,
            submission=submission,
            action=AuditEvent.Action.ASSIGN,
            assignee=assignee.get_username() if assignee else None,
        )


def review_add_note(*, user, submission: Submission, text: str) -> Note:
    with transaction.atomic():
        note = Note.objects.create(submission=submission, author=user, text=text)
        audit(user=user, submission=submission, action=AuditEvent.Action.NOTE, note=note.pk)
    return note


def _change_the_facts(*, user, submission: Submission, row: Correction | Override, action: str, **detail):
    """Store a correction or override, decide again, redo the documents, and audit it, as
    one transaction: if the engine cannot use the change, nothing of it is kept."""
    with transaction.atomic():
        row.save()
        determination = submission_redetermine(submission=submission)
        audit(user=user, submission=submission, action=action, **detail)
    return determination


def review_correct(
    *, user, submission: Submission, case_index: int, charge_index: int | None, field: str, value: Any, verified: bool
) -> Determination:
    """Correct one fact against the court record, then decide again and redo the documents."""
    row = Correction(
        submission=submission,
        case_index=case_index,
        charge_index=charge_index,
        field=field,
        value=value,
        verified=verified,
        author=user,
    )
    return _change_the_facts(
        user=user,
        submission=submission,
        row=row,
        action=AuditEvent.Action.CORRECT,
        case=case_index,
        charge=charge_index,
        field=field,
        value=value,
        verified=verified,
    )


def review_override(
    *,
    user,
    submission: Submission,
    case_index: int,
    charge_index: int,
    outcome: str,
    eligible_on,
    ground: str,
    reason: str,
) -> Determination:
    """Replace the engine's outcome for one charge, with a reason; decide again."""
    if not reason.strip():
        raise NotAllowed("An override needs a reason")
    row = Override(
        submission=submission,
        case_index=case_index,
        charge_index=charge_index,
        outcome=outcome,
        eligible_on=eligible_on,
        ground=ground,
        reason=reason,
        author=user,
    )
    return _change_the_facts(
        user=user,
        submission=submission,
        row=row,
        action=AuditEvent.Action.OVERRIDE,
        case=case_index,
        charge=charge_index,
        outcome=outcome,
        reason=reason,
    )


def review_mark_duplicate(*, user, submission: Submission, original: Submission) -> None:
    """Merge: the submission is recorded as a duplicate of the original and withdrawn."""
    if not selectors.user_is_supervisor(user):
        raise NotAllowed("Only supervisors merge")
    if original.pk == submission.pk:
        raise NotAllowed("A submission cannot duplicate itself")
    with transaction.atomic():
        before = submission.review_status
        submission.duplicate_of = original
        submission.review_status = Submission.Review.WITHDRAWN
        submission.save(update_fields=["duplicate_of", "review_status", "updated_at"])
        audit(user=user, submission=submission, action=AuditEvent.Action.MERGE, original=original.pk, before=before)


def documents_sync(*, submission: Submission) -> list[Document]:
    """Make the submission's documents match what its latest determination (and the
    resident's choices) call for: every planned document is (re)queued for rendering and
    replaces its earlier file; documents no longer called for are deleted with their
    files. Call inside a transaction; rendering starts once it commits."""
    from expunge.tasks import render_document as render_document_task

    inp = documents.packet_input(submission)
    planned = documents.planned_documents(inp)
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
                "failure_reason": "",
            },
        )
        wanted.append(document)
        transaction.on_commit(lambda pk=document.pk: render_document_task.delay(pk))
    stale = submission.documents.exclude(pk__in=[d.pk for d in wanted])
    for document in stale:
        if document.file:
            name, storage = document.file.name, document.file.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    stale.delete()
    return wanted


def submission_choose_early_filing(*, submission: Submission, case_index: int) -> list[Document]:
    """The resident chose to file this case now with the General Waiver and Release
    (CC-DC-CR-078): prepare the petition with the waiver. Choosing twice changes nothing."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != Submission.Status.CHECKED or submission.latest_determination is None:
            raise NotAllowed("The answers have not been checked yet")
        inp = documents.packet_input(submission)
        if not 0 <= case_index < len(inp.result["cases"]) or not documents.case_plan(inp, case_index).waiver_possible:
            raise NotAllowed("This case cannot be filed early with the waiver")
        if case_index not in submission.early_filing_cases:
            submission.early_filing_cases = sorted({*submission.early_filing_cases, case_index})
            submission.save(update_fields=["early_filing_cases", "updated_at"])
        return documents_sync(submission=submission)


def submission_mark_failed(*, submission_id: int, reason: str) -> None:
    """Record a final failure where staff will see it."""
    Submission.objects.filter(pk=submission_id).exclude(status=Submission.Status.CHECKED).update(
        status=Submission.Status.FAILED, failure_reason=reason, updated_at=timezone.now()
    )


def document_claim(*, document_id: int) -> Document | None:
    """Take a document to render. A claim older than TASK_CLAIM_TIMEOUT_SECONDS belongs to a
    worker that died and may be taken over. Returns None when someone else has it."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.TASK_CLAIM_TIMEOUT_SECONDS)
    claimed = (
        Document.objects.filter(pk=document_id)
        .filter(Q(status=Document.Status.PENDING) | Q(status=Document.Status.RENDERING, claimed_at__lt=stale))
        .update(status=Document.Status.RENDERING, claimed_at=now)
    )
    if not claimed:
        return None
    return Document.objects.select_related("submission").get(pk=document_id)


def document_release(*, document: Document) -> None:
    """Give a claimed document back (after a transient error) so that a retry can take it."""
    Document.objects.filter(pk=document.pk, status=Document.Status.RENDERING, claimed_at=document.claimed_at).update(
        status=Document.Status.PENDING, claimed_at=None
    )


def document_render(*, document: Document) -> bool:
    """Render a claimed document and store it, replacing any earlier file.

    Returns False if the claim was lost meanwhile (the stored document is then left alone)
    or the document was deleted meanwhile (no file is written)."""
    inp = documents.packet_input(document.submission)
    pdf = documents.render_document(document.kind, inp, document.case_index)
    revision = court_forms.form_version(document.form, timezone.localdate()).revision
    name = f"{document.submission_id}/{document.kind}-case-{document.case_index + 1}.pdf"
    with transaction.atomic():
        current = Document.objects.select_for_update().filter(pk=document.pk).first()
        if current is None:  # deleted meanwhile (services.submission_delete): nothing to store
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


# --- Retention ----------------------------------------------------------------------------

# While staff are working on a submission it is kept past its retention period.
REVIEW_IN_PROGRESS = (Submission.Review.IN_REVIEW, Submission.Review.READY_TO_FILE, Submission.Review.FILED)


def retention_days() -> dict[str, int]:
    """How long answers are kept, as the start pages tell residents: unfinished ones
    (until their link expires) and sent ones."""
    return {"draft_days": settings.DRAFT_LINK_LIFETIME.days, "retention_days": settings.SUBMISSION_RETENTION.days}


def submission_kept_until(submission: Submission) -> date:
    """The day a submission is deleted, unless staff are working on it then."""
    return timezone.localtime(submission.created_at + settings.SUBMISSION_RETENTION).date()


def submission_delete(*, submission: Submission, reason: str) -> Deletion:
    """Delete a submission with everything about it: answers, results, papers (their
    files too, once the deletion is committed), notes, corrections, overrides, its audit
    trail and the draft it came from. What remains is a Deletion record with no personal
    data."""
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
        submission.delete()
        for storage, name in files:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    logger.info("Submission %s deleted (%s)", deletion.submission_number, reason)
    return deletion


def purge_expired(*, now=None) -> dict[str, int]:
    """Delete what is due: drafts whose link has expired (used or not), and submissions
    past their retention period that staff are not working on. Safe to run at any time
    and more than once."""
    now = now or timezone.now()
    drafts, _ = Draft.objects.filter(expires_at__lt=now).delete()
    due = Submission.objects.filter(created_at__lt=now - settings.SUBMISSION_RETENTION).exclude(
        review_status__in=REVIEW_IN_PROGRESS
    )
    submissions = 0
    for submission in due.iterator():
        submission_delete(submission=submission, reason=Deletion.Reason.RETENTION)
        submissions += 1
    return {"drafts": drafts, "submissions": submissions}

"""The staff workspace's review workflow: statuses, assignment, notes, corrections and
overrides (each decides again and redoes the documents), duplicates. Every change is
audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from expunge import selectors
from expunge.models import (
    AuditEvent,
    Correction,
    Determination,
    Note,
    Override,
    Submission,
)
from expunge.services import NotAllowed
from expunge.services.audit import audit
from expunge.services.submissions import submission_redetermine

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


def review_set_status(*, user, submission: Submission, status: str, **detail) -> None:
    """Move one submission (audited, with any detail given, such as bulk=True)."""
    if status not in review_moves(user=user, submission=submission):
        raise NotAllowed(f"Cannot move from {submission.review_status} to {status}")
    before = submission.review_status
    with transaction.atomic():
        submission.review_status = status
        submission.save(update_fields=["review_status", "updated_at"])
        audit(user=user, submission=submission, action=AuditEvent.Action.STATUS, before=before, after=status, **detail)


def _check_assignee(*, user, assignee) -> None:
    if not selectors.user_is_supervisor(user):
        raise NotAllowed("Only supervisors assign")
    if assignee is not None and not selectors.staff_members(user=user).filter(pk=assignee.pk).exists():
        raise NotAllowed("Assign to a member of the organisation")


def _assign(*, user, submission: Submission, assignee, **detail) -> None:
    submission.assignee = assignee
    submission.save(update_fields=["assignee", "updated_at"])
    name = assignee.get_username() if assignee else None
    audit(user=user, submission=submission, action=AuditEvent.Action.ASSIGN, assignee=name, **detail)


def review_assign(*, user, submission: Submission, assignee) -> None:
    _check_assignee(user=user, assignee=assignee)
    with transaction.atomic():
        _assign(user=user, submission=submission, assignee=assignee)


# The most submissions one bulk action changes: a few pages of the queue.
BULK_LIMIT = 200


class TooMany(NotAllowed):
    """More submissions than one bulk action changes (BULK_LIMIT)."""


def _for_bulk(*, user, submissions: QuerySet[Submission]) -> list[Submission]:
    """The submissions of a bulk action, locked until it is done, by number.
    Supervisors only; at most BULK_LIMIT."""
    if not selectors.user_is_supervisor(user):
        raise NotAllowed("Only supervisors change submissions in bulk")
    chosen = list(submissions.select_for_update(of=("self",)).order_by("pk")[: BULK_LIMIT + 1])
    if len(chosen) > BULK_LIMIT:
        raise TooMany(f"At most {BULK_LIMIT} submissions at a time")
    return chosen


def review_bulk_assign(*, user, submissions: QuerySet[Submission], assignee) -> list[Submission]:
    """Assign each of these submissions (in the user's scope) to one member, or to nobody;
    each change audited. Returns the submissions changed."""
    _check_assignee(user=user, assignee=assignee)
    with transaction.atomic():
        chosen = _for_bulk(user=user, submissions=submissions)
        for submission in chosen:
            _assign(user=user, submission=submission, assignee=assignee, bulk=True)
    return chosen


def review_bulk_set_status(
    *, user, submissions: QuerySet[Submission], status: str
) -> tuple[list[Submission], list[Submission]]:
    """Move each of these submissions that may move to this status (REVIEW_MOVES); each
    move audited. Returns the submissions moved and those left where they were."""
    moved, left = [], []
    with transaction.atomic():
        for submission in _for_bulk(user=user, submissions=submissions):
            if status in review_moves(user=user, submission=submission):
                review_set_status(user=user, submission=submission, status=status, bulk=True)
                moved.append(submission)
            else:
                left.append(submission)
    return moved, left


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
    *,
    user,
    submission: Submission,
    case_index: int | None,
    charge_index: int | None,
    field: str,
    value: Any,
    verified: bool,
) -> Determination:
    """Correct one fact against the court record, then decide again and redo the documents.
    Without a case it is a fact of the person (expunge.records.CORRECTABLE_PERSON_FIELDS)."""
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
    reason_code: str = "other",
) -> Determination:
    """Replace the engine's outcome for one charge, with a reason: `reason_code` is what
    the resident reads (expunge.choices.OVERRIDE_REASONS), `reason` staff's own words,
    kept for staff. Decide again."""
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
        reason_code=reason_code,
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

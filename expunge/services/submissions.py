"""A resident's answers: sent, checked by the engine (the Celery task check_eligibility),
decided again when staff change the facts; and the resident's choice to file early."""

from __future__ import annotations

import copy
import logging
from datetime import date
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from eligibility import ContractError, assess
from eligibility.engine import petition_remedy
from expunge import records, selectors
from expunge.models import CaseNumber, Determination, Document, Submission, hash_access_token, new_access_token
from expunge.packet import documents as packet_documents
from expunge.services import NotAllowed
from expunge.services.documents import documents_sync
from expunge.services.periodic import periodic_run
from expunge.services.queue import enqueue, enqueue_on_commit
from expunge.services.retries import RETRY_COUNTDOWNS, TRANSIENT_ERRORS, record_quietly

logger = logging.getLogger(__name__)


def submission_submit(
    *, answers: dict[str, Any], language: str | None = None, token: str | None = None
) -> tuple[Submission, str]:
    """Store the answers and queue the eligibility check once the row is committed.

    Returns the submission and the resident's access token (shown once, never stored): the
    one given, or a new one."""
    token = token or new_access_token()
    columns = records.search_columns(answers)
    with transaction.atomic():
        submission = Submission.objects.create(
            access_token_hash=hash_access_token(token),
            answers=answers,
            questionnaire_version=records.JOURNEY_VERSION,
            language=language or get_language() or settings.LANGUAGE_CODE,
            # Routed to the organisation serving the (first) case's county.
            organisation=selectors.organisation_for_county(columns["county"]),
            queued_at=timezone.now(),
            **columns,
        )
        submission_index(submission=submission)
        enqueue_on_commit(check_eligibility, submission.pk)
    return submission, token


def submission_check_eligibility(*, submission_id: int, as_of: date | None = None) -> Determination | None:
    """Run the engine on a submission and record the result; safe to call twice.

    Returns the new determination, or None when another worker already did the work."""
    as_of = as_of or timezone.localdate()
    # Count the try first, committed on its own: a check that kills its worker process
    # (the claim below is then rolled back and the message delivered again) stops here.
    counted = Submission.objects.filter(pk=submission_id, status=Submission.Status.SUBMITTED).update(
        check_attempts=F("check_attempts") + 1
    )
    if not counted:
        return None
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
        if submission.check_attempts > settings.TASK_MAX_ATTEMPTS:
            tries = submission.check_attempts - 1
            logger.error("Submission %s: the check did not finish in %s tries; left to staff", submission_id, tries)
            submission.status = Submission.Status.FAILED
            submission.failure_reason = f"The automatic check did not finish in {tries} tries; please review by hand."
            submission.save(update_fields=["status", "failure_reason", "updated_at"])
            return None
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
                {
                    "code": "staff_override",
                    "citation": None,
                    "verified": True,
                    "note": override.reason,  # staff's words, for staff pages only
                    "reason_code": override.reason_code,  # what the resident reads
                },
                *engine["reasons"],
            ],
            # Staff decided it: no answer is left conditional.
            "alternatives": [],
        }
    return result


def _determine(submission: Submission, as_of: date) -> Determination:
    """Run the engine on the corrected record, put the overrides in place, and record it."""
    record = records.effective_record(submission)
    result = assess(record, as_of=as_of)
    result = apply_overrides(result, submission.overrides.all())
    determination = Determination.objects.create(
        submission=submission, result=result, rules_version=result["rules_version"], as_of=as_of
    )
    charges = [charge for case in result["cases"] for charge in case["charges"]]
    submission.outcomes = "," + ",".join(sorted({charge["outcome"] for charge in charges})) + ","
    submission.next_eligible_on = next_filing_date(charges, as_of)
    submission.save(update_fields=["outcomes", "next_eligible_on", "updated_at"])
    submission_index(submission=submission, corrected=record)
    return determination


# The outcomes whose eligible_on is a day from which a petition can be filed.
_FILING_OUTCOMES = {"eligible_on_date", "eligible_now_with_waiver", "pardoned_then_petition"}


def next_filing_date(charges: list[dict], as_of: date) -> date | None:
    """The earliest day after as_of from which one of these charges can be filed, if any."""
    days = [
        date.fromisoformat(charge["eligible_on"])
        for charge in charges
        if charge["outcome"] in _FILING_OUTCOMES and charge.get("eligible_on")
    ]
    return min((day for day in days if day > as_of), default=None)


def submission_index(*, submission: Submission, corrected: dict[str, Any] | None = None) -> None:
    """The case-number rows the queue searches: the numbers the resident gave and those
    staff corrected (the corrected record, unless the caller has made it already), each once."""
    answered = records.answers_to_record(submission.answers, submission.questionnaire_version)
    wanted = records.case_number_keys(answered, corrected or records.effective_record(submission))
    have = set(submission.case_numbers.values_list("number", flat=True))
    submission.case_numbers.filter(number__in=have - wanted).delete()
    CaseNumber.objects.bulk_create([CaseNumber(submission=submission, number=key) for key in sorted(wanted - have)])


def submission_redetermine(*, submission: Submission, as_of: date | None = None) -> Determination:
    """Decide again after a correction or an override, and bring the documents in line."""
    with transaction.atomic():
        determination = _determine(submission, as_of or timezone.localdate())
        documents_sync(submission=submission)
    return determination


# Submissions whose work is over: nobody files from them any more.
_CLOSED = (Submission.Review.GRANTED, Submission.Review.DENIED, Submission.Review.WITHDRAWN)
DECIDE_DUE_BATCH = 500


def _due_today(today: date):
    return (
        Submission.objects.filter(status=Submission.Status.CHECKED, next_eligible_on__lte=today)
        .exclude(review_status__in=_CLOSED)
        .filter(duplicate_of__isnull=True)
    )


def decide_due(*, today: date | None = None, limit: int | None = None) -> dict[str, int]:
    """Decide again, as of today, each submission whose next filing day has come, so that a
    resident who comes back on that day (or staff working down the queue) finds the
    petition made: the results page promises it. Each is re-read under a lock and skipped
    if something decided it meanwhile. Returns how many were decided and whether more are
    due (`limit` at a time)."""
    today = today or timezone.localdate()
    limit = limit or DECIDE_DUE_BATCH
    pks = list(_due_today(today).order_by("pk").values_list("pk", flat=True)[: limit + 1])
    decided = 0
    for pk in pks[:limit]:
        with transaction.atomic():
            submission = _due_today(today).select_for_update().filter(pk=pk).first()
            if submission is None:
                continue
            submission_redetermine(submission=submission, as_of=today)
            decided += 1
    return {"decided": decided, "more": int(len(pks) > limit)}


@shared_task(name="expunge.tasks.decide_due", acks_late=True)
def decide_due_task() -> None:
    """Nightly (CELERY_BEAT_SCHEDULE), after the purge: decide again what is due today,
    DECIDE_DUE_BATCH at a time, each further batch in a task of its own."""
    counts = periodic_run(
        "decide-due",
        decide_due,
        lambda c: f"{c['decided']} decided again{'; more to come' if c['more'] else ''}",
    )
    if counts["more"]:
        enqueue(decide_due_task)


def submission_choose_early_filing(*, submission: Submission, case_index: int) -> list[Document]:
    """The resident chose to file this case now with the General Waiver and Release
    (CC-DC-CR-078): prepare the petition with the waiver. Choosing twice changes nothing."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != Submission.Status.CHECKED or submission.latest_determination is None:
            raise NotAllowed("The answers have not been checked yet")
        inp = packet_documents.packet_input(submission)
        if (
            not 0 <= case_index < len(inp.result["cases"])
            or not packet_documents.case_plan(inp, case_index).waiver_possible
        ):
            raise NotAllowed("This case cannot be filed early with the waiver")
        if case_index not in submission.early_filing_cases:
            submission.early_filing_cases = sorted({*submission.early_filing_cases, case_index})
            submission.save(update_fields=["early_filing_cases", "updated_at"])
        return documents_sync(submission=submission)


def submission_settle_fact(
    *, submission: Submission, case_index: int, charge_index: int, fact: str, value: bool
) -> Determination:
    """The resident answers, on their results page, a fact their answer depended on and
    they were not sure of (a domestic finding, a civil citation): stored with their answers,
    as if given in the questionnaire, then decided again. Only a fact the latest answer for
    that charge depends on; staff corrections still win over it."""
    fact_name = records.SETTLEABLE_FACTS.get(fact)
    if fact_name is None:
        raise NotAllowed("This fact is not one the resident answers")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        determination = submission.latest_determination
        if submission.status != Submission.Status.CHECKED or determination is None:
            raise NotAllowed("The answers have not been checked yet")
        cases = determination.result["cases"]
        if not (0 <= case_index < len(cases) and 0 <= charge_index < len(cases[case_index]["charges"])):
            raise NotAllowed("No such charge")
        alternatives = cases[case_index]["charges"][charge_index]["alternatives"]
        if not any(fact in alternative["when"] for alternative in alternatives):
            raise NotAllowed("The answer for this charge does not depend on this fact")
        answers = copy.deepcopy(submission.answers)
        charge = answers["cases"][case_index]["charges"][charge_index]
        charge["facts"] = {**(charge.get("facts") or {}), fact_name: "yes" if value else "no"}
        submission.answers = answers
        submission.save(update_fields=["answers", "updated_at"])
        return submission_redetermine(submission=submission)


def submission_mark_failed(*, submission_id: int, reason: str) -> None:
    """Record a final failure where staff will see it."""
    Submission.objects.filter(pk=submission_id).exclude(status=Submission.Status.CHECKED).update(
        status=Submission.Status.FAILED, failure_reason=reason, updated_at=timezone.now()
    )


@shared_task(name="expunge.tasks.check_eligibility", bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def check_eligibility(self, submission_id: int) -> None:
    try:
        submission_check_eligibility(submission_id=submission_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.error("Eligibility check for submission %s failed for good: %r", submission_id, exc)
            record_quietly(
                submission_mark_failed,
                submission_id=submission_id,
                reason=f"The automatic check kept failing ({exc!r}); please review by hand.",
            )
            return
        raise self.retry(exc=exc, countdown=RETRY_COUNTDOWNS[self.request.retries]) from exc
    except Exception as exc:
        # A fault in the code: retrying would fail the same way. Without this the
        # resident's "checking" page would wait for ever.
        logger.exception("Eligibility check for submission %s failed", submission_id)
        record_quietly(
            submission_mark_failed,
            submission_id=submission_id,
            reason=f"The automatic check failed ({exc!r}); please review by hand.",
        )

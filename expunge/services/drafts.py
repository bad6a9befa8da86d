"""A resident's draft: started, changed step by step, and sent. Every change reads and
writes the row under a lock, so two tabs (or a double click on a slow phone) cannot undo
each other's answers or send them twice.

The answers' shape is the questionnaire's (residents.journey):

    {"about": {...}, "cases": [{"details": {...}, "charges": [{"what": {...}, "sentence": {...}}]}],
     "situation": {...}}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from expunge.models import Draft, Submission, hash_access_token, new_access_token
from expunge.services.notifications import email_or_retry
from expunge.services.queue import enqueue
from expunge.services.retries import RETRY_COUNTDOWNS
from expunge.services.submissions import submission_submit

Answers = dict[str, Any]

# How many cases one questionnaire holds, and charges one case: far above what a resident
# types (Case Search rarely lists more than a handful), and a bound on every page and on the
# engine's work. Beyond them the resident is asked to send what they have and to tell
# legal-aid staff about the rest; the search columns are sized for them (models.Submission).
MAX_CASES = 25
MAX_CHARGES_PER_CASE = 30


def results_token_for(draft_token: str) -> str:
    """The private link to the results of a draft's answers, worked out from the draft's
    own link (only each link's hash is stored): every request that sends the same draft
    lands on the same results."""
    return salted_hmac("expunge.drafts.results-link", draft_token, algorithm="sha256").hexdigest()


def draft_start(*, language: str) -> tuple[Draft, str]:
    """A new, empty draft. Returns it and its private link's token (shown, never stored)."""
    token = new_access_token()
    draft = Draft.objects.create(
        access_token_hash=hash_access_token(token),
        language=language,
        expires_at=timezone.now() + settings.DRAFT_LINK_LIFETIME,
    )
    return draft, token


def draft_change(*, draft: Draft, change: Callable[[Answers], Answers]) -> Draft:
    """Change a draft's answers: `change` gets the answers as they are now in the database
    (the row locked meanwhile) and returns them changed. Returns the draft as saved."""
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        locked.answers = change(locked.answers)
        locked.save(update_fields=["answers", "updated_at"])
    return locked


def _cases(answers: Answers) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = answers.setdefault("cases", [])
    return cases


def draft_add_case(*, draft: Draft) -> tuple[Draft, int | None]:
    """A new, empty case at the end. Returns the draft and the new case's index, or None
    when the draft holds MAX_CASES already (the page then sends the resident to staff for
    the others)."""
    added = False

    def add(answers: Answers) -> Answers:
        nonlocal added
        answers.pop(REMOVED, None)  # the places have moved: nothing left to undo
        cases = _cases(answers)
        if len(cases) < MAX_CASES:
            cases.append({})
            added = True
        return answers

    draft = draft_change(draft=draft, change=add)
    return draft, (len(draft.answers["cases"]) - 1 if added else None)


def draft_add_charge(*, draft: Draft, case_index: int) -> tuple[Draft, int | None]:
    """A new, empty charge at the end of a case. Returns the draft and the new charge's
    index, or None when there is no such case or it holds MAX_CHARGES_PER_CASE already."""

    added = False

    def add(answers: Answers) -> Answers:
        nonlocal added
        answers.pop(REMOVED, None)  # the places have moved: nothing left to undo
        cases = _cases(answers)
        if 0 <= case_index < len(cases):
            charges = cases[case_index].setdefault("charges", [])
            if len(charges) < MAX_CHARGES_PER_CASE:
                charges.append({})
                added = True
        return answers

    draft = draft_change(draft=draft, change=add)
    if not added:
        return draft, None
    return draft, len(draft.answers["cases"][case_index]["charges"]) - 1


# The last case or charge removed, kept in the draft so the resident can undo it (until the
# next case or charge is added or removed); never sent with the answers.
REMOVED = "removed"


def draft_remove_case(*, draft: Draft, case_index: int) -> Draft:
    """Remove a case with its charges, keeping it to undo (nothing happens when there is
    no such case)."""

    def remove(answers: Answers) -> Answers:
        cases = _cases(answers)
        if 0 <= case_index < len(cases):
            answers[REMOVED] = {"case": case_index, "charge": None, "value": cases.pop(case_index)}
        return answers

    return draft_change(draft=draft, change=remove)


def draft_remove_charge(*, draft: Draft, case_index: int, charge_index: int) -> Draft:
    """Remove one charge of a case, keeping it to undo (nothing happens when there is no
    such charge)."""

    def remove(answers: Answers) -> Answers:
        cases = _cases(answers)
        if 0 <= case_index < len(cases):
            charges = cases[case_index].get("charges", [])
            if 0 <= charge_index < len(charges):
                answers[REMOVED] = {"case": case_index, "charge": charge_index, "value": charges.pop(charge_index)}
        return answers

    return draft_change(draft=draft, change=remove)


# What a resident typed on a step and had not saved when they switched language (the step,
# its fields as typed), shown again on that step in the other language; never sent.
CARRIED = "carried"
CARRIED_MAX_CHARS = 5000


def draft_carry_typed(*, draft: Draft, step_key: str, typed: dict[str, Any]) -> Draft:
    """Keep what was typed on a step (and not valid yet) across a language switch. Each
    value is cut to CARRIED_MAX_CHARS, as no field takes more."""
    kept = {
        name: [str(v)[:CARRIED_MAX_CHARS] for v in value] if isinstance(value, list) else str(value)[:CARRIED_MAX_CHARS]
        for name, value in typed.items()
    }

    def carry(answers: Answers) -> Answers:
        answers[CARRIED] = {"step": step_key, "typed": kept}
        return answers

    return draft_change(draft=draft, change=carry)


def carried_for(answers: Answers, step_key: str) -> dict[str, Any] | None:
    """What was carried across a language switch for this step, if anything."""
    carried = answers.get(CARRIED)
    if isinstance(carried, dict) and carried.get("step") == step_key and isinstance(carried.get("typed"), dict):
        return carried["typed"]
    return None


def draft_undo_remove(*, draft: Draft) -> tuple[Draft, bool]:
    """Put back the case or charge removed last, where it was. Returns the draft and
    whether something was put back (nothing when there is nothing to undo, or the limits
    are reached)."""
    restored = False

    def undo(answers: Answers) -> Answers:
        nonlocal restored
        removed = answers.pop(REMOVED, None)
        if not isinstance(removed, dict) or not isinstance(removed.get("value"), dict):
            return answers
        cases = _cases(answers)
        case, charge = removed.get("case"), removed.get("charge")
        if not isinstance(case, int):
            return answers
        if charge is None and len(cases) < MAX_CASES:
            cases.insert(min(max(case, 0), len(cases)), removed["value"])
            restored = True
        elif isinstance(charge, int) and 0 <= case < len(cases):
            charges = cases[case].setdefault("charges", [])
            if len(charges) < MAX_CHARGES_PER_CASE:
                charges.insert(min(max(charge, 0), len(charges)), removed["value"])
                restored = True
        return answers

    draft = draft_change(draft=draft, change=undo)
    return draft, restored


def resume_email_to_send(draft: Draft) -> str:
    """The address the resume link would go to now ("" when there is none, or it went
    there already)."""
    email = (draft.answers.get("about") or {}).get("email") or ""
    return "" if email == draft.emailed_to else email


def draft_email_resume_link(*, draft: Draft, link: str) -> bool:
    """Queue the private link to the address the resident gave, once per address: the
    address is recorded on the draft, and a Celery task sends the email (with retries and a
    timeout), never the request. If the task cannot even be queued, the resident's step is
    not held up: the address is forgotten, so the next save tries again. Returns whether
    it was queued."""
    email = resume_email_to_send(draft)
    if not email:
        return False
    Draft.objects.filter(pk=draft.pk).update(emailed_to=email, updated_at=timezone.now())
    draft.emailed_to = email
    # No publish retries: with the broker down, the step answers at once.
    if not enqueue(send_resume_link, draft.pk, email, link, get_language()):
        Draft.objects.filter(pk=draft.pk, emailed_to=email).update(emailed_to="")
        draft.emailed_to = ""
        return False
    return True


def _resume_message(draft: Draft, link: str) -> tuple[str, str]:
    """The resume email's subject and body, in the active language."""
    subject = _("Your link to come back to your answers")
    body = _(
        "You started checking your record on the Maryland record clearing portal. To come back to your "
        "answers, open this private link (it works until %(day)s; keep it to yourself):\n\n%(link)s\n\n"
        "If you did not ask for this, you can ignore this message."
    ) % {
        "link": link,
        # The last day in Maryland, in the resident's language ("December 30, 2026").
        "day": formats.date_format(timezone.localdate(draft.expires_at), "DATE_FORMAT"),
    }
    return subject, body


@shared_task(name="expunge.tasks.send_resume_link", bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def send_resume_link(self, draft_id: int, email: str, link: str, language: str) -> None:
    """Send the resume email, unless the draft is gone, already sent, or its address has
    changed since. An SMTP server that refuses or hangs (settings.EMAIL_TIMEOUT) is retried;
    after the last try the address is forgotten, so the resident's next save queues it
    again. The log never holds the address or the link."""
    draft = Draft.objects.filter(pk=draft_id).first()
    if draft is None or draft.submission_id or draft.emailed_to != email:
        return
    with translation.override(language):
        subject, body = _resume_message(draft, link)
    if not email_or_retry(self, subject=subject, body=body, to=email, what=f"The resume email for draft {draft_id}"):
        Draft.objects.filter(pk=draft_id, emailed_to=email).update(emailed_to="")


def draft_submit(*, draft: Draft, token: str) -> tuple[Submission, str]:
    """Send the draft's answers for checking, as one transaction that locks the draft row:
    however many requests send the same draft at once, one submission is made, and every
    one of them gets it and its results token. The draft then keeps only the fact that its
    link was used, until the link expires and the nightly purge deletes it."""
    results_token = results_token_for(token)
    with transaction.atomic():
        # Whoever gets the lock second reads the row as the first one left it.
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.submission_id is not None:
            return Submission.objects.get(pk=locked.submission_id), results_token
        answers = {key: value for key, value in locked.answers.items() if key not in (REMOVED, CARRIED)}
        answers["consented_at"] = timezone.now().isoformat()
        submission, _token = submission_submit(answers=answers, language=locked.language, token=results_token)
        locked.submission = submission
        locked.answers = {}
        locked.emailed_to = ""  # the draft keeps no more than it needs: not the address either
        locked.save(update_fields=["submission", "answers", "emailed_to", "updated_at"])
    return submission, results_token

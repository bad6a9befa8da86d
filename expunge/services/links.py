"""A resident's private results link, by email: sent at the resident's own request from the
results page (to the address they gave, or one they type there: whoever holds the page
holds the link already), or anew by staff for a resident who lost it (only to the address
on file, never to another on a caller's word; the old link stops working; audited).

Either way the email holds the link and what it is, nothing about the case, and a Celery
task sends it (with retries and a timeout), never the request."""

from __future__ import annotations

from celery import shared_task
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from expunge.models import AuditEvent, Submission, hash_access_token, new_access_token
from expunge.services import NotAllowed
from expunge.services.audit import audit
from expunge.services.notifications import email_or_retry
from expunge.services.queue import enqueue
from expunge.services.retention import submission_kept_until
from expunge.services.retries import RETRY_COUNTDOWNS

# Who asked for the email: it says so.
STAFF = "staff"
RESIDENT = "resident"


def results_email(submission: Submission) -> str:
    """The address the resident gave with their answers ("" when none)."""
    return ((submission.answers.get("about") or {}).get("email") or "").strip()


def submission_email_results_link(*, submission: Submission, email: str, link: str, language: str) -> bool:
    """Queue the results link `link` to `email`, in `language`, as the resident asked on
    their results page. Nothing is stored: the address they gave stays the one on file.
    Returns whether the task was queued (the broker may be down; the page then says so and
    the resident still has the link in front of them)."""
    return enqueue(send_results_link, submission.pk, email, link, submission.access_token_hash, RESIDENT, language)


def review_send_new_link(*, user, submission: Submission, link_for) -> tuple[str, bool]:
    """Give the resident a new private results link, by email to the address they gave
    (never to another one: a caller's word is not proof of who they are). The old link
    stops working at once. `link_for(token)` makes the absolute link. The email is sent by
    a background task; when the broker cannot take it, the old link is put back (only its
    hash is kept, so the new link would reach nobody) and nothing is audited, so staff can
    try again. Returns the address and whether the email was queued."""
    email = results_email(submission)
    if not email:
        raise NotAllowed("The resident gave no email address")
    old_hash, token = submission.access_token_hash, new_access_token()
    new_hash = hash_access_token(token)
    # Committed first: the task must find the new link in place.
    Submission.objects.filter(pk=submission.pk).update(access_token_hash=new_hash, updated_at=timezone.now())
    if not enqueue(send_results_link, submission.pk, email, link_for(token), new_hash):
        Submission.objects.filter(pk=submission.pk, access_token_hash=new_hash).update(access_token_hash=old_hash)
        return email, False
    submission.access_token_hash = new_hash
    audit(user=user, submission=submission, action=AuditEvent.Action.NEW_LINK)
    return email, True


def _message(submission: Submission, link: str, asked_by: str) -> tuple[str, str]:
    """The email's subject and body, in the active language."""
    if asked_by == RESIDENT:
        subject = _("Your link to your results")
        body = _(
            "Here is the private link to your results on the Maryland record clearing portal, as you asked. "
            "Open it to see your results and download your papers. Keep it to yourself: anyone with the link "
            "can see your answers. It works until %(day)s, when we delete your answers.\n\n%(link)s\n\n"
            "If you did not ask for this, you can ignore this message."
        ) % {"link": link, "day": formats.date_format(submission_kept_until(submission), "DATE_FORMAT")}
        return subject, body
    subject = _("Your new link to your results")
    body = _(
        "Legal-aid staff sent you a new private link to your results on the Maryland record clearing portal. "
        "Your earlier link no longer works. Open this link to see your results and download your papers "
        "(keep it to yourself):\n\n%(link)s\n\nIf you did not ask for this, you can ignore this message."
    ) % {"link": link}
    return subject, body


@shared_task(name="expunge.tasks.send_results_link", bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS))
def send_results_link(
    self, submission_id: int, email: str, link: str, token_hash: str, asked_by: str = STAFF, language: str = ""
) -> None:
    """Send a results link, unless the submission is gone or has had another link since
    (the one in the email would not work). In `language`, or the resident's own. An SMTP
    server that refuses or hangs is retried. The log never holds the address or the link."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None or submission.access_token_hash != token_hash:
        return
    with translation.override(language or submission.language):
        subject, body = _message(submission, link, asked_by)
    email_or_retry(self, subject=subject, body=body, to=email, what=f"The results link for submission {submission_id}")

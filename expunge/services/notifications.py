"""Email to residents, sent from Celery tasks, never in a request. One way to send: an SMTP
server that refuses or hangs (settings.EMAIL_TIMEOUT) is retried on RETRY_COUNTDOWNS, and
the log never holds the address or the message."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail

from expunge.services.retries import RETRY_COUNTDOWNS

logger = logging.getLogger(__name__)


def email_or_retry(task, *, subject: str, body: str, to: str, what: str) -> bool:
    """Send one email from inside the bound Celery `task`, retrying the task when the
    server fails. After the last try it logs `what` could not be sent (with the error's
    kind only) and returns False; True once sent."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except (smtplib.SMTPException, OSError) as exc:
        if task.request.retries >= task.max_retries:
            logger.error("%s could not be sent: %s", what, type(exc).__name__)
            return False
        raise task.retry(exc=exc, countdown=RETRY_COUNTDOWNS[task.request.retries]) from exc
    return True

"""Sending work to the Celery broker without holding anyone up. The intent is written with
the row (its `queued_at`, in the same transaction); the message is sent once the row is
committed, with no publish retries and the broker's short timeouts (settings). When the
broker cannot take it, the request carries on and the sweeper (expunge.services.sweeper)
sends it again once the work is overdue; the rows' claims keep a second message from
doing the work twice."""

from __future__ import annotations

import logging

from django.db import transaction

from expunge.services.retries import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> bool:
    """Send the task now. Returns whether the broker took it. The log names the task and
    its first argument (a row's id) only: others may be an address or a private link."""
    try:
        task.apply_async(args=args, retry=False)
    except TRANSIENT_ERRORS as exc:
        logger.warning("Could not queue %s for row %s: %r", task.name, args[0] if args else None, exc)
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    """Send the task once the current transaction commits (the worker must never look for
    a row that is not committed yet)."""
    transaction.on_commit(lambda: enqueue(task, *args))

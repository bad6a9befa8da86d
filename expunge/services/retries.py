"""Which failures a task retries, and when: only transient ones (database, broker,
network, disk), on a visible schedule; the final failure is recorded on the row where staff
see it. Rule errors are results, never retried."""

from __future__ import annotations

import logging

import kombu.exceptions
import redis.exceptions
from django.db import InterfaceError, OperationalError

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


def record_quietly(record, **kwargs) -> None:
    """Write down a failure (or give a claim back) where a task has already failed: if the
    database is still away, log it and go on. The row keeps its state, its claim runs out,
    and the sweeper sends the work again, instead of the task's handler failing in turn."""
    try:
        record(**kwargs)
    except TRANSIENT_ERRORS as exc:
        logger.warning(
            "Could not record %s(%r): %r; the sweeper will send the work again",
            getattr(record, "__name__", repr(record)),
            kwargs,
            exc,
        )

"""Which failures a task retries, and when: only transient ones (database, broker,
network, disk), on a visible schedule; the final failure is recorded on the row where staff
see it. Rule errors are results, never retried."""

from __future__ import annotations

import kombu.exceptions
import redis.exceptions
from django.db import InterfaceError, OperationalError

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

"""The audit log: who did what to which submission or batch, and when."""

from __future__ import annotations

from typing import Any

from expunge.models import AuditEvent, Batch, Submission


def audit(*, user, submission: Submission | None, action: str, batch: Batch | None = None, **detail: Any) -> AuditEvent:
    """Record who did what, and when. Every staff view, download, export and change calls it."""
    return AuditEvent.objects.create(user=user, submission=submission, batch=batch, action=action, detail=detail)

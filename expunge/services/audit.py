"""The audit log: who did what to which submission, and when."""

from __future__ import annotations

from typing import Any

from expunge.models import AuditEvent, Submission


def audit(*, user, submission: Submission | None, action: str, **detail: Any) -> AuditEvent:
    """Record who did what, and when. Every staff view, download, export and change calls it."""
    return AuditEvent.objects.create(user=user, submission=submission, action=action, detail=detail)

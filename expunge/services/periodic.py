"""The periodic jobs (CELERY_BEAT_SCHEDULE) record each run, so that staff see when one
last ran and whether it is late: a beat process that died says so on the staff pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from expunge.models import PeriodicRun


def jobs() -> list[tuple[str, Any, timedelta]]:
    """The periodic jobs of CELERY_BEAT_SCHEDULE: name, label, and how often each runs."""
    return [
        ("purge-expired", _("Nightly deletion of what is due"), timedelta(days=1)),
        ("decide-due", _("Nightly decision of what can be filed from today"), timedelta(days=1)),
        ("sweep-overdue", _("Sending overdue work again"), timedelta(seconds=settings.SWEEP_EVERY_SECONDS)),
    ]


def is_late(finished_at, every: timedelta, now) -> bool:
    """A job that has not finished a run for a tenth longer than its interval, plus five
    minutes, is late."""
    return finished_at is None or now - finished_at > every * 1.1 + timedelta(minutes=5)


def periodic_run(job: str, work: Callable[[], Any], summary: Callable[[Any], str] = str) -> Any:
    """Run one periodic job and record when it started and finished, and how it went."""
    PeriodicRun.objects.update_or_create(job=job, defaults={"started_at": timezone.now()})
    try:
        result = work()
    except Exception as exc:
        PeriodicRun.objects.filter(job=job).update(finished_at=timezone.now(), ok=False, summary=repr(exc)[:200])
        raise
    PeriodicRun.objects.filter(job=job).update(finished_at=timezone.now(), ok=True, summary=summary(result)[:200])
    return result

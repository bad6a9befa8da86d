"""Dates as the resident's answers hold them: "YYYY-MM-DD", or "YYYY-MM" when only the
month and year are known. The resident's forms check them with these, and
expunge.records hands the engine what it can rely on."""

from __future__ import annotations

import calendar
from datetime import date


def day_or_none(value: str | None) -> str | None:
    """A full date for the engine; a month and year (or nothing) is not one."""
    return value if value and len(value) == 10 else None


def last_day(value: str | None) -> str | None:
    """The last day of a month-and-year answer (a full date as is)."""
    if not value:
        return None
    if len(value) == 10:
        return value
    year, month = int(value[:4]), int(value[5:7])
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def earliest(value: str) -> str:
    """The first day of a month-and-year answer (a full date as is)."""
    return value if len(value) == 10 else f"{value}-01"

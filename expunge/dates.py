"""Dates as the resident's answers hold them: a day ("YYYY-MM-DD"), or a month and year
when the day is not known ("YYYY-MM"). `PartialDate` is the one place that tells the two
apart: the resident's forms make and check them, records hands the engine what it can rely
on, the court papers and the pages show them as they are known."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_SAVED = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int
    day: int | None = None  # None: only the month and year are known

    def __post_init__(self) -> None:
        date(self.year, self.month, self.day or 1)  # a real date, or ValueError

    @classmethod
    def parse(cls, value: object) -> PartialDate | None:
        """The date an answer holds, or None when it holds none (empty, or not a date)."""
        match = _SAVED.match(value) if isinstance(value, str) else None
        if match is None:
            return None
        year, month, day = match.groups()
        try:
            return cls(int(year), int(month), int(day) if day else None)
        except ValueError:
            return None

    @classmethod
    def from_date(cls, day: date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    def __str__(self) -> str:
        """As the answers save it."""
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")

    @property
    def month_only(self) -> bool:
        return self.day is None

    @property
    def exact(self) -> date | None:
        """The day, when it is known."""
        return date(self.year, self.month, self.day) if self.day else None

    @property
    def first(self) -> date:
        """The earliest day it can be."""
        return date(self.year, self.month, self.day or 1)

    @property
    def last(self) -> date:
        """The latest day it can be."""
        return date(self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1])

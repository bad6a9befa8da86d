"""Template filters for showing a resident's answers back to them."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def answer_date(value: str | None) -> str:
    """A date as the questionnaire saves it ("YYYY-MM-DD", or "YYYY-MM" when the day is
    not known), in words in the active language: "May 10, 2012" or "10 de mayo de 2012";
    "May 2012" or "mayo de 2012". Written out, a month and day typed the wrong way round
    are easy to spot. Anything else is shown as it is."""
    if not value:
        return ""
    try:
        if len(value) == 10:
            return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
        if len(value) == 7:
            return formats.date_format(date.fromisoformat(f"{value}-01"), "YEAR_MONTH_FORMAT")
    except (TypeError, ValueError):
        pass
    return value

"""Template filters for showing a resident's answers back to them."""

from __future__ import annotations

from django import template
from django.utils import formats

from expunge.dates import PartialDate

register = template.Library()


@register.filter
def answer_date(value: str | None) -> str:
    """A date as the questionnaire saves it ("YYYY-MM-DD", or "YYYY-MM" when the day is
    not known), in words in the active language: "May 10, 2012" or "10 de mayo de 2012";
    "May 2012" or "mayo de 2012". Written out, a month and day typed the wrong way round
    are easy to spot. Anything else is shown as it is."""
    if not value:
        return ""
    known = PartialDate.parse(value)
    if known is None:
        return value
    if known.month_only:
        return formats.date_format(known.first, "YEAR_MONTH_FORMAT")
    return formats.date_format(known.first, "DATE_FORMAT")

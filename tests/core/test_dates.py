"""Dates as answers hold them: a day, or a month and year (expunge.dates.PartialDate)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from expunge.dates import PartialDate


@pytest.mark.parametrize(
    ("saved", "first", "last", "exact"),
    [
        ("2012-05-10", date(2012, 5, 10), date(2012, 5, 10), date(2012, 5, 10)),
        ("2012-02", date(2012, 2, 1), date(2012, 2, 29), None),
        ("2013-02", date(2013, 2, 1), date(2013, 2, 28), None),
    ],
)
def test_a_saved_date_is_read_with_what_is_known_of_it(saved, first, last, exact):
    known = PartialDate.parse(saved)
    assert (known.first, known.last, known.exact, known.month_only) == (first, last, exact, exact is None)
    assert str(known) == saved


@pytest.mark.parametrize("value", [None, "", "2012-13", "2012-02-30", "05/10/2012", "2012-5-1", 20120510])
def test_anything_else_holds_no_date(value):
    assert PartialDate.parse(value) is None


@given(st.dates(min_value=date(1900, 1, 1)), st.booleans())
def test_a_date_saves_and_reads_back_the_same(day, month_only):
    known = PartialDate(day.year, day.month, None if month_only else day.day)
    assert PartialDate.parse(str(known)) == known
    assert known.first <= day <= known.last

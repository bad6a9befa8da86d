"""Each case on the results page is headed by its number, or by court and year, and never
"Your case" twice; each charge is named as the resident gave it."""

from __future__ import annotations

import pytest
from django.utils import translation

from expunge.answers import case_heading


def words(court="", *dates):
    return {"court": court, "charges": [{"disposition_date": d, "charge_date": ""} for d in dates]}


@pytest.mark.parametrize(
    "case_number, case_words, heading",
    [
        ("4B02167750", words("District Court", "2015-06-01"), "Case 4B02167750"),
        ("", words("District Court", "2015-06-01", "2014-02"), "District Court case, 2014"),
        ("", words("Circuit Court"), "Circuit Court case"),
        ("", words("", "2019-01-01"), "Case from 2019"),
        ("", words(""), "Your case 2"),
        ("", None, "Your case 2"),
    ],
)
def test_a_case_is_headed_by_what_is_known_of_it(case_number, case_words, heading):
    assert case_heading(case_number=case_number, case_words=case_words, index=1, count=3) == heading


def test_a_lone_case_with_nothing_known_is_your_case_and_spanish_reads_naturally():
    assert case_heading(case_number="", case_words=words(""), index=0, count=1) == "Your case"
    with translation.override("es"):
        assert case_heading(case_number="", case_words=words("", "2019-01-01"), index=0, count=1) == "Caso de 2019"
        assert case_heading(case_number="D-1", case_words=None, index=0, count=1) == "Caso D-1"

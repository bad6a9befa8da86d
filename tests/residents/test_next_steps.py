"""The "Next" line under each charge follows from what the page offers: it says to file the
petition in the packet only when the packet holds one for that charge, to choose the waiver
only when the choice is there, and to come back with the private link only when the answers
are still kept that day. Walked over every outcome, with and without the waiver chosen, a
charge beside it, and dates on both sides of the deletion day."""

from __future__ import annotations

import itertools
import re
from datetime import date
from types import SimpleNamespace

import pytest

from expunge.explanations import NEXT_STEPS, OUTCOMES, explain_result
from expunge.packet.documents import case_plan
from tests.residents.test_views import _result_page

AS_OF = date(2026, 12, 3)
KEPT_UNTIL = date(2027, 12, 3)
DAYS = {"none": None, "past": "2020-01-01", "before deletion": "2027-06-01", "after deletion": "2031-06-01"}
PETITION = {"kind": "petition", "form": "CC-DC-CR-072A", "ground": "CP §10-105(a)(2)", "fee_usd": 0, "deadline": None}


def charge(outcome: str, day: str | None) -> dict:
    return {
        "outcome": outcome,
        "eligible_on": day,
        "pardoned": outcome == "pardoned_then_petition",
        "remedy": None if outcome in ("not_eligible", "needs_review", "different_process_juvenile") else PETITION,
        "reasons": [],
        "alternatives": [],
        "record_state": "on_record",
    }


def lines_and_plan(charges: list[dict], waiver_chosen: bool):
    result = {"as_of": AS_OF.isoformat(), "rules_version": "x", "cases": [{"charges": charges, "blocking_charges": []}]}
    plan = case_plan(
        SimpleNamespace(result=result, as_of=AS_OF, early_filing=frozenset({0} if waiver_chosen else ())), 0
    )
    (case,) = explain_result(result, plans=[plan], kept_until=KEPT_UNTIL)
    return [c["next_step"] for c in case["charges"]], plan


SCENARIOS = list(
    itertools.product(sorted(OUTCOMES), DAYS, [False, True], [None, "eligible_now", "eligible_now_with_waiver"])
)


@pytest.mark.parametrize("outcome, day, waiver_chosen, beside", SCENARIOS)
def test_every_next_line_agrees_with_the_packet_the_choice_and_the_deletion_day(outcome, day, waiver_chosen, beside):
    charges = [charge(outcome, DAYS[day])]
    if beside:
        charges.append(charge(beside, "2030-01-01" if beside == "eligible_now_with_waiver" else "2020-01-01"))
    lines, plan = lines_and_plan(charges, waiver_chosen)
    waiver_offered = plan.waiver_possible and not plan.waiver
    for index, line in enumerate(lines):
        assert line.startswith("Next: "), (index, line)
        in_packet = index in plan.petition_charges
        assert ("file the petition in your packet" in line or "download your packet" in line) == in_packet, line
        assert ("the waiver" in line and "choose below" in line.lower()) <= waiver_offered, line
        assert ("sign the petition and the waiver" in line) == (in_packet and plan.waiver and "waiver" in line), line
        day_of = charges[index]["eligible_on"]
        if "come back on the date above with your private link" in line:
            assert day_of and date.fromisoformat(day_of) < KEPT_UNTIL, line
        if "answer the questions again" in line:
            assert day_of and date.fromisoformat(day_of) >= KEPT_UNTIL, line


def test_without_a_plan_staff_pages_read_the_outcome_alone():
    result = {
        "as_of": AS_OF.isoformat(),
        "rules_version": "x",
        "cases": [{"charges": [charge("eligible_now", None)], "blocking_charges": []}],
    }
    (case,) = explain_result(result)
    assert case["charges"][0]["next_step"] == str(NEXT_STEPS["eligible_now"])


@pytest.mark.django_db
def test_a_pardon_filed_later_never_says_to_file_the_petition_in_the_packet(client):
    """The issue's example: "file the petition in your packet" beside "There is no petition
    to file today"."""
    from tests.eligibility.test_eligibility import COMPANION, cannabis, cases_record

    raw = cases_record([cannabis("2022-09-01", "2031-09-01", charge_date="2022-06-01"), dict(COMPANION)])
    page = " ".join(_result_page(client, raw, "pardoned-later-token-1234567890abcdefgh").split())
    assert "There is no petition to file today" in page
    assert "file the petition in your packet" not in page and "download your packet" not in page
    assert re.search(r"You can file from [^<]*2031\. We delete your answers on [^<]*2027, before that day", page)
    assert "Next: write the date above down." in page


@pytest.mark.django_db
def test_a_date_while_the_answers_are_kept_says_the_link_still_works_then(client):
    from tests.eligibility.test_eligibility import COMPANION, cannabis, cases_record

    raw = cases_record([cannabis("2022-09-01", "2027-02-01", charge_date="2022-06-01"), dict(COMPANION)])
    page = " ".join(_result_page(client, raw, "pardoned-soon-token-1234567890abcdefghi").split())
    assert re.search(r"You can file from Feb\. 1, 2027\. We keep your answers until [^<]*2027, so your private", page)
    assert "Next: come back on the date above with your private link" in page
    page = " ".join(_result_page(client, raw, "pardoned-soon-token-es-1234567890abcdefg", "es").split())
    assert "Guardamos sus respuestas hasta el" in page

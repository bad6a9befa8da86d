"""A petition is signed under penalty of perjury: each sworn statement appears exactly when
the facts the portal holds support it (law notes §00 'What a petition may state under
oath'); otherwise it is a box for the petitioner, and the cover sheet says what to check.
Read from the PDFs with pdftotext, case by case."""

from __future__ import annotations

import copy

import pytest

from eligibility import assess
from eligibility.engine import petition_remedy
from expunge.packet import documents
from tests.core.test_documents import TODAY, flat, packet, render
from tests.eligibility.test_eligibility import cannabis, cases_record, charge

PBJ_2019 = charge("pbj", "2019-03-01", sentence_completed="2020-03-01", probation_closed="satisfactory")
STANDARD_PBJ = "I have not been convicted of any crime, other than a minor traffic violation, within 3 years"
PENDING = "I am not now a defendant in any pending criminal proceeding."


def statements(inp, case_index=0):
    return documents.petition_fields(inp, case_index, generated_on=TODAY)["statements"]


def sworn(inp, text, case_index=0):
    """Whether `text` is printed as a statement (True), left in a box (False), or absent (None)."""
    for statement in statements(inp, case_index):
        if text in statement["text"]:
            return not statement["box"]
    return None


def decided_anyway(record, case_index, charge_index, outcome, ground, eligible_on="2020-01-01"):
    """The packet input with one charge decided as staff would override it (the engine's
    facts unchanged): what the papers then say must still follow the facts."""
    result = copy.deepcopy(assess(record))
    result["cases"][case_index]["charges"][charge_index].update(
        outcome=outcome, eligible_on=eligible_on, remedy=petition_remedy(ground)
    )
    result["cases"][case_index]["blocking_charges"] = []
    inp = packet(record)
    return documents.PacketInput(petitioner=inp.petitioner, record=record, result=result)


# --- The PBJ's 3 years ---------------------------------------------------------------------


def test_a_pbj_with_no_conviction_in_its_3_years_states_it(tmp_path):
    inp = packet(cases_record([PBJ_2019]))
    assert sworn(inp, STANDARD_PBJ) is True
    assert STANDARD_PBJ in flat(render(documents.PETITION, inp), tmp_path)


def test_a_conviction_inside_the_window_for_conduct_no_longer_a_crime_is_stated_as_the_exception(tmp_path):
    later = cannabis("2020-06-01", "2020-06-01", cannabis_grams=28.0, charge_date="2020-01-10")
    inp = packet(cases_record([PBJ_2019], [later]))
    assert inp.result["cases"][0]["charges"][0]["outcome"] == "eligible_now"
    assert sworn(inp, STANDARD_PBJ) is None  # the plain statement would not be true
    text = flat(render(documents.PETITION, inp), tmp_path)
    assert (
        "Within 3 years after the probation before judgment I was not convicted of any crime, other than a minor "
        "traffic violation, except for conduct that is no longer a crime: Possession of marijuana (CR 5-601), "
        "June 1, 2020." in text
    )


def test_a_conviction_inside_the_window_that_is_no_exception_leaves_the_statement_to_the_petitioner(tmp_path):
    theft = charge("guilty", "2019-03-01", statute="CR 7-104", description="Theft", sentence_completed="2019-03-01")
    record = cases_record([PBJ_2019, theft])  # a theft conviction of the same day, same case
    inp = decided_anyway(record, 0, 0, "eligible_now", "CP §10-105(a)(3)")
    assert sworn(inp, STANDARD_PBJ) is False
    cover = flat(render(documents.COVER, inp), tmp_path)
    assert "Tick the box about convictions after the probation before judgment only if" in cover


def test_a_conviction_elsewhere_the_portal_cannot_date_leaves_the_statement_to_the_petitioner():
    record = cases_record([PBJ_2019])
    record["person"]["other_convictions"] = [{"statute": None, "description": "Reported", "felony": None}]
    inp = decided_anyway(record, 0, 0, "eligible_now", "CP §10-105(a)(3)")
    assert sworn(inp, STANDARD_PBJ) is False


# --- The pardon names what it covers ------------------------------------------------------


def test_the_pardon_statement_names_only_the_pardoned_charges(tmp_path):
    record = cases_record(
        [cannabis("2019-03-01", "2019-03-01", charge_date="2019-01-05"), charge("dismissed", "2019-03-01")]
    )
    inp = packet(record)
    results = inp.result["cases"][0]["charges"]
    assert [r["pardoned"] for r in results] == [True, False]
    text = flat(render(documents.PETITION, inp), tmp_path)
    assert (
        "Pardoned by the Governor's Executive Clemency Order of June 17, 2024: Possession of marijuana (CR 5-601)."
        in text
    )
    assert "This conviction was pardoned" not in text and "Assault second degree (CR 3-203)" not in text


def test_a_lone_pardoned_conviction_says_so_in_one_line():
    inp = packet(cases_record([cannabis("2019-03-01", "2019-03-01", charge_date="2019-01-05")]))
    assert sworn(inp, "This conviction was pardoned by the Governor's Executive Clemency Order") is True


def test_no_pardon_no_pardon_statement():
    assert sworn(packet(cases_record([charge("dismissed", "2015-01-10")])), "pardoned") is None


# --- The sentence's end, never a day to come ------------------------------------------------


def test_the_day_the_sentence_ended_is_printed_only_when_it_has_passed(tmp_path):
    done = cases_record([cannabis("2023-10-01", "2024-01-01", charge_date="2023-08-01")])
    assert sworn(packet(done), "I completed the sentence") is True
    assert "on January 1, 2024." in flat(render(documents.PETITION, packet(done)), tmp_path)
    # No longer a crime: filed before the sentence ends, and the petition never says it ended.
    running = cases_record([cannabis("2023-10-01", "2028-10-01", charge_date="2023-08-01", cannabis_grams=42.5)])
    inp = packet(running)
    assert inp.result["cases"][0]["charges"][0]["remedy"]["ground"] == "CP §10-105(a)(11)"
    text = flat(render(documents.PETITION, inp), tmp_path)
    assert "completed the sentence" not in text and "2028" not in text


def test_a_future_end_on_a_ground_that_needs_it_is_left_blank_and_the_cover_says_so(tmp_path):
    record = cases_record([cannabis("2023-10-01", "2027-03-01", charge_date="2023-08-01")])
    inp = decided_anyway(record, 0, 0, "eligible_now", "CP §10-105(a)(12)")
    assert sworn(inp, "I completed the sentence") is None
    text = flat(render(documents.PETITION, inp), tmp_path)
    assert "March 1, 2027" not in text
    assert "We could not print the day your sentence ended" in flat(render(documents.COVER, inp), tmp_path)


# --- The pending case is the petitioner's to say ------------------------------------------


@pytest.mark.parametrize("pending", [False, None])
def test_the_pending_case_box_is_never_ticked_for_the_petitioner(tmp_path, pending):
    record = cases_record([charge("dismissed", "2015-01-10")], pending_case=pending)
    inp = packet(record) if pending is False else decided_anyway(record, 0, 0, "eligible_now", "CP §10-105(a)(2)")
    assert sworn(inp, PENDING) is False
    cover = flat(render(documents.COVER, inp), tmp_path)
    assert "only if you have no open criminal case in any court" in cover


# --- A ground the recorded disposition does not support -----------------------------------


def test_a_ground_beside_an_unknown_disposition_is_left_to_the_petitioner(tmp_path):
    record = cases_record([charge("unknown", "2015-01-10")])
    inp = decided_anyway(record, 0, 0, "eligible_now", "CP §10-105(a)(4)")
    assert sworn(inp, "A nolle prosequi was entered") is False
    assert "We could not confirm what the court decided" in flat(render(documents.COVER, inp), tmp_path)
    # The same ground beside the disposition it rests on is stated.
    nolle = packet(cases_record([charge("nolle_prosequi", "2015-01-10")]))
    assert sworn(nolle, "A nolle prosequi was entered") is True


def test_one_criminal_act_with_two_charges_says_they_arose_from_it():
    record = cases_record(
        [
            cannabis("2019-03-01", "2019-03-01", charge_date="2019-01-05"),
            charge(
                "guilty",
                "2019-03-01",
                statute="CR 5-619",
                substance="cannabis",
                description="Possession of paraphernalia",
                sentence_completed="2019-03-01",
                domestically_related=False,
            ),
        ]
    )
    inp = decided_anyway(record, 0, 0, "pardoned_then_petition", "CP §10-105(a)(8)")
    inp.result["cases"][0]["charges"][1].update(
        outcome="pardoned_then_petition", eligible_on="2020-01-01", remedy=petition_remedy("CP §10-105(a)(8)")
    )
    assert sworn(inp, "The charges listed above arose from that one act.") is True


# --- A petition for part of a case -----------------------------------------------------------


def test_a_partial_petition_lists_the_charges_that_stay_and_the_cannabis_exception(tmp_path):
    excluded_pbj = charge("pbj", "2015-01-01", statute="CR 3-211", description="Reckless endangerment (excluded)")
    record = cases_record([cannabis("2019-03-01", "2019-03-01", charge_date="2019-01-05"), excluded_pbj])
    inp = packet(record)
    outcomes = [c["outcome"] for c in inp.result["cases"][0]["charges"]]
    assert outcomes[0] in documents.FILEABLE_OUTCOMES and outcomes[1] == "not_eligible"
    text = flat(render(documents.PETITION, inp), tmp_path)
    assert "This petition asks the Court to expunge only the charge(s) listed above." in text
    assert "Reckless endangerment (excluded)" in text
    assert "Charges of possession of cannabis may be expunged although other charges arising from the same" in text
    # A whole case: nothing said about charges that stay.
    whole = flat(render(documents.PETITION, packet(cases_record([charge("dismissed", "2015-01-10")]))), tmp_path)
    assert "expunge only the charge(s)" not in whole

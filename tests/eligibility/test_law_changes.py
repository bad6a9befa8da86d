"""Each change in the law, on either side of the day it took effect, and the facts the
December 2026 review added (law notes §00): treatment PBJs, civil citations, minor traffic
violations, the person's other dispositions, where a record stands, good cause and the
CP §10-110 list read from the statute's text."""

import pytest

from eligibility import assess
from tests.eligibility.test_eligibility import cannabis, cases_record, charge


def first(record):
    result = assess(record)["cases"][0]["charges"][0]
    return result["outcome"], result["eligible_on"], [reason["code"] for reason in result["reasons"]]


def assault_conviction(**fields):
    return charge(
        "guilty", "2012-01-10", **{"sentence_completed": "2012-01-10", "domestically_related": False, **fields}
    )


def dui_pbj():
    return charge("pbj", "2005-01-01", statute="TR 21-902(a)", description="DUI", sentence_completed="2006-01-01")


# (name, record the day before the change, answer then, record on the day, answer on it)
BOUNDARIES = [
    (
        "Justice Reinvestment Act (October 1 2017): listed convictions expungeable",
        cases_record([assault_conviction()], as_of="2017-09-30"),
        ("needs_review", None, ["as_of_before_encoded_rules"]),
        cases_record([assault_conviction()], as_of="2017-10-01"),
        ("eligible_on_date", "2027-01-10", ["conviction_listed_wait_before_redeem"]),
    ),
    (
        "CP §10-105.1 (October 1 2021): a case dismissed the day before stays on the record",
        cases_record([charge("dismissed", "2021-09-30")]),
        ("eligible_now", "2024-09-30", ["favorable_disposition_wait_complete"]),
        cases_record([charge("dismissed", "2021-10-01")]),
        ("automatically_expunged", "2024-10-01", ["automatic_expungement_favorable_case"]),
    ),
    (
        "HB 837 (July 1 2023): cannabis possession on completion of the sentence",
        cases_record([cannabis("2021-03-01", "2022-03-01", cannabis_grams=100.0)], as_of="2023-06-30"),
        (
            "eligible_on_date",
            "2026-03-01",
            ["cannabis_possession_four_year_wait", "cannabis_fee_unverified", "good_cause_possible"],
        ),
        cases_record([cannabis("2021-03-01", "2022-03-01", cannabis_grams=100.0)], as_of="2023-07-01"),
        ("eligible_now", "2022-03-01", ["cannabis_possession_sentence_complete", "cannabis_fee_unverified"]),
    ),
    (
        "REDEEM Act (October 1 2023): a listed misdemeanor waits 5 years, not 10",
        cases_record([assault_conviction(statute="CR 6-402", sentence_completed="2015-01-10")], as_of="2023-09-30"),
        ("eligible_on_date", "2025-01-10", ["conviction_listed_wait_before_redeem"]),
        cases_record([assault_conviction(statute="CR 6-402", sentence_completed="2015-01-10")], as_of="2023-10-01"),
        ("eligible_now", "2020-01-10", ["conviction_listed_wait"]),
    ),
    (
        "the pardon (June 17 2024)",
        cases_record([cannabis("2019-03-01", None, cannabis_grams=100.0)], as_of="2024-06-16"),
        ("needs_review", None, ["sentence_completion_unknown"]),
        cases_record([cannabis("2019-03-01", None, cannabis_grams=100.0)], as_of="2024-06-17"),
        ("needs_review", None, ["sentence_completion_unknown"]),
    ),
    (
        "HB 837's clean-up (due July 1 2024): a possession-only case",
        cases_record([cannabis("2019-03-01", "2019-03-01", cannabis_grams=100.0)], as_of="2024-06-30"),
        (
            "pardoned_then_petition",
            "2019-03-01",
            ["cannabis_possession_sentence_complete", "pardoned_june_2024", "cannabis_fee_unverified"],
        ),
        cases_record([cannabis("2019-03-01", "2019-03-01", cannabis_grams=100.0)], as_of="2024-07-01"),
        (
            "automatically_expunged",
            "2024-07-01",
            [
                "cannabis_only_charge_cleanup",
                "cannabis_possession_sentence_complete",
                "pardoned_june_2024",
                "cannabis_fee_unverified",
            ],
        ),
    ),
    (
        "the DUI PBJ route (October 1 2024)",
        cases_record([dui_pbj()], as_of="2024-09-30"),
        ("not_eligible", None, ["pbj_dui_not_yet_in_force"]),
        cases_record([dui_pbj()], as_of="2024-10-01"),
        ("eligible_now", "2021-01-01", ["pbj_dui_fifteen_years"]),
    ),
    (
        "the Reform Act (October 1 2025): probation closed unsatisfactorily no longer bars",
        cases_record([assault_conviction(statute="CR 6-402", probation_closed="unsatisfactory")], as_of="2025-09-30"),
        ("not_eligible", None, ["unsatisfactory_probation_bar"]),
        cases_record([assault_conviction(statute="CR 6-402", probation_closed="unsatisfactory")], as_of="2025-10-01"),
        ("eligible_now", "2017-01-10", ["conviction_listed_wait"]),
    ),
]


@pytest.mark.parametrize("name, before, before_answer, on, on_answer", BOUNDARIES, ids=[b[0] for b in BOUNDARIES])
def test_each_change_in_the_law_on_either_side_of_its_day(name, before, before_answer, on, on_answer):
    assert first(before) == before_answer
    assert first(on) == on_answer


def test_the_pardon_is_named_from_its_day():
    record = cases_record([cannabis("2019-03-01", "2019-03-01", cannabis_grams=100.0, charge_date="2019-01-05")])
    before = assess({**record, "as_of": "2024-06-16"})["cases"][0]["charges"][0]
    on = assess({**record, "as_of": "2024-06-17"})["cases"][0]["charges"][0]
    assert (before["pardoned"], on["pardoned"]) == (False, True)


def test_a_pbj_with_treatment_waits_for_the_treatment():
    unfinished = charge("pbj_treatment", "2022-01-10", sentence_completed=None)
    assert first(cases_record([unfinished])) == ("needs_review", None, ["treatment_completion_unknown"])
    later = charge("pbj_treatment", "2022-01-10", sentence_completed="2027-06-01")
    assert first(cases_record([later])) == (
        "eligible_on_date",
        "2027-06-01",
        ["pbj_treatment_wait", "good_cause_possible"],
    )


def test_a_dui_pbj_with_treatment_is_a_dui_pbj():
    record = cases_record(
        [dui_pbj()],
        [
            {
                **dui_pbj(),
                "disposition": "pbj_treatment",
                "disposition_date": "2012-01-01",
                "sentence_completed": "2013-01-01",
            }
        ],
    )
    assert first(record) == ("not_eligible", None, ["pbj_dui_barred"])


def test_the_persons_other_dispositions_count():
    record = cases_record([dui_pbj()])
    other_pbj = {"statute": "TR 21-902(b)", "disposition": "pbj", "disposition_date": "2010-01-01"}
    record["person"]["other_dispositions"] = [other_pbj]
    assert first(record) == ("not_eligible", None, ["pbj_dui_barred"])
    theft = {"statute": "CR 7-104", "disposition": "guilty", "disposition_date": "2015-01-01"}
    record["person"]["other_dispositions"] = [theft]
    assert first(record) == ("not_eligible", None, ["pbj_dui_barred"])
    dismissed = {**theft, "disposition": "dismissed"}
    record["person"]["other_dispositions"] = [dismissed]
    assert first(record) == ("eligible_now", "2021-01-01", ["pbj_dui_fifteen_years"])
    record["person"]["other_dispositions"] = [{**theft, "disposition": "pending", "disposition_date": None}]
    assert first(record) == ("not_eligible", None, ["pending_case_bar"])


def test_a_civil_citation_is_never_a_pardoned_conviction():
    citation = cannabis("2019-03-01", "2019-03-01", cannabis_grams=5.0, charge_date="2019-01-05")
    companion = charge("guilty", "2019-03-01", statute="CR 10-201", sentence_completed="2019-03-01")
    known = assess(cases_record([{**citation, "civil_citation": True}, companion]))["cases"][0]["charges"][0]
    assert (known["outcome"], known["pardoned"]) == ("needs_review", False)
    assert [r["code"] for r in known["reasons"]] == ["civil_citation_before_automatic_expungement"]
    # Not said either way: the answer under each value, and no headline petition.
    unknown = assess(cases_record([citation, companion]))["cases"][0]["charges"][0]
    assert unknown["outcome"] == "needs_review"
    assert [r["code"] for r in unknown["reasons"]] == ["civil_citation_unknown"]
    assert [(a["when"], a["outcome"]) for a in unknown["alternatives"]] == [
        ({"civil_citation": False}, "pardoned_then_petition"),
        ({"civil_citation": True}, "needs_review"),
    ]
    # A crime: more than 10 g, or an amount not known (taken as the crime the record shows).
    assert first(cases_record([{**citation, "cannabis_grams": 28.0}, companion]))[0] == "pardoned_then_petition"
    assert first(cases_record([{**citation, "cannabis_grams": None}, companion]))[0] == "pardoned_then_petition"
    # Before October 1 2014 there were no civil citations.
    early = {**citation, "charge_date": "2014-09-30", "disposition_date": "2014-11-01", "sentence_completed": None}
    assert "civil_citation_unknown" not in first(cases_record([early, companion]))[2]


def test_a_civil_citation_decided_since_october_2021_was_to_be_removed_three_years_later():
    citation = cannabis("2022-03-01", None, cannabis_grams=5.0, charge_date="2022-01-15", civil_citation=True)
    companion = charge("dismissed", "2022-03-01")
    result = assess(cases_record([citation, companion]))["cases"][0]["charges"][0]
    assert (result["outcome"], result["eligible_on"], result["record_state"]) == (
        "automatically_expunged",
        "2025-03-01",
        "removal_required",
    )
    soon = assess(cases_record([citation, companion], as_of="2025-02-28"))["cases"][0]["charges"][0]
    assert (soon["outcome"], [r["code"] for r in soon["reasons"]]) == (
        "needs_review",
        ["civil_citation_automatic_scheduled"],
    )


def test_a_minor_traffic_violation_is_not_part_of_the_unit():
    nolle = charge("nolle_prosequi", "2018-03-01")
    ticket = charge("guilty", "2018-03-01", statute="TR 13-411", description="Failure to display registration")
    answer = assess(cases_record([nolle, {**ticket, "minor_traffic": True}]))["cases"][0]
    assert (answer["charges"][0]["outcome"], answer["blocking_charges"]) == ("eligible_now", [])
    # Its penalty not known: a person looks, never "blocked".
    unknown = assess(cases_record([nolle, ticket]))["cases"][0]
    assert [r["code"] for r in unknown["charges"][0]["reasons"]] == ["traffic_penalty_unknown"]
    assert unknown["charges"][0]["outcome"] == "needs_review"
    # Known not to be minor, or a violation that carries jail whatever the record says: part
    # of the unit, and a traffic conviction the portal's list does not settle holds it back.
    for jailable in ({**ticket, "minor_traffic": False}, {**ticket, "statute": "TR 16-303", "minor_traffic": True}):
        held = assess(cases_record([nolle, jailable]))["cases"][0]
        assert [r["code"] for r in held["charges"][0]["reasons"]] == ["unit_rule_depends_on_charge"]
        assert held["blocking_charges"] == [1]


def test_where_each_record_stands():
    def state(record):
        return assess(record)["cases"][0]["charges"][0]["record_state"]

    assert state(cases_record([charge("dismissed", "2021-10-01")])) == "removal_required"
    assert state(cases_record([cannabis("2019-03-01", "2019-03-01", cannabis_grams=100.0)])) == (
        "criminal_history_removal_required"
    )
    pardoned = [cannabis("2019-03-01", "2019-03-01", cannabis_grams=100.0), charge("dismissed", "2019-03-01")]
    assert state(cases_record(pardoned, as_of="2025-09-30")) == "on_record"
    assert state(cases_record(pardoned, as_of="2025-10-01")) == "hidden_not_removed"
    assert state(cases_record([charge("stet", "2025-01-10")])) == "on_record"
    assert state(cases_record([charge("unknown", None)])) == "unknown"


def test_good_cause_is_mentioned_for_a_cp_10_105_wait_and_never_for_cp_10_110():
    stet = first(cases_record([charge("stet", "2025-01-10")]))
    assert stet[2][-1] == "good_cause_possible"
    conviction = first(cases_record([assault_conviction(statute="CR 6-402", sentence_completed="2024-01-10")]))
    assert conviction[0] == "eligible_on_date" and "good_cause_possible" not in conviction[2]


@pytest.mark.parametrize("statute", ["CR 8-103", "CR 12-102", "CR 3-808", "CR 6-303"])
def test_misdemeanors_read_from_the_statutes_text_are_listed(statute):
    convicted = assault_conviction(statute=statute)
    assert first(cases_record([convicted])) == ("eligible_now", "2017-01-10", ["conviction_listed_wait"])
    # Listed as misdemeanors only: a felony is for a person, an unknown grade answered both ways.
    assert first(cases_record([{**convicted, "felony": True}]))[2] == ["conviction_not_on_encoded_list"]
    unknown = assess(cases_record([{**convicted, "felony": None}]))["cases"][0]["charges"][0]
    assert [(a["when"], a["outcome"]) for a in unknown["alternatives"]] == [
        ({"felony": False}, "eligible_now"),
        ({"felony": True}, "needs_review"),
    ]


def test_a_conviction_not_on_the_list_still_goes_to_a_person():
    assert first(cases_record([assault_conviction(statute="CR 3-402")]))[2] == ["conviction_not_on_encoded_list"]

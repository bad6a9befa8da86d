"""Rows of court records grouped into people, each fact with its source, and nothing
guessed or dropped without a word."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility import assess
from expunge.courtrecords import people
from expunge.courtrecords.reading import FileRefused, read_file
from tests.batches.samples import CASES, CHARGES, FLAT, PARTIES, THREE_TABLES

AS_OF = date(2026, 12, 1)


def _group(files):
    tables = [table for name, content in files for table in read_file(name, content)]
    return people.group(tables, as_of=AS_OF)


def test_three_tables_are_joined_by_party_and_case_with_every_fact_sourced():
    grouped = _group(THREE_TABLES)
    assert grouped.rows_in == 5
    assert [(p.code, p.file, p.row, p.value) for p in grouped.refused] == [("case_missing", "charges.csv", 6, "C9")]
    smith, doe = grouped.people
    assert (smith.key, smith.name, smith.date_of_birth, smith.flags) == ("party:P1", "SMITH, JOHN", "1980-04-12", [])
    (case,) = smith.cases
    assert case.case == {
        "case_number": "4B02167750",
        "court": "district",
        "county": "baltimore_city",
        "tracking_number": None,
        "related_cases": [],
        "forwarded_to_circuit": None,
    }
    possession, assault = case.charges
    assert possession.charge == {
        "statute": "CR 5-601(a)(1)",
        "description": "CDS: POSSESSION-MARIHUANA",
        "substance": "cannabis",
        "cannabis_grams": None,
        "felony": False,
        "domestically_related": False,
        "charge_date": "2012-03-02",
        "disposition": "guilty",
        "disposition_date": "2012-05-10",
        # A year's probation after no jail: computed, and marked so.
        "sentence_completed": "2013-05-10",
        "probation_closed": None,
        "integrity_flag": None,
        "civil_citation": False,
    }
    assert possession.computed == ["sentence_completed"]
    assert possession.sources["statute"] == ("charges.csv", 2, "Statute Code", "CR.5.601.(a)(1)")
    assert possession.sources["disposition"] == ("charges.csv", 2, "Disposition", "GUILTY")
    assert possession.sources["sentence_completed"] == (
        "charges.csv",
        2,
        "Disposition Date, Jail Term (Years), Probation (Years)",
        "05/10/2012, 0, 1",
        "computed",
    )
    assert case.sources["case_number"] == ("cases.csv", 2, "Case Number", "4B02167750")
    assert possession.extra["agency"] == "BALTIMORE CITY POLICE"
    assert (assault.charge["disposition"], assault.review) == ("nolle_prosequi", [])
    # The engine takes every record as built.
    assess(smith.record(), as_of=AS_OF)
    assess(doe.record(), as_of=AS_OF)


def test_what_a_person_must_decide_is_marked_on_the_charge_with_the_raw_value():
    grouped = _group(THREE_TABLES)
    doe = grouped.people[1]
    assert doe.flags == ["birth_month_only"]
    assert doe.date_of_birth == "1975-07"
    assert doe.record()["person"]["date_of_birth"] is None
    pbj, robbery = doe.cases[0].charges
    assert (pbj.charge["disposition"], pbj.charge["substance"], pbj.review) == ("pbj", "cannabis", [])
    assert robbery.charge["statute"] is None and robbery.charge["disposition"] == "unknown"
    assert robbery.review == ["statute_contradicts_description", "disposition_unclear"]
    assert [(p.column, p.value, p.code) for p in doe.problems] == [
        ("Charge Description", "ROBBERY", "statute_contradicts_description"),
        ("Disposition", "MERGED", "disposition_unclear"),
    ]


def test_a_flat_file_groups_by_name_with_a_full_date_of_birth_and_keeps_the_rest_apart():
    grouped = _group([("flat.csv", FLAT.encode())])
    assert [(p.key, len(p.cases), p.flags) for p in grouped.people] == [
        ("name:perez ana|1990-04-12", 2, []),
        ("apart:lee sam|1988|1D00292923", 1, ["birth_date_missing"]),
        ("apart:lee sam|1988|2D00282711", 1, ["birth_date_missing"]),
    ]
    ana = grouped.people[0]
    stet = ana.cases[0].charges[0]
    # No statute: the CJIS list gives it, and says where it came from.
    assert stet.charge["statute"] == "CR 5-601(a)(1)"
    assert stet.sources["statute"] == ("flat.csv", 2, "CJIS Code", "1 0573", "cjis-codes.csv")
    assert ana.cases[1].case["county"] == "baltimore_city"
    lee = grouped.people[1]
    assert [(p.column, p.value, p.code) for p in lee.problems] == [("DOB", "1988", "date_unreadable")]


def test_a_blank_disposition_is_pending_only_where_the_case_is_open():
    cases = CASES.replace("CLOSED,X", "OPEN,X")
    charges = CHARGES.replace("GUILTY,05/10/2012", ",05/10/2012")
    grouped = _group([("parties.csv", PARTIES.encode()), ("cases.csv", cases.encode()), ("c.csv", charges.encode())])
    assert grouped.people[0].cases[0].charges[0].charge["disposition"] == "pending"
    grouped = _group([("parties.csv", PARTIES.encode()), ("cases.csv", CASES.encode()), ("c.csv", charges.encode())])
    charge = grouped.people[0].cases[0].charges[0]
    assert (charge.charge["disposition"], charge.review) == ("unknown", ["disposition_missing"])


def test_a_date_after_the_as_of_day_is_left_out_and_sent_to_a_person():
    charges = CHARGES.replace("05/10/2012,0,1", "05/10/2031,0,1")
    grouped = _group([("p.csv", PARTIES.encode()), ("cases.csv", CASES.encode()), ("c.csv", charges.encode())])
    charge = grouped.people[0].cases[0].charges[0]
    assert charge.charge["disposition_date"] is None
    assert "date_after_as_of" in charge.review
    assess(grouped.people[0].record(), as_of=AS_OF)


def test_a_sentence_still_running_on_the_as_of_day_is_not_complete():
    charges = CHARGES.replace("05/10/2012,0,1", "05/10/2026,0,3")
    grouped = _group([("p.csv", PARTIES.encode()), ("cases.csv", CASES.encode()), ("c.csv", charges.encode())])
    assert grouped.people[0].cases[0].charges[0].charge["sentence_completed"] is None


def test_an_end_date_the_record_gives_is_used_as_it_is():
    flat = (
        "PartyID,Name,Case Number,Statute,Description,Disposition,Disposition Date,PBJ End Date,Probation End Date\n"
        "9,A B,4B02167750,CR 5-601,CDS:POSS-MARIJUANA,PBJ SUPERVISED,01/01/2015,06/30/2016,07/31/2016\n"
    )
    (person,) = _group([("f.csv", flat.encode())]).people
    charge = person.cases[0].charges[0]
    assert charge.charge["sentence_completed"] == "2016-07-31"
    assert charge.computed == []
    assert charge.sources["sentence_completed"] == ("f.csv", 2, "Probation End Date", "07/31/2016")


def test_the_same_charge_twice_is_refused_once_and_listed():
    flat = FLAT + FLAT.splitlines()[1] + "\n"
    grouped = _group([("flat.csv", flat.encode())])
    assert grouped.rows_in == 5
    assert [(p.row, p.code) for p in grouped.refused] == [(6, "duplicate_charge")]
    assert grouped.people[0].charge_count() == 2


def test_rows_without_a_case_number_or_a_person_are_refused_and_listed():
    flat = FLAT + ',,4B1,,1,CR 5-601,,CDS,GUILTY,01/01/2010\n"X, Y",,,,1,CR 5-601,,CDS,GUILTY,01/01/2010\n'
    grouped = _group([("flat.csv", flat.encode())])
    assert [(p.row, p.column, p.code) for p in grouped.refused] == [
        (6, "Name", "person_missing"),
        (7, "Case Number", "case_number_missing"),
    ]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("charges.csv", CHARGES.encode())], "charges.csv holds charges by CaseID: upload its cases file"),
        ([("cases.csv", CASES.encode())], "cases.csv holds no charges"),
        ([("parties.csv", PARTIES.encode())], "parties.csv holds no charges"),
    ],
)
def test_tables_that_do_not_go_together_are_refused(files, message):
    with pytest.raises(FileRefused, match=message):
        _group(files)


def test_a_statute_in_article_27_goes_to_a_person_with_its_code():
    flat = "PartyID,Name,Case Number,Statute,Description,Disposition,Disposition Date\n"
    flat += "1,A B,4B02167750,27.287,POSSESSION OF MARIJ,GUILTY,01/01/1999\n"
    (person,) = _group([("f.csv", flat.encode())]).people
    charge = person.cases[0].charges[0]
    assert charge.charge["statute"] is None
    assert charge.review == ["article_27"]
    assert charge.extra["statute"] == "27.287"


_CELLS = st.one_of(
    st.text(max_size=14),
    st.sampled_from(["", "GUILTY", "STET", "PBJ SUPERVISED", "MERGED", "GUILTY - DOMESTIC RLTD", "NOLLE PROSEQUI"]),
    st.sampled_from(["CR.5.601.(a)(1)", "27.287", "CR 3-203", "1 0573", "4-3550", "CDS:POSS-MARIJUANA", "ROBBERY"]),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(lambda d: d.strftime("%m/%d/%Y")),
    st.sampled_from(["02/30/2020", "13/01/2020", "0000-00-00", "１２/01/2020", "NaN", "inf", "1e9", "-1", "²"]),
)
_HEADERS = [
    "PartyID", "Name", "DOB", "Case Number", "Location", "Case Status", "Charge No", "CJIS Code", "Statute",
    "Description", "Charge Class", "Offense Date", "Disposition", "Disposition Date", "Jail Term (Years)",
    "Probation (Years)", "PBJ End Date", "Probation End Date", "Sentence Start",
]  # fmt: skip


@given(st.lists(st.lists(_CELLS, min_size=len(_HEADERS), max_size=len(_HEADERS)), min_size=1, max_size=8))
def test_any_values_give_people_the_engine_accepts_or_rows_listed(rows):
    """Whatever the cells hold, every row is a charge or a refused row (never lost), and
    every person's record is one the engine takes."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_HEADERS)
    writer.writerows(rows)
    try:
        grouped = _group([("random.csv", buffer.getvalue().encode())])
    except FileRefused as refused:  # e.g. rows that csv reads as blank only
        assert "random.csv" in str(refused)
        return
    assert grouped.rows_in == sum(p.charge_count() for p in grouped.people) + len(grouped.refused)
    for person in grouped.people:
        assess(person.record(), as_of=AS_OF)


def test_a_party_listed_twice_with_other_details_is_flagged_and_an_unreadable_birth_date_is_not_a_conflict():
    parties = PARTIES.replace("07/1975", "1975") + 'P1,"SMITH, JOHNNY",B,M,04/12/1980,,,,,\n'
    grouped = _group([("parties.csv", parties.encode()), ("cases.csv", CASES.encode()), ("c.csv", CHARGES.encode())])
    smith, doe = grouped.people
    assert smith.flags == ["party_conflict"] and smith.name == "SMITH, JOHN"
    assert [(p.row, p.code) for p in smith.problems if p.code == "party_conflict"] == [(4, "party_conflict")]
    assert doe.flags == ["birth_date_missing"]
    assert [(p.column, p.value, p.code) for p in doe.problems][0] == ("DOB", "1975", "date_unreadable")


def test_a_conviction_with_no_term_written_has_no_completion_date_never_a_sentence_of_nothing():
    charges = CHARGES.replace("GUILTY,05/10/2012,0,1", "GUILTY,05/10/2012,,")
    grouped = _group([("p.csv", PARTIES.encode()), ("cases.csv", CASES.encode()), ("c.csv", charges.encode())])
    charge = grouped.people[0].cases[0].charges[0]
    assert charge.charge["sentence_completed"] is None
    assert charge.computed == [] and "sentence_completed" not in charge.sources


def test_a_tracking_number_on_the_charges_ties_a_circuit_case_to_its_district_case():
    cases = (
        "CaseID,PartyID,Case Number,Court System\nC1,P1,4B02167750,District Court\nC2,P1,03-K-13-001296,Circuit Court\n"
    )
    charges = (
        "ChargeID,CaseID,Charge No,Statute Code,Charge Description,Disposition,Disposition Date,Tracking Number\n"
        "1,C1,1,CR 6-402,TRESPASS-POSTED PROPERTY,NOLLE PROSEQUI,05/10/2013,126105493393\n"
        "2,C2,1,CR 3-203,ASSAULT-SEC DEGREE,GUILTY,05/10/2024,1261-0549-3393\n"
    )
    grouped = _group([("p.csv", PARTIES.encode()), ("cases.csv", cases.encode()), ("c.csv", charges.encode())])
    district, circuit = grouped.people[0].cases
    assert district.case["tracking_number"] == "126105493393"
    assert circuit.case["tracking_number"] == "1261-0549-3393"
    assert circuit.sources["tracking_number"] == ("c.csv", 3, "Tracking Number", "1261-0549-3393")
    # One incident (the contract compares tracking numbers without dashes): the unit rule
    # holds the District Court nolle prosequi back for the Circuit Court conviction, which it
    # would not do for two unrelated cases.
    record = grouped.people[0].record()
    assert assess(record, as_of=AS_OF)["cases"][0]["charges"][0]["outcome"] != "eligible_now"
    for case in record["cases"]:
        case["tracking_number"] = None
    assert assess(record, as_of=AS_OF)["cases"][0]["charges"][0]["outcome"] == "eligible_now"


def test_a_dui_pbj_in_a_file_is_decided_on_these_records_only():
    """An extract shows no DUI PBJ in other courts: the record says none elsewhere (as it
    says no open case and no other conviction), so the 15-year route is answered, not sent
    to a person for a fact no file holds."""
    flat = (
        "Name,DOB,Case Number,Statute,Description,Disposition,Disposition Date,Probation End Date\n"
        '"ROE, RAY",04/12/1970,4B02167759,TR.21.902.(a),DRIVING UNDER THE INFLUENCE,'
        "PROBATION BEFORE JUDGMENT,01/01/2005,01/01/2006\n"
    )
    grouped = people.group(read_file("flat.csv", flat.encode()), as_of=date(2026, 12, 3))
    (person,) = grouped.people
    record = person.record()
    assert record["person"]["other_dui_pbj"] is False
    charge = assess({**record, "as_of": "2026-12-03"})["cases"][0]["charges"][0]
    assert charge["outcome"] == "eligible_now" and charge["reasons"][0]["code"] == "pbj_dui_fifteen_years"

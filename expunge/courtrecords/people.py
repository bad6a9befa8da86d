"""Tables of court records (reading.Table) grouped into people, each with one contract
record (docs/eligibility-contract.md, without as_of), where each fact came from, and what a
person must look at.

People are grouped by PartyID; in a flat file without one, by name with a full date of
birth. Rows with only a month and year of birth, or none, stay apart (one person per name
and case) and are flagged. Nothing is merged on a likeness.

What an extract cannot show — a case pending elsewhere, a conviction in another court — is
taken as the file has it (no pending case, no other conviction), and every answer says it is
based on these records only (services.batches)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from expunge import search
from expunge.courtrecords import dispositions, normalise
from expunge.courtrecords.problems import Problem
from expunge.courtrecords.reading import DISPLAY_NAMES, FileRefused, Table

# Where a fact came from: (file, row, column, raw value); a computed one names its inputs.
# A tuple, as it never changes: a hundred thousand charges hold half a million of them (the
# database keeps each as a JSON array).
Source = tuple[Any, ...]

_OPEN_STATUSES = ("OPEN", "ACTIVE", "PENDING")
_TERM_FIELDS = ("jail_years", "jail_months", "jail_days", "probation_years", "probation_months", "probation_days")


@dataclass
class ImportedCharge:
    charge: dict[str, Any]
    sources: dict[str, Source]
    review: list[str]  # problem codes that send this charge to a person
    computed: list[str] = field(default_factory=list)  # facts computed, not read
    extra: dict[str, str] = field(default_factory=dict)  # agency, officer: kept for the papers


@dataclass
class ImportedCase:
    case: dict[str, Any]
    sources: dict[str, Source]
    charges: list[ImportedCharge] = field(default_factory=list)
    charge_numbers: set[str] = field(default_factory=set)
    key: str = ""  # the case number as compared (search.case_number_key)


@dataclass
class ImportedPerson:
    key: str
    party_id: str
    name: str
    date_of_birth: str  # YYYY-MM-DD, YYYY-MM (month and year only) or ""
    sources: dict[str, Source] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)  # other names, for matching twins only
    flags: list[str] = field(default_factory=list)
    cases: list[ImportedCase] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        """The contract record (without as_of)."""
        birth = self.date_of_birth if len(self.date_of_birth) == 10 else None
        return {
            # Based on these records only: no case open elsewhere, no conviction or DUI PBJ
            # in other courts (any DUI PBJ in the file is in the record itself).
            "person": {"date_of_birth": birth, "pending_case": False, "other_convictions": [], "other_dui_pbj": False},
            "cases": [{**case.case, "charges": [c.charge for c in case.charges]} for case in self.cases],
        }

    def charge_count(self) -> int:
        return sum(len(case.charges) for case in self.cases)


@dataclass
class Grouped:
    people: list[ImportedPerson]
    refused: list[Problem]  # charge rows given to no one
    rows_in: int  # charge rows read


class _Row:
    """One row of a table, read field by field, noting problems with their place."""

    def __init__(self, table: Table, number: int, values: dict[str, str], problems: list[Problem]):
        self.table, self.number, self.values, self.problems = table, number, values, problems

    def raw(self, name: str) -> str:
        return self.values.get(name, "")

    def has(self, name: str) -> bool:
        return name in self.table.columns

    def source(self, name: str) -> Source:
        return (self.table.name, self.number, self.table.columns.get(name, DISPLAY_NAMES[name]), self.raw(name))

    def problem(self, name: str, code: str) -> Problem:
        """A problem with this row's value of `name`, noted with the row's problems."""
        found = self.make_problem(name, code)
        self.problems.append(found)
        return found

    def make_problem(self, name: str, code: str) -> Problem:
        return Problem(*self.source(name), code)

    def date(self, name: str, as_of: date) -> tuple[date | None, str | None]:
        raw = self.raw(name)
        if not raw:
            return None, None
        day = normalise.read_date(raw)
        if day is None:
            self.problem(name, "date_unreadable")
            return None, "date_unreadable"
        if day > as_of:
            self.problem(name, "date_after_as_of")
            return None, "date_after_as_of"
        return day, None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _birth(row: _Row, as_of: date) -> tuple[str, str | None, Problem | None]:
    """(date of birth as stored, flag, the problem with a date that cannot be read)."""
    raw = row.raw("date_of_birth")
    if not raw:
        return "", "birth_date_missing", None
    day = normalise.read_date(raw)
    if day is not None and day > as_of:
        return "", "birth_date_missing", row.make_problem("date_of_birth", "date_after_as_of")
    if day is not None:
        return day.isoformat(), None, None
    month = normalise.read_month_year(raw)
    if month is not None:
        return f"{month[0]:04d}-{month[1]:02d}", "birth_month_only", None
    return "", "birth_date_missing", row.make_problem("date_of_birth", "date_unreadable")


def _statute(row: _Row, review: list[str], sources: dict[str, Source]) -> tuple[str | None, str | None]:
    """(statute for the engine, substance the CJIS code says)."""
    raw_statute, raw_cjis, description = row.raw("statute"), row.raw("cjis_code"), row.raw("description")
    code = normalise.cjis_codes().get(normalise.cjis_key(raw_cjis)) if raw_cjis else None
    cjis_substance = code.substance if code else None
    if raw_statute:
        statute = normalise.read_statute(raw_statute)
        sources["statute"] = row.source("statute")
        if statute is None:
            review.append(row.problem("statute", "statute_unreadable").code)
            return None, cjis_substance
        if statute.article_27:
            review.append(row.problem("statute", "article_27").code)
            return None, cjis_substance
    elif code is not None:
        statute = code.statute
        sources["statute"] = (*row.source("cjis_code"), "cjis-codes.csv")
    else:
        if raw_cjis:
            review.append(row.problem("cjis_code", "cjis_unknown").code)
        elif not description:
            review.append(row.problem("description", "charge_unknown").code)
        return None, None
    if description and normalise.contradicts(statute, description):
        review.append(row.problem("description", "statute_contradicts_description").code)
        return None, cjis_substance
    return statute.text, cjis_substance


def _completion(row: _Row, disposition: str, decided: date | None, as_of: date, imported: ImportedCharge) -> None:
    """The day the sentence (or a PBJ's probation) was complete: an end date the record
    gives, else one computed from the start and the terms (marked computed); None where the
    record says neither, or the day is still to come."""
    if disposition not in ("guilty", "pbj"):
        return
    ends = []
    for name in ("pbj_end_date", "probation_end_date"):
        day = normalise.read_date(row.raw(name)) if row.raw(name) else None
        if row.raw(name) and day is None:
            row.problem(name, "date_unreadable")
            imported.review.append("date_unreadable")
        if day is not None:
            ends.append((day, name))
    if ends:
        day, name = max(ends)
        imported.sources["sentence_completed"] = row.source(name)
        if decided and day < decided:
            imported.review.append(row.problem(name, "date_order").code)
            return
        imported.charge["sentence_completed"] = _iso(day) if day <= as_of else None
        return
    present = [name for name in _TERM_FIELDS if row.has(name)]
    if not any(row.raw(name) for name in present):
        # No term written at all: not known to be none (never taken as a sentence of 0).
        return
    counts = {}
    for name in present:
        count = normalise.read_count(row.raw(name)) if row.raw(name) else 0
        if count is None:
            row.problem(name, "term_unreadable")
            imported.review.append("term_unreadable")
            return
        counts[name] = count
    start_raw = row.raw("sentence_start")
    start = normalise.read_date(start_raw) if start_raw else decided
    if start is None:
        return
    # Jail and then probation, one after the other: the latest the sentence can end.
    end = normalise.add_term(
        start,
        counts.get("jail_years", 0) + counts.get("probation_years", 0),
        counts.get("jail_months", 0) + counts.get("probation_months", 0),
        counts.get("jail_days", 0) + counts.get("probation_days", 0),
    )
    imported.charge["sentence_completed"] = _iso(end) if end <= as_of else None
    imported.computed.append("sentence_completed")
    inputs = [row.source(name) for name in ("sentence_start" if start_raw else "disposition_date", *present)]
    imported.sources["sentence_completed"] = (
        row.table.name,
        row.number,
        ", ".join(source[2] for source in inputs),
        ", ".join(source[3] for source in inputs),
        "computed",
    )


def read_charge(row: _Row, case_status: str, case_type: str, as_of: date) -> ImportedCharge:
    """One charge row as the engine's facts, each with its source."""
    review: list[str] = []
    sources: dict[str, Source] = {}
    statute, cjis_substance = _statute(row, review, sources)
    description = row.raw("description")
    if description:
        sources["description"] = row.source("description")
    substance = normalise.substance_named(description) if description else None
    if substance is None:
        substance = cjis_substance
    drug_charge = bool(statute and statute.startswith("CR 5-"))
    if drug_charge and substance is None:
        review.append(row.problem("description", "substance_unclear").code)
    raw_disposition = row.raw("disposition")
    sources["disposition"] = row.source("disposition")
    if raw_disposition:
        disposition, domestic = dispositions.read_disposition(raw_disposition)
        if disposition is None:
            review.append(row.problem("disposition", "disposition_unclear").code)
    elif any(word in case_status.upper() for word in _OPEN_STATUSES):
        disposition, domestic = "pending", False
    else:
        disposition, domestic = None, False
        review.append(row.problem("disposition", "disposition_missing").code)
    charged, problem = row.date("offense_date", as_of)
    if problem:
        review.append(problem)
    decided, problem = row.date("disposition_date", as_of)
    if problem:
        review.append(problem)
    if charged and decided and decided < charged:
        review.append(row.problem("disposition_date", "date_order").code)
        decided = None
    civil = None
    kind = case_type.upper()
    if "CITATION" in kind and "CIVIL" in kind:
        civil = True
    elif "CRIM" in kind or kind.strip() == "CR":
        civil = False
    imported = ImportedCharge(
        {
            "statute": statute,
            "description": description or None,
            # A substance belongs to a drug charge (or to one whose statute is not known).
            "substance": substance if drug_charge or statute is None else None,
            "cannabis_grams": normalise.grams_named(description) if substance == "cannabis" else None,
            "felony": normalise.read_felony(row.raw("charge_class")),
            "domestically_related": domestic if disposition else None,
            "charge_date": _iso(charged),
            "disposition": disposition or "unknown",
            "disposition_date": _iso(decided),
            "sentence_completed": None,
            "probation_closed": None,
            "integrity_flag": None,
            "civil_citation": civil,
        },
        sources,
        review,
    )
    for name in ("charge_class", "offense_date", "disposition_date"):
        if row.raw(name):
            sources[name] = row.source(name)
    if disposition:
        _completion(row, disposition, decided, as_of, imported)
    for name in ("charge_no", "statute", "agency", "officer", "tracking_number", "cjis_code", "plea"):
        if row.raw(name):
            imported.extra[name] = row.raw(name)
    return imported


def read_case(row: _Row) -> ImportedCase:
    number = normalise.clean_case_number(row.raw("case_number"))
    court = normalise.read_court(row.raw("court_system"), number)
    county = normalise.read_county(row.raw("location"), row.raw("court_system"))
    related = normalise.clean_case_number(row.raw("district_case_number"))
    tracking = normalise.clean_case_number(row.raw("tracking_number"))
    status = row.raw("case_status").upper()
    sources = {name: row.source(name) for name in ("case_number", "court_system", "location", "tracking_number")}
    return ImportedCase(
        {
            "case_number": number or None,
            "court": court,
            "county": county,
            "tracking_number": tracking or None,
            "related_cases": [related] if related else [],
            # Case Search prints "Case transferred to Circuit Court"; an extract may carry it
            # as the case's status. Otherwise unknown, as for every case before the field.
            "forwarded_to_circuit": True if "TRANSFERRED TO CIRCUIT" in status else None,
        },
        {key: value for key, value in sources.items() if value[3]},
    )


class _People:
    """People by key, in the order they first appear."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.by_key: dict[str, ImportedPerson] = {}

    def get(self, key: str, row: _Row, party_id: str) -> ImportedPerson:
        person = self.by_key.get(key)
        if person is None:
            birth, flag, problem = _birth(row, self.as_of)
            person = ImportedPerson(key, party_id, " ".join(row.raw("name").split()), birth)
            person.aliases = normalise.read_aliases(row.raw("aliases"), person.name)
            person.sources = {
                name: row.source(name) for name in ("party_id", "name", "date_of_birth", "aliases") if row.raw(name)
            }
            if flag:
                person.flags.append(flag)
            if problem:
                person.problems.append(problem)
            self.by_key[key] = person
        return person


def _case_of(person: ImportedPerson, row: _Row) -> ImportedCase:
    key = search.case_number_key(row.raw("case_number"))
    for case in person.cases:
        if case.key == key:
            return case
    case = read_case(row)
    case.key = key
    person.cases.append(case)
    return case


def _add_charge(
    case: ImportedCase, row: _Row, as_of: date, refused: list[Problem], case_row: _Row | None = None
) -> ImportedCharge | None:
    """Add the charge of a row to its case. The case's status and type are read from its
    own row: the charge row itself in a flat file, the case row in the three tables."""
    number = row.raw("charge_no").strip()
    if number and number in case.charge_numbers:
        refused.append(row.problem("charge_no", "duplicate_charge"))
        return None
    if number:
        case.charge_numbers.add(number)
    case_row = case_row or row
    imported = read_charge(row, case_row.raw("case_status"), case_row.raw("case_type"), as_of)
    case.charges.append(imported)
    tracking = normalise.clean_case_number(row.raw("tracking_number"))
    if tracking and not case.case["tracking_number"]:
        # A Circuit Court charge carries the arrest's tracking number: the case's, which
        # ties it to the District Court case of the same arrest (one incident).
        case.case["tracking_number"] = tracking
        case.sources["tracking_number"] = row.source("tracking_number")
    return imported


def _flat(tables: Iterable[Table], people: _People, as_of: date, refused: list[Problem]) -> int:
    rows_in = 0
    for row in _charge_rows(tables):
        rows_in += 1
        party_id, name = row.raw("party_id"), search.name_key(row.raw("name"))
        if not normalise.clean_case_number(row.raw("case_number")):
            refused.append(row.problem("case_number", "case_number_missing"))
            continue
        if party_id:
            key = f"party:{party_id}"
        elif not name:
            refused.append(row.problem("name", "person_missing"))
            continue
        else:
            birth = normalise.read_date(row.raw("date_of_birth"))
            if birth is not None:
                key = f"name:{name}|{birth.isoformat()}"
            else:
                # Apart: one person per name and case, flagged for a person to match.
                key = f"apart:{name}|{row.raw('date_of_birth')}|{search.case_number_key(row.raw('case_number'))}"
        person = people.get(key, row, party_id)
        _add_charge(_case_of(person, row), row, as_of, refused)
        person.problems.extend(row.problems)
    return rows_in


def _three_tables(
    parties: list[Table], cases: list[Table], charges: list[Table], people: _People, as_of: date, refused: list[Problem]
) -> int:
    party_rows: dict[str, _Row] = {}
    party_conflicts: dict[str, list[Problem]] = {}
    for table in parties:
        for number, values in table.rows:
            row = _Row(table, number, values, [])
            party_id = row.raw("party_id")
            if party_id and party_id not in party_rows:
                party_rows[party_id] = row
            elif party_id and party_rows[party_id].values != values:
                party_conflicts.setdefault(party_id, []).append(row.make_problem("party_id", "party_conflict"))
    case_rows: dict[str, _Row] = {}
    case_problems: dict[str, list[Problem]] = {}
    for table in cases:
        for number, values in table.rows:
            row = _Row(table, number, values, [])
            case_id = row.raw("case_id")
            if case_id in case_rows:
                if case_rows[case_id].values != values:
                    case_problems[case_id].append(row.problem("case_id", "case_conflict"))
                continue
            case_rows[case_id] = row
            case_problems[case_id] = row.problems
    rows_in = 0
    for row in _charge_rows(charges):
        rows_in += 1
        case_row = case_rows.get(row.raw("case_id"))
        if case_row is None:
            refused.append(row.problem("case_id", "case_missing"))
            continue
        party_id = case_row.raw("party_id")
        party_row = party_rows.get(party_id)
        person = people.get(f"party:{party_id}", party_row or case_row, party_id)
        if party_row is None and "party_missing" not in person.flags:
            person.flags.append("party_missing")
        elif party_id in party_conflicts:
            person.flags.append("party_conflict")
            person.problems.extend(party_conflicts.pop(party_id))
        if not normalise.clean_case_number(case_row.raw("case_number")):
            refused.append(row.problem("case_id", "case_number_missing"))
            continue
        # The case's own columns are read from the case row; the charge's from its row.
        _add_charge(_case_of(person, case_row), row, as_of, refused, case_row)
        person.problems.extend(row.problems)
        if case_problems.get(row.raw("case_id")):
            person.problems.extend(case_problems.pop(row.raw("case_id")))
    return rows_in


def _charge_rows(tables: Iterable[Table]) -> Iterator[_Row]:
    """The tables' charge rows in order, each with its own list of problems, each let go
    of once read: a pardon-sized file is held once, as its rows or as its people, never both."""
    for table in tables:
        rows, table.rows = table.rows, []
        rows.reverse()
        while rows:
            number, values = rows.pop()
            yield _Row(table, number, values, [])


def _by_kind(tables: list[Table]) -> dict[str, list[Table]]:
    by_kind: dict[str, list[Table]] = {"parties": [], "cases": [], "charges": [], "flat": []}
    for table in tables:
        by_kind[table.kind].append(table)
    return by_kind


def check_tables(tables: list[Table]) -> None:
    """Refuse (FileRefused) an upload whose tables do not go together: a charges table
    needs its cases table, and cases or parties alone hold no charges."""
    by_kind = _by_kind(tables)
    names = {kind: ", ".join(table.name for table in found) for kind, found in by_kind.items()}
    if by_kind["charges"] and not by_kind["cases"]:
        raise FileRefused(
            _("%(file)s holds charges by CaseID: upload its cases file (CaseID, PartyID, Case Number) with it.")
            % {"file": names["charges"]}
        )
    if (by_kind["cases"] or by_kind["parties"]) and not by_kind["charges"]:
        raise FileRefused(
            _("%(file)s holds no charges: upload the charges file (CaseID, Disposition, Statute Code) with it.")
            % {"file": names["cases"] or names["parties"]}
        )


def group(tables: list[Table], *, as_of: date) -> Grouped:
    """Every table of an upload, as people. The three tables go together (a charges table
    needs its cases table); flat tables stand alone."""
    check_tables(tables)
    people = _People(as_of)
    refused: list[Problem] = []
    by_kind = _by_kind(tables)
    rows_in = _flat(by_kind["flat"], people, as_of, refused)
    rows_in += _three_tables(by_kind["parties"], by_kind["cases"], by_kind["charges"], people, as_of, refused)
    return Grouped(list(people.by_key.values()), refused, rows_in)

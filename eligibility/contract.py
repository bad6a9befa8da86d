"""Validation of the engine's input (docs/eligibility-contract.md).

`parse_record` turns one JSON record into plain tuples and dates the rules can use,
or raises ContractError naming the first field that is wrong, e.g.
``cases[0].charges[1].disposition_date: expected a date as YYYY-MM-DD, got '2019-13-01'``.
A missing key means the same as null: unknown.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

COURTS = frozenset({"district", "circuit", "juvenile"})

# Maryland's 24 jurisdictions: 23 counties and Baltimore City.
COUNTIES = frozenset(
    {
        "allegany",
        "anne_arundel",
        "baltimore_city",
        "baltimore_county",
        "calvert",
        "caroline",
        "carroll",
        "cecil",
        "charles",
        "dorchester",
        "frederick",
        "garrett",
        "harford",
        "howard",
        "kent",
        "montgomery",
        "prince_georges",
        "queen_annes",
        "somerset",
        "st_marys",
        "talbot",
        "washington",
        "wicomico",
        "worcester",
    }
)

DISPOSITIONS = frozenset(
    {
        "guilty",
        "pbj",
        "not_guilty",
        "dismissed",
        "nolle_prosequi",
        "nolle_prosequi_treatment",
        "stet",
        "stet_treatment",
        "compromise",
        "transferred_to_juvenile",
        "ncr",
        "juvenile_adjudication",
        "pending",
        "unknown",
    }
)
SUBSTANCES = frozenset({"cannabis", "other"})
PROBATION_CLOSED = frozenset({"satisfactory", "unsatisfactory"})

_RECORD_KEYS = frozenset({"as_of", "person", "cases"})
_PERSON_KEYS = frozenset({"date_of_birth", "pending_case", "other_convictions"})
_OTHER_CONVICTION_KEYS = frozenset({"statute", "description", "felony", "disposition_date", "sentence_completed"})
_CASE_KEYS = frozenset({"case_number", "court", "county", "charges"})
# A charge's fields, in the contract's order (staff may correct any of them).
CHARGE_FIELDS = (
    "statute",
    "description",
    "substance",
    "cannabis_grams",
    "felony",
    "domestically_related",
    "charge_date",
    "disposition",
    "disposition_date",
    "sentence_completed",
    "probation_closed",
    "integrity_flag",
)
_CHARGE_KEYS = frozenset(CHARGE_FIELDS)


class ContractError(ValueError):
    """Input that does not follow the contract. `field` is a path such as cases[0].court."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def within(self, prefix: str) -> ContractError:
        """The same error, its field named from an enclosing object: cases[0] + court."""
        if not self.field:
            return ContractError(prefix, self.message)
        joiner = "" if self.field.startswith("[") else "."
        return ContractError(f"{prefix}{joiner}{self.field}", self.message)


class Person(NamedTuple):
    date_of_birth: date | None
    pending_case: bool | None
    other_convictions: tuple[dict[str, Any], ...]


class Charge(NamedTuple):
    statute: str | None
    description: str | None
    substance: str | None
    cannabis_grams: float | None
    felony: bool | None
    domestically_related: bool | None
    charge_date: date | None
    disposition: str
    disposition_date: date | None
    sentence_completed: date | None
    probation_closed: str | None
    integrity_flag: bool | None


class Case(NamedTuple):
    case_number: str | None
    court: str | None
    county: str | None
    charges: tuple[Charge, ...]


class Record(NamedTuple):
    as_of: date
    person: Person
    cases: tuple[Case, ...]


# Field paths such as "cases[0].charges[1].disposition_date" are only built when an
# error is raised: building them for every field of every charge would cost more than
# the assessment itself (see bench/eligibility.py).


# tuple.__new__ straight from C: the NamedTuple's own __new__ is a Python function,
# a measurable cost at 175,000 charges.
_tuple_new = tuple.__new__


def iso_date(value: str | None) -> date | None:
    """A date as the contract writes it (YYYY-MM-DD), already checked; None stays None."""
    return date.fromisoformat(value) if value else None


def _path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


# Valid date strings already parsed. The same dates recur across records; only valid
# strings are kept, and at most _DATE_CACHE_SIZE of them, so the cache stays small.
_DATES: dict[str, date] = {}
_DATE_CACHE_SIZE = 100_000


def _date(value: Any, parent: str, key: str) -> date | None:
    if value is None:
        return None
    parsed = _DATES.get(value) if type(value) is str else None
    if parsed is not None:
        return parsed
    # date.fromisoformat also accepts "20190101" and week dates; the contract says YYYY-MM-DD.
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if len(_DATES) < _DATE_CACHE_SIZE:
                _DATES[value] = parsed
            return parsed
    raise ContractError(_path(parent, key), f"expected a date as YYYY-MM-DD, got {value!r}")


def _bool(value: Any, parent: str, key: str) -> bool | None:
    if value is None or value is True or value is False:
        return value
    raise ContractError(_path(parent, key), f"expected true, false or null, got {value!r}")


def _text(value: Any, parent: str, key: str) -> str | None:
    if value is None or type(value) is str:
        return value
    raise ContractError(_path(parent, key), f"expected text or null, got {value!r}")


def _choice(value: Any, allowed: frozenset[str], parent: str, key: str) -> str | None:
    if value is None or (type(value) is str and value in allowed):
        return value
    raise ContractError(_path(parent, key), f"expected one of {', '.join(sorted(allowed))} or null, got {value!r}")


def _object(value: Any, keys: frozenset[str], field: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise ContractError(field, f"expected an object, got {type(value).__name__}")
    if not keys.issuperset(value):
        name = sorted(value.keys() - keys)[0]
        raise ContractError(_path(field, name), "is not a field of the contract")
    return value


def _list(value: Any, field: str) -> list[Any]:
    if type(value) is not list:
        raise ContractError(field, f"expected a list, got {type(value).__name__}")
    return value


def _charge(raw: Any, as_of: date) -> Charge:
    """Field names in its errors are relative to the charge; _case adds the prefix.

    This runs once per charge, 175,000 times for a pardon-sized batch, so the common
    checks are written out inline rather than through the helpers above."""
    if type(raw) is not dict or not _CHARGE_KEYS.issuperset(raw):
        _object(raw, _CHARGE_KEYS, "")  # raises the precise error
    get = raw.get
    statute = get("statute")
    description = get("description")
    substance = get("substance")
    grams = get("cannabis_grams")
    felony = get("felony")
    domestic = get("domestically_related")
    disposition = get("disposition")
    probation_closed = get("probation_closed")
    integrity_flag = get("integrity_flag")
    if statute is not None and type(statute) is not str:
        _text(statute, "", "statute")
    if description is not None and type(description) is not str:
        _text(description, "", "description")
    if substance is not None and (type(substance) is not str or substance not in SUBSTANCES):
        _choice(substance, SUBSTANCES, "", "substance")
    if grams is not None and (type(grams) not in (int, float) or not 0 <= grams < 1e9):
        raise ContractError("cannabis_grams", f"expected a number of grams (0 or more) or null, got {grams!r}")
    if felony is not None and felony is not True and felony is not False:
        _bool(felony, "", "felony")
    if domestic is not None and domestic is not True and domestic is not False:
        _bool(domestic, "", "domestically_related")
    if probation_closed is not None and (type(probation_closed) is not str or probation_closed not in PROBATION_CLOSED):
        _choice(probation_closed, PROBATION_CLOSED, "", "probation_closed")
    if integrity_flag is not None and integrity_flag is not True and integrity_flag is not False:
        _bool(integrity_flag, "", "integrity_flag")
    if disposition is None:
        disposition = "unknown"
    elif type(disposition) is not str or disposition not in DISPOSITIONS:
        raise ContractError("disposition", f"expected one of {', '.join(sorted(DISPOSITIONS))}, got {disposition!r}")

    charge_date = _date(get("charge_date"), "", "charge_date")
    disposition_date = _date(get("disposition_date"), "", "disposition_date")
    sentence_completed = _date(get("sentence_completed"), "", "sentence_completed")
    if charge_date is not None and charge_date > as_of:
        raise ContractError("charge_date", f"is after as_of ({as_of.isoformat()})")
    if disposition_date is not None:
        if disposition_date > as_of:
            raise ContractError("disposition_date", f"is after as_of ({as_of.isoformat()})")
        if charge_date is not None and disposition_date < charge_date:
            raise ContractError("disposition_date", "is before the charge date")
        if sentence_completed is not None and sentence_completed < disposition_date:
            raise ContractError("sentence_completed", "is before the disposition date")
    return _tuple_new(
        Charge,
        (
            statute,
            description,
            substance,
            grams,
            felony,
            domestic,
            charge_date,
            disposition,
            disposition_date,
            sentence_completed,
            probation_closed,
            integrity_flag,
        ),
    )


def _case(raw: Any, as_of: date) -> Case:
    """Field names in its errors are relative to the case; parse_record adds the prefix.
    Like _charge, written out inline: it runs once per case of a large batch."""
    if type(raw) is not dict or not _CASE_KEYS.issuperset(raw):
        _object(raw, _CASE_KEYS, "")  # raises the precise error
    charges = raw.get("charges")
    if type(charges) is not list:
        _list(charges, "charges")
    if not charges:
        raise ContractError("charges", "a case needs at least one charge")
    case_number = raw.get("case_number")
    court = raw.get("court")
    county = raw.get("county")
    if case_number is not None and type(case_number) is not str:
        _text(case_number, "", "case_number")
    if court is not None and (type(court) is not str or court not in COURTS):
        _choice(court, COURTS, "", "court")
    if county is not None and (type(county) is not str or county not in COUNTIES):
        _choice(county, COUNTIES, "", "county")
    parsed = []
    try:
        for charge in charges:
            parsed.append(_charge(charge, as_of))
    except ContractError as error:
        raise error.within(f"charges[{len(parsed)}]") from None
    return _tuple_new(Case, (case_number, court, county, tuple(parsed)))


_NO_PERSON = Person(None, None, ())


def _person(raw: Any, as_of: date) -> Person:
    if raw is None:
        return _NO_PERSON
    if type(raw) is not dict or not _PERSON_KEYS.issuperset(raw):
        _object(raw, _PERSON_KEYS, "person")  # raises the precise error
    dob = _date(raw.get("date_of_birth"), "person", "date_of_birth")
    if dob is not None and dob > as_of:
        raise ContractError("person.date_of_birth", f"is after as_of ({as_of.isoformat()})")
    others = raw.get("other_convictions")
    convictions = []
    for i, item in enumerate(_list(others, "person.other_convictions") if others is not None else ()):
        field = f"person.other_convictions[{i}]"
        item = _object(item, _OTHER_CONVICTION_KEYS, field)
        _text(item.get("statute"), field, "statute")
        _text(item.get("description"), field, "description")
        _bool(item.get("felony"), field, "felony")
        _date(item.get("disposition_date"), field, "disposition_date")
        _date(item.get("sentence_completed"), field, "sentence_completed")
        convictions.append(item)
    pending = raw.get("pending_case")
    if pending is not None and pending is not True and pending is not False:
        _bool(pending, "person", "pending_case")
    return _tuple_new(Person, (dob, pending, tuple(convictions)))


def parse_record(raw: Any, *, as_of: date | None = None) -> Record:
    """Validate one contract record. `as_of` is used when the record has none."""
    raw = _object(raw, _RECORD_KEYS, "")
    record_as_of = _date(raw.get("as_of"), "", "as_of")
    if record_as_of is None:
        if as_of is None:
            raise ContractError("as_of", "is required (the date the answer is for)")
        record_as_of = as_of
    cases = _list(raw.get("cases"), "cases")
    person = _person(raw.get("person"), record_as_of)
    parsed = []
    try:
        for case in cases:
            parsed.append(_case(case, record_as_of))
    except ContractError as error:
        raise error.within(f"cases[{len(parsed)}]") from None
    return _tuple_new(Record, (record_as_of, person, tuple(parsed)))

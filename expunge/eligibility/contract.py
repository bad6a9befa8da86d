"""Validation of the engine's input (../shared/eligibility-contract.md).

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
_CHARGE_KEYS = frozenset(
    {
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
    }
)


class ContractError(ValueError):
    """Input that does not follow the contract. `field` is a path such as cases[0].court."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


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


_fromisoformat = date.fromisoformat


def _date(value: Any, field: str) -> date | None:
    if value is None:
        return None
    # date.fromisoformat also accepts "20190101" and week dates; the contract says YYYY-MM-DD.
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return _fromisoformat(value)
        except ValueError:
            pass
    raise ContractError(field, f"expected a date as YYYY-MM-DD, got {value!r}")


def _bool(value: Any, field: str) -> bool | None:
    if value is None or value is True or value is False:
        return value
    raise ContractError(field, f"expected true, false or null, got {value!r}")


def _text(value: Any, field: str) -> str | None:
    if value is None or type(value) is str:
        return value
    raise ContractError(field, f"expected text or null, got {value!r}")


def _choice(value: Any, allowed: frozenset[str], field: str) -> str | None:
    if value is None or (type(value) is str and value in allowed):
        return value
    raise ContractError(field, f"expected one of {', '.join(sorted(allowed))} or null, got {value!r}")


def _object(value: Any, keys: frozenset[str], field: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise ContractError(field, f"expected an object, got {type(value).__name__}")
    unknown = value.keys() - keys
    if unknown:
        name = sorted(unknown)[0]
        raise ContractError(f"{field}.{name}" if field else name, "is not a field of the contract")
    return value


def _list(value: Any, field: str) -> list[Any]:
    if type(value) is not list:
        raise ContractError(field, f"expected a list, got {type(value).__name__}")
    return value


def _charge(raw: Any, field: str, as_of: date) -> Charge:
    raw = _object(raw, _CHARGE_KEYS, field)
    get = raw.get
    grams = get("cannabis_grams")
    if grams is not None and (type(grams) not in (int, float) or not 0 <= grams < 1e9):
        raise ContractError(f"{field}.cannabis_grams", f"expected a number of grams (0 or more) or null, got {grams!r}")
    disposition = get("disposition")
    if disposition is None:
        disposition = "unknown"
    elif disposition not in DISPOSITIONS:
        raise ContractError(f"{field}.disposition", f"expected one of {', '.join(sorted(DISPOSITIONS))}, got {disposition!r}")
    charge_date = _date(get("charge_date"), f"{field}.charge_date")
    disposition_date = _date(get("disposition_date"), f"{field}.disposition_date")
    if charge_date is not None and charge_date > as_of:
        raise ContractError(f"{field}.charge_date", f"is after as_of ({as_of.isoformat()})")
    if disposition_date is not None:
        if disposition_date > as_of:
            raise ContractError(f"{field}.disposition_date", f"is after as_of ({as_of.isoformat()})")
        if charge_date is not None and disposition_date < charge_date:
            raise ContractError(f"{field}.disposition_date", "is before the charge date")
    sentence_completed = _date(get("sentence_completed"), f"{field}.sentence_completed")
    if sentence_completed is not None and disposition_date is not None and sentence_completed < disposition_date:
        raise ContractError(f"{field}.sentence_completed", "is before the disposition date")
    return Charge(
        statute=_text(get("statute"), f"{field}.statute"),
        description=_text(get("description"), f"{field}.description"),
        substance=_choice(get("substance"), SUBSTANCES, f"{field}.substance"),
        cannabis_grams=grams,
        felony=_bool(get("felony"), f"{field}.felony"),
        domestically_related=_bool(get("domestically_related"), f"{field}.domestically_related"),
        charge_date=charge_date,
        disposition=disposition,
        disposition_date=disposition_date,
        sentence_completed=sentence_completed,
        probation_closed=_choice(get("probation_closed"), PROBATION_CLOSED, f"{field}.probation_closed"),
        integrity_flag=_bool(get("integrity_flag"), f"{field}.integrity_flag"),
    )


def _case(raw: Any, field: str, as_of: date) -> Case:
    raw = _object(raw, _CASE_KEYS, field)
    charges = _list(raw.get("charges"), f"{field}.charges")
    if not charges:
        raise ContractError(f"{field}.charges", "a case needs at least one charge")
    return Case(
        case_number=_text(raw.get("case_number"), f"{field}.case_number"),
        court=_choice(raw.get("court"), COURTS, f"{field}.court"),
        county=_choice(raw.get("county"), COUNTIES, f"{field}.county"),
        charges=tuple(_charge(charge, f"{field}.charges[{i}]", as_of) for i, charge in enumerate(charges)),
    )


def _person(raw: Any, as_of: date) -> Person:
    if raw is None:
        return Person(None, None, ())
    raw = _object(raw, _PERSON_KEYS, "person")
    dob = _date(raw.get("date_of_birth"), "person.date_of_birth")
    if dob is not None and dob > as_of:
        raise ContractError("person.date_of_birth", f"is after as_of ({as_of.isoformat()})")
    others = raw.get("other_convictions")
    convictions = []
    for i, item in enumerate(_list(others, "person.other_convictions") if others is not None else ()):
        field = f"person.other_convictions[{i}]"
        item = _object(item, _OTHER_CONVICTION_KEYS, field)
        _text(item.get("statute"), f"{field}.statute")
        _text(item.get("description"), f"{field}.description")
        _bool(item.get("felony"), f"{field}.felony")
        _date(item.get("disposition_date"), f"{field}.disposition_date")
        _date(item.get("sentence_completed"), f"{field}.sentence_completed")
        convictions.append(item)
    return Person(dob, _bool(raw.get("pending_case"), "person.pending_case"), tuple(convictions))


def parse_record(raw: Any, *, as_of: date | None = None) -> Record:
    """Validate one contract record. `as_of` is used when the record has none."""
    raw = _object(raw, _RECORD_KEYS, "")
    record_as_of = _date(raw.get("as_of"), "as_of")
    if record_as_of is None:
        if as_of is None:
            raise ContractError("as_of", "is required (the date the answer is for)")
        record_as_of = as_of
    cases = _list(raw.get("cases"), "cases")
    return Record(
        as_of=record_as_of,
        person=_person(raw.get("person"), record_as_of),
        cases=tuple(_case(case, f"cases[{i}]", record_as_of) for i, case in enumerate(cases)),
    )

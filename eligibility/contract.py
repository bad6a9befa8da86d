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
        "pbj_treatment",
        "compromise",
        "transferred_to_juvenile",
        "ncr",
        "juvenile_adjudication",
        "pending",
        "unknown",
    }
)
SUBSTANCES = frozenset({"cannabis", "other"})
# Where a charge's record stands (the output's record_state; docs/eligibility-contract.md).
RECORD_STATES = frozenset(
    {"removal_required", "criminal_history_removal_required", "hidden_not_removed", "on_record", "unknown"}
)
PROBATION_CLOSED = frozenset({"satisfactory", "unsatisfactory"})

_RECORD_KEYS = frozenset({"as_of", "person", "cases"})
_PERSON_KEYS = frozenset({"date_of_birth", "pending_case", "other_convictions", "other_dispositions", "other_dui_pbj"})
_OTHER_CONVICTION_KEYS = frozenset({"statute", "description", "felony", "disposition_date", "sentence_completed"})
_OTHER_DISPOSITION_KEYS = _OTHER_CONVICTION_KEYS | {"disposition"}
_CASE_KEYS = frozenset(
    {"case_number", "court", "county", "charges", "tracking_number", "related_cases", "forwarded_to_circuit"}
)
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
    "civil_citation",
    "minor_traffic",
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
    # The person's other cases, outside the record, by disposition (a conviction, a PBJ, a
    # case still pending): what the DUI PBJ bar and the later-conviction rules weigh.
    other_dispositions: tuple[dict[str, Any], ...] = ()
    # Whether the person has a DUI PBJ outside the record (None: not known), which bars the
    # 15-year DUI PBJ route.
    other_dui_pbj: bool | None = None


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
    # A civil citation (CR §5-601(c)(2)(ii): cannabis under 10 g from October 1 2014): not a
    # conviction, never pardoned. None: not known.
    civil_citation: bool | None
    # A Transportation Article violation for which no jail term is possible (CP §10-101): not
    # part of the unit (CP §10-107). None: not known.
    minor_traffic: bool | None
    # Where the charge is in the record: charges are told apart by these, never by identity.
    case_index: int
    charge_index: int


class Case(NamedTuple):
    case_number: str | None
    court: str | None
    county: str | None
    charges: tuple[Charge, ...]
    case_index: int
    # The incident (CP §10-107, Stoddard v. State): cases that share a tracking number, or
    # that name each other as related, came from the same arrest.
    tracking_number: str | None = None
    related_cases: tuple[str, ...] = ()
    # A District Court case whose charges were sent on to Circuit Court (None: not known).
    forwarded_to_circuit: bool | None = None


class Record(NamedTuple):
    as_of: date
    person: Person
    cases: tuple[Case, ...]


def iso_date(value: str | None) -> date | None:
    """A date as the contract writes it (YYYY-MM-DD), already checked; None stays None."""
    return date.fromisoformat(value) if value else None


def _path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _date(value: Any, parent: str, key: str) -> date | None:
    if value is None:
        return None
    # date.fromisoformat also accepts "20190101" and week dates; the contract says YYYY-MM-DD.
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
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


def _grams(value: Any, parent: str, key: str) -> float | None:
    if value is None:
        return None
    if type(value) in (int, float) and 0 <= value < 1e9:
        return float(value)
    raise ContractError(_path(parent, key), f"expected a number of grams (0 or more) or null, got {value!r}")


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


def _after(day: date | None, as_of: date, field: str) -> None:
    if day is not None and day > as_of:
        raise ContractError(field, f"is after as_of ({as_of.isoformat()})")


def _charge(raw: Any, as_of: date, case_index: int, charge_index: int) -> Charge:
    """Field names in its errors are relative to the charge; _case adds the prefix. The
    fields are checked in the contract's order, so the first one that is wrong is named."""
    raw = _object(raw, _CHARGE_KEYS, "")
    statute = _text(raw.get("statute"), "", "statute")
    description = _text(raw.get("description"), "", "description")
    substance = _choice(raw.get("substance"), SUBSTANCES, "", "substance")
    grams = _grams(raw.get("cannabis_grams"), "", "cannabis_grams")
    felony = _bool(raw.get("felony"), "", "felony")
    domestic = _bool(raw.get("domestically_related"), "", "domestically_related")
    probation_closed = _choice(raw.get("probation_closed"), PROBATION_CLOSED, "", "probation_closed")
    integrity_flag = _bool(raw.get("integrity_flag"), "", "integrity_flag")
    civil_citation = _bool(raw.get("civil_citation"), "", "civil_citation")
    minor_traffic = _bool(raw.get("minor_traffic"), "", "minor_traffic")
    disposition = raw.get("disposition")
    if disposition is None:
        disposition = "unknown"
    elif type(disposition) is not str or disposition not in DISPOSITIONS:
        raise ContractError("disposition", f"expected one of {', '.join(sorted(DISPOSITIONS))}, got {disposition!r}")
    charge_date = _date(raw.get("charge_date"), "", "charge_date")
    disposition_date = _date(raw.get("disposition_date"), "", "disposition_date")
    sentence_completed = _date(raw.get("sentence_completed"), "", "sentence_completed")
    _after(charge_date, as_of, "charge_date")
    _after(disposition_date, as_of, "disposition_date")
    if disposition_date is not None and charge_date is not None and disposition_date < charge_date:
        raise ContractError("disposition_date", "is before the charge date")
    if disposition_date is not None and sentence_completed is not None and sentence_completed < disposition_date:
        raise ContractError("sentence_completed", "is before the disposition date")
    return Charge(
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
        civil_citation,
        minor_traffic,
        case_index,
        charge_index,
    )


def _case(raw: Any, as_of: date, case_index: int) -> Case:
    """Field names in its errors are relative to the case; parse_record adds the prefix."""
    raw = _object(raw, _CASE_KEYS, "")
    charges = _list(raw.get("charges"), "charges")
    if not charges:
        raise ContractError("charges", "a case needs at least one charge")
    case_number = _text(raw.get("case_number"), "", "case_number")
    court = _choice(raw.get("court"), COURTS, "", "court")
    county = _choice(raw.get("county"), COUNTIES, "", "county")
    tracking_number = _text(raw.get("tracking_number"), "", "tracking_number")
    related = raw.get("related_cases")
    related_cases = []
    for i, number in enumerate(_list(related, "related_cases") if related is not None else ()):
        if type(number) is not str:
            raise ContractError(f"related_cases[{i}]", f"expected a case number (text), got {number!r}")
        related_cases.append(number)
    forwarded = _bool(raw.get("forwarded_to_circuit"), "", "forwarded_to_circuit")
    parsed = []
    for number, charge in enumerate(charges):
        try:
            parsed.append(_charge(charge, as_of, case_index, number))
        except ContractError as error:
            raise error.within(f"charges[{number}]") from None
    return Case(case_number, court, county, tuple(parsed), case_index, tracking_number, tuple(related_cases), forwarded)


def _person(raw: Any, as_of: date) -> Person:
    if raw is None:
        return Person(None, None, (), ())
    raw = _object(raw, _PERSON_KEYS, "person")
    dob = _date(raw.get("date_of_birth"), "person", "date_of_birth")
    _after(dob, as_of, "person.date_of_birth")
    convictions = _other_cases(raw, "other_convictions", _OTHER_CONVICTION_KEYS, None)
    dispositions = _other_cases(raw, "other_dispositions", _OTHER_DISPOSITION_KEYS, as_of)
    pending = _bool(raw.get("pending_case"), "person", "pending_case")
    other_dui = _bool(raw.get("other_dui_pbj"), "person", "other_dui_pbj")
    return Person(dob, pending, convictions, dispositions, other_dui)


def _other_cases(
    raw: dict[str, Any], key: str, keys: frozenset[str], decided_by: date | None
) -> tuple[dict[str, Any], ...]:
    """The person's cases outside the record (`person.other_convictions` or
    `person.other_dispositions`), each checked; where `decided_by` is given, no disposition
    may be after it."""
    items = raw.get(key)
    checked = []
    for i, item in enumerate(_list(items, f"person.{key}") if items is not None else ()):
        field = f"person.{key}[{i}]"
        item = _object(item, keys, field)
        _text(item.get("statute"), field, "statute")
        _text(item.get("description"), field, "description")
        _bool(item.get("felony"), field, "felony")
        _choice(item.get("disposition"), DISPOSITIONS, field, "disposition")
        decided = _date(item.get("disposition_date"), field, "disposition_date")
        if decided_by is not None:
            _after(decided, decided_by, f"{field}.disposition_date")
        _date(item.get("sentence_completed"), field, "sentence_completed")
        checked.append(item)
    return tuple(checked)


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
    for index, case in enumerate(cases):
        try:
            parsed.append(_case(case, record_as_of, index))
        except ContractError as error:
            raise error.within(f"cases[{index}]") from None
    return Record(record_as_of, person, tuple(parsed))

"""The engine's facts (docs/eligibility-contract.md) in plain words, for the people who
read and correct them: what each fact is called, what each of its values means, and a
fact's value written as people write it (dates month/day/year). The staff pages show the
facts as corrected with these words, and the correction form offers them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from expunge.choices import COUNTY_CHOICES

CASE_FACTS = {
    "case_number": _("Case number"),
    "court": _("Court"),
    "county": _("County"),
    "tracking_number": _("Tracking number"),
    "related_cases": _("Other cases from the same arrest (their case numbers)"),
    "forwarded_to_circuit": _("Sent on to the Circuit Court"),
}
CHARGE_FACTS = {
    "statute": _("Statute"),
    "description": _("Description of the charge"),
    "substance": _("Drug"),
    "cannabis_grams": _("Amount of cannabis, in grams"),
    "felony": _("A felony"),
    "domestically_related": _("The judge said it was domestic"),
    "charge_date": _("Date charged"),
    "disposition": _("What happened in court"),
    "disposition_date": _("Date of the court's decision"),
    "sentence_completed": _("Date the sentence (or the required treatment) ended"),
    "probation_closed": _("How probation ended"),
    "integrity_flag": _("The State's Attorney has reason to doubt the conviction"),
    "civil_citation": _("A civil citation (a ticket with a fine)"),
    "minor_traffic": _("A minor traffic violation (no jail possible)"),
}

# The person's facts staff may correct: yes / no / not known for the first two, and every
# other case of the person's outside these (one list; expunge.records.other_cases).
PERSON_FACTS = {
    "pending_case": _("A criminal case open in any court right now"),
    "other_dui_pbj": _("Probation before judgment for DUI (TR §21-902) in another case"),
    "other_dispositions": _("Other cases, outside these"),
}
# What the record says of a conviction the resident reported without its details.
RESIDENT_REPORTED = "Reported by the resident"

BOOLEAN_FACTS = frozenset(
    {
        "felony",
        "domestically_related",
        "integrity_flag",
        "forwarded_to_circuit",
        "civil_citation",
        "minor_traffic",
        "pending_case",
        "other_dui_pbj",
    }
)
DATE_FACTS = frozenset({"charge_date", "disposition_date", "sentence_completed"})
NUMBER_FACTS = frozenset({"cannabis_grams"})

DISPOSITION_LABELS = {
    "guilty": _("Guilty (convicted)"),
    "pbj": _("Probation before judgment (PBJ)"),
    "pbj_treatment": _("PBJ with a drug or alcohol treatment requirement"),
    "not_guilty": _("Not guilty"),
    "dismissed": _("Dismissed"),
    "nolle_prosequi": _("Nolle prosequi (dropped by the prosecutor)"),
    "nolle_prosequi_treatment": _("Nolle prosequi on condition of drug or alcohol treatment"),
    "stet": _("Stet"),
    "stet_treatment": _("Stet with a drug or alcohol treatment requirement"),
    "compromise": _("Compromise (settled)"),
    "transferred_to_juvenile": _("Transferred to juvenile court"),
    "ncr": _("Not criminally responsible (NCR)"),
    "juvenile_adjudication": _("Juvenile adjudication"),
    "pending": _("Still pending"),
    "unknown": _("Not known"),
}

# The facts whose values are a fixed list, with their words.
CHOICES: dict[str, list[tuple[Any, Any]]] = {
    "disposition": list(DISPOSITION_LABELS.items()),
    "court": [("district", _("District Court")), ("circuit", _("Circuit Court")), ("juvenile", _("Juvenile court"))],
    "county": list(COUNTY_CHOICES),
    "substance": [("cannabis", _("Cannabis")), ("other", _("Another drug"))],
    "probation_closed": [("satisfactory", _("Ended well")), ("unsatisfactory", _("Ended with a violation"))],
}
YES_NO_UNKNOWN = [
    (True, pgettext_lazy("fact", "Yes")),
    (False, pgettext_lazy("fact", "No")),
    (None, pgettext_lazy("fact", "Not known")),
]
NOT_KNOWN = pgettext_lazy("fact", "Not known")
NONE = pgettext_lazy("fact", "None")

# Dates as people write them in Maryland (month first), or as the record keeps them.
DATE_FORMATS = ("%m/%d/%Y", "%m-%d-%Y", "%Y-%m-%d")


def label(name: str) -> str:
    """What a fact is called."""
    return str(CASE_FACTS.get(name) or CHARGE_FACTS.get(name) or PERSON_FACTS.get(name) or name)


def parse_date(text: str) -> date | None:
    """A date as people write it (03/27/2019) or as the record keeps it (2019-03-27)."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def in_words(name: str, value: Any) -> str:
    """A fact's value as people read it: "Yes", "Stet", "March 27, 2019", "Not known"."""
    if name == "other_dispositions":
        return "; ".join(other_case_in_words(case) for case in value or ()) or str(NONE)
    if value is None or value == "" or value == []:
        return str(NOT_KNOWN)
    if name in BOOLEAN_FACTS:
        return str(dict(YES_NO_UNKNOWN).get(value, value))
    if name in CHOICES:
        return str(dict(CHOICES[name]).get(value, value))
    if name in DATE_FACTS:
        day = parse_date(str(value))
        return date_format(day, "DATE_FORMAT") if day else str(value)
    if name == "related_cases":
        return ", ".join(value)
    if name == "cannabis_grams":
        return f"{value:g} g"
    return str(value)


def other_case_in_words(case: dict[str, Any]) -> str:
    """One of the person's other cases in a line: "Guilty (convicted): Theft (CR 7-104),
    decided June 1, 2023, sentence ended June 1, 2023, a felony: No"."""
    description = case.get("description")
    if description == RESIDENT_REPORTED and not case.get("statute"):
        what = str(_("reported by the resident, without its details"))
    else:
        what = " ".join(part for part in (description, f"({case['statute']})" if case.get("statute") else "") if part)
    decided = case.get("disposition_date")
    parts = [
        f"{in_words('disposition', case.get('disposition'))}: {what or NOT_KNOWN}",
        _("decided %(day)s") % {"day": in_words("disposition_date", decided)}
        if decided
        else _("date of the decision not known"),
    ]
    if case.get("sentence_completed"):
        parts.append(_("sentence ended %(day)s") % {"day": in_words("sentence_completed", case["sentence_completed"])})
    parts.append(_("a felony: %(answer)s") % {"answer": in_words("felony", case.get("felony"))})
    return ", ".join(str(part) for part in parts)

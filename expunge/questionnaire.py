"""Answers and the engine's input: the choices the questions share, and
`answers_to_record`, the one entry point that maps stored answers onto the eligibility
contract (../shared/eligibility-contract.md). Answers from the step-by-step questionnaire
are mapped by expunge.journey.to_record; submissions from the first one-page form keep
their own small mapping here. Staff corrections go on top (effective_record).
"""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from expunge.eligibility.contract import CHARGE_FIELDS

# Bump when the questions or their meaning change; stored with every submission.
QUESTIONNAIRE_VERSION = "2026-11-slice"

# Maryland's 24 jurisdictions, Baltimore City first (the portal's first audience). The
# names are English, as court captions need them; gettext_noop marks them for the
# Spanish catalogue, and COUNTY_CHOICES translates them for the questionnaire.
COUNTY_NAMES = {
    "baltimore_city": gettext_noop("Baltimore City"),
    "allegany": gettext_noop("Allegany County"),
    "anne_arundel": gettext_noop("Anne Arundel County"),
    "baltimore_county": gettext_noop("Baltimore County"),
    "calvert": gettext_noop("Calvert County"),
    "caroline": gettext_noop("Caroline County"),
    "carroll": gettext_noop("Carroll County"),
    "cecil": gettext_noop("Cecil County"),
    "charles": gettext_noop("Charles County"),
    "dorchester": gettext_noop("Dorchester County"),
    "frederick": gettext_noop("Frederick County"),
    "garrett": gettext_noop("Garrett County"),
    "harford": gettext_noop("Harford County"),
    "howard": gettext_noop("Howard County"),
    "kent": gettext_noop("Kent County"),
    "montgomery": gettext_noop("Montgomery County"),
    "prince_georges": gettext_noop("Prince George's County"),
    "queen_annes": gettext_noop("Queen Anne's County"),
    "somerset": gettext_noop("Somerset County"),
    "st_marys": gettext_noop("St. Mary's County"),
    "talbot": gettext_noop("Talbot County"),
    "washington": gettext_noop("Washington County"),
    "wicomico": gettext_noop("Wicomico County"),
    "worcester": gettext_noop("Worcester County"),
}
COUNTY_CHOICES = [(code, _(name)) for code, name in COUNTY_NAMES.items()]

NOT_SURE = "not_sure"

COURT_CHOICES = [
    ("district", _("District Court")),
    ("circuit", _("Circuit Court")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]

YES_NO_NOT_SURE = [
    ("no", pgettext_lazy("questionnaire", "No")),
    ("yes", pgettext_lazy("questionnaire", "Yes")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]

# What each charge choice of the first one-page form means in the contract (older submissions).
CHARGE_MAP: dict[str, dict[str, Any]] = {
    "cannabis_possession": {
        "statute": "CR 5-601",
        "description": "Possession of cannabis (marijuana)",
        "substance": "cannabis",
        "felony": False,
    },
    "other": {"statute": None, "description": "Other charge", "substance": None, "felony": None},
}

# A yes / no / not sure answer as the contract has it: true, false or null (unknown).
TRI_STATE = {"yes": True, "no": False, NOT_SURE: None}


def version(answers: dict[str, Any]) -> str:
    """The version of the questions these answers reply to."""
    if is_journey(answers):
        from expunge.journey import JOURNEY_VERSION

        return JOURNEY_VERSION
    return QUESTIONNAIRE_VERSION


def is_journey(answers: dict[str, Any]) -> bool:
    """Answers from the step-by-step questionnaire (expunge.journey), not the first short form."""
    return "cases" in answers


def petitioner(answers: dict[str, Any]) -> dict[str, Any]:
    """The resident's own details, whichever questionnaire gave them."""
    about = answers.get("about", {}) if is_journey(answers) else answers
    return {
        key: about.get(key) or "" for key in ("full_name", "other_names", "date_of_birth", "address", "phone", "email")
    }


def answers_to_record(answers: dict[str, Any]) -> dict[str, Any]:
    """Map stored answers (JSON, dates as YYYY-MM-DD) to one contract input record (no as_of)."""
    if is_journey(answers):
        from expunge.journey import to_record

        return to_record(answers)
    charge = dict(CHARGE_MAP[answers["charge"]])
    charge.update(
        {
            "cannabis_grams": None,
            "domestically_related": None,
            "charge_date": None,
            "disposition": answers["disposition"],
            "disposition_date": answers.get("disposition_date"),
            "sentence_completed": answers.get("sentence_completed"),
            "probation_closed": None,
            "integrity_flag": None,
        }
    )
    court = answers.get("court")
    return {
        "person": {
            "date_of_birth": answers.get("date_of_birth"),
            "pending_case": TRI_STATE[answers["pending_case"]],
            "other_convictions": [],
        },
        "cases": [
            {
                "case_number": answers.get("case_number") or None,
                "court": None if court in (None, NOT_SURE) else court,
                "county": answers["county"],
                "charges": [charge],
            }
        ],
    }


def search_columns(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers staff filter on, copied into indexed columns of Submission."""
    record = answers_to_record(answers)
    details = petitioner(answers)
    return {
        "full_name": details["full_name"],
        "date_of_birth": details["date_of_birth"] or None,
        "county": record["cases"][0]["county"] if record["cases"] else "",
        "case_numbers": " ".join(
            "".join(case["case_number"].upper().split()) for case in record["cases"] if case.get("case_number")
        ),
    }


# Facts staff may correct against the court record, per case and per charge.
CORRECTABLE_CASE_FIELDS = ("case_number", "court", "county")
CORRECTABLE_CHARGE_FIELDS = CHARGE_FIELDS


def effective_record(submission, corrections=None) -> dict[str, Any]:
    """The contract record for a submission: the resident's answers with every staff
    correction applied (its corrections, unless the caller has read them already). The
    engine decides on it and the court papers print it."""
    if corrections is None:
        corrections = submission.corrections.all()
    return apply_corrections(answers_to_record(submission.answers), corrections)


def month_only_charge_dates(submission, corrections=None) -> frozenset[tuple[int, int]]:
    """The charges, as (case index, charge index), whose charge date the resident gave as
    a month and year and staff have not corrected (its corrections, unless the caller has
    read them already). The record holds the month's last day (exact for the dates the law
    compares a charge date with); the court papers must not print that day as if it were
    known."""
    if not is_journey(submission.answers):
        return frozenset()
    if corrections is None:
        corrections = submission.corrections.all()
    corrected = {(c.case_index, c.charge_index) for c in corrections if c.field == "charge_date"}
    return frozenset(
        (i, j)
        for i, case in enumerate(submission.answers.get("cases", []))
        for j, charge in enumerate(case.get("charges", []))
        if len((charge.get("what") or {}).get("charge_date") or "") == 7 and (i, j) not in corrected
    )


def apply_corrections(record: dict[str, Any], corrections) -> dict[str, Any]:
    """The record with staff corrections applied in order (the latest wins). Corrections
    that no longer point at a case or charge of the record are skipped."""
    record = copy.deepcopy(record)
    for correction in corrections:
        cases = record["cases"]
        if not 0 <= correction.case_index < len(cases):
            continue
        case = cases[correction.case_index]
        if correction.charge_index is None:
            if correction.field in CORRECTABLE_CASE_FIELDS:
                case[correction.field] = correction.value
            continue
        if 0 <= correction.charge_index < len(case["charges"]) and correction.field in CORRECTABLE_CHARGE_FIELDS:
            case["charges"][correction.charge_index][correction.field] = correction.value
    return record

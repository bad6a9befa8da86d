"""The resident's answers as the engine's input, and staff corrections on top.

`answers_to_record` is the one entry point that maps stored answers onto the eligibility
contract (docs/eligibility-contract.md), by the version of the questions they reply to:
answers from the step-by-step questionnaire (residents.journey) by `journey_to_record`.
Staff corrections go on top (`effective_record`): the engine decides on that record and
the court papers print it.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from django.utils import timezone

from eligibility import assess
from eligibility.contract import CHARGE_FIELDS
from eligibility.engine import may_be_civil_citation
from expunge import search
from expunge.choices import CONVICTION_LIKE, NOT_SURE
from expunge.dates import PartialDate
from expunge.facts import RESIDENT_REPORTED

# The version of the questions (residents.journey) answers reply to, stored with every
# submission. Bump it when the questions or their meaning change, and add the new version's
# mapping to RECORD_MAPPINGS below. (Before the step-by-step questionnaire there was a
# one-page form, "2026-11-slice"; the portal was never deployed with it, and migration
# 0008 refuses to run over any answers stored by it.)
JOURNEY_VERSION = "2026-11-journey"

# A yes / no / not sure answer as the contract has it: true, false or null (unknown).
TRI_STATE = {"yes": True, "no": False, NOT_SURE: None}


# What each charge choice of the journey means in the contract. Paraphernalia is counted as cannabis
# paraphernalia: the questionnaire is about cannabis records, and the engine decides the
# pardon from the other charges of the case.
CHARGE_KINDS = {
    "cannabis_possession": {
        "statute": "CR 5-601",
        "description": "Possession of cannabis",
        "substance": "cannabis",
        "felony": False,
    },
    "cannabis_pwid": {
        "statute": "CR 5-602",
        "description": "Possession of cannabis with intent to distribute",
        "substance": "cannabis",
        "felony": True,
    },
    "paraphernalia": {
        "statute": "CR 5-619",
        "description": "Possession of drug paraphernalia",
        "substance": "cannabis",
        "felony": False,
    },
    "other_drug_possession": {
        "statute": "CR 5-601",
        "description": "Possession of a controlled dangerous substance",
        "substance": "other",
        "felony": False,
    },
    "assault_2": {
        "statute": "CR 3-203",
        "description": "Assault in the second degree",
        "substance": None,
        "felony": False,
    },
    "trespass": {"statute": "CR 6-402", "description": "Trespass", "substance": None, "felony": False},
    "theft": {"statute": "CR 7-104", "description": "Theft", "substance": None, "felony": None},
    "disorderly": {"statute": "CR 10-201", "description": "Disorderly conduct", "substance": None, "felony": False},
    "fare_evasion": {"statute": "TR 7-705", "description": "Transit fare evasion", "substance": None, "felony": False},
    "other": {"statute": None, "description": None, "substance": None, "felony": None},
    NOT_SURE: {"statute": None, "description": "Charge not known", "substance": None, "felony": None},
}
# Each range as its upper bound in grams, for what the engine compares an amount with: 10 g
# (a civil citation from October 2014 to June 2023) and 2.5 oz, 70.87 g (possession up to
# 2.5 oz is no longer a crime, law notes §00). "More than 2.5 ounces" has no upper bound:
# 71 g is above every amount the law draws a line at, so it is exact for those comparisons
# (the petition never prints an amount). "More than 1.5 ounces", offered before the choices
# split at 2.5 oz, is not known to be either side of it: unknown.
AMOUNT_GRAMS = {
    "under_10g": 10.0,
    "up_to_1_5oz": 42.5,
    "up_to_2_5oz": 70.87,
    "over_2_5oz": 71.0,
    "over_1_5oz": None,
    NOT_SURE: None,
}

# A stet, nolle prosequi or PBJ with a drug or alcohol treatment requirement (CP §10-105(a)(4),
# (c)(2)-(3)) is its own disposition in the contract.
TREATMENT_DISPOSITIONS = {
    "stet": "stet_treatment",
    "nolle_prosequi": "nolle_prosequi_treatment",
    "pbj": "pbj_treatment",
}


def petitioner(answers: dict[str, Any]) -> dict[str, Any]:
    """The resident's own details."""
    about = answers.get("about") or {}
    return {
        key: about.get(key) or "" for key in ("full_name", "other_names", "date_of_birth", "address", "phone", "email")
    }


def answers_to_record(answers: dict[str, Any], version: str = JOURNEY_VERSION) -> dict[str, Any]:
    """Map stored answers (JSON, dates as YYYY-MM-DD or YYYY-MM) of this version of the
    questions to one contract input record (no as_of)."""
    try:
        mapping = RECORD_MAPPINGS[version]
    except KeyError:
        raise ValueError(f"No mapping for answers to questions of version {version!r}") from None
    return mapping(answers)


def search_columns(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers staff filter on, copied into indexed columns of Submission (the case
    numbers go to their own rows: services.submissions.submission_index)."""
    record = answers_to_record(answers)
    details = petitioner(answers)
    return {
        "full_name": details["full_name"],
        "search_name": search.name_key(details["full_name"]),
        "date_of_birth": details["date_of_birth"] or None,
        "county": record["cases"][0]["county"] if record["cases"] else "",
    }


def case_number_keys(*records_: dict[str, Any]) -> set[str]:
    """The case numbers of these contract records, as the queue searches them (40
    characters at most, as the journey and the staff correction take them)."""
    keys = (search.case_number_key(case.get("case_number") or "") for record in records_ for case in record["cases"])
    return {key[:40] for key in keys if key}


def domestic_finding_matters(kind: str | None, disposition: str | None) -> bool:
    """Whether a judge's finding that the crime was domestically related (CP §6-233) can
    change the answer for a charge of this kind and outcome: asked of the engine itself, on
    a charge decided a year ago whose sentence is complete, with the finding and without
    it. Only a conviction on the CP §10-110 list waits longer for it (15 years)."""
    if disposition not in CONVICTION_LIKE:
        return False
    today = timezone.localdate()
    decided = date(today.year - 1, today.month, min(today.day, 28)).isoformat()
    charge = {
        **CHARGE_KINDS[kind or NOT_SURE],
        "charge_date": decided,
        "disposition": disposition,
        "disposition_date": decided,
        "sentence_completed": decided,
    }
    answers = []
    for domestic in (False, True):
        record = {
            "as_of": today.isoformat(),
            "person": {"pending_case": False, "other_convictions": []},
            "cases": [
                {
                    "court": "district",
                    "county": "baltimore_city",
                    "charges": [{**charge, "domestically_related": domestic}],
                }
            ],
        }
        result = assess(record)["cases"][0]["charges"][0]
        answers.append((result["outcome"], result["eligible_on"], result["alternatives"]))
    return answers[0] != answers[1]


def civil_citation_possible(
    kind: str | None, amount: str | None, disposition: str | None, charge_date: object, disposition_date: object = None
) -> bool:
    """Whether a cannabis possession charge could have been a civil citation (CR §5-601(c)(2)(ii)):
    less than 10 g, charged from October 1 2014 to June 30 2023, and recorded as guilty (a
    citation paid or found against the person). Without the charge date: unless it was
    decided before October 1 2014."""
    if kind != "cannabis_possession" or disposition != "guilty":
        return False
    # The engine's own test, on the days the record holds (a month's last day for a month).
    charged, decided = PartialDate.parse(charge_date), PartialDate.parse(disposition_date)
    return may_be_civil_citation(
        AMOUNT_GRAMS.get(amount or NOT_SURE), charged.last if charged else None, decided.last if decided else None
    )


# The facts of the contract a resident can settle on their results page, and where their
# answer is kept (the facts step's names).
SETTLEABLE_FACTS = {"domestically_related": "domestic", "civil_citation": "civil_citation"}


# Facts staff may correct against the court record, per case and per charge, and of the
# person (a correction without a case): yes / no / not known, and the list of the person's
# other cases (other_cases).
CORRECTABLE_CASE_FIELDS = ("case_number", "court", "county", "tracking_number", "related_cases", "forwarded_to_circuit")
CORRECTABLE_CHARGE_FIELDS = CHARGE_FIELDS
CORRECTABLE_PERSON_FIELDS = ("pending_case", "other_dui_pbj", "other_dispositions")


def other_cases(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The person's cases outside the record as one list of `other_dispositions`: the
    convictions the resident reported (`other_convictions`, each a guilty disposition) and
    their other cases. A staff correction of `other_dispositions` replaces both with the list
    it holds (apply_corrections)."""
    person = record.get("person") or {}
    return [
        *({**conviction, "disposition": "guilty"} for conviction in person.get("other_convictions") or ()),
        *(dict(other) for other in person.get("other_dispositions") or ()),
    ]


def effective_record(submission, corrections=None) -> dict[str, Any]:
    """The contract record for a submission: the resident's answers with every staff
    correction applied (its corrections, unless the caller has read them already). The
    engine decides on it and the court papers print it."""
    if corrections is None:
        corrections = submission.corrections.all()
    return apply_corrections(answers_to_record(submission.answers, submission.questionnaire_version), corrections)


def month_only_charge_dates(submission, corrections=None) -> frozenset[tuple[int, int]]:
    """The charges, as (case index, charge index), whose charge date the resident gave as
    a month and year and staff have not corrected (its corrections, unless the caller has
    read them already). The record holds the month's last day (exact for the dates the law
    compares a charge date with); the court papers must not print that day as if it were
    known."""
    if corrections is None:
        corrections = submission.corrections.all()
    corrected = {(c.case_index, c.charge_index) for c in corrections if c.field == "charge_date"}
    return frozenset(
        (i, j)
        for i, case in enumerate(submission.answers.get("cases", []))
        for j, charge in enumerate(case.get("charges", []))
        if _month_only((charge.get("what") or {}).get("charge_date")) and (i, j) not in corrected
    )


def apply_corrections(record: dict[str, Any], corrections) -> dict[str, Any]:
    """The record with staff corrections applied in order (the latest wins). Corrections
    that no longer point at a case or charge of the record are skipped. A correction without
    a case is of the person; the list of other cases staff keep holds the convictions the
    resident reported too, so it replaces them."""
    record = copy.deepcopy(record)
    for correction in corrections:
        if correction.case_index is None:
            if correction.field in CORRECTABLE_PERSON_FIELDS:
                person = record.setdefault("person", {})
                person[correction.field] = copy.deepcopy(correction.value)
                if correction.field == "other_dispositions":
                    person["other_convictions"] = []
            continue
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


# --- From the journey's answers to the contract -----------------------------------------


def _month_only(value: object) -> bool:
    day = PartialDate.parse(value)
    return day is not None and day.month_only


def _exact(value: object) -> date | None:
    """The day an answer gives, or None when it gives only a month (or nothing)."""
    day = PartialDate.parse(value)
    return day.exact if day else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def journey_to_record(answers: dict) -> dict:
    """The journey's answers as one contract input record (no as_of)."""
    about, situation = answers.get("about", {}), answers.get("situation", {})
    cases = []
    for case in answers.get("cases", []):
        details = case.get("details", {})
        court = details.get("court")
        charges = []
        for charge in case.get("charges", []):
            what, sentence = charge.get("what", {}), charge.get("sentence", {})
            facts = charge.get("facts", {})
            mapped = dict(CHARGE_KINDS[what.get("kind") or NOT_SURE])
            if what.get("kind") == "other":
                mapped["description"] = what.get("description") or None
            probation = sentence.get("probation")
            disposition = what.get("disposition") or "unknown"
            charged = PartialDate.parse(what.get("charge_date"))
            finished = _exact(sentence.get("sentence_completed") or None) if disposition in CONVICTION_LIKE else None
            treatment = facts.get("treatment") if disposition in TREATMENT_DISPOSITIONS else None
            if treatment in ("yes", NOT_SURE):
                # "Not sure" is read as a treatment requirement whose completion is not known:
                # the engine then asks a person, and never answers "file now" on a stet or a
                # nolle whose treatment might be unfinished.
                disposition = TREATMENT_DISPOSITIONS[disposition]
                completed = _exact(facts.get("treatment_completed") or None) if treatment == "yes" else None
                if disposition == "pbj_treatment":
                    # The PBJ waits for its probation too: the later of the two days.
                    finished = max(finished, completed) if finished and completed else None
                else:
                    finished = completed
            charges.append(
                {
                    **mapped,
                    "cannabis_grams": AMOUNT_GRAMS.get(what.get("amount") or NOT_SURE),
                    "domestically_related": TRI_STATE.get(facts.get("domestic") or ""),
                    # The last day of a month is exact for the dates the law compares a
                    # charge date with (before January 1 or July 1, 2023).
                    "charge_date": _iso(charged.last if charged else None),
                    "disposition": disposition,
                    "disposition_date": _iso(_exact(what.get("disposition_date"))),
                    # A sentence only exists after a conviction or a PBJ, and the day a
                    # treatment was completed only with one; without the day, the engine asks
                    # a person.
                    "sentence_completed": _iso(finished),
                    "probation_closed": probation if probation in ("satisfactory", "unsatisfactory") else None,
                    "integrity_flag": None,
                    "civil_citation": TRI_STATE.get(facts.get("civil_citation") or ""),
                }
            )
        cases.append(
            {
                "case_number": details.get("case_number") or None,
                "court": None if court in (None, NOT_SURE) else court,
                "county": details.get("county"),
                "tracking_number": details.get("tracking_number") or None,
                "related_cases": list(details.get("same_arrest") or []),
                # Only a District Court case can have been sent on to the Circuit Court.
                "forwarded_to_circuit": None if court == "circuit" else TRI_STATE.get(details.get("forwarded") or ""),
                "charges": charges,
            }
        )
    convictions_since = situation.get("convictions_since")
    return {
        "person": {
            "date_of_birth": about.get("date_of_birth"),
            "pending_case": TRI_STATE.get(situation.get("pending_case")),
            # "Yes" or "not sure" without the details: a conviction the engine cannot
            # date, so every rule it could affect asks a person (never a guess).
            "other_convictions": []
            if convictions_since == "no"
            else [{"statute": None, "description": RESIDENT_REPORTED, "felony": None}],
        },
        "cases": cases,
    }


# What the answers of each version of the questions mean to the engine.
RECORD_MAPPINGS = {JOURNEY_VERSION: journey_to_record}

"""The rules engine: a pure function of (record, as_of). No Django, no I/O.

`assess(record)` takes one record in the contract's input shape and returns the
contract's output: per case, per charge, an outcome with the date, the remedy and
the reasons (stable codes with citations). See ../shared/eligibility-contract.md.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from expunge.eligibility.contract import Case, Charge, Person, Record, parse_record
from expunge.eligibility.rules import (
    CONVICTION_PETITION_FEE_USD,
    PARDON_CHARGED_BEFORE,
    PETITION_CONVICTION_FORM,
    RULES,
    RULES_VERSION,
)

_HB837_IN_FORCE = RULES["cannabis_possession_sentence_complete"].effective_from
_FOUR_YEAR_RULE = RULES["cannabis_possession_four_year_wait"]
_PARDON_SIGNED = RULES["pardoned_june_2024"].effective_from

# Results share these building blocks (reasons, remedies, whole needs_review answers)
# instead of copying them for every charge: a result is data to serialise or read,
# never to modify in place.
_REASONS = {code: {"code": code, "citation": rule.citation, "verified": rule.verified} for code, rule in RULES.items()}


def add_years(day: date, years: int) -> date:
    """`day` plus whole years. February 29 moves to March 1 in a common year: the later of
    the two candidate days, so the portal never tells someone to file a day too early."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _normalise_statute(statute: str | None) -> str:
    if not statute:
        return ""
    return "".join(statute.upper().replace("§", " ").split())


@lru_cache(maxsize=4096)
def is_cr_5_601(statute: str | None) -> bool:
    """CR §5-601 (possession of a controlled dangerous substance), with or without subsection."""
    s = _normalise_statute(statute)
    return s.startswith("CR5-601") and (len(s) == 7 or not s[7].isdigit())


_CANNABIS_POSSESSION_PETITION = {
    "kind": "petition",
    "form": PETITION_CONVICTION_FORM,
    "ground": "CP §10-105(a)(12)",
    "fee_usd": CONVICTION_PETITION_FEE_USD,
    "deadline": None,
}
_JUVENILE_PETITION = {
    "kind": "juvenile_petition",
    "form": None,
    "ground": "CJP §3-8A-27.1",
    "fee_usd": 0,
    "deadline": None,
}

_REASON_LISTS: dict[tuple[str, ...], list[dict[str, Any]]] = {}


def _reasons(*codes: str) -> list[dict[str, Any]]:
    """The reasons for these codes, cached per combination."""
    reasons = _REASON_LISTS.get(codes)
    if reasons is None:
        reasons = _REASON_LISTS[codes] = [_REASONS[code] for code in codes]
    return reasons


_NEEDS_REVIEW: dict[tuple[bool, tuple[str, ...]], dict[str, Any]] = {}


def _needs_review(pardoned: bool, *codes: str) -> dict[str, Any]:
    # The same few answers recur for most charges of a batch: build each once, share it.
    key = (pardoned, codes)
    result = _NEEDS_REVIEW.get(key)
    if result is None:
        result = _NEEDS_REVIEW[key] = {
            "outcome": "needs_review",
            "eligible_on": None,
            "pardoned": pardoned,
            "remedy": None,
            "reasons": _reasons(*codes),
        }
    return result


def _is_pardoned(charge: Charge, as_of: date) -> bool:
    """The June 17 2024 pardon: misdemeanor cannabis possession, guilty or PBJ, charged
    before January 1 2023. A disposition before that date proves the charge was too."""
    if as_of < _PARDON_SIGNED or charge.disposition not in ("guilty", "pbj") or charge.felony:
        return False
    charged = charge.charge_date or charge.disposition_date
    return charged is not None and charged < PARDON_CHARGED_BEFORE


def _cannabis_possession_conviction(charge: Charge, person: Person, as_of: date, pardoned: bool) -> dict[str, Any]:
    """CP §10-105(a)(12): a petition once the sentence is complete (since July 1 2023)."""
    if person.pending_case:
        return {
            "outcome": "not_eligible",
            "eligible_on": None,
            "pardoned": pardoned,
            "remedy": None,
            "reasons": _reasons("pending_case_bar"),
        }
    if as_of >= _HB837_IN_FORCE:
        if charge.sentence_completed is None:
            return _needs_review(pardoned, "sentence_completion_unknown")
        eligible_on = charge.sentence_completed
        wait_code = (
            "cannabis_possession_sentence_complete"
            if eligible_on <= as_of
            else "cannabis_possession_sentence_not_complete"
        )
    elif _FOUR_YEAR_RULE.effective_from <= as_of:
        if charge.sentence_completed is None:
            return _needs_review(pardoned, "sentence_completion_unknown")
        if charge.disposition_date is None:
            return _needs_review(pardoned, "disposition_date_unknown")
        eligible_on = add_years(max(charge.disposition_date, charge.sentence_completed), 4)
        wait_code = "cannabis_possession_four_year_wait"
    else:
        return _needs_review(pardoned, "as_of_before_encoded_rules")

    if person.pending_case is None:
        return _needs_review(pardoned, "pending_case_unknown")

    if pardoned:
        outcome = "pardoned_then_petition"
        codes: tuple[str, ...] = (wait_code, "pardoned_june_2024")
    else:
        outcome = "eligible_now" if eligible_on <= as_of else "eligible_on_date"
        codes = (wait_code,)
    return {
        "outcome": outcome,
        "eligible_on": eligible_on.isoformat(),
        "pardoned": pardoned,
        "remedy": _CANNABIS_POSSESSION_PETITION,
        "reasons": _reasons(*codes, "cannabis_fee_unverified"),
    }


def assess_charge(charge: Charge, case: Case, person: Person, as_of: date) -> dict[str, Any]:
    if case.court == "juvenile" or charge.disposition == "juvenile_adjudication":
        return {
            "outcome": "different_process_juvenile",
            "eligible_on": None,
            "pardoned": False,
            "remedy": _JUVENILE_PETITION,
            "reasons": _reasons("juvenile_record_different_process"),
        }
    if is_cr_5_601(charge.statute):
        if charge.substance is None:
            return _needs_review(False, "substance_unknown")
        if charge.substance == "cannabis":
            pardoned = _is_pardoned(charge, as_of)
            if charge.disposition == "guilty":
                return _cannabis_possession_conviction(charge, person, as_of, pardoned)
            return _needs_review(pardoned, "not_assessed_by_rules")
    return _needs_review(False, "not_assessed_by_rules")


def assess_record(record: Record) -> dict[str, Any]:
    as_of = record.as_of
    person = record.person
    return {
        "as_of": as_of.isoformat(),
        "rules_version": RULES_VERSION,
        "cases": [
            {
                "case_number": case.case_number,
                "charges": [assess_charge(charge, case, person, as_of) for charge in case.charges],
                # The unit rule (CP §10-107) cannot hold back what this rule set decides:
                # cannabis possession charges are exempt from it (law notes §4), and every
                # other charge is already `needs_review`.
                "blocking_charges": [],
            }
            for case in record.cases
        ],
    }


def assess(raw: Any, *, as_of: date | None = None) -> dict[str, Any]:
    """Validate one contract record and assess it. Raises ContractError on bad input."""
    return assess_record(parse_record(raw, as_of=as_of))

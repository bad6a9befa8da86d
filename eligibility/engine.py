"""The rules engine: a pure function of (record, as_of). No Django, no I/O.

`assess(record)` takes one record in the contract's input shape and returns the
contract's output: per case, per charge, an outcome with the date, the remedy and
the reasons (stable codes with citations). See docs/eligibility-contract.md.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from eligibility.contract import Case, Charge, Person, Record, iso_date, parse_record
from eligibility.rules import (
    AUTOMATIC_EXPUNGEMENT_FROM,
    AUTOMATIC_EXPUNGEMENT_YEARS,
    CANNABIS_CLEANUP_CHARGED_BEFORE,
    CANNABIS_CLEANUP_DUE,
    CANNABIS_PERSONAL_USE_GRAMS,
    CANNABIS_PWID_WAIT,
    CONVICTION_CLASSES,
    CONVICTION_LISTED_FROM,
    CONVICTION_MISDEMEANOR_ONLY,
    CONVICTION_PETITION_FEE_USD,
    CONVICTION_RULES_FROM,
    CONVICTION_WAITS,
    CONVICTION_WAITS_BEFORE_REDEEM,
    DUI_PBJ_WAIT_YEARS,
    FAVORABLE_WAIT_YEARS,
    NON_CONVICTION_PETITION_FEE_USD,
    NUISANCE_EXCLUDED,
    NUISANCE_STATUTES,
    NUISANCE_WAIT_YEARS,
    PARAPHERNALIA_STATUTE,
    PARDON_CHARGED_BEFORE,
    PARDON_PETITION_YEARS,
    PBJ_CONVICTION_WINDOW_YEARS,
    PBJ_WAIT_YEARS,
    PETITION_CONVICTION_FORM,
    PETITION_CONVICTION_GROUND,
    PETITION_NON_CONVICTION_FORM,
    PETITION_PARDON_GROUND,
    REDEEM_IN_FORCE,
    REFORM_ACT_2025_IN_FORCE,
    RULES,
    RULES_VERSION,
    STET_WAIT_YEARS,
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


def _has_prefix(normalised: str, prefix: str) -> bool:
    """Whether a normalised statute is `prefix` or one of its subsections (CR5-619 is
    CR5-619(A), not CR5-6190)."""
    return normalised.startswith(prefix) and (len(normalised) == len(prefix) or not normalised[len(prefix)].isdigit())


@lru_cache(maxsize=4096)
def is_cr_5_601(statute: str | None) -> bool:
    """CR §5-601 (possession of a controlled dangerous substance), with or without subsection."""
    return _has_prefix(_normalise_statute(statute), "CR5-601")


@lru_cache(maxsize=4096)
def is_paraphernalia(statute: str | None) -> bool:
    """CR §5-619 (drug paraphernalia), with or without subsection."""
    return _has_prefix(_normalise_statute(statute), PARAPHERNALIA_STATUTE)


@lru_cache(maxsize=4096)
def is_nuisance_statute(statute: str | None) -> bool:
    """A nuisance crime of CP §10-105(a)(9) that has a state statute (rules.NUISANCE_STATUTES)."""
    s = _normalise_statute(statute)
    if any(_has_prefix(s, excluded) for excluded in NUISANCE_EXCLUDED):
        return False
    return any(_has_prefix(s, prefix) for prefix in NUISANCE_STATUTES)


# The grounds filed on the conviction petition (form 072B, with the conviction fee); every
# other CP §10-105 ground is filed on form 072A without a fee (law notes §7.1, §7.3).
CONVICTION_GROUNDS = frozenset(
    {"CP §10-105(a)(8)", "CP §10-105(a)(9)", "CP §10-105(a)(11)", "CP §10-105(a)(12)", PETITION_CONVICTION_GROUND}
)


def petition_remedy(ground: str, deadline: str | None = None) -> dict[str, Any]:
    """The remedy for a petition on this ground: its form and fee follow from the ground."""
    conviction = ground in CONVICTION_GROUNDS
    return {
        "kind": "petition",
        "form": PETITION_CONVICTION_FORM if conviction else PETITION_NON_CONVICTION_FORM,
        "ground": ground,
        "fee_usd": CONVICTION_PETITION_FEE_USD if conviction else NON_CONVICTION_PETITION_FEE_USD,
        "deadline": deadline,
    }


def _non_conviction_petition(paragraph: str) -> dict[str, Any]:
    return petition_remedy(f"CP §10-105(a)({paragraph})")


_CANNABIS_POSSESSION_PETITION = petition_remedy("CP §10-105(a)(12)")
_JUVENILE_PETITION = {
    "kind": "juvenile_petition",
    "form": None,
    "ground": "CJP §3-8A-27.1",
    "fee_usd": 0,
    "deadline": None,
}
_TRANSFER_PETITION = _non_conviction_petition("7")
_NOLLE_TREATMENT_PETITION = _non_conviction_petition("4")
_NCR_PETITION = _non_conviction_petition("10")
_NUISANCE_PETITION = petition_remedy("CP §10-105(a)(9)")
_NO_LONGER_A_CRIME_PETITION = petition_remedy("CP §10-105(a)(11)")

# Disposition → (remedy, waiting years, reason once the wait is over, reason before then).
# Acquittal, dismissal and nolle prosequi may be filed early with the General Waiver and
# Release; stet and compromise may not (law notes §1.2).
_NON_CONVICTION_ROUTES = {
    "not_guilty": (_non_conviction_petition("1"), FAVORABLE_WAIT_YEARS, True, "favorable_disposition_wait_complete"),
    "dismissed": (_non_conviction_petition("2"), FAVORABLE_WAIT_YEARS, True, "favorable_disposition_wait_complete"),
    "nolle_prosequi": (
        _non_conviction_petition("4"),
        FAVORABLE_WAIT_YEARS,
        True,
        "favorable_disposition_wait_complete",
    ),
    "stet": (_non_conviction_petition("5"), STET_WAIT_YEARS, False, "stet_three_year_wait"),
    "stet_treatment": (_non_conviction_petition("5"), STET_WAIT_YEARS, False, "stet_three_year_wait"),
    "compromise": (_non_conviction_petition("6"), STET_WAIT_YEARS, False, "compromise_three_year_wait"),
}
# The all-favorable dispositions of CP §10-105.1 (a treatment nolle is not one of them).
_FAVORABLE = frozenset({"not_guilty", "dismissed", "nolle_prosequi"})
# Outcomes that mean "a petition can be filed, now or from eligible_on".
PETITION_OUTCOMES = frozenset(
    {"eligible_now", "eligible_now_with_waiver", "eligible_on_date", "pardoned_then_petition"}
)

_REASON_LISTS: dict[tuple[str, ...], list[dict[str, Any]]] = {}


def _reasons(*codes: str) -> list[dict[str, Any]]:
    """The reasons for these codes, cached per combination."""
    reasons = _REASON_LISTS.get(codes)
    if reasons is None:
        reasons = _REASON_LISTS[codes] = [_REASONS[code] for code in codes]
    return reasons


def _result(
    outcome: str, eligible_on: date | None, pardoned: bool, remedy: dict[str, Any] | None, reasons: list
) -> dict[str, Any]:
    """One charge's result, in the contract's shape."""
    return {
        "outcome": outcome,
        "eligible_on": eligible_on.isoformat() if eligible_on is not None else None,
        "pardoned": pardoned,
        "remedy": remedy,
        "reasons": reasons,
    }


def _petition(
    day: date,
    as_of: date,
    remedy: dict[str, Any],
    codes: tuple[str, ...],
    pardoned: bool = False,
    cannabis_fee: bool = False,
) -> dict[str, Any]:
    """A petition that can be filed from `day`, for the rules in `codes`. A pardoned charge
    is answered as such, whatever the day, and its reasons name the pardon; a cannabis
    petition's reasons end with the fee that may be waived."""
    outcome = "pardoned_then_petition" if pardoned else ("eligible_now" if day <= as_of else "eligible_on_date")
    if pardoned:
        codes = (*codes, "pardoned_june_2024")
    if cannabis_fee:
        codes = (*codes, "cannabis_fee_unverified")
    return _result(outcome, day, pardoned, remedy, _reasons(*codes))


_NEEDS_REVIEW: dict[tuple[bool, tuple[str, ...]], dict[str, Any]] = {}


def _needs_review(pardoned: bool, *codes: str) -> dict[str, Any]:
    # The same few answers recur for most charges of a batch: build each once, share it.
    key = (pardoned, codes)
    result = _NEEDS_REVIEW.get(key)
    if result is None:
        result = _NEEDS_REVIEW[key] = _result("needs_review", None, pardoned, None, _reasons(*codes))
    return result


def _not_eligible(pardoned: bool, *codes: str) -> dict[str, Any]:
    return _result("not_eligible", None, pardoned, None, _reasons(*codes))


_NON_CONVICTION_RESULTS: dict[tuple[str, date, str], dict[str, Any]] = {}


def _non_conviction(charge: Charge, person: Person, as_of: date) -> dict[str, Any]:
    """CP §10-105(a)(1), (2), (4), (5), (6): acquittal, dismissal, nolle prosequi, stet, compromise."""
    remedy, years, waiver, wait_code = _NON_CONVICTION_ROUTES[charge.disposition]
    if person.pending_case:
        return _not_eligible(False, "pending_case_bar")
    if charge.disposition_date is None:
        return _needs_review(False, "disposition_date_unknown")
    if person.pending_case is None:
        return _needs_review(False, "pending_case_unknown")
    eligible_on = add_years(charge.disposition_date, years)
    if eligible_on <= as_of:
        outcome, code = "eligible_now", wait_code
    elif waiver:
        outcome, code = "eligible_now_with_waiver", "favorable_disposition_waiver_allows_now"
    else:
        outcome, code = "eligible_on_date", wait_code
    # Shared like the other result parts: the same dispositions and dates recur in a batch.
    key = (outcome, eligible_on, charge.disposition)
    result = _NON_CONVICTION_RESULTS.get(key)
    if result is None:
        result = _result(outcome, eligible_on, False, remedy, _reasons(code))
        if len(_NON_CONVICTION_RESULTS) < 100_000:
            _NON_CONVICTION_RESULTS[key] = result
    return result


def _petition_from(
    day: date | None, missing: str, person: Person, as_of: date, remedy: dict[str, Any], code: str
) -> dict[str, Any]:
    """A petition that can be filed from `day` on, once the pending-case bar is clear;
    `missing` names the fact when the day is not known."""
    if person.pending_case:
        return _not_eligible(False, "pending_case_bar")
    if day is None:
        return _needs_review(False, missing)
    if person.pending_case is None:
        return _needs_review(False, "pending_case_unknown")
    return _petition(day, as_of, remedy, (code,))


def _transferred_to_juvenile(charge: Charge, person: Person, as_of: date) -> dict[str, Any]:
    """CP §10-105(a)(7): a charge transferred to juvenile court under CP §4-202. The
    adult court's record is expunged by petition there; the notes give no wait."""
    return _petition_from(
        charge.disposition_date,
        "disposition_date_unknown",
        person,
        as_of,
        _TRANSFER_PETITION,
        "transferred_to_juvenile_no_wait",
    )


def _nolle_treatment(charge: Charge, person: Person, as_of: date) -> dict[str, Any]:
    """CP §10-105(a)(4): a nolle prosequi with a drug or alcohol treatment requirement, once
    the treatment is complete (sentence_completed carries the day it was). No waiver, and
    no automatic expungement (CP §10-105.1 excludes it)."""
    return _petition_from(
        charge.sentence_completed,
        "nolle_treatment_completion_needed",
        person,
        as_of,
        _NOLLE_TREATMENT_PETITION,
        "nolle_treatment_complete",
    )


def _nuisance(charge: Charge, person: Person, as_of: date) -> dict[str, Any]:
    """CP §10-105(a)(9) and (10): a conviction or NCR finding for a nuisance crime, 3 years
    after the conviction or the completion of the sentence, whichever is later."""
    if person.pending_case:
        return _not_eligible(False, "pending_case_bar")
    if charge.disposition_date is None:
        return _needs_review(False, "disposition_date_unknown")
    if charge.sentence_completed is None:
        return _needs_review(False, "conviction_sentence_unknown")
    if charge.probation_closed == "unsatisfactory" and as_of < REFORM_ACT_2025_IN_FORCE:
        return _not_eligible(False, "unsatisfactory_probation_bar")
    if person.pending_case is None:
        return _needs_review(False, "pending_case_unknown")
    eligible_on = add_years(max(charge.disposition_date, charge.sentence_completed), NUISANCE_WAIT_YEARS)
    if charge.disposition == "ncr":
        return _petition(eligible_on, as_of, _NCR_PETITION, ("nuisance_ncr_three_years",))
    return _petition(eligible_on, as_of, _NUISANCE_PETITION, ("nuisance_conviction_three_years",))


def _is_pardoned(charge: Charge, as_of: date) -> bool:
    """The June 17 2024 pardon: misdemeanor cannabis possession, guilty or PBJ, charged
    before January 1 2023. A disposition before that date proves the charge was too."""
    if as_of < _PARDON_SIGNED or charge.disposition not in ("guilty", "pbj") or charge.felony:
        return False
    charged = charge.charge_date or charge.disposition_date
    return charged is not None and charged < PARDON_CHARGED_BEFORE


def _paraphernalia_pardoned(charge: Charge, case: Case, as_of: date) -> bool:
    """The June 17 2024 pardon's paraphernalia part: misdemeanor paraphernalia, guilty or
    PBJ, charged before 2023, in a case tied to misdemeanor cannabis possession with no
    other charges (law notes §2.4)."""
    if not _is_pardoned(charge, as_of):
        return False
    tied = False
    for other in case.charges:
        if other is charge:
            continue
        if _is_cannabis_possession(other) and other.felony is not True:
            tied = True
        elif not is_paraphernalia(other.statute):
            return False
    return tied


_PARDON_PETITION_DEADLINE = add_years(_PARDON_SIGNED, PARDON_PETITION_YEARS)
_PARDON_PETITION = petition_remedy(PETITION_PARDON_GROUND, _PARDON_PETITION_DEADLINE.isoformat())


def _pardoned_paraphernalia(
    charge: Charge, case: Case, person: Person, as_of: date, convictions: tuple
) -> dict[str, Any]:
    """A pardoned paraphernalia conviction. CP §10-105(a)(8) when it is the person's only
    criminal act (the cannabis possession of the same case counting as the same act) and
    the 10-year deadline has not passed; otherwise the CP §10-110 route for CR §5-619."""
    one_act = all(any(other.charge is same for same in case.charges) for other in convictions)
    if not one_act or as_of > _PARDON_PETITION_DEADLINE:
        return _listed_conviction(charge, person, as_of, convictions, pardoned=True)
    if person.pending_case:
        return _not_eligible(True, "pending_case_bar")
    if person.pending_case is None:
        return _needs_review(True, "pending_case_unknown")
    return _petition(
        _PARDON_SIGNED, as_of, _PARDON_PETITION, ("pardon_petition_within_ten_years",), pardoned=True, cannabis_fee=True
    )


def _cannabis_possession_conviction(charge: Charge, person: Person, as_of: date, pardoned: bool) -> dict[str, Any]:
    """CP §10-105(a)(12): a petition once the sentence is complete (since July 1 2023)."""
    if person.pending_case:
        return _not_eligible(pardoned, "pending_case_bar")
    if as_of >= _HB837_IN_FORCE:
        grams = charge.cannabis_grams
        if (
            (charge.sentence_completed is None or charge.sentence_completed > as_of)
            and grams is not None
            and grams <= CANNABIS_PERSONAL_USE_GRAMS
            and charge.disposition_date is not None
        ):
            # CP §10-105(a)(11): possessing a personal-use amount is no longer a crime, and
            # that ground has no wait, so the sentence need not be over.
            if person.pending_case is None:
                return _needs_review(pardoned, "pending_case_unknown")
            return _petition(
                max(charge.disposition_date, _HB837_IN_FORCE),
                as_of,
                _NO_LONGER_A_CRIME_PETITION,
                ("no_longer_a_crime_cannabis",),
                pardoned,
                cannabis_fee=True,
            )
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
    return _petition(eligible_on, as_of, _CANNABIS_POSSESSION_PETITION, (wait_code,), pardoned, cannabis_fee=True)


_PBJ_PETITION = _non_conviction_petition("3")
_LISTED_CONVICTION_PETITION = petition_remedy(PETITION_CONVICTION_GROUND)
_CANNABIS_PWID_FROM = RULES["cannabis_pwid_three_years"].effective_from
# Longest prefixes first, so that CR 5-602(b)(1) is found before CR 5-602.
_CLASS_PREFIXES = sorted(CONVICTION_CLASSES, key=len, reverse=True)


class Conviction(NamedTuple):
    """A conviction anywhere on the record, as the later-conviction rules need it."""

    disposition_date: date | None
    statute: str | None
    sentence_completed: date | None
    felony: bool | None
    domestically_related: bool | None
    substance: str | None
    charge: Charge | None  # the charge itself, when it comes from a case


@lru_cache(maxsize=4096)
def _listed_prefix(statute: str | None) -> str | None:
    s = _normalise_statute(statute)
    for prefix in _CLASS_PREFIXES:
        if _has_prefix(s, prefix):
            return prefix
    return None


def _conviction_wait(
    statute: str | None, substance: str | None, felony: bool | None, domestic: bool | None, as_of: date
) -> tuple[int, str] | None:
    """(years, reason) for a listed conviction, or None when the portal's partial list
    does not settle it. Unknowns take the longer wait, never the shorter."""
    prefix = _listed_prefix(statute)
    if prefix is None or (prefix == "CR5-601" and substance != "other"):
        return None  # cannabis possession has its own route; an unknown drug is for a person
    if prefix == "CR5-602" and substance == "cannabis" and as_of >= _CANNABIS_PWID_FROM:
        return CANNABIS_PWID_WAIT, "cannabis_pwid_three_years"
    if prefix == "CR5-602" and substance is None:
        return None
    listed_from = CONVICTION_LISTED_FROM.get(prefix)
    if listed_from is not None and as_of < listed_from:
        return None
    if prefix in CONVICTION_MISDEMEANOR_ONLY and felony is not False:
        return None
    offense_class = CONVICTION_CLASSES[prefix]
    if offense_class == "theft":
        offense_class = "misdemeanor" if felony is False else "burglary_theft"
    if as_of >= REDEEM_IN_FORCE:
        waits, code = CONVICTION_WAITS, "conviction_listed_wait"
    else:
        waits, code = CONVICTION_WAITS_BEFORE_REDEEM, "conviction_listed_wait_before_redeem"
    years = waits[offense_class]
    if domestic is not False:  # a domestically related crime, or not known not to be
        years = max(years, waits["domestic"])
    return years, code


def _later_conviction_date(
    completed: date, eligible_on: date, own: object, convictions: tuple, as_of: date, memo: dict
) -> date | None:
    """CP §10-110: a conviction during the wait holds this one back until that one can be
    expunged too, and so on down the chain (a conviction during the later one's own wait
    holds both). Returns the day this conviction can be expunged, or None when a
    conviction in the chain cannot be settled from the answers."""
    changed = True
    while changed:
        changed = False
        for other in convictions:
            if other is own or other.charge is own:
                continue
            convicted_on = other.disposition_date
            if convicted_on is None:
                return None
            if not completed < convicted_on <= eligible_on:
                continue
            other_eligible = memo.get(id(other))
            if other_eligible is None:
                other_eligible = _own_eligible_date(other, as_of)
                if other_eligible is None:
                    return None
                other_eligible = _later_conviction_date(
                    other.sentence_completed, other_eligible, other, convictions, as_of, memo
                )
                if other_eligible is None:
                    return None
                memo[id(other)] = other_eligible
            if other_eligible > eligible_on:
                eligible_on = other_eligible
                changed = True
    return eligible_on


def _own_eligible_date(conviction: Conviction, as_of: date) -> date | None:
    """The day a later conviction could itself be expunged, before its own chain."""
    if conviction.sentence_completed is None:
        return None
    if conviction.substance == "cannabis" and is_cr_5_601(conviction.statute) and as_of >= _HB837_IN_FORCE:
        return conviction.sentence_completed  # CP §10-105(a)(12): on completion
    wait = _conviction_wait(
        conviction.statute, conviction.substance, conviction.felony, conviction.domestically_related, as_of
    )
    if wait is None:
        return None
    return add_years(conviction.sentence_completed, wait[0])


def _listed_conviction(
    charge: Charge, person: Person, as_of: date, convictions: tuple, pardoned: bool = False
) -> dict[str, Any]:
    """CP §10-110: a listed conviction, from the completion of the sentence."""
    if as_of < CONVICTION_RULES_FROM:
        return _needs_review(pardoned, "as_of_before_encoded_rules")
    wait = _conviction_wait(charge.statute, charge.substance, charge.felony, charge.domestically_related, as_of)
    if wait is None:
        return _needs_review(pardoned, "conviction_not_on_encoded_list")
    if person.pending_case:
        return _not_eligible(pardoned, "pending_case_bar")
    if charge.sentence_completed is None:
        return _needs_review(pardoned, "conviction_sentence_unknown")
    if charge.probation_closed == "unsatisfactory" and as_of < REFORM_ACT_2025_IN_FORCE:
        return _not_eligible(pardoned, "unsatisfactory_probation_bar")
    years, code = wait
    own_date = add_years(charge.sentence_completed, years)
    eligible_on = (
        _later_conviction_date(charge.sentence_completed, own_date, charge, convictions, as_of, {})
        if len(convictions) > 1
        else own_date
    )
    if eligible_on is None:
        return _needs_review(pardoned, "later_conviction_unclear")
    if person.pending_case is None:
        return _needs_review(pardoned, "pending_case_unknown")
    codes = (code, "conviction_later_conviction_wait") if eligible_on > own_date else (code,)
    return _petition(eligible_on, as_of, _LISTED_CONVICTION_PETITION, codes, pardoned)


_VACATUR_REFERRAL = {"kind": "referral", "form": None, "ground": "CP §8-301.1", "fee_usd": 0, "deadline": None}


@lru_cache(maxsize=4096)
def _pbj_exclusion(statute: str | None) -> str | None:
    """None, or what sets a PBJ for this offense apart under (a)(3): excluded, the 15-year
    route of TR §21-902(a)/(b), or a DUI whose subsection is not known."""
    s = _normalise_statute(statute)
    if _has_prefix(s, "TR21-902"):
        # (c), (d), (h) and (i) are excluded; (a) and (b) have a 15-year route [U].
        subsection = s[8:11]
        if subsection in ("(C)", "(D)", "(H)", "(I)"):
            return "pbj_excluded_offense"
        if subsection in ("(A)", "(B)"):
            return "pbj_dui_fifteen_years"
        return "pbj_dui_route_unverified"
    if _has_prefix(s, "CR3-211") or s.startswith("CR2-5"):
        return "pbj_excluded_offense"
    return None


def _pbj(charge: Charge, person: Person, as_of: date, pardoned: bool, convictions: tuple) -> dict[str, Any]:
    """CP §10-105(a)(3): probation before judgment."""
    exclusion = _pbj_exclusion(charge.statute)
    if exclusion == "pbj_excluded_offense":
        return _not_eligible(pardoned, exclusion)
    if exclusion == "pbj_dui_route_unverified":
        return _needs_review(pardoned, exclusion)
    if person.pending_case:
        return _not_eligible(pardoned, "pending_case_bar")
    if charge.disposition_date is None:
        return _needs_review(pardoned, "disposition_date_unknown")
    if charge.sentence_completed is None:
        return _needs_review(pardoned, "probation_discharge_unknown")
    window_end = add_years(charge.disposition_date, PBJ_CONVICTION_WINDOW_YEARS)
    for other in convictions:
        convicted_on = other.disposition_date
        if convicted_on is None:
            return _needs_review(pardoned, "pbj_later_conviction_unclear")
        if charge.disposition_date <= convicted_on <= window_end:
            # The bar does not apply when the PBJ's act, or the later conviction's, is no
            # longer a crime: possession of a personal-use amount of cannabis. Without the
            # amount, a person must check.
            for possession in (charge, other.charge):
                if possession is not None and _is_cannabis_possession(possession):
                    grams = possession.cannabis_grams
                    if grams is None:
                        return _needs_review(pardoned, "pbj_later_conviction_unclear")
                    if grams <= CANNABIS_PERSONAL_USE_GRAMS:
                        break
            else:
                if _normalise_statute(other.statute).startswith("TR"):
                    # A minor traffic conviction does not bar; which ones are minor is for a person.
                    return _needs_review(pardoned, "pbj_later_conviction_unclear")
                return _not_eligible(pardoned, "pbj_later_conviction_bar")
    if person.pending_case is None:
        return _needs_review(pardoned, "pending_case_unknown")
    if exclusion == "pbj_dui_fifteen_years":
        return _petition(add_years(charge.sentence_completed, DUI_PBJ_WAIT_YEARS), as_of, _PBJ_PETITION, (exclusion,))
    eligible_on = max(charge.sentence_completed, add_years(charge.disposition_date, PBJ_WAIT_YEARS))
    return _petition(eligible_on, as_of, _PBJ_PETITION, ("pbj_wait",), pardoned)


def _vacatur(charge: Charge, case: Case, result: dict[str, Any], as_of: date) -> dict[str, Any]:
    """CP §8-301.1: a conviction or PBJ the State's Attorney has reason to doubt. Only the
    State can move to vacate, so the resident is referred. Where a petition can be filed
    today anyway, that stays the answer, with the referral added."""
    if result["outcome"] in ("eligible_now", "pardoned_then_petition") and result["eligible_on"] <= as_of.isoformat():
        return _with_reason(result, "vacatur_state_motion_only")
    codes = ["vacatur_state_motion_only"]
    if case.county == "baltimore_city" and _is_cannabis_possession(charge):
        codes.append("baltimore_2019_vacatur_denied")
    return _result("eligible_for_vacatur_motion", None, result["pardoned"], _VACATUR_REFERRAL, _reasons(*codes))


def assess_charge(charge: Charge, case: Case, person: Person, as_of: date, convictions: tuple = ()) -> dict[str, Any]:
    result = _assess_charge(charge, case, person, as_of, convictions)
    if charge.integrity_flag and charge.disposition in ("guilty", "pbj") and case.court != "juvenile":
        return _vacatur(charge, case, result, as_of)
    return result


def _assess_charge(charge: Charge, case: Case, person: Person, as_of: date, convictions: tuple) -> dict[str, Any]:
    if charge.disposition == "transferred_to_juvenile":
        # Begun in adult court: the adult court's record has its own ground, (a)(7).
        return _transferred_to_juvenile(charge, person, as_of)
    if case.court == "juvenile" or charge.disposition == "juvenile_adjudication":
        return _result(
            "different_process_juvenile", None, False, _JUVENILE_PETITION, _reasons("juvenile_record_different_process")
        )
    disposition = charge.disposition
    if disposition == "pending":
        return _not_eligible(False, "case_still_pending")
    if disposition == "unknown":
        return _needs_review(False, "disposition_unknown")
    if disposition in _NON_CONVICTION_ROUTES:
        return _non_conviction(charge, person, as_of)
    if disposition == "nolle_prosequi_treatment":
        return _nolle_treatment(charge, person, as_of)
    if disposition == "ncr":
        if is_nuisance_statute(charge.statute):
            return _nuisance(charge, person, as_of)
        return _needs_review(False, "ncr_not_nuisance")
    pardoned = False
    if is_cr_5_601(charge.statute):
        if charge.substance is None:
            return _needs_review(False, "substance_unknown")
        if charge.substance == "cannabis":
            pardoned = _is_pardoned(charge, as_of)
            if disposition == "guilty":
                return _cannabis_possession_conviction(charge, person, as_of, pardoned)
    elif is_paraphernalia(charge.statute):
        pardoned = _paraphernalia_pardoned(charge, case, as_of)
        if pardoned and disposition == "guilty":
            return _pardoned_paraphernalia(charge, case, person, as_of, convictions)
    if disposition == "pbj":
        return _pbj(charge, person, as_of, pardoned, convictions)
    if disposition == "guilty":
        if is_nuisance_statute(charge.statute):
            return _nuisance(charge, person, as_of)
        return _listed_conviction(charge, person, as_of, convictions)
    return _needs_review(pardoned, "not_assessed_by_rules")


def _is_cannabis_possession(charge: Charge) -> bool:
    return charge.substance == "cannabis" and is_cr_5_601(charge.statute)


def _with_reason(result: dict[str, Any], code: str) -> dict[str, Any]:
    return {**result, "reasons": [*result["reasons"], _REASONS[code]]}


def _automatic_expungement(case: Case, results: list[dict[str, Any]], as_of: date) -> list[dict[str, Any]] | None:
    """CP §10-105.1: a case whose every charge ended favorably on or after Oct 1 2021 is
    expunged 3 years after disposition without a petition. Returns the case's results
    when the rule applies, else None."""
    charges = case.charges
    if case.court == "juvenile":
        return None
    for c in charges:
        if (
            c.disposition not in _FAVORABLE
            or c.disposition_date is None
            or c.disposition_date < AUTOMATIC_EXPUNGEMENT_FROM
        ):
            return None
    due = add_years(max(c.disposition_date for c in charges), AUTOMATIC_EXPUNGEMENT_YEARS)
    if due <= as_of:
        # Due already. The remedy stays: if the case still shows on Case Search, petition.
        reasons = _reasons("automatic_expungement_favorable_case")
        return [
            _result(
                "automatically_expunged",
                due,
                result["pardoned"],
                _NON_CONVICTION_ROUTES[charge.disposition][0],
                reasons,
            )
            for charge, result in zip(charges, results, strict=True)
        ]
    return [
        _with_reason(result, "automatic_expungement_scheduled") if result["outcome"] in PETITION_OUTCOMES else result
        for result in results
    ]


def _cannabis_cleanup(charge: Charge, result: dict[str, Any], as_of: date) -> dict[str, Any] | None:
    """HB 837: a case whose only charge was cannabis possession, charged before July 1
    2023, was due to be removed by July 1 2024 without a petition. The petition route
    stays open for when the case still shows (paper records were missed), but only when
    that route is open today; otherwise the reasons say what still stands in the way."""
    if as_of < CANNABIS_CLEANUP_DUE or charge.disposition in ("pending", "unknown"):
        return None
    charged = charge.charge_date or charge.disposition_date
    if charged is None or charged >= CANNABIS_CLEANUP_CHARGED_BEFORE or not _is_cannabis_possession(charge):
        return None
    fileable = (
        result["outcome"] in ("eligible_now", "pardoned_then_petition") and result["eligible_on"] <= as_of.isoformat()
    )
    return _result(
        "automatically_expunged",
        CANNABIS_CLEANUP_DUE,
        result["pardoned"],
        result["remedy"] if fileable else None,
        _reasons("cannabis_only_charge_cleanup", *(reason["code"] for reason in result["reasons"])),
    )


def _unit_rule(case: Case, results: list[dict[str, Any]], as_of: date) -> tuple[list[dict[str, Any]], list[int]]:
    """CP §10-107: the charges of a case stand or fall together, except cannabis
    possession charges, which may be expunged on their own (HB 837). Any charge can hold
    the others back; only non-cannabis charges are held back. Returns the results and
    the indexes of the charges that hold the case back."""
    charges = case.charges
    held = [
        i
        for i, result in enumerate(results)
        if result["outcome"] in PETITION_OUTCOMES and not _is_cannabis_possession(charges[i])
    ]
    if not held:
        return results, []
    others = [i for i in range(len(results)) if i not in held]
    blocking = [i for i in others if results[i]["outcome"] in ("not_eligible", "eligible_for_vacatur_motion")]
    if blocking:
        for i in held:
            results[i] = _not_eligible(results[i]["pardoned"], "unit_rule_blocked")
        return results, blocking
    blocking = [i for i in others if results[i]["outcome"] in ("needs_review", "different_process_juvenile")]
    if blocking:
        for i in held:
            results[i] = _needs_review(results[i]["pardoned"], "unit_rule_depends_on_charge")
        return results, blocking
    # Every charge can be expunged: the case can be filed once the last one can. A
    # charge waiting without the waiver option holds the whole case to its date.
    waiting = [i for i in range(len(results)) if results[i]["outcome"] in PETITION_OUTCOMES]
    # A charge waiting without the waiver option: a future date that signing cannot bring
    # forward (a stet, a sentence still being served, …).
    today = as_of.isoformat()
    if not any(
        results[i]["outcome"] != "eligible_now_with_waiver" and results[i]["eligible_on"] > today for i in waiting
    ):
        return results, []
    latest = max(results[i]["eligible_on"] for i in waiting)
    blocking = [i for i in waiting if results[i]["eligible_on"] == latest]
    changed = False
    for i in held:
        if results[i]["eligible_on"] != latest or results[i]["outcome"] != "eligible_on_date":
            result = _with_reason(results[i], "unit_rule_waits_for_charge")
            result.update(outcome="eligible_on_date", eligible_on=latest)
            results[i] = result
            changed = True
    return results, blocking if changed else []


def _assess_case(case: Case, person: Person, as_of: date, convictions: tuple) -> dict[str, Any]:
    charges = case.charges
    if len(charges) == 1 and case.court != "juvenile":
        # The common case: one charge, no unit to weigh.
        result = assess_charge(charges[0], case, person, as_of, convictions)
        cleaned = _cannabis_cleanup(charges[0], result, as_of) if charges[0].substance == "cannabis" else None
        if cleaned is not None:
            result = cleaned
        elif charges[0].disposition in _FAVORABLE:
            result = (_automatic_expungement(case, [result], as_of) or [result])[0]
        return {"case_number": case.case_number, "charges": [result], "blocking_charges": []}
    results = [assess_charge(charge, case, person, as_of, convictions) for charge in charges]
    # Most cases are not all-favorable: the first charge usually settles it.
    automatic = _automatic_expungement(case, results, as_of) if charges[0].disposition in _FAVORABLE else None
    if automatic is not None and automatic[0]["outcome"] == "automatically_expunged":
        return {"case_number": case.case_number, "charges": automatic, "blocking_charges": []}
    if automatic is not None:
        results = automatic
    blocking: list[int] = []
    if len(results) > 1:
        results, blocking = _unit_rule(case, results, as_of)
    return {"case_number": case.case_number, "charges": results, "blocking_charges": blocking}


def _convictions(record: Record) -> tuple[Conviction, ...]:
    """Every conviction on the record: the other convictions the person reported and the
    guilty charges in any case. Used by the PBJ bar and the CP §10-110 waits."""
    found = [
        Conviction(
            iso_date(c.get("disposition_date")),
            c.get("statute"),
            iso_date(c.get("sentence_completed")),
            c.get("felony"),
            None,
            None,
            None,
        )
        for c in record.person.other_convictions
    ]
    new = tuple.__new__  # the NamedTuple's own __new__ is a Python function: too slow here
    found += [
        new(
            Conviction,
            (c.disposition_date, c.statute, c.sentence_completed, c.felony, c.domestically_related, c.substance, c),
        )
        for case in record.cases
        for c in case.charges
        if c.disposition == "guilty"
    ]
    return tuple(found)


def assess_record(record: Record) -> dict[str, Any]:
    as_of = record.as_of
    person = record.person
    pending = needs_convictions = False
    for case in record.cases:
        for charge in case.charges:
            disposition = charge.disposition
            if disposition == "pending":
                pending = True
            elif disposition == "pbj" or (disposition == "guilty" and not _is_cannabis_possession(charge)):
                needs_convictions = True
    if pending and not person.pending_case:
        # A charge still open in any case makes the person a defendant in a pending
        # criminal proceeding, which bars every petition (CP §10-105(e)(4)).
        person = person._replace(pending_case=True)
    convictions = _convictions(record) if needs_convictions else ()
    return {
        "as_of": as_of.isoformat(),
        "rules_version": RULES_VERSION,
        "cases": [_assess_case(case, person, as_of, convictions) for case in record.cases],
    }


def assess(raw: Any, *, as_of: date | None = None) -> dict[str, Any]:
    """Validate one contract record and assess it. Raises ContractError on bad input."""
    return assess_record(parse_record(raw, as_of=as_of))

"""The rules engine: a pure function of (record, as_of). No Django, no I/O.

`assess(record)` takes one record in the contract's input shape and returns the
contract's output: per case, per charge, an outcome with the date, the remedy and
the reasons (stable codes with citations). See docs/eligibility-contract.md.

The law it applies is data: the enactments in laws.py, every table and number in
tables.py, the rules (codes, citations, whether verified) in rules.py. This module only
combines them. Results are built as frozen values (ChargeResult, Remedy) and turned into
fresh dictionaries for each call, so no caller can change another's answer.

A charge is decided in three steps (`_decide`): its route (which ground of the law
applies, or why none does), the pending-case bar, which holds back every petition route
(CP §10-105(e)(4)), and the route's own facts and waiting period. Then the case's charges
are weighed together: automatic expungement (CP §10-105.1), HB 837's clean-up and the unit
rule (CP §10-107).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from itertools import product
from typing import Any, NamedTuple

from eligibility.contract import Case, Charge, Person, Record, iso_date, parse_record
from eligibility.laws import (
    CP_10_105_1,
    DUI_PBJ_AMENDMENT_2024,
    HB_837,
    JUSTICE_REINVESTMENT_ACT,
    PARDON_2024,
    REDEEM_ACT,
    REFORM_ACT_2025,
)
from eligibility.rules import RULES, RULES_VERSION
from eligibility.tables import (
    AUTOMATIC_EXPUNGEMENT_DISPOSITIONS,
    AUTOMATIC_EXPUNGEMENT_YEARS,
    CANNABIS_CLEANUP_CHARGED_BEFORE,
    CANNABIS_CLEANUP_DUE,
    CANNABIS_NO_LONGER_A_CRIME_GRAMS,
    CANNABIS_PETITION_GROUNDS,
    CANNABIS_POSSESSION_WAIT_BEFORE_HB837,
    CANNABIS_PWID_WAIT,
    CIVIL_CITATION_AUTOMATIC_YEARS,
    CIVIL_CITATION_FROM,
    CIVIL_CITATION_MAX_GRAMS,
    CIVIL_CITATION_UNTIL,
    CONVICTION_CLASSES,
    CONVICTION_LISTED_FROM,
    CONVICTION_MISDEMEANOR_ONLY,
    CONVICTION_PETITION_FEE_USD,
    CONVICTION_PETITION_GROUNDS,
    CONVICTION_WAITS,
    CONVICTION_WAITS_BEFORE_REDEEM,
    DUI_PBJ_EXCLUDED_SUBSECTIONS,
    DUI_PBJ_FIFTEEN_YEAR_SUBSECTIONS,
    DUI_PBJ_WAIT_YEARS,
    DUI_STATUTE,
    GROUND_CANNABIS_POSSESSION,
    GROUND_JUVENILE,
    GROUND_LISTED_CONVICTION,
    GROUND_NO_LONGER_A_CRIME,
    GROUND_NOLLE_PROSEQUI,
    GROUND_NUISANCE,
    GROUND_NUISANCE_NCR,
    GROUND_PARDON,
    GROUND_PBJ,
    GROUND_STET,
    GROUND_TRANSFER_TO_JUVENILE,
    GROUND_VACATUR,
    NON_CONVICTION_GROUNDS,
    NON_CONVICTION_PETITION_FEE_USD,
    NUISANCE_EXCLUDED,
    NUISANCE_STATUTES,
    NUISANCE_WAIT_YEARS,
    PARAPHERNALIA_STATUTE,
    PARDON_CHARGED_BEFORE,
    PARDON_PETITION_YEARS,
    PARDONED_DISPOSITIONS,
    PBJ_CONVICTION_WINDOW_YEARS,
    PBJ_DISPOSITIONS,
    PBJ_EXCLUDED_SECTION_PREFIXES,
    PBJ_EXCLUDED_STATUTES,
    PBJ_WAIT_YEARS,
    PETITION_CANNABIS_FORM,
    PETITION_CONVICTION_FORM,
    PETITION_NON_CONVICTION_FORM,
    POSSESSION_STATUTE,
    PWID_STATUTE,
    TRAFFIC_ARTICLE,
    TRAFFIC_JAILABLE,
    TREATMENT_STET_WAIT_YEARS,
)

# Outcomes that mean "a petition can be filed, now or from eligible_on".
PETITION_OUTCOMES = frozenset(
    {"eligible_now", "eligible_now_with_waiver", "eligible_on_date", "pardoned_then_petition"}
)


# --- Results ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Remedy:
    kind: str  # petition | juvenile_petition | referral
    form: str | None
    ground: str
    fee_usd: int
    deadline: date | None = None  # the last day to file, where there is one

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "form": self.form,
            "ground": self.ground,
            "fee_usd": self.fee_usd,
            "deadline": self.deadline.isoformat() if self.deadline is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Alternative:
    """The answer a charge would have if an unknown fact had these values."""

    when: tuple[tuple[str, bool], ...]  # (fact, value) pairs: ("domestically_related", False)
    outcome: str
    eligible_on: date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "when": dict(self.when),
            "outcome": self.outcome,
            "eligible_on": self.eligible_on.isoformat() if self.eligible_on is not None else None,
        }


@dataclass(frozen=True, slots=True)
class ChargeResult:
    """One charge's answer. Reasons are rule codes; their citations come from RULES. Where
    an unknown fact decides it, the answer under each value is among `alternatives`."""

    outcome: str
    eligible_on: date | None
    pardoned: bool
    remedy: Remedy | None
    reasons: tuple[str, ...]
    alternatives: tuple[Alternative, ...] = ()
    # A vacatur referral's own expungement route, which the unit rule weighs (not shown).
    expungement: ChargeResult | None = None

    def as_dict(self) -> dict[str, Any]:
        """The answer in the contract's shape: new dictionaries, every time."""
        return {
            "outcome": self.outcome,
            "eligible_on": self.eligible_on.isoformat() if self.eligible_on is not None else None,
            "pardoned": self.pardoned,
            "remedy": self.remedy.as_dict() if self.remedy is not None else None,
            "reasons": [
                {"code": code, "citation": RULES[code].citation, "verified": RULES[code].verified}
                for code in self.reasons
            ],
            "alternatives": [alternative.as_dict() for alternative in self.alternatives],
        }


def _remedy(ground: str, deadline: date | None = None, cannabis: bool = False) -> Remedy:
    """A petition on this ground: its form and fee follow from the ground, and for a
    cannabis PWID conviction under CP §10-110 (`cannabis`) the cannabis form."""
    if ground in CANNABIS_PETITION_GROUNDS or cannabis:
        return Remedy("petition", PETITION_CANNABIS_FORM, ground, CONVICTION_PETITION_FEE_USD, deadline)
    if ground in CONVICTION_PETITION_GROUNDS:
        return Remedy("petition", PETITION_CONVICTION_FORM, ground, CONVICTION_PETITION_FEE_USD, deadline)
    return Remedy("petition", PETITION_NON_CONVICTION_FORM, ground, NON_CONVICTION_PETITION_FEE_USD, deadline)


def petition_remedy(ground: str) -> dict[str, Any]:
    """The remedy for a petition on this ground, in the contract's shape (staff overrides)."""
    return _remedy(ground).as_dict()


def _needs_review(pardoned: bool, *codes: str) -> ChargeResult:
    return ChargeResult("needs_review", None, pardoned, None, codes)


def _not_eligible(pardoned: bool, *codes: str) -> ChargeResult:
    return ChargeResult("not_eligible", None, pardoned, None, codes)


def _petition(
    day: date,
    as_of: date,
    remedy: Remedy,
    codes: tuple[str, ...],
    pardoned: bool = False,
    cannabis_fee: bool = False,
) -> ChargeResult:
    """A petition that can be filed from `day`, for the rules in `codes`. A pardoned charge
    is answered as such, whatever the day, and its reasons name the pardon; a cannabis
    petition's reasons end with the fee that may be waived."""
    outcome = "pardoned_then_petition" if pardoned else ("eligible_now" if day <= as_of else "eligible_on_date")
    if pardoned:
        codes = (*codes, "pardoned_june_2024")
    if cannabis_fee:
        codes = (*codes, "cannabis_fee_unverified")
    return ChargeResult(outcome, day, pardoned, remedy, codes)


def _with_reason(result: ChargeResult, code: str) -> ChargeResult:
    return replace(result, reasons=(*result.reasons, code))


# --- Dates and statutes --------------------------------------------------------------------


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


def is_cr_5_601(statute: str | None) -> bool:
    """CR §5-601 (possession of a controlled dangerous substance), with or without subsection."""
    return _has_prefix(_normalise_statute(statute), POSSESSION_STATUTE)


def is_paraphernalia(statute: str | None) -> bool:
    """CR §5-619 (drug paraphernalia), with or without subsection."""
    return _has_prefix(_normalise_statute(statute), PARAPHERNALIA_STATUTE)


def is_nuisance_statute(statute: str | None) -> bool:
    """A nuisance crime of CP §10-105(a)(9) that has a state statute (tables.NUISANCE_STATUTES)."""
    s = _normalise_statute(statute)
    if any(_has_prefix(s, excluded) for excluded in NUISANCE_EXCLUDED):
        return False
    return any(_has_prefix(s, prefix) for prefix in NUISANCE_STATUTES)


def _is_cannabis_possession(charge: Charge) -> bool:
    return charge.substance == "cannabis" and is_cr_5_601(charge.statute)


def no_longer_a_crime(statute: str | None, substance: str | None, grams: float | None) -> bool | None:
    """Whether the act is no longer a crime (CP §10-105(a)(11), law notes §00): possession of
    up to 2.5 oz of cannabis, or cannabis paraphernalia. None for cannabis possession of an
    amount not known."""
    if substance != "cannabis":
        return False
    if is_paraphernalia(statute):
        return True
    if not is_cr_5_601(statute):
        return False
    return None if grams is None else grams <= CANNABIS_NO_LONGER_A_CRIME_GRAMS


def minor_traffic(statute: str | None, minor: bool | None) -> bool | None:
    """Whether this is a minor traffic violation (CP §10-101: a Transportation Article
    violation for which no jail term is possible): False for any other statute and for a
    traffic violation that carries jail (tables.TRAFFIC_JAILABLE); otherwise what the record
    says, None where it does not say."""
    s = _normalise_statute(statute)
    if not s.startswith(TRAFFIC_ARTICLE) or any(_has_prefix(s, jailable) for jailable in TRAFFIC_JAILABLE):
        return False
    return minor


# --- Convictions elsewhere on the record ---------------------------------------------------


class Conviction(NamedTuple):
    """A conviction anywhere on the record, as the later-conviction rules need it. `where`
    tells convictions apart: "cases[0].charges[1]", or "person.other_convictions[2]"."""

    where: str
    disposition_date: date | None
    statute: str | None
    sentence_completed: date | None
    felony: bool | None
    domestically_related: bool | None
    substance: str | None
    charge: Charge | None  # the charge itself, when it comes from a case
    minor_traffic: bool | None = None


def _where(charge: Charge) -> str:
    return f"cases[{charge.case_index}].charges[{charge.charge_index}]"


def _convictions(record: Record) -> tuple[Conviction, ...]:
    """Every conviction on the record: the other convictions the person reported, their
    other cases that ended in a conviction, and the guilty charges in any case (a civil
    citation is not a conviction). Used by the PBJ bar and the CP §10-110 waits."""
    outside = [
        (f"person.{key}[{i}]", c)
        for key, entries in (
            ("other_convictions", record.person.other_convictions),
            ("other_dispositions", record.person.other_dispositions),
        )
        for i, c in enumerate(entries)
        if key == "other_convictions" or c.get("disposition") == "guilty"
    ]
    reported = [
        Conviction(
            where,
            iso_date(c.get("disposition_date")),
            c.get("statute"),
            iso_date(c.get("sentence_completed")),
            c.get("felony"),
            None,
            None,
            None,
        )
        for where, c in outside
    ]
    in_cases = [
        Conviction(
            _where(c),
            c.disposition_date,
            c.statute,
            c.sentence_completed,
            c.felony,
            c.domestically_related,
            c.substance,
            c,
            c.minor_traffic,
        )
        for case in record.cases
        for c in case.charges
        if c.disposition == "guilty" and not c.civil_citation
    ]
    return (*reported, *in_cases)


# --- Routes -----------------------------------------------------------------------------
# A route decides one charge under one ground of the law, once the pending-case bar is
# clear (`_decide` applies it). Its `pardoned` says whether the charge was pardoned, for
# the answer the bar gives instead.


@dataclass(frozen=True, slots=True)
class Route:
    pardoned: bool
    decide: Callable[[], ChargeResult]


@dataclass(frozen=True, slots=True)
class Conditional:
    """A route whose answer depends on facts that are not known: the route (or the answer)
    under each combination of their values."""

    pardoned: bool
    facts: tuple[str, ...]
    routes: tuple[tuple[tuple[tuple[str, bool], ...], Route | ChargeResult], ...]


# The reason that names each fact an answer can be conditional on.
_UNKNOWN_FACT_REASONS = {
    "domestically_related": "domestic_finding_unknown",
    "felony": "felony_grade_unknown",
    "civil_citation": "civil_citation_unknown",
}


def _non_conviction(charge: Charge, as_of: date) -> ChargeResult:
    """CP §10-105(a)(1), (2), (4), (5), (6): acquittal, dismissal, nolle prosequi, stet, compromise."""
    route = NON_CONVICTION_GROUNDS[charge.disposition]
    if charge.disposition_date is None:
        return _needs_review(False, "disposition_date_unknown")
    eligible_on = add_years(charge.disposition_date, route.wait_years)
    if eligible_on <= as_of:
        outcome, code = "eligible_now", route.reason
    elif route.waiver:
        outcome, code = "eligible_now_with_waiver", "favorable_disposition_waiver_allows_now"
    else:
        outcome, code = "eligible_on_date", route.reason
    return ChargeResult(outcome, eligible_on, False, _remedy(route.ground), (code,))


def _treatment_stet(charge: Charge, as_of: date) -> ChargeResult:
    """CP §10-105(a)(5), (c)(2)–(3): a stet with a drug or alcohol treatment requirement,
    not before the later of the treatment's completion (sentence_completed carries the day
    it was) or 3 years after the stet. No waiver."""
    if charge.disposition_date is None:
        return _needs_review(False, "disposition_date_unknown")
    if charge.sentence_completed is None:
        return _needs_review(False, "treatment_completion_unknown")
    eligible_on = max(add_years(charge.disposition_date, TREATMENT_STET_WAIT_YEARS), charge.sentence_completed)
    return _petition(eligible_on, as_of, _remedy(GROUND_STET), ("stet_treatment_wait",))


def _petition_from(day: date | None, missing: str, as_of: date, ground: str, code: str) -> ChargeResult:
    """A petition that can be filed from `day` on; `missing` names the fact when the day
    is not known."""
    if day is None:
        return _needs_review(False, missing)
    return _petition(day, as_of, _remedy(ground), (code,))


def _transferred_to_juvenile(charge: Charge, as_of: date) -> ChargeResult:
    """CP §10-105(a)(7): a charge transferred to juvenile court under CP §4-202. The
    adult court's record is expunged by petition there; the notes give no wait."""
    return _petition_from(
        charge.disposition_date,
        "disposition_date_unknown",
        as_of,
        GROUND_TRANSFER_TO_JUVENILE,
        "transferred_to_juvenile_no_wait",
    )


def _nolle_treatment(charge: Charge, as_of: date) -> ChargeResult:
    """CP §10-105(a)(4): a nolle prosequi with a drug or alcohol treatment requirement, once
    the treatment is complete (sentence_completed carries the day it was). No waiver, and
    no automatic expungement (CP §10-105.1 excludes it)."""
    return _petition_from(
        charge.sentence_completed,
        "nolle_treatment_completion_needed",
        as_of,
        GROUND_NOLLE_PROSEQUI,
        "nolle_treatment_complete",
    )


def _nuisance(charge: Charge, as_of: date) -> ChargeResult:
    """CP §10-105(a)(9) and (10): a conviction for a nuisance crime, 3 years after the
    conviction or the completion of the sentence, whichever is later; an NCR finding, which
    has no sentence, 3 years after the finding."""
    if charge.disposition_date is None:
        return _needs_review(False, "disposition_date_unknown")
    if charge.disposition == "ncr":
        eligible_on = add_years(charge.disposition_date, NUISANCE_WAIT_YEARS)
        return _petition(eligible_on, as_of, _remedy(GROUND_NUISANCE_NCR), ("nuisance_ncr_three_years",))
    if charge.sentence_completed is None:
        return _needs_review(False, "conviction_sentence_unknown")
    if charge.probation_closed == "unsatisfactory" and as_of < REFORM_ACT_2025.in_force:
        return _not_eligible(False, "unsatisfactory_probation_bar")
    eligible_on = add_years(max(charge.disposition_date, charge.sentence_completed), NUISANCE_WAIT_YEARS)
    return _petition(eligible_on, as_of, _remedy(GROUND_NUISANCE), ("nuisance_conviction_three_years",))


def _is_pardoned(charge: Charge, as_of: date) -> bool:
    """The June 17 2024 pardon: misdemeanor cannabis possession, guilty or PBJ, charged
    before January 1 2023. A disposition before that date proves the charge was too."""
    if as_of < PARDON_2024.in_force or charge.disposition not in PARDONED_DISPOSITIONS or charge.felony:
        return False
    if charge.civil_citation:
        return False  # a civil citation is not a conviction: there was nothing to pardon
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
        if other.charge_index == charge.charge_index:
            continue
        if _is_cannabis_possession(other) and other.felony is not True:
            tied = True
        elif not is_paraphernalia(other.statute):
            return False
    return tied


_PARDON_PETITION_DEADLINE = add_years(PARDON_2024.in_force, PARDON_PETITION_YEARS)


def _pardon_petition(as_of: date) -> ChargeResult:
    """CP §10-105(a)(8): a pardoned conviction, the person's only criminal act, within
    10 years of the pardon."""
    return _petition(
        PARDON_2024.in_force,
        as_of,
        _remedy(GROUND_PARDON, _PARDON_PETITION_DEADLINE),
        ("pardon_petition_within_ten_years",),
        pardoned=True,
        cannabis_fee=True,
    )


def _no_longer_a_crime(disposed: date, as_of: date, code: str, pardoned: bool) -> ChargeResult:
    """CP §10-105(a)(11): a conviction for an act that is no longer a crime (since HB 837
    took effect), with no wait: the sentence need not be over."""
    return _petition(
        max(disposed, HB_837.in_force),
        as_of,
        _remedy(GROUND_NO_LONGER_A_CRIME),
        (code,),
        pardoned,
        cannabis_fee=True,
    )


def _paraphernalia_no_longer_a_crime(charge: Charge, as_of: date, pardoned: bool) -> ChargeResult:
    """A conviction for cannabis paraphernalia, no longer a crime since July 1 2023."""
    if charge.disposition_date is None:
        return _needs_review(pardoned, "disposition_date_unknown")
    return _no_longer_a_crime(charge.disposition_date, as_of, "no_longer_a_crime_paraphernalia", pardoned)


def _cannabis_possession_conviction(charge: Charge, as_of: date, pardoned: bool) -> ChargeResult:
    """CP §10-105(a)(12): a petition once the sentence is complete (since July 1 2023)."""
    if as_of >= HB_837.in_force:
        grams = charge.cannabis_grams
        if (
            (charge.sentence_completed is None or charge.sentence_completed > as_of)
            and grams is not None
            and grams <= CANNABIS_NO_LONGER_A_CRIME_GRAMS
            and charge.disposition_date is not None
        ):
            # Possessing up to 2.5 oz is no longer a crime: CP §10-105(a)(11), no wait.
            return _no_longer_a_crime(charge.disposition_date, as_of, "no_longer_a_crime_cannabis", pardoned)
        if charge.sentence_completed is None:
            return _needs_review(pardoned, "sentence_completion_unknown")
        eligible_on = charge.sentence_completed
        wait_code = (
            "cannabis_possession_sentence_complete"
            if eligible_on <= as_of
            else "cannabis_possession_sentence_not_complete"
        )
    elif JUSTICE_REINVESTMENT_ACT.in_force <= as_of:
        if charge.sentence_completed is None:
            return _needs_review(pardoned, "sentence_completion_unknown")
        if charge.disposition_date is None:
            return _needs_review(pardoned, "disposition_date_unknown")
        eligible_on = add_years(
            max(charge.disposition_date, charge.sentence_completed), CANNABIS_POSSESSION_WAIT_BEFORE_HB837
        )
        wait_code = "cannabis_possession_four_year_wait"
    else:
        return _needs_review(pardoned, "as_of_before_encoded_rules")
    return _petition(eligible_on, as_of, _remedy(GROUND_CANNABIS_POSSESSION), (wait_code,), pardoned, cannabis_fee=True)


def _civil_citation(charge: Charge, as_of: date) -> ChargeResult:
    """A civil citation for cannabis (CR §5-601(c)(2)(ii)) that was paid or found against
    the person: not a conviction and never pardoned. Disposed of since CP §10-105.1 took
    effect, its records are expunged 3 years later without a petition; before that, the law
    notes name no route (a case with no other charge may have gone in HB 837's clean-up,
    which the case as a whole decides)."""
    if charge.disposition_date is None:
        return _needs_review(False, "disposition_date_unknown")
    if charge.disposition_date < CP_10_105_1.in_force:
        return _needs_review(False, "civil_citation_before_automatic_expungement")
    due = add_years(charge.disposition_date, CIVIL_CITATION_AUTOMATIC_YEARS)
    if due <= as_of:
        return ChargeResult("automatically_expunged", due, False, None, ("civil_citation_automatic_expungement",))
    return _needs_review(False, "civil_citation_automatic_scheduled")


def may_be_civil_citation(grams: float | None, charged: date | None, decided: date | None) -> bool:
    """Whether a cannabis possession charge, not said to be civil or criminal, may have been
    a civil citation: under 10 g, charged while that amount was a civil offense only. A
    charge whose amount is not known is taken as the crime the record shows (a civil
    citation is a case of its own kind on Case Search, which the record would say). The
    journey asks the question where this says it may (expunge.records)."""
    if grams is None or grams > CIVIL_CITATION_MAX_GRAMS:
        return False
    if charged is not None:
        return CIVIL_CITATION_FROM <= charged < CIVIL_CITATION_UNTIL
    # Charged on or before the day it was decided: a decision before October 1 2014 was
    # for a charge made before then.
    return decided is None or decided >= CIVIL_CITATION_FROM


def _listed_prefix(statute: str | None) -> str | None:
    """The entry of the CP §10-110 list this statute falls under, the most specific first
    (CR 5-602(b)(1) before CR 5-602)."""
    s = _normalise_statute(statute)
    for prefix in sorted(CONVICTION_CLASSES, key=len, reverse=True):
        if _has_prefix(s, prefix):
            return prefix
    return None


def _conviction_wait(
    statute: str | None, substance: str | None, felony: bool | None, domestic: bool | None, as_of: date
) -> tuple[int, str] | None:
    """(years, reason) for a listed conviction, or None when the portal's partial list
    does not settle it. Unknowns take the longer wait, never the shorter."""
    prefix = _listed_prefix(statute)
    if prefix is None or (prefix == POSSESSION_STATUTE and substance != "other"):
        return None  # cannabis possession has its own route; an unknown drug is for a person
    if prefix == PWID_STATUTE and substance == "cannabis" and as_of >= HB_837.in_force:
        return CANNABIS_PWID_WAIT, "cannabis_pwid_three_years"
    if prefix == PWID_STATUTE and substance is None:
        return None
    listed_from = CONVICTION_LISTED_FROM.get(prefix)
    if listed_from is not None and as_of < listed_from:
        return None
    if prefix in CONVICTION_MISDEMEANOR_ONLY and felony is not False:
        return None
    offense_class = CONVICTION_CLASSES[prefix]
    if offense_class == "theft":
        offense_class = "misdemeanor" if felony is False else "burglary_theft"
    if as_of >= REDEEM_ACT.in_force:
        waits, code = CONVICTION_WAITS, "conviction_listed_wait"
    else:
        waits, code = CONVICTION_WAITS_BEFORE_REDEEM, "conviction_listed_wait_before_redeem"
    years = waits[offense_class]
    if domestic is not False:  # a domestically related crime, or not known not to be
        years = max(years, waits["domestic"])
    return years, code


def _later_conviction_date(
    completed: date,
    eligible_on: date,
    own: str,
    convictions: tuple[Conviction, ...],
    as_of: date,
    memo: dict[str, date],
) -> date | None:
    """CP §10-110: a conviction during the wait holds this one (`own`, where it is on the
    record) back until that one can be expunged too, and so on down the chain (a conviction
    during the later one's own wait holds both). Returns the day this conviction can be
    expunged, or None when a conviction in the chain cannot be settled from the answers."""
    changed = True
    while changed:
        changed = False
        for other in convictions:
            if other.where == own:
                continue
            convicted_on = other.disposition_date
            if convicted_on is None:
                return None
            if not completed < convicted_on <= eligible_on:
                continue
            other_eligible = memo.get(other.where)
            if other_eligible is None:
                own_date = _own_eligible_date(other, as_of)
                if own_date is None or other.sentence_completed is None:
                    return None
                chained = _later_conviction_date(
                    other.sentence_completed, own_date, other.where, convictions, as_of, memo
                )
                if chained is None:
                    return None
                other_eligible = memo[other.where] = chained
            if other_eligible > eligible_on:
                eligible_on = other_eligible
                changed = True
    return eligible_on


def _own_eligible_date(conviction: Conviction, as_of: date) -> date | None:
    """The day a later conviction could itself be expunged, before its own chain."""
    if conviction.sentence_completed is None:
        return None
    if conviction.substance == "cannabis" and is_cr_5_601(conviction.statute) and as_of >= HB_837.in_force:
        return conviction.sentence_completed  # CP §10-105(a)(12): on completion
    if conviction.substance == "cannabis" and is_paraphernalia(conviction.statute) and as_of >= HB_837.in_force:
        if conviction.disposition_date is None:
            return None
        return max(conviction.disposition_date, HB_837.in_force)  # CP §10-105(a)(11): no wait
    wait = _conviction_wait(
        conviction.statute, conviction.substance, conviction.felony, conviction.domestically_related, as_of
    )
    if wait is None:
        return None
    return add_years(conviction.sentence_completed, wait[0])


def _listed_conviction(
    charge: Charge, as_of: date, convictions: tuple[Conviction, ...], wait: tuple[int, str], pardoned: bool
) -> ChargeResult:
    """CP §10-110: a listed conviction, from the completion of the sentence."""
    if charge.sentence_completed is None:
        return _needs_review(pardoned, "conviction_sentence_unknown")
    if charge.probation_closed == "unsatisfactory" and as_of < REFORM_ACT_2025.in_force:
        return _not_eligible(pardoned, "unsatisfactory_probation_bar")
    years, code = wait
    own_date = add_years(charge.sentence_completed, years)
    eligible_on = _later_conviction_date(charge.sentence_completed, own_date, _where(charge), convictions, as_of, {})
    if eligible_on is None:
        return _needs_review(pardoned, "later_conviction_unclear")
    codes = (code, "conviction_later_conviction_wait") if eligible_on > own_date else (code,)
    remedy = _remedy(GROUND_LISTED_CONVICTION, cannabis=code == "cannabis_pwid_three_years")
    return _petition(eligible_on, as_of, remedy, codes, pardoned)


def _listed_conviction_route(
    charge: Charge, as_of: date, convictions: tuple[Conviction, ...], pardoned: bool = False
) -> Route | Conditional | ChargeResult:
    """The CP §10-110 route, when the portal's copy of the list settles the conviction. The
    wait depends on whether a judge found the crime domestically related, and for some
    offenses on whether it was a felony: where either is not known, the route under each
    value."""
    unknown = tuple(fact for fact in ("domestically_related", "felony") if getattr(charge, fact) is None)
    if unknown:
        routes = []
        for values in product((False, True), repeat=len(unknown)):
            when = tuple(zip(unknown, values, strict=True))
            known = dict(when)
            supposed = charge._replace(
                domestically_related=known.get("domestically_related", charge.domestically_related),
                felony=known.get("felony", charge.felony),
            )
            routes.append((when, _listed_conviction_known(supposed, as_of, convictions, pardoned)))
        return Conditional(pardoned, unknown, tuple(routes))
    return _listed_conviction_known(charge, as_of, convictions, pardoned)


def _listed_conviction_known(
    charge: Charge, as_of: date, convictions: tuple[Conviction, ...], pardoned: bool
) -> Route | ChargeResult:
    """The CP §10-110 route for a conviction whose domestic finding and grade are known."""
    if as_of < JUSTICE_REINVESTMENT_ACT.in_force:
        return _needs_review(pardoned, "as_of_before_encoded_rules")
    wait = _conviction_wait(charge.statute, charge.substance, charge.felony, charge.domestically_related, as_of)
    if wait is None:
        return _needs_review(pardoned, "conviction_not_on_encoded_list")
    return Route(pardoned, partial(_listed_conviction, charge, as_of, convictions, wait, pardoned))


# Among the places of the DUI PBJs a charge is weighed against: "whether there is one
# outside the record is not known" (person.other_dui_pbj null).
OTHER_DUI_PBJ_UNKNOWN = "person.other_dui_pbj: not known"


def _pbj_exclusion(statute: str | None) -> str | None:
    """None, or what sets a PBJ for this offense apart under (a)(3): excluded, the 15-year
    route of TR §21-902(a)/(b), or a DUI whose subsection is not known."""
    s = _normalise_statute(statute)
    if _has_prefix(s, DUI_STATUTE):
        subsection = s[len(DUI_STATUTE) :]
        if subsection.startswith(tuple(DUI_PBJ_EXCLUDED_SUBSECTIONS)):
            return "pbj_excluded_offense"
        if subsection.startswith(tuple(DUI_PBJ_FIFTEEN_YEAR_SUBSECTIONS)):
            return "pbj_dui_fifteen_years"
        return "pbj_dui_route_unverified"
    if any(_has_prefix(s, excluded) for excluded in PBJ_EXCLUDED_STATUTES) or s.startswith(
        PBJ_EXCLUDED_SECTION_PREFIXES
    ):
        return "pbj_excluded_offense"
    return None


def _pbj(
    charge: Charge,
    as_of: date,
    pardoned: bool,
    convictions: tuple[Conviction, ...],
    exclusion: str | None,
    dui_pbjs: tuple[str, ...],
) -> ChargeResult:
    """CP §10-105(a)(3): probation before judgment. A conviction within 3 years after it
    bars it; for the 15-year DUI route, a conviction (other than a minor traffic violation)
    or another DUI PBJ. A PBJ with a treatment requirement waits for the later of the
    treatment's completion (sentence_completed) or 3 years."""
    treatment = charge.disposition == "pbj_treatment"
    if charge.disposition_date is None:
        return _needs_review(pardoned, "disposition_date_unknown")
    if charge.sentence_completed is None:
        return _needs_review(pardoned, "treatment_completion_unknown" if treatment else "probation_discharge_unknown")
    dui = exclusion == "pbj_dui_fifteen_years"
    if dui and any(where not in (_where(charge), OTHER_DUI_PBJ_UNKNOWN) for where in dui_pbjs):
        return _not_eligible(pardoned, "pbj_dui_barred")
    if dui:
        window_end = add_years(charge.sentence_completed, DUI_PBJ_WAIT_YEARS)
        bar = "pbj_dui_barred"
    else:
        window_end = add_years(charge.disposition_date, PBJ_CONVICTION_WINDOW_YEARS)
        bar = "pbj_later_conviction_bar"
    for other in convictions:
        convicted_on = other.disposition_date
        if convicted_on is None:
            return _needs_review(pardoned, "pbj_later_conviction_unclear")
        if charge.disposition_date <= convicted_on <= window_end:
            # The bar does not apply when the PBJ's act, or the later conviction's, is no
            # longer a crime: possession of up to 2.5 oz of cannabis, or cannabis
            # paraphernalia. Without the amount, a person must check.
            for act in (charge, other.charge):
                legal = no_longer_a_crime(act.statute, act.substance, act.cannabis_grams) if act else False
                if legal is None:
                    return _needs_review(pardoned, "pbj_later_conviction_unclear")
                if legal:
                    break
            else:
                minor = minor_traffic(other.statute, other.minor_traffic)
                if minor:
                    continue  # a minor traffic violation does not bar
                if minor is None:
                    return _needs_review(pardoned, "pbj_later_conviction_unclear")
                return _not_eligible(pardoned, bar)
    if dui and OTHER_DUI_PBJ_UNKNOWN in dui_pbjs:
        # Nothing above bars it, but a DUI PBJ outside the record would: a person checks.
        return _needs_review(pardoned, "other_dui_pbj_unknown")
    if dui:
        return _petition(
            add_years(charge.sentence_completed, DUI_PBJ_WAIT_YEARS),
            as_of,
            _remedy(GROUND_PBJ),
            ("pbj_dui_fifteen_years",),
        )
    eligible_on = max(charge.sentence_completed, add_years(charge.disposition_date, PBJ_WAIT_YEARS))
    code = "pbj_treatment_wait" if treatment else "pbj_wait"
    return _petition(eligible_on, as_of, _remedy(GROUND_PBJ), (code,), pardoned)


def _route(
    charge: Charge, case: Case, as_of: date, convictions: tuple[Conviction, ...], dui_pbjs: tuple[str, ...]
) -> Route | Conditional | ChargeResult:
    """The ground of the law this charge is decided under, or the answer where there is
    none to decide under (a juvenile record, a charge still pending, a fact that decides
    the route unknown, an offense the rules exclude or do not cover)."""
    disposition = charge.disposition
    if disposition == "transferred_to_juvenile":
        # Begun in adult court: the adult court's record has its own ground, (a)(7).
        return Route(False, partial(_transferred_to_juvenile, charge, as_of))
    if case.court == "juvenile" or disposition == "juvenile_adjudication":
        remedy = Remedy("juvenile_petition", None, GROUND_JUVENILE, 0)
        return ChargeResult("different_process_juvenile", None, False, remedy, ("juvenile_record_different_process",))
    if disposition == "pending":
        return _not_eligible(False, "case_still_pending")
    if disposition == "unknown":
        return _needs_review(False, "disposition_unknown")
    if disposition in NON_CONVICTION_GROUNDS:
        return Route(False, partial(_non_conviction, charge, as_of))
    if disposition == "stet_treatment":
        return Route(False, partial(_treatment_stet, charge, as_of))
    if disposition == "nolle_prosequi_treatment":
        return Route(False, partial(_nolle_treatment, charge, as_of))
    if disposition == "ncr":
        if is_nuisance_statute(charge.statute):
            return Route(False, partial(_nuisance, charge, as_of))
        return _needs_review(False, "ncr_not_nuisance")
    pardoned = False
    if is_cr_5_601(charge.statute):
        if charge.substance is None:
            return _needs_review(False, "substance_unknown")
        if charge.substance == "cannabis" and disposition == "guilty":
            # A citation paid or found against the person is recorded as a finding of guilt.
            if charge.civil_citation:
                return _civil_citation(charge, as_of)
            if charge.civil_citation is None and may_be_civil_citation(
                charge.cannabis_grams, charge.charge_date, charge.disposition_date
            ):
                return _civil_or_criminal(charge, case, as_of, convictions, dui_pbjs)
        if charge.substance == "cannabis":
            pardoned = _is_pardoned(charge, as_of)
            if disposition == "guilty":
                return Route(pardoned, partial(_cannabis_possession_conviction, charge, as_of, pardoned))
    elif is_paraphernalia(charge.statute):
        pardoned = _paraphernalia_pardoned(charge, case, as_of)
        if pardoned and disposition == "guilty":
            # CP §10-105(a)(8) when it is the person's only criminal act (the cannabis
            # possession of the same case counting as the same act) and the 10-year
            # deadline has not passed; otherwise the CP §10-110 route for CR §5-619.
            one_act = all(
                conviction.charge is not None and conviction.charge.case_index == case.case_index
                for conviction in convictions
            )
            if one_act and as_of <= _PARDON_PETITION_DEADLINE:
                return Route(True, partial(_pardon_petition, as_of))
        if disposition == "guilty" and charge.substance == "cannabis" and as_of >= HB_837.in_force:
            # CP §10-105(a)(11): cannabis paraphernalia is no longer a crime, so its
            # conviction may be expunged with no wait (law notes §00) [S].
            return Route(pardoned, partial(_paraphernalia_no_longer_a_crime, charge, as_of, pardoned))
        if pardoned and disposition == "guilty":
            return _listed_conviction_route(charge, as_of, convictions, pardoned=True)
    if disposition in PBJ_DISPOSITIONS:
        if not _normalise_statute(charge.statute):
            # Without the offense, the PBJ cannot be told from one that is excluded or
            # waits 15 years (a DUI typed as "something else"): a person checks.
            return _needs_review(pardoned, "pbj_offense_unknown")
        exclusion = _pbj_exclusion(charge.statute)
        if exclusion == "pbj_excluded_offense":
            return _not_eligible(pardoned, exclusion)
        if exclusion == "pbj_dui_route_unverified":
            return _needs_review(pardoned, exclusion)
        if exclusion == "pbj_dui_fifteen_years" and as_of < DUI_PBJ_AMENDMENT_2024.in_force:
            return _not_eligible(pardoned, "pbj_dui_not_yet_in_force")
        return Route(pardoned, partial(_pbj, charge, as_of, pardoned, convictions, exclusion, dui_pbjs))
    if disposition == "guilty":
        if is_nuisance_statute(charge.statute):
            return Route(False, partial(_nuisance, charge, as_of))
        return _listed_conviction_route(charge, as_of, convictions)
    return _needs_review(pardoned, "not_assessed_by_rules")


def _civil_or_criminal(
    charge: Charge, case: Case, as_of: date, convictions: tuple[Conviction, ...], dui_pbjs: tuple[str, ...]
) -> Conditional | ChargeResult:
    """A cannabis possession charge that may have been a civil citation: the answer if it
    was one and if it was a crime."""
    criminal = _route(charge._replace(civil_citation=False), case, as_of, convictions, dui_pbjs)
    if isinstance(criminal, Conditional):
        return _needs_review(False, "civil_citation_unknown")
    return Conditional(
        False,
        ("civil_citation",),
        (((("civil_citation", False),), criminal), ((("civil_citation", True),), _civil_citation(charge, as_of))),
    )


def _decide(
    charge: Charge,
    case: Case,
    person: Person,
    as_of: date,
    convictions: tuple[Conviction, ...],
    dui_pbjs: tuple[str, ...],
) -> ChargeResult:
    """One charge, on its own. The pending-case bar is applied here, and only here: a
    pending case holds back every route to a petition, whatever the route's own facts; when
    it is not known whether a case is pending, a petition the route allows becomes a
    question for a person."""
    route = _route(charge, case, as_of, convictions, dui_pbjs)
    if isinstance(route, Conditional):
        return _conditional(route, person, as_of)
    return _decided(route, person)


def _decided(route: Route | ChargeResult, person: Person) -> ChargeResult:
    """A route's answer: the pending-case bar, then the route's own facts."""
    if isinstance(route, ChargeResult):
        return route
    if person.pending_case:
        return _not_eligible(route.pardoned, "pending_case_bar")
    result = route.decide()
    if person.pending_case is None and result.outcome in PETITION_OUTCOMES:
        return _needs_review(route.pardoned, "pending_case_unknown")
    return result


def _conditional(route: Conditional, person: Person, as_of: date) -> ChargeResult:
    """The answer where facts are not known: the same answer when every value of them
    gives it (a petition today under every value: from the latest day any gives);
    otherwise needs_review, naming the facts, with the answer under each value. Never
    "file now" where some value forbids it."""
    answers = [(when, _decided(each, person)) for when, each in route.routes]
    results = [result for _when, result in answers]
    if all((r.outcome, r.eligible_on) == (results[0].outcome, results[0].eligible_on) for r in results):
        return results[0]
    files_today = results[0].outcome in ("eligible_now", "pardoned_then_petition")
    if files_today and all(
        r.outcome == results[0].outcome and r.eligible_on is not None and r.eligible_on <= as_of for r in results
    ):
        return max(results, key=lambda r: r.eligible_on or date.min)
    return ChargeResult(
        "needs_review",
        None,
        route.pardoned,
        None,
        tuple(_UNKNOWN_FACT_REASONS[fact] for fact in route.facts),
        tuple(Alternative(when, result.outcome, result.eligible_on) for when, result in answers),
    )


def _vacatur(charge: Charge, case: Case, result: ChargeResult, as_of: date) -> ChargeResult:
    """CP §8-301.1: a conviction or PBJ the State's Attorney has reason to doubt. Only the
    State can move to vacate, so the resident is referred. Where a petition can be filed
    today anyway, that stays the answer, with the referral added."""
    if (
        result.outcome in ("eligible_now", "pardoned_then_petition")
        and result.eligible_on is not None
        and result.eligible_on <= as_of
    ):
        return _with_reason(result, "vacatur_state_motion_only")
    codes: tuple[str, ...] = ("vacatur_state_motion_only",)
    if case.county == "baltimore_city" and _is_cannabis_possession(charge):
        codes = (*codes, "baltimore_2019_vacatur_denied")
    remedy = Remedy("referral", None, GROUND_VACATUR, 0)
    return ChargeResult("eligible_for_vacatur_motion", None, result.pardoned, remedy, codes, expungement=result)


def assess_charge(
    charge: Charge,
    case: Case,
    person: Person,
    as_of: date,
    convictions: tuple[Conviction, ...] = (),
    dui_pbjs: tuple[str, ...] = (),
) -> ChargeResult:
    """One charge: `convictions` are every conviction on the record, `dui_pbjs` where on the
    record every PBJ for driving under the influence is."""
    result = _decide(charge, case, person, as_of, convictions, dui_pbjs)
    if charge.integrity_flag and charge.disposition in PARDONED_DISPOSITIONS and case.court != "juvenile":
        return _vacatur(charge, case, result, as_of)
    return result


# --- A case's charges together --------------------------------------------------------------


def _automatic_expungement(
    unit: tuple[Case, ...], results: list[ChargeResult], as_of: date
) -> list[ChargeResult] | None:
    """CP §10-105.1: an incident whose every charge ended favorably on or after Oct 1 2021
    is expunged 3 years after the last disposition without a petition. Returns the unit's
    results (its cases' charges in order) when the rule applies, else None."""
    if any(case.court == "juvenile" or _circuit_case_missing(case, unit) for case in unit):
        return None
    charges = [charge for case in unit for charge in case.charges]
    disposed = []
    for charge in charges:
        if charge.disposition not in AUTOMATIC_EXPUNGEMENT_DISPOSITIONS or charge.disposition_date is None:
            return None
        if charge.disposition_date < CP_10_105_1.in_force:
            return None
        disposed.append(charge.disposition_date)
    due = add_years(max(disposed), AUTOMATIC_EXPUNGEMENT_YEARS)
    if due <= as_of:
        # Due already. The remedy stays: if the case still shows on Case Search, petition.
        return [
            ChargeResult(
                "automatically_expunged",
                due,
                result.pardoned,
                _remedy(NON_CONVICTION_GROUNDS[charge.disposition].ground),
                ("automatic_expungement_favorable_case",),
            )
            for charge, result in zip(charges, results, strict=True)
        ]
    return [
        _with_reason(result, "automatic_expungement_scheduled") if result.outcome in PETITION_OUTCOMES else result
        for result in results
    ]


def _circuit_case_missing(case: Case, unit: tuple[Case, ...]) -> bool:
    """A District Court case sent on to Circuit Court, whose Circuit case is not in the
    record: what happened there decides this case too (law notes §00)."""
    return bool(case.forwarded_to_circuit) and not any(
        other.court == "circuit" for other in unit if other.case_index != case.case_index
    )


def _cannabis_cleanup(charge: Charge, result: ChargeResult, as_of: date) -> ChargeResult | None:
    """HB 837: a case whose only charge was cannabis possession, charged before July 1
    2023, was due to be removed by July 1 2024 without a petition. The petition route
    stays open for when the case still shows (paper records were missed), but only when
    that route is open today; otherwise the reasons say what still stands in the way. A case
    still pending on July 1 2024 (decided that day or later, or on a day not known) goes by
    the petition routes."""
    if as_of < CANNABIS_CLEANUP_DUE or charge.disposition in ("pending", "unknown"):
        return None
    if charge.disposition_date is None or charge.disposition_date >= CANNABIS_CLEANUP_DUE:
        return None
    charged = charge.charge_date or charge.disposition_date
    if charged is None or charged >= CANNABIS_CLEANUP_CHARGED_BEFORE or not _is_cannabis_possession(charge):
        return None
    fileable = (
        result.outcome in ("eligible_now", "pardoned_then_petition")
        and result.eligible_on is not None
        and result.eligible_on <= as_of
    )
    return ChargeResult(
        "automatically_expunged",
        CANNABIS_CLEANUP_DUE,
        result.pardoned,
        result.remedy if fileable else None,
        ("cannabis_only_charge_cleanup", *result.reasons),
    )


def _unit_rule(charges: list[Charge], results: list[ChargeResult], as_of: date) -> tuple[list[ChargeResult], list[int]]:
    """CP §10-107: the charges of one incident (`charges`, with their `results`) stand or
    fall together, except cannabis possession charges, which may be expunged on their own
    (HB 837). Any charge can hold the others back; only non-cannabis charges are held back.
    Returns the results and the positions of the charges that hold the unit back. A charge
    referred for the State's motion to vacate is weighed by its own expungement route: the
    others wait for its date, not for ever (law notes §00)."""
    weighed = [result.expungement or result for result in results]
    # A minor traffic violation is not part of the unit (CP §10-107(a)); a traffic charge
    # whose penalty is not known may or may not be.
    traffic = [minor_traffic(charge.statute, charge.minor_traffic) for charge in charges]
    held = [
        i
        for i, result in enumerate(results)
        if result.outcome in PETITION_OUTCOMES and not _is_cannabis_possession(charges[i]) and not traffic[i]
    ]
    if not held:
        return results, []
    others = [i for i in range(len(results)) if i not in held and not traffic[i]]
    blocking = [i for i in others if weighed[i].outcome in ("not_eligible", "eligible_for_vacatur_motion")]
    # Held back by a charge known to be part of the unit; held back only by traffic charges
    # that may be minor violations (outside the unit), a person must look.
    if blocking:
        known = any(traffic[i] is False for i in blocking)
        for i in held:
            pardoned = results[i].pardoned
            results[i] = (
                _not_eligible(pardoned, "unit_rule_blocked")
                if known
                else _needs_review(pardoned, "traffic_penalty_unknown")
            )
        return results, blocking
    blocking = [i for i in others if weighed[i].outcome in ("needs_review", "different_process_juvenile")]
    if blocking:
        known = any(traffic[i] is False for i in blocking)
        for i in held:
            results[i] = _needs_review(
                results[i].pardoned, "unit_rule_depends_on_charge" if known else "traffic_penalty_unknown"
            )
        return results, blocking
    # Every charge can be expunged: the case can be filed once the last one can. A charge
    # waiting without the waiver option (a future date that signing cannot bring forward: a
    # stet, a sentence still being served, …) holds the whole case to its date.
    # (A petition outcome always has its day.)
    waiting = {
        i: r.eligible_on
        for i, r in enumerate(weighed)
        if r.outcome in PETITION_OUTCOMES and r.eligible_on and not traffic[i]
    }
    if not any(weighed[i].outcome != "eligible_now_with_waiver" and day > as_of for i, day in waiting.items()):
        return results, []
    latest = max(waiting.values())
    blocking = [i for i, day in waiting.items() if day == latest]
    changed = False
    for i in held:
        if results[i].eligible_on != latest or results[i].outcome != "eligible_on_date":
            results[i] = replace(
                _with_reason(results[i], "unit_rule_waits_for_charge"), outcome="eligible_on_date", eligible_on=latest
            )
            changed = True
    return results, blocking if changed else []


def _units(cases: tuple[Case, ...]) -> list[tuple[Case, ...]]:
    """The record's cases grouped by incident (CP §10-107, Stoddard v. State): cases that
    share a tracking number, or where one names the other as related, are one unit; every
    other case is a unit of its own. In record order."""
    if not any(case.tracking_number or case.related_cases for case in cases):
        return [(case,) for case in cases]
    unit_of = list(range(len(cases)))

    def root(i: int) -> int:
        while unit_of[i] != i:
            i = unit_of[i]
        return i

    def join(i: int, j: int) -> None:
        first, second = sorted((root(i), root(j)))
        unit_of[second] = first

    by_tracking: dict[str, int] = {}
    by_number: dict[str, int] = {}
    for case in cases:
        if case.case_number:
            by_number.setdefault(_normalise_case_number(case.case_number), case.case_index)
    for case in cases:
        if case.tracking_number:
            tracking = _normalise_case_number(case.tracking_number)
            join(by_tracking.setdefault(tracking, case.case_index), case.case_index)
        for number in case.related_cases:
            other = by_number.get(_normalise_case_number(number))
            if other is not None:
                join(other, case.case_index)
    units: dict[int, list[Case]] = {}
    for case in cases:
        units.setdefault(root(case.case_index), []).append(case)
    return [tuple(unit) for unit in units.values()]


def _normalise_case_number(number: str) -> str:
    """A case or tracking number as printed, without dashes, spaces or case."""
    return "".join(ch for ch in number.upper() if ch.isalnum())


def _assess_unit(
    unit: tuple[Case, ...],
    person: Person,
    as_of: date,
    convictions: tuple[Conviction, ...],
    dui_pbjs: tuple[str, ...],
) -> list[tuple[list[ChargeResult], list[int]]]:
    """One incident's cases: for each case, its results and the charges of it that hold
    the unit back (unit rule)."""
    per_case = []
    for case in unit:
        results = [assess_charge(charge, case, person, as_of, convictions, dui_pbjs) for charge in case.charges]
        if _circuit_case_missing(case, unit):
            # What happened in Circuit Court decides this case too: no petition without it.
            results = [
                _needs_review(r.pardoned, "forwarded_circuit_case_unknown") if r.outcome in PETITION_OUTCOMES else r
                for r in results
            ]
        per_case.append(results)
    alone = len(unit) == 1 and len(unit[0].charges) == 1 and not _circuit_case_missing(unit[0], unit)
    if alone and unit[0].court != "juvenile":
        # The clean-up is for a case whose only charge was cannabis possession; a case sent
        # on to Circuit Court had others there.
        cleaned = _cannabis_cleanup(unit[0].charges[0], per_case[0][0], as_of)
        if cleaned is not None:
            return [([cleaned], [])]
    charges = [charge for case in unit for charge in case.charges]
    results = [result for case_results in per_case for result in case_results]
    blocking: list[int] = []
    automatic = _automatic_expungement(unit, results, as_of)
    if automatic is not None and automatic[0].outcome == "automatically_expunged":
        results = automatic
    else:
        if automatic is not None:
            results = automatic
        if len(results) > 1:
            results, blocking = _unit_rule(charges, results, as_of)
    # Back to each case: its results, and its own charges among those that block.
    split = []
    start = 0
    for case in unit:
        end = start + len(case.charges)
        split.append((results[start:end], [i - start for i in blocking if start <= i < end]))
        start = end
    return split


def _record_state(result: ChargeResult, charge: Charge, as_of: date) -> str:
    """Where the record stands today, apart from what can be filed (law notes §00 "hidden,
    not removed"): the law required its removal without a petition (CP §10-105.1); the State
    was to remove it from the criminal history, the court file perhaps remaining (CP
    §10-112); hidden from Case Search but not removed (a pardoned cannabis possession
    conviction, since the 2025 Act); still on the record; or not known."""
    if "automatic_expungement_favorable_case" in result.reasons or (
        "civil_citation_automatic_expungement" in result.reasons
    ):
        return "removal_required"
    if "cannabis_only_charge_cleanup" in result.reasons:
        return "criminal_history_removal_required"
    if (
        result.pardoned
        and charge.disposition == "guilty"
        and _is_cannabis_possession(charge)
        and as_of >= REFORM_ACT_2025.in_force
    ):
        return "hidden_not_removed"
    if result.outcome == "needs_review":
        return "unknown"
    return "on_record"


def _finished(result: ChargeResult, charge: Charge, as_of: date) -> dict[str, Any]:
    """The answer in the contract's shape, with where the record stands, and, where a
    CP §10-105 petition must wait, that a court may allow it earlier for good cause (never
    for CP §10-110: In re Vincent S.)."""
    if (
        result.outcome == "eligible_on_date"
        and result.remedy is not None
        and result.remedy.kind == "petition"
        and result.remedy.ground != GROUND_LISTED_CONVICTION
        and "unit_rule_waits_for_charge" not in result.reasons  # the unit may wait for any charge
    ):
        result = _with_reason(result, "good_cause_possible")
    return {**result.as_dict(), "record_state": _record_state(result, charge, as_of)}


def assess_record(record: Record) -> dict[str, Any]:
    """Assess a parsed record; the result in the contract's shape, built afresh."""
    person = record.person
    if not person.pending_case and (
        any(c.disposition == "pending" for case in record.cases for c in case.charges)
        or any(other.get("disposition") == "pending" for other in person.other_dispositions)
    ):
        # A charge still open in any case makes the person a defendant in a pending
        # criminal proceeding, which bars every petition (CP §10-105(e)(4)).
        person = person._replace(pending_case=True)
    convictions = _convictions(record)
    dui_pbjs = tuple(
        _where(c)
        for case in record.cases
        for c in case.charges
        if c.disposition in PBJ_DISPOSITIONS and _has_prefix(_normalise_statute(c.statute), DUI_STATUTE)
    ) + tuple(
        f"person.other_dispositions[{i}]"
        for i, other in enumerate(person.other_dispositions)
        if other.get("disposition") in PBJ_DISPOSITIONS
        and _has_prefix(_normalise_statute(other.get("statute")), DUI_STATUTE)
    )
    # A DUI PBJ elsewhere: known (it bars the route), or not known (a person checks).
    if person.other_dui_pbj:
        dui_pbjs += ("person.other_dui_pbj",)
    elif person.other_dui_pbj is None:
        dui_pbjs += (OTHER_DUI_PBJ_UNKNOWN,)
    decided: dict[int, tuple[list[ChargeResult], list[int]]] = {}
    for unit in _units(record.cases):
        for case, answer in zip(unit, _assess_unit(unit, person, record.as_of, convictions, dui_pbjs), strict=True):
            decided[case.case_index] = answer
    cases = [
        {
            "case_number": case.case_number,
            "charges": [
                _finished(result, charge, record.as_of)
                for charge, result in zip(case.charges, decided[case.case_index][0], strict=True)
            ],
            "blocking_charges": decided[case.case_index][1],
        }
        for case in record.cases
    ]
    return {"as_of": record.as_of.isoformat(), "rules_version": RULES_VERSION, "cases": cases}


def assess(raw: Any, *, as_of: date | None = None) -> dict[str, Any]:
    """Validate one contract record and assess it. Raises ContractError on bad input."""
    return assess_record(parse_record(raw, as_of=as_of))

"""The rules the engine knows, as reviewable data.

Each entry is one legal rule with its citation, the law that made it, when it is in
force, whether its text was checked against an official source (False for facts the
law notes tag [U]), and when a person last reviewed it. The engine refers to rules by
`code`; templates turn the codes into plain-language sentences.

The dates in force come from the enactments in laws.py, and every table and number the
decisions use is in tables.py; RULES_VERSION is computed over all three.

Sources: ../shared/law/maryland-law.md (sections named per rule).

Encoded: every ground of CP §10-105(a) — acquittal, dismissal and nolle prosequi (3 years
or the General Waiver), PBJ (with its exclusions, the TR §21-902(a)/(b) 15-year route and
the later-conviction bar), nolle prosequi with treatment, stet and compromise, transfer to
juvenile court, the pardon ground with its 10-year deadline (for pardoned paraphernalia),
nuisance crimes and NCR findings that have a state statute, no-longer-a-crime (cannabis of a
personal-use amount) and cannabis possession convictions; the pending-case bar; automatic
expungement of all-favorable cases (CP §10-105.1) and HB 837's clean-up of
cannabis-possession-only cases; the June 17 2024 pardon (possession and paraphernalia);
the State's-motion-only vacatur referral (CP §8-301.1); listed convictions (CP §10-110)
with their waits, the later-conviction chain and the 2025 completion rule, from the
allow-list the law notes give; and the unit rule (CP §10-107) with its cannabis possession
exception. What the answers do not settle, and convictions not on the portal's copy of the
list, are answered `needs_review` with a reason that says what a person must check.

Every legal rule carries its own test cases (`examples`), which the test suite runs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date, timedelta
from types import ModuleType
from typing import Any

import eligibility.laws
import eligibility.tables
from eligibility.laws import (
    CP_10_105_1,
    DUI_PBJ_AMENDMENT_2024,
    HB_837,
    HB_874_2019,
    JUSTICE_REINVESTMENT_ACT,
    PARDON_2024,
    REDEEM_ACT,
    REFORM_ACT_2025,
)
from eligibility.tables import CANNABIS_CLEANUP_DUE

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Example:
    """A test case kept beside its rule: the facts of one charge, the day it is assessed,
    and the answer the rule gives. tests/eligibility/test_eligibility.py runs every example and checks
    the outcome, the date and that the rule is among the reasons.

    `charge` changes the fields of EXAMPLE_CHARGE; `others` are more charges in the same
    case, `other_cases` more cases (each a tuple of charges, over the same defaults), and
    `person` changes the person's fields."""

    summary: str
    outcome: str
    eligible_on: str | None
    charge: dict[str, Any] = field(default_factory=dict)
    as_of: str = "2026-11-25"
    court: str = "district"
    others: tuple[dict[str, Any], ...] = ()
    other_cases: tuple[tuple[dict[str, Any], ...], ...] = ()
    person: dict[str, Any] = field(default_factory=dict)


# The charge an example starts from: a misdemeanor cannabis possession conviction.
EXAMPLE_CHARGE: dict[str, Any] = {
    "statute": "CR 5-601",
    "description": "Possession of marijuana",
    "substance": "cannabis",
    "cannabis_grams": None,
    "felony": False,
    "domestically_related": False,
    "charge_date": None,
    "disposition": "guilty",
    "disposition_date": "2012-05-10",
    "sentence_completed": None,
    "probation_closed": None,
    "integrity_flag": False,
}


def example_record(example: Example) -> dict[str, Any]:
    """The example as a record in the contract's input shape; the charge under test is
    the first charge of the first case."""

    def case(number: str, charges: tuple[dict[str, Any], ...], court: str) -> dict[str, Any]:
        return {
            "case_number": number,
            "court": court,
            "county": "baltimore_city",
            "charges": [{**EXAMPLE_CHARGE, **c} for c in charges],
        }

    return {
        "as_of": example.as_of,
        "person": {"date_of_birth": "1985-02-28", "pending_case": False, "other_convictions": [], **example.person},
        "cases": [
            case("EX-0", (example.charge, *example.others), example.court),
            *(case(f"EX-{i}", charges, "district") for i, charges in enumerate(example.other_cases, start=1)),
        ],
    }


# Shorthands for the examples below.
_ASSAULT = {"statute": "CR 3-203", "description": "Assault second degree", "substance": None}
_AFTER_DECRIMINALISATION = {"charge_date": "2023-08-01", "disposition_date": "2023-10-01"}
_DUI_PBJ = {
    **_ASSAULT,
    "statute": "TR 21-902(a)",
    "disposition": "pbj",
    "disposition_date": "2005-01-01",
    "sentence_completed": "2006-01-01",
}
_TREATMENT_STET = {**_ASSAULT, "disposition": "stet_treatment", "disposition_date": "2022-01-10"}
_MINOR_TRAFFIC_TICKET = {
    **_ASSAULT,
    "statute": "TR 13-411",
    "description": "Failure to display registration",
    "disposition_date": "2018-03-01",
    "sentence_completed": "2018-03-01",
    "minor_traffic": True,
}
_TREATMENT_PBJ = {**_ASSAULT, "disposition": "pbj_treatment", "disposition_date": "2022-01-10"}
_NCR_DISORDERLY = {"statute": "CR 10-201", "substance": None, "disposition": "ncr", "sentence_completed": None}


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    citation: str | None
    law: str
    effective_from: date | None
    effective_to: date | None  # last day in force; None = still in force
    verified: bool
    last_reviewed: date
    source: str
    # "rule": a legal rule, listed on the public "How we decide" page; "missing_fact": a
    # reason that names a fact the answers did not settle (needs_review).
    kind: str = "rule"
    # The rule's own test cases (every legal rule has at least one). Not part of the
    # rules version: adding a test case does not change a decision.
    examples: tuple[Example, ...] = ()


LAST_REVIEWED = date(2026, 11, 25)

_RULES = [
    # law notes §2.3 and §1.2: since HB 837 took effect on July 1 2023 a cannabis
    # possession conviction may be expunged once the sentence is complete.
    Rule(
        code="cannabis_possession_sentence_complete",
        citation="CP §10-105(a)(12), (c)",
        law=HB_837.title,
        effective_from=HB_837.in_force,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2, §2.3 [S]; Trey H. (Md. Ct. Spec. App. 2022) for the ground [V]",
        examples=(
            Example(
                "charged after decriminalisation, sentence over in 2024",
                "eligible_now",
                "2024-05-01",
                {"charge_date": "2023-02-01", "disposition_date": "2023-05-01", "sentence_completed": "2024-05-01"},
                others=(_NCR_DISORDERLY,),
            ),
            Example(
                "the day the sentence ends",
                "eligible_now",
                "2026-11-25",
                {**_AFTER_DECRIMINALISATION, "sentence_completed": "2026-11-25"},
            ),
        ),
    ),
    Rule(
        code="cannabis_possession_sentence_not_complete",
        citation="CP §10-105(a)(12), (c)",
        law=HB_837.title,
        effective_from=HB_837.in_force,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2, §2.3 [S]",
        examples=(
            Example(
                "the day before the sentence ends",
                "eligible_on_date",
                "2026-11-26",
                {**_AFTER_DECRIMINALISATION, "sentence_completed": "2026-11-26"},
            ),
        ),
    ),
    # Before July 1 2023: 4 years after conviction or completion of the sentence,
    # whichever is later (Trey H., quoting (c)(8)). Used only when as_of is earlier.
    Rule(
        code="cannabis_possession_four_year_wait",
        citation="CP §10-105(a)(12), (c) (before July 1, 2023)",
        law="SB 949 (2016)",
        effective_from=JUSTICE_REINVESTMENT_ACT.in_force,
        effective_to=HB_837.in_force - _ONE_DAY,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2 (Trey H. quoting (c)(8)) [V]; the start date is the Justice "
        "Reinvestment Act's expungement date, the earliest this engine answers for [U]",
        examples=(
            Example(
                "assessed in June 2023: 4 years after the sentence",
                "eligible_now",
                "2023-03-01",
                {"disposition_date": "2018-03-01", "sentence_completed": "2019-03-01"},
                as_of="2023-06-30",
            ),
            Example(
                "assessed in June 2023, leap-day conviction",
                "eligible_on_date",
                "2024-02-29",
                {"disposition_date": "2020-02-29", "sentence_completed": "2020-02-29"},
                as_of="2023-06-30",
            ),
        ),
    ),
    Rule(
        code="pending_case_bar",
        citation="CP §10-105(e)(4)",
        law="CP §10-105 as amended by HB 304 (2015, Ch. 314)",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.3 [V]",
        examples=(
            Example(
                "an open case elsewhere",
                "not_eligible",
                None,
                {**_AFTER_DECRIMINALISATION},
                person={"pending_case": True},
            ),
            Example(
                "a charge still pending in another case",
                "not_eligible",
                None,
                {**_ASSAULT, "disposition": "dismissed"},
                other_cases=(({**_ASSAULT, "disposition": "pending", "disposition_date": None},),),
            ),
        ),
    ),
    Rule(
        code="pardoned_june_2024",
        citation="Executive Clemency Order of June 17, 2024",
        law=PARDON_2024.title,
        effective_from=PARDON_2024.in_force,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §2.4 [V]",
        examples=(
            Example(
                "charged on December 31, 2022",
                "pardoned_then_petition",
                "2023-03-01",
                {"charge_date": "2022-12-31", "disposition_date": "2023-03-01", "sentence_completed": "2023-03-01"},
                others=(_NCR_DISORDERLY,),
            ),
        ),
    ),
    # law notes §2.3 and §7.3: cannabis petitions may carry no fee (REDEEM Act / HB 837
    # cost waivers), but that was not read in statute; we show $30 and ask to confirm.
    Rule(
        code="cannabis_fee_unverified",
        citation="CP §10-105; REDEEM Act (SB 37, 2023)",
        law=REDEEM_ACT.title,
        effective_from=REDEEM_ACT.in_force,
        effective_to=None,
        verified=False,
        last_reviewed=LAST_REVIEWED,
        source="law notes §2.3 'Fees for cannabis petitions' [U], §7.3 [S]",
        examples=(
            Example(
                "every cannabis possession petition",
                "eligible_now",
                "2023-10-01",
                {**_AFTER_DECRIMINALISATION, "sentence_completed": "2023-10-01"},
            ),
        ),
    ),
    Rule(
        code="juvenile_record_different_process",
        citation="CJP §3-8A-27.1",
        law="CJP §3-8A-27.1",
        effective_from=None,
        effective_to=None,
        verified=False,
        last_reviewed=LAST_REVIEWED,
        source="law notes §7.4 [S/U]",
        examples=(
            Example(
                "a juvenile court case",
                "different_process_juvenile",
                None,
                {**_ASSAULT, "disposition": "juvenile_adjudication"},
                court="juvenile",
            ),
        ),
    ),
    # law notes §1.1, §1.2: acquittal, dismissal and nolle prosequi — 3 years after the
    # disposition, or at any time with the General Waiver and Release (CC-DC-CR-078).
    Rule(
        code="favorable_disposition_wait_complete",
        citation="CP §10-105(a)(1), (2), (4); (c)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.1 [V], §1.2 (session law text; Judiciary brochure) [V]",
        examples=(
            Example(
                "acquitted in 2010",
                "eligible_now",
                "2013-03-01",
                {**_ASSAULT, "disposition": "not_guilty", "disposition_date": "2010-03-01"},
            ),
            Example(
                "nolle'd in 2018; a ticket of the same stop, no jail possible, is not part of the unit",
                "eligible_now",
                "2021-03-01",
                {**_ASSAULT, "disposition": "nolle_prosequi", "disposition_date": "2018-03-01"},
                others=(_MINOR_TRAFFIC_TICKET,),
            ),
        ),
    ),
    Rule(
        code="favorable_disposition_waiver_allows_now",
        citation="CP §10-105(c); form CC-DC-CR-078",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2 [V], §7.1 (CC-DC-CR-078) [V]",
        examples=(
            Example(
                "dismissed 17 months earlier, before automatic expungement began",
                "eligible_now_with_waiver",
                "2023-01-01",
                {**_ASSAULT, "disposition": "dismissed", "disposition_date": "2020-01-01"},
                as_of="2021-06-01",
            ),
        ),
    ),
    # law notes §1.2: stet or compromise — not within 3 years; the waiver does not apply.
    Rule(
        code="stet_three_year_wait",
        citation="CP §10-105(a)(5), (c)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2 [V]",
        examples=(
            Example(
                "stet on a leap day: March 1 three years later",
                "eligible_on_date",
                "2027-03-01",
                {**_ASSAULT, "disposition": "stet", "disposition_date": "2024-02-29"},
            ),
        ),
    ),
    # law notes §00: a stet with a drug or alcohol treatment requirement waits for the later
    # of the treatment's completion or 3 years (2004 Md. Laws Ch. 238, §10-105(c)(2)–(3)).
    Rule(
        code="stet_treatment_wait",
        citation="CP §10-105(a)(5), (c)(2)–(3)",
        law="CP §10-105 as amended by 2004 Md. Laws Ch. 238",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=date(2026, 12, 2),
        source="law notes §00 'Treatment dispositions' [V]",
        examples=(
            Example(
                "treatment to finish after the 3 years: from its completion",
                "eligible_on_date",
                "2027-06-01",
                {**_TREATMENT_STET, "sentence_completed": "2027-06-01"},
            ),
            Example(
                "treatment finished within the 3 years: 3 years after the stet",
                "eligible_now",
                "2025-01-10",
                {**_TREATMENT_STET, "sentence_completed": "2023-01-01"},
            ),
        ),
    ),
    # law notes §00: a PBJ with a drug or alcohol treatment requirement, the same: the later
    # of the treatment's completion or 3 years after the PBJ.
    Rule(
        code="pbj_treatment_wait",
        citation="CP §10-105(a)(3), (c)(2)–(3)",
        law="CP §10-105 as amended by 2004 Md. Laws Ch. 238",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=date(2026, 12, 2),
        source="law notes §00 'Treatment dispositions' [V]",
        examples=(
            Example(
                "treatment finished after the 3 years: from its completion",
                "eligible_now",
                "2026-03-01",
                {**_TREATMENT_PBJ, "sentence_completed": "2026-03-01"},
            ),
            Example(
                "treatment still to finish",
                "eligible_on_date",
                "2027-06-01",
                {**_TREATMENT_PBJ, "sentence_completed": "2027-06-01"},
            ),
            Example(
                "treatment finished within the 3 years: 3 years after the PBJ",
                "eligible_now",
                "2025-01-10",
                {**_TREATMENT_PBJ, "sentence_completed": "2023-01-01"},
            ),
        ),
    ),
    # law notes §1.2 and §00 "Other points": a court may grant a CP §10-105 petition at any
    # time for good cause (§10-105(c)(9)), never a CP §10-110 one (In re Vincent S.). A
    # possibility to mention beside a future date, never an outcome.
    Rule(
        code="good_cause_possible",
        citation="CP §10-105(c)(9); In re Vincent S., 255 Md. App. 163 (2022)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=date(2026, 12, 2),
        source="law notes §1.2 (In re Vincent S.) [V], §00 'Other points'",
        examples=(
            Example(
                "a stet of 2025: filed from 2028, or earlier if a judge finds good cause",
                "eligible_on_date",
                "2028-01-10",
                {**_ASSAULT, "disposition": "stet", "disposition_date": "2025-01-10"},
            ),
        ),
    ),
    # law notes §1.5, §2.1 and §00 "hidden, not removed": a civil citation for less than
    # 10 g of cannabis is not a conviction and was not pardoned; CP §10-105.1 names it, and
    # §00 reads it as covering those disposed of since October 1 2021, 3 years after the
    # disposition. Whether a paid citation counts as disposed of favorably is not in the
    # text read: unverified.
    Rule(
        code="civil_citation_automatic_expungement",
        citation="CP §10-105.1(a); CR §5-601(c)(2)(ii)",
        law=CP_10_105_1.title,
        effective_from=CP_10_105_1.in_force,
        effective_to=None,
        verified=False,
        last_reviewed=date(2026, 12, 2),
        source="law notes §1.5 [V] (statute text), §00 'Cannabis records that are hidden, not removed' [S]",
        examples=(
            Example(
                "a citation paid in 2022: removed in 2025, not pardoned",
                "automatically_expunged",
                "2025-03-01",
                {
                    "civil_citation": True,
                    "cannabis_grams": 5.0,
                    "charge_date": "2022-01-15",
                    "disposition_date": "2022-03-01",
                },
                others=(_NCR_DISORDERLY,),
            ),
        ),
    ),
    Rule(
        code="compromise_three_year_wait",
        citation="CP §10-105(a)(6), (c)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2 [V]",
        examples=(
            Example(
                "compromise in 2020",
                "eligible_now",
                "2023-01-01",
                {**_ASSAULT, "disposition": "compromise", "disposition_date": "2020-01-01"},
            ),
        ),
    ),
    # law notes §1.5: cases disposed on or after Oct 1 2021 in which every charge ended in
    # acquittal, dismissal, not guilty or nolle prosequi are expunged 3 years later
    # without a petition. Not retroactive; treatment nolles, stets and PBJs are excluded.
    Rule(
        code="automatic_expungement_favorable_case",
        citation="CP §10-105.1",
        law=f"{CP_10_105_1.title}, for cases disposed of since it took effect",
        effective_from=CP_10_105_1.in_force,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.5 [V]",
        examples=(
            Example(
                "dismissed on the day CP §10-105.1 began",
                "automatically_expunged",
                "2024-10-01",
                {**_ASSAULT, "disposition": "dismissed", "disposition_date": "2021-10-01"},
            ),
        ),
    ),
    Rule(
        code="automatic_expungement_scheduled",
        citation="CP §10-105.1",
        law=f"{CP_10_105_1.title}, for cases disposed of since it took effect",
        effective_from=CP_10_105_1.in_force,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.5 [V]",
        examples=(
            Example(
                "dismissed in 2025: automatic in 2028, or now with the waiver",
                "eligible_now_with_waiver",
                "2028-01-10",
                {**_ASSAULT, "disposition": "dismissed", "disposition_date": "2025-01-10"},
            ),
        ),
    ),
    # law notes §4: one charge that cannot be expunged keeps the whole case (the unit) on
    # the record, except cannabis possession charges (HB 837). Whether the exception also
    # covers cannabis PWID and paraphernalia is unverified, so only possession is exempt.
    Rule(
        code="unit_rule_blocked",
        citation="CP §10-107",
        law=f"CP §10-107; cannabis exception by {HB_837.title}",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §4 [S]; exact statutory wording not read [U]",
        examples=(
            Example(
                "a dismissed charge beside an excluded PBJ",
                "not_eligible",
                None,
                {**_ASSAULT, "disposition": "dismissed", "disposition_date": "2015-01-01"},
                others=({**_ASSAULT, "statute": "CR 3-211", "disposition": "pbj", "disposition_date": "2015-01-01"},),
            ),
        ),
    ),
    Rule(
        code="unit_rule_waits_for_charge",
        citation="CP §10-107",
        law="CP §10-107",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §4 [S]",
        examples=(
            Example(
                "a dismissed charge beside a recent stet",
                "eligible_on_date",
                "2028-01-01",
                {**_ASSAULT, "disposition": "dismissed", "disposition_date": "2015-01-01"},
                others=({**_ASSAULT, "disposition": "stet", "disposition_date": "2025-01-01"},),
            ),
        ),
    ),
    # law notes §1.2: the wait after a nolle prosequi with a treatment requirement is only
    # known from third-party notes ("after the treatment is completed").
    Rule(
        code="nolle_treatment_completion_needed",
        citation="CP §10-105(a)(4), (c)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=False,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2 [U]",
        examples=(
            Example(
                "treatment end not given",
                "needs_review",
                None,
                {**_ASSAULT, "disposition": "nolle_prosequi_treatment", "sentence_completed": None},
            ),
        ),
    ),
    # law notes §2.2, §00: HB 837 (CP §10-112) required the removal, by July 1 2024, of
    # every case in which possession of cannabis was the only charge, charged before
    # July 1 2023, whatever the disposition; it cannot apply to a case still pending on
    # July 1 2024, which the petition routes decide. The rule is [S], the disposition
    # question [U], and paper-only cases may have been missed.
    Rule(
        code="cannabis_only_charge_cleanup",
        citation="CP §10-112 (HB 837, 2022, Ch. 26)",
        law=HB_837.title,
        effective_from=CANNABIS_CLEANUP_DUE,
        effective_to=None,
        verified=False,
        last_reviewed=date(2026, 12, 2),
        source="law notes §2.2 [S], §00 'Cannabis records that are hidden, not removed' [S]; scope [U]",
        examples=(
            Example(
                "the only charge, charged in 2015",
                "automatically_expunged",
                "2024-07-01",
                {"charge_date": "2015-03-02", "disposition_date": "2015-05-10", "sentence_completed": "2015-05-10"},
            ),
        ),
    ),
    # law notes §1.1 (3), §1.2, §1.3: probation before judgment — the later of discharge
    # from probation or 3 years after the PBJ; not for DUI/DWI PBJs (TR §21-902), CR §3-211
    # or CR Title 2 Subtitle 5; barred by a conviction within 3 years of the PBJ, unless
    # the act is no longer a crime.
    Rule(
        code="pbj_wait",
        citation="CP §10-105(a)(3), (c)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2 (Judiciary brochure; §10-105(c)(2)) [V]",
        examples=(
            Example(
                "PBJ in 2015, probation over in 2016",
                "eligible_now",
                "2018-01-01",
                {
                    **_ASSAULT,
                    "disposition": "pbj",
                    "disposition_date": "2015-01-01",
                    "sentence_completed": "2016-01-01",
                },
            ),
            Example(
                "probation ends after the 3 years",
                "eligible_on_date",
                "2027-06-01",
                {
                    **_ASSAULT,
                    "disposition": "pbj",
                    "disposition_date": "2023-01-01",
                    "sentence_completed": "2027-06-01",
                },
            ),
        ),
    ),
    Rule(
        code="pbj_excluded_offense",
        citation="CP §10-105(a)(3)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.1 (3) [V]; the TR §21-902(a)/(b) 15-year route is [U] and left to a person",
        examples=(
            Example(
                "PBJ for DUI under TR §21-902(c)",
                "not_eligible",
                None,
                {**_ASSAULT, "statute": "TR 21-902(c)", "disposition": "pbj", "disposition_date": "2015-01-01"},
            ),
        ),
    ),
    Rule(
        code="pbj_later_conviction_bar",
        citation="CP §10-105(e)(4)",
        law="CP §10-105 as amended by HB 304 (2015, Ch. 314)",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.3 [V]",
        examples=(
            Example(
                "a theft conviction within 3 years of the PBJ",
                "not_eligible",
                None,
                {
                    **_ASSAULT,
                    "disposition": "pbj",
                    "disposition_date": "2015-01-01",
                    "sentence_completed": "2016-01-01",
                },
                other_cases=(({**_ASSAULT, "statute": "CR 7-104", "disposition_date": "2016-01-01"},),),
            ),
        ),
    ),
    # law notes §5.1, §5.2: only the State's Attorney can move to vacate (CP §8-301.1),
    # for new evidence or new information that questions the conviction's integrity.
    Rule(
        code="vacatur_state_motion_only",
        citation="CP §8-301.1",
        law=HB_874_2019.title,
        effective_from=HB_874_2019.in_force,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §5.1 [V]",
        examples=(
            Example(
                "a conviction the State's Attorney doubts",
                "eligible_for_vacatur_motion",
                None,
                {**_ASSAULT, "disposition_date": "2015-01-01", "sentence_completed": None, "integrity_flag": True},
            ),
        ),
    ),
    Rule(
        code="baltimore_2019_vacatur_denied",
        citation="State v. State (Baltimore City coram nobis petitions, denied April 26, 2019)",
        law="—",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §5.2 [S]",
        examples=(
            Example(
                "a doubted Baltimore possession conviction still being served",
                "eligible_for_vacatur_motion",
                None,
                {**_AFTER_DECRIMINALISATION, "sentence_completed": "2027-01-01", "integrity_flag": True},
            ),
        ),
    ),
    # law notes §3: CP §10-110 — listed convictions, from the completion of the sentence
    # (including probation, parole and mandatory supervision), waits by offense class.
    # The REDEEM Act (SB 37, in force Oct 1 2023) shortened them; cannabis PWID has 3 years
    # since July 1 2023 (HB 837). The subsection numbers of the tiers are [U].
    Rule(
        code="conviction_listed_wait",
        citation="CP §10-110(a), (c)",
        law=REDEEM_ACT.title,
        effective_from=REDEEM_ACT.in_force,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §3.1 (casetext list) [V partial], §3.2 tiers [S]",
        examples=(
            Example(
                "misdemeanor theft: 5 years after the sentence",
                "eligible_now",
                "2023-01-01",
                {
                    **_ASSAULT,
                    "statute": "CR 7-104",
                    "disposition_date": "2018-01-01",
                    "sentence_completed": "2018-01-01",
                },
            ),
            Example(
                "second-degree assault: 7 years, the day before",
                "eligible_on_date",
                "2026-11-26",
                {**_ASSAULT, "disposition_date": "2019-11-26", "sentence_completed": "2019-11-26"},
            ),
        ),
    ),
    Rule(
        code="conviction_listed_wait_before_redeem",
        citation="CP §10-110(a), (c) (before October 1, 2023)",
        law=JUSTICE_REINVESTMENT_ACT.title,
        effective_from=JUSTICE_REINVESTMENT_ACT.in_force,
        effective_to=REDEEM_ACT.in_force - _ONE_DAY,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §3.2 (pre-Oct-2023 column) [S], §6",
        examples=(
            Example(
                "a misdemeanor the day before the REDEEM Act: 10 years",
                "eligible_on_date",
                "2025-01-01",
                {
                    **_ASSAULT,
                    "statute": "CR 10-201",
                    "disposition_date": "2015-01-01",
                    "sentence_completed": "2015-01-01",
                },
                as_of="2023-09-30",
            ),
        ),
    ),
    Rule(
        code="cannabis_pwid_three_years",
        citation="CP §10-110(c)",
        law=HB_837.title,
        effective_from=HB_837.in_force,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §2.3 (jdp.com quoting the bill) [S]",
        examples=(
            Example(
                "cannabis PWID, sentence over in 2022",
                "eligible_now",
                "2025-01-01",
                {
                    "statute": "CR 5-602",
                    "felony": True,
                    "disposition_date": "2021-01-01",
                    "sentence_completed": "2022-01-01",
                },
            ),
        ),
    ),
    Rule(
        code="conviction_later_conviction_wait",
        citation="CP §10-110",
        law="CP §10-110",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §3.3 [S]",
        examples=(
            Example(
                "a conviction during the wait, and another during that one's wait",
                "eligible_on_date",
                "2027-03-01",
                {
                    **_ASSAULT,
                    "statute": "CR 7-104",
                    "disposition_date": "2018-01-01",
                    "sentence_completed": "2018-01-01",
                },
                other_cases=(
                    (
                        {
                            **_ASSAULT,
                            "statute": "CR 10-201",
                            "disposition_date": "2020-06-01",
                            "sentence_completed": "2020-06-01",
                        },
                    ),
                    (
                        {
                            **_ASSAULT,
                            "statute": "CR 6-402",
                            "disposition_date": "2022-03-01",
                            "sentence_completed": "2022-03-01",
                        },
                    ),
                ),
            ),
        ),
    ),
    # law notes §1.1 (7), §7.4: a charge begun in adult court and transferred to juvenile
    # court (CP §4-202) is expunged in the adult court. The ground is [V]; the notes give no
    # waiting period for it, so the portal says "now" but asks a lawyer to confirm.
    Rule(
        code="transferred_to_juvenile_no_wait",
        citation="CP §10-105(a)(7)",
        law="CP §10-105; venue by HB 131 (2015)",
        effective_from=None,
        effective_to=None,
        verified=False,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.1 (7) [V], §7.4 [V ground]; no waiting period found in §1.2 [U]",
        examples=(
            Example(
                "moved to juvenile court in 2024",
                "eligible_now",
                "2024-03-01",
                {
                    **_ASSAULT,
                    "disposition": "transferred_to_juvenile",
                    "disposition_date": "2024-03-01",
                    "sentence_completed": None,
                },
            ),
        ),
    ),
    # law notes §1.1 (8), §1.2, §2.4: a full pardon of a person convicted of only one
    # criminal act that is not a crime of violence; petition within 10 years of the
    # pardon (June 17 2034 for the 2024 cannabis pardon). Used for pardoned paraphernalia
    # convictions, which have no cannabis-possession route of their own. The deadline is
    # [S], and whether possession and paraphernalia in one case are "one criminal act" is
    # not settled, so it is marked unverified.
    Rule(
        code="pardon_petition_within_ten_years",
        citation="CP §10-105(a)(8), (c)",
        law=f"CP §10-105; {PARDON_2024.title}",
        effective_from=PARDON_2024.in_force,
        effective_to=None,
        verified=False,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.1 (8) [V], §1.2 deadline [S], §2.4 [V]; 'one criminal act' reading [U]",
        examples=(
            Example(
                "pardoned paraphernalia beside the possession it went with",
                "pardoned_then_petition",
                "2024-06-17",
                {
                    "statute": "CR 5-619",
                    "description": "Paraphernalia",
                    "charge_date": "2019-01-05",
                    "disposition_date": "2019-03-01",
                    "sentence_completed": "2019-03-01",
                },
                others=(
                    {"charge_date": "2019-01-05", "disposition_date": "2019-03-01", "sentence_completed": "2019-03-01"},
                ),
            ),
        ),
    ),
    # law notes §1.1 (9), (10), §1.2: nuisance crimes — 3 years after the conviction or
    # the satisfactory completion of the sentence, whichever is later. Only the nuisance
    # crimes with a state statute can be recognised (NUISANCE_STATUTES); the others are
    # local ordinances and left to a person.
    Rule(
        code="nuisance_conviction_three_years",
        citation="CP §10-105(a)(9), (c)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.1 (9) [V], §1.2 (Judiciary brochure) [V]",
        examples=(
            Example(
                "fare evasion in 2024",
                "eligible_on_date",
                "2027-01-10",
                {
                    **_ASSAULT,
                    "statute": "TR 7-705",
                    "disposition_date": "2024-01-10",
                    "sentence_completed": "2024-01-10",
                },
            ),
        ),
    ),
    Rule(
        code="nuisance_ncr_three_years",
        citation="CP §10-105(a)(10), (c)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=False,
        last_reviewed=date(2026, 12, 2),
        source="law notes §1.1 (10) [S]; §00: 3 years from the finding, which has no sentence [S]",
        examples=(
            Example(
                "not criminally responsible for fare evasion: 3 years from the finding",
                "eligible_now",
                "2023-01-01",
                {
                    **_ASSAULT,
                    "statute": "TR 7-705",
                    "disposition": "ncr",
                    "disposition_date": "2020-01-01",
                    "sentence_completed": None,
                },
            ),
        ),
    ),
    # law notes §1.1 (11), §2.3: a conviction for an act that is no longer a crime, with
    # no waiting period. Possession of a personal-use amount of cannabis (up to 1.5 oz) is
    # legal for adults since July 1 2023. Used only where the (a)(12) route would make the
    # resident wait or leaves the date open; marked unverified because applying it while
    # a sentence is still being served is the portal's reading of [S] sources.
    Rule(
        code="no_longer_a_crime_cannabis",
        citation="CP §10-105(a)(11)",
        law=f"SB 651 (2015, Ch. 374); cannabis legal for adults by {HB_837.title}",
        effective_from=HB_837.in_force,
        effective_to=None,
        verified=False,
        last_reviewed=date(2026, 12, 2),
        source="law notes §1.1 (11) [V/S], §1.2 [S], §2.3 (MVLS newsletter) [S], §00 (up to 2.5 oz) [S]",
        examples=(
            Example(
                "10 grams, still on probation",
                "eligible_now",
                "2023-10-01",
                {**_AFTER_DECRIMINALISATION, "cannabis_grams": 10, "sentence_completed": "2027-10-01"},
            ),
            Example(
                "2 ounces (a civil offense since July 2023), still on probation",
                "eligible_now",
                "2023-10-01",
                {**_AFTER_DECRIMINALISATION, "cannabis_grams": 56.7, "sentence_completed": "2027-10-01"},
            ),
        ),
    ),
    Rule(
        code="no_longer_a_crime_paraphernalia",
        citation="CP §10-105(a)(11)",
        law=f"Cannabis paraphernalia no longer a crime by {HB_837.title}",
        effective_from=HB_837.in_force,
        effective_to=None,
        verified=False,
        last_reviewed=date(2026, 12, 2),
        source="law notes §00 'Cannabis: what is no longer a crime' [S]; CR §5-619 as amended not read [U]",
        examples=(
            Example(
                "cannabis paraphernalia with another charge of the case, after the pardon's deadline rules",
                "eligible_now",
                "2023-07-01",
                {
                    "statute": "CR 5-619",
                    "description": "Paraphernalia",
                    "charge_date": "2023-02-01",
                    "disposition_date": "2023-05-01",
                    "sentence_completed": "2024-05-01",
                },
            ),
        ),
    ),
    # law notes §1.2: a nolle prosequi with a treatment requirement — once the required
    # treatment is complete (third-party notes only, [U]). The treatment's end is read
    # from sentence_completed.
    Rule(
        code="nolle_treatment_complete",
        citation="CP §10-105(a)(4), (c)",
        law="CP §10-105",
        effective_from=None,
        effective_to=None,
        verified=False,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2 [U]",
        examples=(
            Example(
                "treatment finished in 2024",
                "eligible_now",
                "2024-01-01",
                {
                    **_ASSAULT,
                    "disposition": "nolle_prosequi_treatment",
                    "disposition_date": "2023-01-01",
                    "sentence_completed": "2024-01-01",
                },
            ),
        ),
    ),
    # law notes §1.1 (3): a PBJ for driving under the influence under TR §21-902(a) or (b)
    # is reported expungeable 15 years after discharge [U].
    Rule(
        code="pbj_dui_fifteen_years",
        citation="CP §10-105(a)(3), (c)(2)(ii); TR §21-902(a), (b)",
        law=DUI_PBJ_AMENDMENT_2024.title,
        effective_from=DUI_PBJ_AMENDMENT_2024.in_force,
        effective_to=None,
        verified=False,
        last_reviewed=date(2026, 12, 2),
        source="law notes §1.1 (3) [U], §00 'DUI probation before judgment' [S]",
        examples=(
            Example(
                "DUI PBJ under TR §21-902(a), discharged in 2006, no other DUI PBJ",
                "eligible_now",
                "2021-01-01",
                {
                    **_ASSAULT,
                    "statute": "TR 21-902(a)",
                    "disposition": "pbj",
                    "disposition_date": "2005-01-01",
                    "sentence_completed": "2006-01-01",
                },
                person={"other_dui_pbj": False},
            ),
        ),
    ),
    # law notes §00: the DUI PBJ route is barred by any conviction (other than a minor traffic
    # violation) or another DUI PBJ within the 15 years. Read conservatively: a conviction
    # from the PBJ until the 15 years after discharge are over, and any other DUI PBJ on the
    # record, bar it.
    Rule(
        code="pbj_dui_barred",
        citation="CP §10-105(c)(2)(ii)",
        law=DUI_PBJ_AMENDMENT_2024.title,
        effective_from=DUI_PBJ_AMENDMENT_2024.in_force,
        effective_to=None,
        verified=False,
        last_reviewed=date(2026, 12, 2),
        source="law notes §00 'DUI probation before judgment' [S]; the window read conservatively [U]",
        examples=(
            Example(
                "a theft conviction ten years after the DUI PBJ",
                "not_eligible",
                None,
                {**_DUI_PBJ},
                other_cases=(({**_ASSAULT, "statute": "CR 7-104", "disposition_date": "2015-01-01"},),),
            ),
            Example(
                "a second DUI PBJ",
                "not_eligible",
                None,
                {**_DUI_PBJ},
                other_cases=(
                    (
                        {
                            **_DUI_PBJ,
                            "statute": "TR 21-902(b)",
                            "disposition_date": "2012-01-01",
                            "sentence_completed": "2013-01-01",
                        },
                    ),
                ),
            ),
        ),
    ),
    Rule(
        code="pbj_dui_not_yet_in_force",
        citation="CP §10-105(a)(3), (c)(2)(ii)",
        law=DUI_PBJ_AMENDMENT_2024.title,
        effective_from=None,
        effective_to=DUI_PBJ_AMENDMENT_2024.in_force - _ONE_DAY,
        verified=False,
        last_reviewed=date(2026, 12, 2),
        source="law notes §00 'DUI probation before judgment' [S]",
        examples=(
            Example(
                "a DUI PBJ, assessed the day before the route began",
                "not_eligible",
                None,
                {**_DUI_PBJ},
                as_of="2024-09-30",
            ),
        ),
    ),
    Rule(
        code="unsatisfactory_probation_bar",
        citation="In re Abhishek I., 255 Md. App. 464 (2022)",
        law=f"Case law until the {REFORM_ACT_2025.title}",
        effective_from=None,
        effective_to=REFORM_ACT_2025.in_force - _ONE_DAY,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §3.3 [V]; overridden by the 2025 Act [S]",
        examples=(
            Example(
                "probation closed unsatisfactorily, before the 2025 Act",
                "not_eligible",
                None,
                {
                    **_ASSAULT,
                    "statute": "CR 6-402",
                    "disposition_date": "2015-01-01",
                    "sentence_completed": "2015-01-01",
                    "probation_closed": "unsatisfactory",
                },
                as_of="2025-09-30",
            ),
        ),
    ),
    # Reasons that name a missing fact (needs_review). No legal rule of their own, but
    # they cite the provision whose condition could not be settled.
    *(
        Rule(code, citation, "—", None, None, True, LAST_REVIEWED, source, kind="missing_fact")
        for code, citation, source in [
            ("pending_case_unknown", "CP §10-105(e)(4)", "law notes §1.3"),
            ("domestic_finding_unknown", "CP §10-110(c)(3); CP §6-233", "law notes §00 'Domestically related'"),
            ("felony_grade_unknown", "CP §10-110(c)", "law notes §3.2"),
            ("forwarded_circuit_case_unknown", "CP §10-107", "law notes §00 'Who counts as one unit'"),
            ("traffic_penalty_unknown", "CP §10-101; CP §10-107(a)", "law notes §00 'Who counts as one unit'"),
            ("civil_citation_unknown", "CR §5-601(c)(2)(ii)", "law notes §2.1, §00 'hidden, not removed'"),
            ("civil_citation_before_automatic_expungement", "CP §10-105.1(a)", "law notes §1.5 (not retroactive)"),
            ("civil_citation_automatic_scheduled", "CP §10-105.1(a)", "law notes §1.5, §00 [S]"),
            ("treatment_completion_unknown", "CP §10-105(c)(2)–(3)", "law notes §00 'Treatment dispositions'"),
            ("sentence_completion_unknown", "CP §10-105(a)(12), (c)", "law notes §2.3"),
            ("disposition_date_unknown", "CP §10-105(c)", "law notes §1.2"),
            ("substance_unknown", "CR §5-601", "law notes §2.3"),
            ("as_of_before_encoded_rules", None, "—"),
            ("disposition_unknown", "CP §10-105(a)", "law notes §1.1"),
            ("case_still_pending", "CP §10-105(e)(4)", "law notes §1.3"),
            ("unit_rule_depends_on_charge", "CP §10-107", "law notes §4"),
            ("probation_discharge_unknown", "CP §10-105(a)(3), (c)", "law notes §1.2"),
            ("conviction_not_on_encoded_list", "CP §10-110(a)", "law notes §3.1 (the portal's list is partial)"),
            ("conviction_sentence_unknown", "CP §10-110(c)", "law notes §3.2"),
            ("later_conviction_unclear", "CP §10-110", "law notes §3.3"),
            ("pbj_dui_route_unverified", "CP §10-105(a)(3)", "law notes §1.1 (3) [U]"),
            ("other_dui_pbj_unknown", "CP §10-105(c)(2)(ii)", "law notes §00 'DUI probation before judgment'"),
            ("pbj_offense_unknown", "CP §10-105(a)(3)", "law notes §1.1 (3): PBJs excluded or waiting 15 years"),
            ("pbj_later_conviction_unclear", "CP §10-105(e)(4)", "law notes §1.3"),
            ("ncr_not_nuisance", "CP §10-105(a)(10)", "law notes §1.1 (10), §7.1 (072A: 'certain NCR')"),
            ("not_assessed_by_rules", None, "—"),
        ]
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
LEGAL_RULES: list[Rule] = [rule for rule in _RULES if rule.kind == "rule"]


def _jsonable(value: Any) -> Any:
    """What json.dumps cannot write itself, in a stable form."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"cannot version {value!r}")


def _module_data(module: ModuleType) -> dict[str, Any]:
    """A module's data: its public UPPER_CASE names and their values."""
    return {name: value for name, value in vars(module).items() if name.isupper()}


def compute_rules_version() -> str:
    """A digest of all the law the engine decides by: every enactment (laws.py), every
    table (tables.py) and every rule (without its examples: a new test case changes no
    decision)."""
    payload = json.dumps(
        {
            "laws": _module_data(eligibility.laws),
            "tables": _module_data(eligibility.tables),
            "rules": [{**asdict(rule), "examples": None} for rule in RULES.values()],
        },
        default=_jsonable,
        sort_keys=True,
    )
    return f"2026.11.{hashlib.sha256(payload.encode()).hexdigest()[:10]}"


# Stored with every determination, so a decision can be replayed against the rules it used.
# It changes by itself whenever any law, table or rule changes.
RULES_VERSION = compute_rules_version()

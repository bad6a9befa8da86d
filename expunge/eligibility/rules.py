"""The rules the engine knows, as reviewable data.

Each entry is one legal rule with its citation, the law that made it, when it is in
force, whether its text was checked against an official source (False for facts the
law notes tag [U]), and when a person last reviewed it. The engine refers to rules by
`code`; templates turn the codes into plain-language sentences.

Sources: ../shared/law/maryland-law.md (sections named per rule).

Encoded so far: the cannabis-possession-conviction petition (CP §10-105(a)(12)) and the
June 17 2024 pardon flag; acquittal, dismissal and nolle prosequi (3 years or the
General Waiver), stet and compromise (3 years); automatic expungement of all-favorable
cases (CP §10-105.1) and HB 837's clean-up of cannabis-possession-only cases; the
pending-case bar; probation before judgment (CP §10-105(a)(3)); the State's-motion-only
vacatur referral (CP §8-301.1); listed convictions (CP §10-110) with their waits, the
later-conviction rule and the 2025 completion rule, from a partial allow-list; and the
unit rule (CP §10-107) with its cannabis possession exception. Every other charge is
answered `needs_review` with the reason `not_assessed_by_rules`, which says exactly
that: a person must look at it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date


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


LAST_REVIEWED = date(2026, 11, 25)

_RULES = [
    # law notes §2.3 and §1.2: since HB 837 took effect on July 1 2023 a cannabis
    # possession conviction may be expunged once the sentence is complete.
    Rule(
        code="cannabis_possession_sentence_complete",
        citation="CP §10-105(a)(12), (c)",
        law="HB 837 (2022, Ch. 26), in force July 1, 2023",
        effective_from=date(2023, 7, 1),
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2, §2.3 [S]; Trey H. (Md. Ct. Spec. App. 2022) for the ground [V]",
    ),
    Rule(
        code="cannabis_possession_sentence_not_complete",
        citation="CP §10-105(a)(12), (c)",
        law="HB 837 (2022, Ch. 26), in force July 1, 2023",
        effective_from=date(2023, 7, 1),
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2, §2.3 [S]",
    ),
    # Before July 1 2023: 4 years after conviction or completion of the sentence,
    # whichever is later (Trey H., quoting (c)(8)). Used only when as_of is earlier.
    Rule(
        code="cannabis_possession_four_year_wait",
        citation="CP §10-105(a)(12), (c) (before July 1, 2023)",
        law="SB 949 (2016)",
        effective_from=date(2017, 10, 1),
        effective_to=date(2023, 6, 30),
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.2 (Trey H. quoting (c)(8)) [V]; the start date is the Justice "
        "Reinvestment Act's expungement date, the earliest this engine answers for [U]",
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
    ),
    Rule(
        code="pardoned_june_2024",
        citation="Executive Clemency Order of June 17, 2024",
        law="Governor's cannabis pardon, June 17, 2024",
        effective_from=date(2024, 6, 17),
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §2.4 [V]",
    ),
    # law notes §2.3 and §7.3: cannabis petitions may carry no fee (REDEEM Act / HB 837
    # cost waivers), but that was not read in statute; we show $30 and ask to confirm.
    Rule(
        code="cannabis_fee_unverified",
        citation="CP §10-105; REDEEM Act (SB 37, 2023)",
        law="REDEEM Act (SB 37, 2023)",
        effective_from=date(2023, 10, 1),
        effective_to=None,
        verified=False,
        last_reviewed=LAST_REVIEWED,
        source="law notes §2.3 'Fees for cannabis petitions' [U], §7.3 [S]",
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
    ),
    # law notes §1.5: cases disposed on or after Oct 1 2021 in which every charge ended in
    # acquittal, dismissal, not guilty or nolle prosequi are expunged 3 years later
    # without a petition. Not retroactive; treatment nolles, stets and PBJs are excluded.
    Rule(
        code="automatic_expungement_favorable_case",
        citation="CP §10-105.1",
        law="CP §10-105.1 (2021), for cases disposed on or after October 1, 2021",
        effective_from=date(2021, 10, 1),
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.5 [V]",
    ),
    Rule(
        code="automatic_expungement_scheduled",
        citation="CP §10-105.1",
        law="CP §10-105.1 (2021), for cases disposed on or after October 1, 2021",
        effective_from=date(2021, 10, 1),
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §1.5 [V]",
    ),
    # law notes §4: one charge that cannot be expunged keeps the whole case (the unit) on
    # the record, except cannabis possession charges (HB 837). Whether the exception also
    # covers cannabis PWID and paraphernalia is unverified, so only possession is exempt.
    Rule(
        code="unit_rule_blocked",
        citation="CP §10-107",
        law="CP §10-107; cannabis exception by HB 837 (2022, Ch. 26)",
        effective_from=None,
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §4 [S]; exact statutory wording not read [U]",
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
    ),
    # law notes §2.2: HB 837 required DPSCS and the Judiciary to remove, by July 1 2024,
    # every case in which possession of cannabis was the only charge, charged before
    # July 1 2023, whatever the disposition. The rule is [S]; its statutory section and
    # the disposition question are [U], and paper-only cases may have been missed.
    Rule(
        code="cannabis_only_charge_cleanup",
        citation="HB 837 (2022, Ch. 26) (section number unverified)",
        law="HB 837 (2022, Ch. 26)",
        effective_from=date(2024, 7, 1),
        effective_to=None,
        verified=False,
        last_reviewed=LAST_REVIEWED,
        source="law notes §2.2 [S]; statutory section (CP §10-112?) and scope [U]",
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
    ),
    # law notes §5.1, §5.2: only the State's Attorney can move to vacate (CP §8-301.1),
    # for new evidence or new information that questions the conviction's integrity.
    Rule(
        code="vacatur_state_motion_only",
        citation="CP §8-301.1",
        law="HB 874 (2019), in force October 1, 2019",
        effective_from=date(2019, 10, 1),
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §5.1 [V]",
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
    ),
    # law notes §3: CP §10-110 — listed convictions, from the completion of the sentence
    # (including probation, parole and mandatory supervision), waits by offense class.
    # The REDEEM Act (SB 37, in force Oct 1 2023) shortened them; cannabis PWID has 3 years
    # since July 1 2023 (HB 837). The subsection numbers of the tiers are [U].
    Rule(
        code="conviction_listed_wait",
        citation="CP §10-110(a), (c)",
        law="REDEEM Act (SB 37, 2023), in force October 1, 2023",
        effective_from=date(2023, 10, 1),
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §3.1 (casetext list) [V partial], §3.2 tiers [S]",
    ),
    Rule(
        code="conviction_listed_wait_before_redeem",
        citation="CP §10-110(a), (c) (before October 1, 2023)",
        law="Justice Reinvestment Act (SB 1005, 2016, Ch. 515)",
        effective_from=date(2017, 10, 1),
        effective_to=date(2023, 9, 30),
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §3.2 (pre-Oct-2023 column) [S], §6",
    ),
    Rule(
        code="cannabis_pwid_three_years",
        citation="CP §10-110(c)",
        law="HB 837 (2022, Ch. 26), in force July 1, 2023",
        effective_from=date(2023, 7, 1),
        effective_to=None,
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §2.3 (jdp.com quoting the bill) [S]",
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
    ),
    Rule(
        code="unsatisfactory_probation_bar",
        citation="In re Abhishek I., 255 Md. App. 464 (2022)",
        law="Case law until the Expungement Reform Act of 2025 (in force October 1, 2025)",
        effective_from=None,
        effective_to=date(2025, 9, 30),
        verified=True,
        last_reviewed=LAST_REVIEWED,
        source="law notes §3.3 [V]; overridden by the 2025 Act [S]",
    ),
    # Reasons that name a missing fact (needs_review). No legal rule of their own, but
    # they cite the provision whose condition could not be settled.
    *(
        Rule(code, citation, "—", None, None, True, LAST_REVIEWED, source, kind="missing_fact")
        for code, citation, source in [
            ("pending_case_unknown", "CP §10-105(e)(4)", "law notes §1.3"),
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
            ("pbj_later_conviction_unclear", "CP §10-105(e)(4)", "law notes §1.3"),
            ("not_assessed_by_rules", None, "—"),
        ]
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
LEGAL_RULES: list[Rule] = [rule for rule in _RULES if rule.kind == "rule"]

# Forms and fees for the remedies this slice produces (law notes §7.1, §7.3): $30 per
# case for convictions; no fee for acquittal, dismissal, nolle prosequi, stet or PBJ.
PETITION_CONVICTION_FORM = "CC-DC-CR-072B"
CONVICTION_PETITION_FEE_USD = 30
PETITION_NON_CONVICTION_FORM = "CC-DC-CR-072A"
NON_CONVICTION_PETITION_FEE_USD = 0
GENERAL_WAIVER_FORM = "CC-DC-CR-078"
# Waiting periods in years (law notes §1.2, §1.5).
FAVORABLE_WAIT_YEARS = 3
STET_WAIT_YEARS = 3
AUTOMATIC_EXPUNGEMENT_YEARS = 3
AUTOMATIC_EXPUNGEMENT_FROM = date(2021, 10, 1)
# HB 837's clean-up of cannabis-possession-only cases (law notes §2.2).
CANNABIS_CLEANUP_CHARGED_BEFORE = date(2023, 7, 1)
CANNABIS_CLEANUP_DUE = date(2024, 7, 1)
# CP §10-110 allow-list, as far as the law notes list it (§3.1): normalised statute prefix
# → offense class. Anything not here is left to a person (needs_review), never refused:
# the full list has about 100 misdemeanors the notes do not spell out.
CONVICTION_CLASSES = {
    "CR5-601": "misdemeanor",  # not involving cannabis (cannabis possession has its own route)
    "CR5-602(B)(1)": "misdemeanor",
    "CR5-618": "misdemeanor",
    "CR5-619": "misdemeanor",  # paraphernalia
    "CR5-620": "misdemeanor",
    "CR5-703": "misdemeanor",
    "CR5-708": "misdemeanor",
    "CR5-902": "misdemeanor",
    "CR6-402": "misdemeanor",  # trespass
    "CR10-201": "misdemeanor",  # disorderly conduct
    "CR3-203": "assault",  # assault second degree
    "CR5-602": "felony",  # PWID (cannabis PWID: 3 years)
    "CR6-204": "felony",  # burglary third degree
    "CR6-202": "burglary_theft",  # burglary first degree
    "CR6-203": "burglary_theft",  # burglary second degree
    "CR7-104": "theft",  # misdemeanor or felony by amount
}
# Years from the completion of the sentence, by class: since the REDEEM Act, and before it.
CONVICTION_WAITS = {"misdemeanor": 5, "assault": 7, "felony": 7, "burglary_theft": 10, "domestic": 15}
CONVICTION_WAITS_BEFORE_REDEEM = {"misdemeanor": 10, "assault": 15, "felony": 15, "burglary_theft": 15, "domestic": 15}
CANNABIS_PWID_WAIT = 3
REDEEM_IN_FORCE = date(2023, 10, 1)
CONVICTION_RULES_FROM = date(2017, 10, 1)
REFORM_ACT_2025_IN_FORCE = date(2025, 10, 1)
PETITION_CONVICTION_GROUND = "CP §10-110"
PBJ_WAIT_YEARS = 3
PBJ_CONVICTION_WINDOW_YEARS = 3
# Personal-use amount legal for adults since July 1 2023 (1.5 oz), for the PBJ bar's
# "no longer a crime" exception (law notes §2.1, §2.3).
CANNABIS_PERSONAL_USE_GRAMS = 42.5

# The June 17 2024 pardon covered charges brought before decriminalisation (law notes §2.4).
PARDON_CHARGED_BEFORE = date(2023, 1, 1)


def _digest() -> str:
    payload = json.dumps(
        [asdict(rule) for rule in _RULES]
        + [PETITION_CONVICTION_FORM, CONVICTION_PETITION_FEE_USD, PARDON_CHARGED_BEFORE]
        + [PETITION_NON_CONVICTION_FORM, NON_CONVICTION_PETITION_FEE_USD, GENERAL_WAIVER_FORM]
        + [FAVORABLE_WAIT_YEARS, STET_WAIT_YEARS, AUTOMATIC_EXPUNGEMENT_YEARS, AUTOMATIC_EXPUNGEMENT_FROM]
        + [CANNABIS_CLEANUP_CHARGED_BEFORE, CANNABIS_CLEANUP_DUE]
        + [PBJ_WAIT_YEARS, PBJ_CONVICTION_WINDOW_YEARS, CANNABIS_PERSONAL_USE_GRAMS]
        + [CONVICTION_CLASSES, CONVICTION_WAITS, CONVICTION_WAITS_BEFORE_REDEEM, CANNABIS_PWID_WAIT]
        + [REDEEM_IN_FORCE, CONVICTION_RULES_FROM, REFORM_ACT_2025_IN_FORCE],
        default=str,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:10]


# Stored with every determination, so a decision can be replayed against the rules it used.
# It changes by itself whenever any rule above changes.
RULES_VERSION = f"2026.11.{_digest()}"

"""Every table and number the engine's decisions use: forms and fees, the grounds of
CP §10-105(a), waiting periods, the statutes each route recognises and the exclusions.
The engine holds no law of its own: a lawyer reviews it here, and RULES_VERSION
(rules.py) is computed over this module, laws.py and the rules as a whole, so changing
anything here changes the version stored with every decision.

Statutes are written as the engine compares them: upper case, without spaces or "§"
("CR 5-601(a)" → "CR5-601(A)"); a statute matches an entry that is itself or one of its
subsections (CR5-619 matches CR5-619(A), not CR5-6190).

Sources: ../shared/law/maryland-law.md (sections named per table).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eligibility.laws import HB_837, REDEEM_ACT

# --- Forms and fees (law notes §00 'which forms', §7.1, §7.3) ------------------------------
# $30 per case for convictions, cannabis convictions included; no fee for acquittal,
# dismissal, nolle prosequi, stet or PBJ. The Judiciary's forms [S]: 072A for non-conviction
# dispositions after the wait; 072B for convictions (CP §10-110, nuisance crimes, the pardon
# ground); 072C for an early petition after an acquittal, dismissal or nolle prosequi, with
# the General Waiver and Release printed on the same sheet; 072D for cannabis records
# (possession convictions under (a)(11) and (a)(12), cannabis PWID).
PETITION_CONVICTION_FORM = "CC-DC-CR-072B"
CONVICTION_PETITION_FEE_USD = 30
PETITION_NON_CONVICTION_FORM = "CC-DC-CR-072A"
NON_CONVICTION_PETITION_FEE_USD = 0
PETITION_EARLY_FORM = "CC-DC-CR-072C"
PETITION_CANNABIS_FORM = "CC-DC-CR-072D"
GENERAL_WAIVER_FORM = "CC-DC-CR-078"

# --- Grounds (law notes §1.1) --------------------------------------------------------------
GROUND_ACQUITTAL = "CP §10-105(a)(1)"
GROUND_DISMISSAL = "CP §10-105(a)(2)"
GROUND_PBJ = "CP §10-105(a)(3)"
GROUND_NOLLE_PROSEQUI = "CP §10-105(a)(4)"
GROUND_STET = "CP §10-105(a)(5)"
GROUND_COMPROMISE = "CP §10-105(a)(6)"
GROUND_TRANSFER_TO_JUVENILE = "CP §10-105(a)(7)"
GROUND_PARDON = "CP §10-105(a)(8)"
GROUND_NUISANCE = "CP §10-105(a)(9)"
GROUND_NUISANCE_NCR = "CP §10-105(a)(10)"
GROUND_NO_LONGER_A_CRIME = "CP §10-105(a)(11)"
GROUND_CANNABIS_POSSESSION = "CP §10-105(a)(12)"
GROUND_LISTED_CONVICTION = "CP §10-110"
# The grounds filed on the conviction petition (form 072B, with the conviction fee); every
# other CP §10-105 ground is filed on form 072A without a fee (law notes §7.1, §7.3).
CONVICTION_PETITION_GROUNDS = frozenset(
    {GROUND_PARDON, GROUND_NUISANCE, GROUND_NO_LONGER_A_CRIME, GROUND_CANNABIS_POSSESSION, GROUND_LISTED_CONVICTION}
)
# The grounds filed on the cannabis petition (form 072D, with the conviction fee): the engine
# reaches (a)(11) only for cannabis (possession up to 2.5 oz, paraphernalia). A cannabis
# PWID conviction under CP §10-110 goes on it too (engine: the reason cannabis_pwid_three_years).
CANNABIS_PETITION_GROUNDS = frozenset({GROUND_NO_LONGER_A_CRIME, GROUND_CANNABIS_POSSESSION})
# Not a petition to the adult court: juvenile records (law notes §7.4), and the State's
# Attorney's motion to vacate a conviction (law notes §5.1).
GROUND_JUVENILE = "CJP §3-8A-27.1"
GROUND_VACATUR = "CP §8-301.1"

# --- Acquittal, dismissal, nolle prosequi, stet and compromise (law notes §1.1, §1.2) ------
FAVORABLE_WAIT_YEARS = 3
STET_WAIT_YEARS = 3


@dataclass(frozen=True, slots=True)
class NonConvictionGround:
    """How a charge that did not end in a conviction is expunged by petition."""

    ground: str
    wait_years: int  # counted from the disposition
    waiver: bool  # may be filed before the wait is over with the General Waiver and Release
    reason: str  # the rule applied (and, without the waiver, the rule the resident waits under)


# Acquittal, dismissal and nolle prosequi may be filed early with the General Waiver and
# Release; stet and compromise may not (law notes §1.2). A stet with a treatment
# requirement is not here: it waits for the treatment too (TREATMENT_STET_WAIT_YEARS).
NON_CONVICTION_GROUNDS = {
    "not_guilty": NonConvictionGround(
        GROUND_ACQUITTAL, FAVORABLE_WAIT_YEARS, True, "favorable_disposition_wait_complete"
    ),
    "dismissed": NonConvictionGround(
        GROUND_DISMISSAL, FAVORABLE_WAIT_YEARS, True, "favorable_disposition_wait_complete"
    ),
    "nolle_prosequi": NonConvictionGround(
        GROUND_NOLLE_PROSEQUI, FAVORABLE_WAIT_YEARS, True, "favorable_disposition_wait_complete"
    ),
    "stet": NonConvictionGround(GROUND_STET, STET_WAIT_YEARS, False, "stet_three_year_wait"),
    "compromise": NonConvictionGround(GROUND_COMPROMISE, STET_WAIT_YEARS, False, "compromise_three_year_wait"),
}

# A stet with a drug or alcohol treatment requirement: not before the later of the
# treatment's completion or 3 years after the stet (2004 Md. Laws Ch. 238,
# CP §10-105(c)(2)–(3); law notes §00).
TREATMENT_STET_WAIT_YEARS = 3

# --- Automatic expungement (CP §10-105.1, law notes §1.5) ---------------------------------
# The all-favorable dispositions (a treatment nolle is not one of them), 3 years after the
# last disposition of the case, for cases disposed of since the law took effect.
AUTOMATIC_EXPUNGEMENT_DISPOSITIONS = frozenset({"not_guilty", "dismissed", "nolle_prosequi"})
AUTOMATIC_EXPUNGEMENT_YEARS = 3

# --- Cannabis (law notes §2.1–§2.4) -----------------------------------------------------
POSSESSION_STATUTE = "CR5-601"  # possession of a controlled dangerous substance
PWID_STATUTE = "CR5-602"  # possession with intent to distribute
PARAPHERNALIA_STATUTE = "CR5-619"
# Before HB 837: 4 years after the conviction or the end of the sentence, whichever is later.
CANNABIS_POSSESSION_WAIT_BEFORE_HB837 = 4
# Since July 1 2023 possession of up to 1.5 oz is legal for adults and more than 1.5 up to
# 2.5 oz a civil offense only: a conviction for up to 2.5 oz (70.87 g) is for an act that
# is no longer a crime, and so is one for cannabis paraphernalia (law notes §00) [S].
CANNABIS_NO_LONGER_A_CRIME_GRAMS = 70.87
# HB 837's clean-up of cases whose only charge was cannabis possession, charged before
# cannabis became legal: due to be removed by this day (law notes §2.2). It cannot apply to a
# case still pending on that day: one decided that day or later goes by the petition routes
# (CP §10-112; law notes §00).
CANNABIS_CLEANUP_CHARGED_BEFORE = HB_837.in_force
CANNABIS_CLEANUP_DUE = date(2024, 7, 1)
# The June 17 2024 pardon: misdemeanor possession (and paraphernalia tied to it) that ended
# in a conviction or a PBJ, charged before decriminalisation (law notes §2.4); a pardon
# petition under (a)(8) must be filed within 10 years of the pardon (§1.2).
PARDONED_DISPOSITIONS = frozenset({"guilty", "pbj", "pbj_treatment"})
PARDON_CHARGED_BEFORE = date(2023, 1, 1)
PARDON_PETITION_YEARS = 10

# --- Probation before judgment (CP §10-105(a)(3), law notes §1.1 (3), §1.2, §1.3) --------
# The later of discharge from probation or 3 years after the PBJ; barred by a conviction
# within 3 years after it, unless the act is no longer a crime or the conviction is for a
# minor traffic violation.
PBJ_WAIT_YEARS = 3
PBJ_CONVICTION_WINDOW_YEARS = 3
# A PBJ with a drug or alcohol treatment requirement is a PBJ: the later of the treatment's
# completion or 3 years after it (2004 Md. Laws Ch. 238, CP §10-105(c)(2)–(3); law notes §00).
PBJ_DISPOSITIONS = frozenset({"pbj", "pbj_treatment"})
# Not for CR §3-211 or CR Title 2 Subtitle 5 (every section CR §2-5xx).
PBJ_EXCLUDED_STATUTES = ("CR3-211",)
PBJ_EXCLUDED_SECTION_PREFIXES = ("CR2-5",)
# Driving under the influence (TR §21-902): a PBJ under (c), (d), (h) or (i) cannot be
# expunged; one under (a) or (b) can, 15 years after discharge (third-party notes only,
# [U]); one whose subsection is not known goes to a person.
DUI_STATUTE = "TR21-902"
DUI_PBJ_EXCLUDED_SUBSECTIONS = frozenset({"(C)", "(D)", "(H)", "(I)"})
DUI_PBJ_FIFTEEN_YEAR_SUBSECTIONS = frozenset({"(A)", "(B)"})
DUI_PBJ_WAIT_YEARS = 15
# A conviction under the Transportation Article may be a minor traffic violation (no jail
# term possible, CP §10-101), which does not bar a PBJ and is not part of a unit (CP §10-107;
# law notes §00). Whether a charge was one is a fact of the record (`minor_traffic`); where
# it is not known, a person decides.
TRAFFIC_ARTICLE = "TR"
# Violations that carry a jail term, so never minor whatever the record says: TR §27-101(c)
# (fine or up to 2 months), as far as the copy read lists them (2014 text, reproduced at
# 410law.com "Vehicle law misdemeanor penalties") [S]; and driving under the influence (TR
# §21-902), a crime the DUI PBJ route itself distinguishes from minor violations (law notes §00).
TRAFFIC_JAILABLE = frozenset(
    {
        "TR12-301(E)",
        "TR12-301(F)",
        "TR14-102",
        "TR14-104",
        "TR14-107",
        "TR14-110",
        "TR15-312",
        "TR15-313",
        "TR15-314",
        "TR15-411",
        "TR16-113(J)",
        # The copy lists TR §16-301 except (a) and (b), and TR §16-303(h); the rest of each is
        # taken as jailable too, the cautious side: a jailable charge is never left out of a unit.
        "TR16-301",
        "TR16-303",
        "TR21-902",
    }
)

# --- Civil citations (law notes §2.1, §1.5, §00) -----------------------------------------
# From October 1 2014 possession of less than 10 g of cannabis was a civil offense (CR
# §5-601(c)(2)(ii)): a citation, not a conviction, and never pardoned. A charge of cannabis
# possession in that time whose amount is not known to be 10 g or more may have been one.
CIVIL_CITATION_FROM = date(2014, 10, 1)
CIVIL_CITATION_UNTIL = HB_837.in_force  # charged before this day
CIVIL_CITATION_MAX_GRAMS = 10.0  # the journey's "under 10 g" is stored as 10.0
# Records of a civil citation disposed of since CP §10-105.1 took effect are expunged 3 years
# after the disposition, without a petition (CP §10-105.1(a); law notes §1.5).
CIVIL_CITATION_AUTOMATIC_YEARS = 3

# --- Nuisance crimes (CP §10-105(a)(9), (10), law notes §1.1 (9), §00) ------------------
# Transit fare evasion and the other acts of TR §7-705, except carrying a weapon or other
# dangerous article (TR §7-705(b)(6)), and obstructing free passage (CR §10-201(c)(1); the
# rest of CR §10-201, disorderly conduct, is a listed conviction). Public urination,
# panhandling, drinking in public, sleeping in park structures, loitering and vagrancy are
# local ordinances with no state statute to recognise; those are left to a person.
NUISANCE_STATUTES = frozenset({"TR7-705", "CR10-201(C)(1)"})
NUISANCE_EXCLUDED = frozenset({"TR7-705(B)(6)"})
NUISANCE_WAIT_YEARS = 3

# --- Listed convictions (CP §10-110, law notes §3) ----------------------------------------
# The allow-list: normalised statute → offense class. Anything not here is left to a person
# (needs_review), never refused.
# Source of the misdemeanors, CP §10-110(a)(1): the statute's text as published at
# mgaleg.maryland.gov (Statutes Text, gcp §10-110), in the stored copy read on December 2
# 2026, items (i)–(xviii); casetext's copy, "current with changes from the 2024 Legislative
# Session", reads the same. Encoded: its Criminal Law Article entries, items (vii)–(xv) [V].
# Not encoded: items (i)–(vi) and (xvi)–(xviii), of other articles, whose article codes the
# records the portal reads have not been seen to use; the items after (xviii) and the
# felonies of (a)(2), which the copy read does not reach (the felonies below are from the law
# notes §3.1 [S]). Each of those stays with a person.
# The Criminal Law Article misdemeanors of CP §10-110(a)(1) read from the statute's text
# (above), by item, beyond those the law notes already gave.
CONVICTION_MISDEMEANORS_FROM_TEXT = {
    "(vii)": ("CR3-808",),
    "(ix)": (
        "CR6-105",
        "CR6-108",
        "CR6-206",
        "CR6-303",
        "CR6-306",
        "CR6-307",
        "CR6-503",
    ),
    "(x)": (
        "CR7-203",
        "CR7-205",
        "CR7-304",
        "CR7-308",
        "CR7-309",
    ),
    "(xi)": (
        "CR8-103",
        "CR8-206",
        "CR8-401",
        "CR8-402",
        "CR8-404",
        "CR8-406",
        "CR8-408",
        "CR8-503",
        "CR8-521",
        "CR8-523",
        "CR8-904",
    ),
    "(xii)": (
        "CR9-204",
        "CR9-205",
        "CR9-503",
        "CR9-506",
    ),
    "(xiii)": (
        "CR10-110",
        "CR10-402",
        "CR10-404",
        "CR10-502",
    ),
    "(xiv)": (
        "CR11-303",
        "CR11-306",
        "CR11-307",
    ),
    "(xv)": (
        "CR12-102",
        "CR12-103",
        "CR12-104",
        "CR12-105",
        "CR12-109",
        "CR12-203",
        "CR12-204",
        "CR12-205",
        "CR12-302",
    ),
}
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
    "CR6-301": "misdemeanor",  # malicious destruction of property, added by the REDEEM Act [S]
    "CR6-205": "misdemeanor",  # burglary fourth degree (law notes §00; CP §10-110(a)(1)(ix))
    **{statute: "misdemeanor" for item in CONVICTION_MISDEMEANORS_FROM_TEXT.values() for statute in item},
}
# Entries added to the list later than the list itself, with the day they were added.
CONVICTION_LISTED_FROM = {"CR6-301": REDEEM_ACT.in_force}
# Entries listed as misdemeanors only ("a misdemeanor that is a violation of", CP
# §10-110(a)(1)): a felony grade is left to a person; an unknown one gets the answer under
# each grade. Those read from the statute's text are all of this kind.
CONVICTION_MISDEMEANOR_ONLY = frozenset(
    {"CR6-301"} | {statute for item in CONVICTION_MISDEMEANORS_FROM_TEXT.values() for statute in item}
)
# Years from the completion of the sentence, by class: since the REDEEM Act, and before it.
# Theft is a misdemeanor when it is known not to be a felony, else burglary_theft; a crime
# not known not to be domestically related takes the domestic wait.
CONVICTION_WAITS = {"misdemeanor": 5, "assault": 7, "felony": 7, "burglary_theft": 10, "domestic": 15}
CONVICTION_WAITS_BEFORE_REDEEM = {"misdemeanor": 10, "assault": 15, "felony": 15, "burglary_theft": 15, "domestic": 15}
# Cannabis PWID since HB 837 (law notes §2.3).
CANNABIS_PWID_WAIT = 3

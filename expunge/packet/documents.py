"""The petition packet: which documents a submission gets, what each one says, and
rendering them (one at a time, or all together as one packet PDF).

Everything the court papers print is decided here, in the field maps `petition_fields`,
`waiver_fields`, `referral_fields` and `cover_fields`: review them here. They read a
`PacketInput` — the petitioner's details, the contract record the engine assessed and its
result — so that the same code serves the resident's answers today and staff-corrected
records later.

Court papers are filed in English whatever language the resident used: their words are
English on purpose and not marked for translation. The cover sheet is the resident's own
instructions and is written in the resident's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eligibility.contract import iso_date
from eligibility.engine import add_years, is_cr_5_601, is_paraphernalia, minor_traffic, no_longer_a_crime
from eligibility.rules import RULES
from eligibility.tables import (
    CONVICTION_PETITION_FEE_USD,
    GENERAL_WAIVER_FORM,
    PBJ_CONVICTION_WINDOW_YEARS,
    PETITION_CONVICTION_FORM,
    PETITION_EARLY_FORM,
    PETITION_NON_CONVICTION_FORM,
)
from expunge.choices import COUNTY_NAMES
from expunge.packet import courts
from expunge.packet.court_forms import COVER_SHEET, REFERRAL_LETTER, form_version
from expunge.records import effective_record, month_only_charge_dates, petitioner
from expunge.selectors import help_for_residents

PETITION = "petition"
WAIVER = "waiver"
REFERRAL = "referral"
COVER = "cover"
PACKET = "packet"

DISPOSITION_WORDS = {
    "guilty": "Guilty",
    "pbj": "Probation before judgment",
    "pbj_treatment": "Probation before judgment with a treatment requirement",
    "not_guilty": "Not guilty",
    "dismissed": "Dismissed",
    "nolle_prosequi": "Nolle prosequi",
    "nolle_prosequi_treatment": "Nolle prosequi with a requirement of treatment",
    "stet": "Stet",
    "stet_treatment": "Stet with a requirement of treatment",
    "compromise": "Compromise",
    "transferred_to_juvenile": "Transferred to juvenile court",
    "ncr": "Not criminally responsible",
    "juvenile_adjudication": "Juvenile adjudication",
    "pending": "Pending",
    "unknown": "Unknown",
}

# What the petition states for each ground (CP §10-105(a) and §10-110), in the order of
# the statute. A petition with charges on several grounds states each one.
GROUND_STATEMENTS = {
    "CP §10-105(a)(1)": "I was acquitted of the charge(s) listed above.",
    "CP §10-105(a)(2)": "The charge(s) listed above were dismissed.",
    "CP §10-105(a)(3)": (
        "I received probation before judgment for the charge(s) listed above and have been discharged from "
        "probation. I have not been convicted of any crime, other than a minor traffic violation, within 3 years "
        "after the probation before judgment."
    ),
    "CP §10-105(a)(4)": "A nolle prosequi was entered on the charge(s) listed above.",
    "CP §10-105(a)(5)": (
        "The charge(s) listed above were placed on the stet docket, and more than 3 years have passed since then."
    ),
    "CP §10-105(a)(6)": (
        "The case was compromised under Criminal Law Article § 3-207, and more than 3 years have passed since then."
    ),
    "CP §10-105(a)(7)": (
        "The charge(s) listed above were transferred to the juvenile court under Criminal Procedure Article § 4-202."
    ),
    "CP §10-105(a)(8)": (
        "I was convicted of only one criminal act, which was not a crime of violence, and I was granted a full and "
        "unconditional pardon by the Governor (Executive Clemency Order of June 17, 2024). This petition is filed "
        "within 10 years after the pardon was signed."
    ),
    "CP §10-105(a)(9)": (
        "I was convicted of the nuisance offense(s) listed above, and more than 3 years have passed since the "
        "conviction or the satisfactory completion of the sentence, including probation, whichever is later."
    ),
    "CP §10-105(a)(10)": (
        "I was found not criminally responsible for the nuisance offense(s) listed above, and more than 3 years have "
        "passed since then."
    ),
    "CP §10-105(a)(11)": (
        "I was convicted of the offense(s) listed above, and the act on which the conviction was based is no "
        "longer a crime."
    ),
    "CP §10-105(a)(12)": (
        "I was convicted of possession of cannabis under Criminal Law Article § 5-601, and I have "
        "completed the sentence imposed for that conviction, including any probation, parole or "
        "mandatory supervision."
    ),
    "CP §10-110": (
        "I was convicted of the offense(s) listed above, which may be expunged under Criminal Procedure Article "
        "§ 10-110, and the required time has passed since I completed the sentence(s), including probation, parole "
        "or mandatory supervision."
    ),
}
_GROUND_ORDER = list(GROUND_STATEMENTS)

# The dispositions each ground rests on: a ground stated beside a charge whose recorded
# disposition is another (a staff override on facts not corrected) is left for the
# petitioner to tick.
GROUND_DISPOSITIONS = {
    "CP §10-105(a)(1)": {"not_guilty"},
    "CP §10-105(a)(2)": {"dismissed"},
    "CP §10-105(a)(3)": {"pbj", "pbj_treatment"},
    "CP §10-105(a)(4)": {"nolle_prosequi", "nolle_prosequi_treatment"},
    "CP §10-105(a)(5)": {"stet", "stet_treatment"},
    "CP §10-105(a)(6)": {"compromise"},
    "CP §10-105(a)(7)": {"transferred_to_juvenile"},
    "CP §10-105(a)(8)": {"guilty"},
    "CP §10-105(a)(9)": {"guilty"},
    "CP §10-105(a)(10)": {"ncr"},
    "CP §10-105(a)(11)": {"guilty"},
    "CP §10-105(a)(12)": {"guilty"},
    "CP §10-110": {"guilty"},
}
# The grounds that rest on a completed sentence: the petition may print the day it ended.
SENTENCE_GROUNDS = frozenset({"CP §10-105(a)(9)", "CP §10-105(a)(12)", "CP §10-110"})
PBJ_GROUND = "CP §10-105(a)(3)"
PARDON_GROUND = "CP §10-105(a)(8)"
PENDING_CASE_STATEMENT = "I am not now a defendant in any pending criminal proceeding."
CANNABIS_UNIT_EXCEPTION = (
    "Charges of possession of cannabis may be expunged although other charges arising from the same incident "
    "cannot (Criminal Procedure Article § 10-107, as amended by Chapter 26 of the Acts of 2022)."
)

# What the petitioner must check before signing, when the petition leaves a statement to
# them (the cover sheet says it in the resident's language).
CHECK_PENDING_CASE = "pending_case"
CHECK_DISPOSITION = "disposition"
CHECK_PBJ_CONVICTIONS = "pbj_convictions"
CHECK_SENTENCE_DATE = "sentence_date"

# Outcomes for which a petition is prepared once eligible_on has come (the engine's other
# petition outcome, eligible_now_with_waiver, gets one only when the resident chooses to
# file early with the waiver).
FILEABLE_OUTCOMES = frozenset({"eligible_now", "pardoned_then_petition", "automatically_expunged"})


@dataclass(frozen=True)
class Petitioner:
    name: str
    other_names: str = ""
    date_of_birth: date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class PacketInput:
    """Everything a packet is drawn from."""

    petitioner: Petitioner
    record: dict[str, Any]  # the contract input record the engine assessed
    result: dict[str, Any]  # the engine's result for it
    language: str = "en"
    early_filing: frozenset[int] = field(default_factory=frozenset)  # cases filed now with the waiver
    # (case, charge) whose charge date is known only to the month (the record holds its last day)
    month_only_charge_dates: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    submission_id: int | None = None
    # Per case, what the resident said of the arrest that the engine does not weigh: the
    # police agency and the place ({"agency": ..., "place": ...}, "" when not known).
    arrests: tuple[dict[str, str], ...] = ()
    # Whom the resident can ask for help (selectors.help_for_residents), for the cover sheet.
    help: dict[str, Any] = field(default_factory=dict)

    @property
    def as_of(self) -> date:
        return date.fromisoformat(self.result["as_of"])


def packet_input(submission) -> PacketInput:
    """The packet input for a checked submission (its answers and latest determination)."""
    determination = submission.latest_determination
    if determination is None:
        raise ValueError(f"Submission {submission.pk} has no determination to base documents on")
    answers = submission.answers
    details = petitioner(answers)
    corrections = list(submission.corrections.all())
    return PacketInput(
        petitioner=Petitioner(
            name=details["full_name"],
            other_names=details["other_names"],
            date_of_birth=date.fromisoformat(details["date_of_birth"]) if details["date_of_birth"] else None,
            address=details["address"],
            phone=details["phone"],
            email=details["email"],
        ),
        # The answers with every staff correction applied: the papers say what the court record says.
        record=effective_record(submission, corrections),
        result=determination.result,
        language=submission.language,
        early_filing=frozenset(submission.early_filing_cases or ()),
        month_only_charge_dates=month_only_charge_dates(submission, corrections),
        submission_id=submission.pk,
        arrests=tuple(
            {key: (case.get("details") or {}).get(key) or "" for key in ("agency", "place")}
            for case in answers.get("cases", [])
        ),
        help=help_for_residents(submission.organisation, submission.language),
    )


# --- Which documents ---------------------------------------------------------------


@dataclass(frozen=True)
class CasePlan:
    case_index: int
    petition_charges: tuple[int, ...]  # indexes of the charges the petition asks to expunge
    petition_form: str | None
    waiver: bool  # the petition is filed now with the General Waiver and Release
    waiver_possible: bool  # the resident may choose that
    referral_charges: tuple[int, ...]  # charges for the State's Attorney's referral letter


def case_plan(inp: PacketInput, case_index: int) -> CasePlan:
    today = inp.as_of.isoformat()
    charges = inp.result["cases"][case_index]["charges"]
    waiver_possible = any(c["outcome"] == "eligible_now_with_waiver" for c in charges)
    waiver = waiver_possible and case_index in inp.early_filing
    petition = []
    for i, c in enumerate(charges):
        remedy = c["remedy"]
        if not remedy or remedy["kind"] != "petition":
            continue
        if c["outcome"] in FILEABLE_OUTCOMES and c["eligible_on"] and c["eligible_on"] <= today:
            petition.append(i)
        elif c["outcome"] == "eligible_now_with_waiver" and waiver:
            petition.append(i)
    # Charges of a case are expunged together (CP §10-107): until the waiver is chosen, a
    # charge waiting for it holds the whole case back.
    if waiver_possible and not waiver:
        petition = []
    # One petition per case: the form of its grounds; the early form (with the waiver on the
    # same sheet) when the case is filed early on non-conviction grounds alone; the general
    # conviction form, which states every ground, when the grounds are on different forms.
    forms = {charges[i]["remedy"]["form"] for i in petition}
    if not forms:
        form = None
    elif waiver and forms == {PETITION_NON_CONVICTION_FORM}:
        form = PETITION_EARLY_FORM
    elif len(forms) == 1:
        form = forms.pop()
    else:
        form = PETITION_CONVICTION_FORM
    referral = tuple(i for i, c in enumerate(charges) if c["outcome"] == "eligible_for_vacatur_motion")
    return CasePlan(case_index, tuple(petition), form, waiver, waiver_possible, referral)


@dataclass(frozen=True)
class Planned:
    kind: str
    case_index: int
    form: str


def planned_documents(inp: PacketInput) -> list[Planned]:
    """The documents this packet holds: per case a petition (and the waiver with it when
    chosen) or a referral letter; then, when there is anything at all, the cover sheet
    and the whole packet."""
    planned = []
    for index in range(len(inp.result["cases"])):
        plan = case_plan(inp, index)
        if plan.petition_form:
            planned.append(Planned(PETITION, index, plan.petition_form))
            if plan.waiver and plan.petition_form != PETITION_EARLY_FORM:  # 072C prints it
                planned.append(Planned(WAIVER, index, GENERAL_WAIVER_FORM))
        if plan.referral_charges:
            planned.append(Planned(REFERRAL, index, REFERRAL_LETTER))
    if planned:
        planned += [Planned(COVER, 0, COVER_SHEET), Planned(PACKET, 0, COVER_SHEET)]
    return planned


# --- What each document says --------------------------------------------------------


def _caption(inp: PacketInput, case_index: int) -> dict[str, Any]:
    case = inp.record["cases"][case_index]
    return {
        # "district" | "circuit" | "" (not known: both boxes are left empty)
        "court": case.get("court") if case.get("court") in ("district", "circuit") else "",
        "county": COUNTY_NAMES.get(case.get("county"), ""),
        "case_number": case.get("case_number") or "",
    }


def _arrest(inp: PacketInput, case_index: int) -> dict[str, str]:
    """The police agency, the place and the tracking number, where known ("" where not)."""
    known = inp.arrests[case_index] if case_index < len(inp.arrests) else {}
    return {
        "agency": known.get("agency", ""),
        "place": known.get("place", ""),
        "tracking_number": inp.record["cases"][case_index].get("tracking_number") or "",
    }


def _charges(inp: PacketInput, case_index: int, indexes: tuple[int, ...]) -> list[dict[str, Any]]:
    charges = inp.record["cases"][case_index]["charges"]
    return [
        {
            "description": charges[i].get("description") or charges[i].get("statute") or "",
            "statute": charges[i].get("statute") or "",
            "disposition": DISPOSITION_WORDS[charges[i].get("disposition") or "unknown"],
            "disposition_date": iso_date(charges[i].get("disposition_date")),
        }
        for i in indexes
    ]


def _charged_on(inp: PacketInput, case_index: int, indexes: tuple[int, ...]) -> dict[str, Any]:
    """The earliest charge date of these charges, and whether only its month is known
    (then the papers print the month and year only; an exact day comes first)."""
    charges = inp.record["cases"][case_index]["charges"]
    charged = [
        (day, (case_index, i) in inp.month_only_charge_dates)
        for i in indexes
        if (day := iso_date(charges[i].get("charge_date")))
    ]
    charged_on, charged_in_month = min(charged, default=(None, False))
    return {"charged_on": charged_on, "charged_in_month": charged_in_month}


def _petitioner(inp: PacketInput) -> dict[str, Any]:
    p = inp.petitioner
    return {
        "name": p.name,
        "other_names": p.other_names,
        "date_of_birth": p.date_of_birth,
        "address": p.address,
        "phone": p.phone,
        "email": p.email,
    }


def _common(inp: PacketInput, code: str, generated_on: date | None) -> dict[str, Any]:
    generated_on = generated_on or timezone.localdate()
    version = form_version(code, generated_on)
    return {
        "form": code,
        "form_title": version.title,
        "form_revision": version.revision,
        "template": version.template,
        "rules_version": inp.result["rules_version"],
        "generated_on": generated_on,
    }


def _label(charge: dict[str, Any]) -> str:
    """A charge as a sworn statement names it: its description and statute."""
    description = charge.get("description") or charge.get("statute") or "a charge"
    statute = charge.get("statute")
    return f"{description} ({statute})" if statute and statute != description else description


def _pbj_statement(inp: PacketInput, case_index: int, pbjs: list[int]) -> tuple[str, bool]:
    """What the PBJ ground states about convictions in the 3 years after each PBJ, and
    whether the facts the portal holds support it: no conviction in the window (other than
    a minor traffic violation), or only convictions for conduct that is no longer a crime,
    which the statement then names as the exception they are."""
    record = inp.record
    charges = record["cases"][case_index]["charges"]
    convictions = [
        charge for case in record["cases"] for charge in case["charges"] if charge.get("disposition") == "guilty"
    ]
    person = record.get("person") or {}
    others = [
        *(person.get("other_convictions") or ()),
        *(other for other in person.get("other_dispositions") or () if other.get("disposition") == "guilty"),
    ]
    supported, excepted = True, []
    for i in pbjs:
        decided = iso_date(charges[i].get("disposition_date"))
        if decided is None:
            supported = False
            continue
        window_end = add_years(decided, PBJ_CONVICTION_WINDOW_YEARS)
        for conviction in [*convictions, *others]:
            convicted = iso_date(conviction.get("disposition_date"))
            if convicted is None:
                supported = False  # a conviction the portal cannot date
                continue
            if not decided <= convicted <= window_end:
                continue
            minor = minor_traffic(conviction.get("statute"), conviction.get("minor_traffic"))
            if minor:
                continue
            legal = no_longer_a_crime(
                conviction.get("statute"), conviction.get("substance"), conviction.get("cannabis_grams")
            )
            if minor is False and legal:
                excepted.append(f"{_label(conviction)}, {convicted:%B} {convicted.day}, {convicted.year}")
            else:
                supported = False
    text = GROUND_STATEMENTS[PBJ_GROUND]
    if supported and excepted:
        text = (
            "I received probation before judgment for the charge(s) listed above and have been discharged from "
            "probation. Within 3 years after the probation before judgment I was not convicted of any crime, other "
            "than a minor traffic violation, except for conduct that is no longer a crime: "
            + "; ".join(dict.fromkeys(excepted))
            + "."
        )
    return text, supported


def _statements(inp: PacketInput, case_index: int, plan: CasePlan, generated_on: date) -> tuple[list, list]:
    """The petition's statements, each printed as a statement where the facts the portal
    holds support it and otherwise with an empty box for the petitioner to tick once they
    have checked it; and what the cover sheet asks them to check (CHECK_*)."""
    case_charges = inp.record["cases"][case_index]["charges"]
    results = inp.result["cases"][case_index]["charges"]
    by_ground: dict[str, list[int]] = {}
    for i in plan.petition_charges:
        by_ground.setdefault(results[i]["remedy"]["ground"], []).append(i)
    statements, checks = [], []
    for ground in sorted(by_ground, key=_GROUND_ORDER.index):
        indexes = by_ground[ground]
        supported = all(case_charges[i].get("disposition") in GROUND_DISPOSITIONS[ground] for i in indexes)
        text = GROUND_STATEMENTS[ground]
        if ground == PBJ_GROUND:
            text, window_clear = _pbj_statement(inp, case_index, indexes)
            if not window_clear:
                checks.append(CHECK_PBJ_CONVICTIONS)
            supported = supported and window_clear
        if ground == PARDON_GROUND and len(indexes) > 1:
            text += " The charges listed above arose from that one act."
        if not supported and CHECK_DISPOSITION not in checks and ground != PBJ_GROUND:
            checks.append(CHECK_DISPOSITION)
        statements.append({"text": text, "box": not supported})
    # The day the sentence ended, for the grounds that rest on it: never a day to come.
    sentenced = [i for ground in SENTENCE_GROUNDS for i in by_ground.get(ground, ())]
    if sentenced:
        days = [iso_date(case_charges[i].get("sentence_completed")) for i in sentenced]
        last = max(days) if all(days) else None
        if last is not None and last <= generated_on:
            statements.append(
                {
                    "text": "I completed the sentence, including any probation, parole or mandatory supervision, "
                    f"on {last:%B} {last.day}, {last.year}.",
                    "box": False,
                }
            )
        else:
            checks.append(CHECK_SENTENCE_DATE)
    pardoned = [i for i in plan.petition_charges if results[i]["pardoned"]]
    if pardoned:
        # Named, unless the petition asks for that one charge alone.
        pardon = "the Governor's Executive Clemency Order of June 17, 2024"
        if len(plan.petition_charges) == 1:
            text = f"This {'conviction' if case_charges[pardoned[0]].get('disposition') == 'guilty' else 'charge'} "
            text += f"was pardoned by {pardon}."
        else:
            text = f"Pardoned by {pardon}: " + "; ".join(_label(case_charges[i]) for i in pardoned) + "."
        statements.append({"text": text, "box": False})
    # Only the petitioner knows: always theirs to tick.
    statements.append({"text": PENDING_CASE_STATEMENT, "box": True})
    checks.append(CHECK_PENDING_CASE)
    return statements, checks


def _staying(inp: PacketInput, case_index: int, plan: CasePlan) -> dict[str, Any] | None:
    """The charges of the case this petition does not ask to expunge, and the exception
    that lets the others go without them, where it is the reason."""
    charges = inp.record["cases"][case_index]["charges"]
    results = inp.result["cases"][case_index]["charges"]
    staying = [i for i in range(len(charges)) if i not in plan.petition_charges]
    if not staying:
        return None
    cannabis = any(
        charges[i].get("substance") == "cannabis" and is_cr_5_601(charges[i].get("statute"))
        for i in plan.petition_charges
    )
    held = any(
        results[i]["outcome"] not in FILEABLE_OUTCOMES
        and not minor_traffic(charges[i].get("statute"), charges[i].get("minor_traffic"))
        for i in staying
    )
    return {
        "charges": _charges(inp, case_index, tuple(staying)),
        "cannabis_exception": CANNABIS_UNIT_EXCEPTION if cannabis and held else "",
    }


def petition_fields(inp: PacketInput, case_index: int, *, generated_on: date | None = None) -> dict[str, Any]:
    """Everything a petition prints (form 072A or 072B, chosen from the engine's remedies)."""
    plan = case_plan(inp, case_index)
    if not plan.petition_form:
        raise ValueError(f"Case {case_index} has no petition to file today")
    case_charges = inp.record["cases"][case_index]["charges"]
    results = inp.result["cases"][case_index]["charges"]
    grounds = sorted({results[i]["remedy"]["ground"] for i in plan.petition_charges}, key=_GROUND_ORDER.index)
    common = _common(inp, plan.petition_form, generated_on)
    statements, checks = _statements(inp, case_index, plan, common["generated_on"])
    return {
        **common,
        **_caption(inp, case_index),
        "petitioner": _petitioner(inp),
        "charges": _charges(inp, case_index, plan.petition_charges),
        **_charged_on(inp, case_index, plan.petition_charges),
        "arrest": _arrest(inp, case_index),
        "grounds": [{"ground": g, "section": g.removeprefix("CP ").strip()} for g in grounds],
        # Each sworn statement, printed only where the facts support it; otherwise a box
        # left for the petitioner (the cover sheet says what to check: `checks`).
        "statements": statements,
        "checks": checks,
        "staying": _staying(inp, case_index, plan),
        "waiver_attached": plan.waiver,
        # Form 072D's box: the record holds charges of this case other than its cannabis ones.
        "other_offenses": any(
            not (
                charge.get("substance") == "cannabis"
                and (is_cr_5_601(charge.get("statute")) or is_paraphernalia(charge.get("statute")))
            )
            for charge in case_charges
        ),
    }


def waiver_fields(inp: PacketInput, case_index: int, *, generated_on: date | None = None) -> dict[str, Any]:
    """The General Waiver and Release (CC-DC-CR-078) filed with an early petition."""
    plan = case_plan(inp, case_index)
    if not plan.waiver:
        raise ValueError(f"Case {case_index} is not being filed early with the waiver")
    return {
        **_common(inp, GENERAL_WAIVER_FORM, generated_on),
        **_caption(inp, case_index),
        **_charged_on(inp, case_index, plan.petition_charges),
        "petitioner": _petitioner(inp),
        "charges": _charges(inp, case_index, plan.petition_charges),
        "arrest": _arrest(inp, case_index),
    }


STATES_ATTORNEY = {code: f"Office of the State's Attorney for {name}" for code, name in COUNTY_NAMES.items()}


def referral_fields(inp: PacketInput, case_index: int, *, generated_on: date | None = None) -> dict[str, Any]:
    """The letter asking the State's Attorney to consider a motion to vacate (CP §8-301.1)."""
    plan = case_plan(inp, case_index)
    if not plan.referral_charges:
        raise ValueError(f"Case {case_index} has no charge for a vacatur referral")
    county = inp.record["cases"][case_index].get("county")
    return {
        **_common(inp, REFERRAL_LETTER, generated_on),
        **_caption(inp, case_index),
        "petitioner": _petitioner(inp),
        "addressee": STATES_ATTORNEY.get(county, "Office of the State's Attorney"),
        "charges": _charges(inp, case_index, plan.referral_charges),
    }


def _where_to_file(inp: PacketInput, case_index: int) -> dict[str, Any]:
    """The court's clerk: the offices the sourced data holds (expunge.packet.courts), each with
    its address and, where sourced, its telephone; otherwise the court's name and the
    Judiciary's court directory. `confirm`: call first, the data does not say which office
    takes expungement petitions."""
    case = inp.record["cases"][case_index]
    county, court = case.get("county"), case.get("court")
    name = _(COUNTY_NAMES.get(county, ""))
    known = courts.offices(county, court)
    if county == "baltimore_city" and court == "district":  # "la Ciudad de Baltimore" in Spanish
        heading = _("The criminal clerk of the District Court of Maryland for Baltimore City")
    elif county == "baltimore_city" and court == "circuit":
        heading = _("The clerk of the Circuit Court for Baltimore City")
    elif court == "circuit":
        heading = _("The clerk of the Circuit Court for %(county)s") % {"county": name}
    elif court == "district":
        heading = _("The criminal clerk of the District Court of Maryland for %(county)s") % {"county": name}
    else:
        heading = _("The clerk of the court in %(county)s where your case was decided") % {"county": name}
    return {
        "heading": heading,
        "offices": known,
        "directory": courts.JUDICIARY_SITE if not known else "",
        "confirm": court not in ("district", "circuit") or any(not office.takes_expungements for office in known),
    }


def _fee(inp: PacketInput, case_index: int, plan: CasePlan) -> dict[str, Any]:
    results = inp.result["cases"][case_index]["charges"]
    fee = max(results[i]["remedy"]["fee_usd"] for i in plan.petition_charges)
    # The fee for cannabis petitions may be waived by law; the notes could not confirm it.
    unverified = any(
        r["code"] == "cannabis_fee_unverified" and not RULES[r["code"]].verified
        for i in plan.petition_charges
        for r in results[i]["reasons"]
    )
    return {"usd": fee, "confirm": unverified, "waiver_form": courts.FEE_WAIVER_FORM}


CHECK_WORDS = {
    CHECK_DISPOSITION: gettext_lazy(
        "We could not confirm what the court decided for every charge. Check it on Maryland Judiciary Case "
        "Search, and tick the box beside the ground only if it is right."
    ),
    CHECK_PBJ_CONVICTIONS: gettext_lazy(
        "Tick the box about convictions after the probation before judgment only if you were not convicted of any "
        "crime, other than a minor traffic violation, in the 3 years after it."
    ),
    CHECK_SENTENCE_DATE: gettext_lazy(
        "We could not print the day your sentence ended. If you know it, write it beside the statement about your "
        "sentence."
    ),
}

_DOCUMENT_NAMES = {
    PETITION: "Petition for Expungement of Records",
    WAIVER: "General Waiver and Release",
    REFERRAL: "Letter to the State's Attorney",
}


def cover_fields(inp: PacketInput, *, generated_on: date | None = None) -> dict[str, Any]:
    """The resident's instructions, in the resident's language. Call inside
    translation.override(inp.language)."""
    planned = planned_documents(inp)
    common = _common(inp, COVER_SHEET, generated_on)
    cases = []
    for index in sorted({p.case_index for p in planned if p.kind in (PETITION, WAIVER, REFERRAL)}):
        plan = case_plan(inp, index)
        case = inp.record["cases"][index]
        kinds = [p for p in planned if p.case_index == index and p.kind in (PETITION, WAIVER, REFERRAL)]
        results = inp.result["cases"][index]["charges"]
        deadlines = [iso_date(results[i]["remedy"]["deadline"]) for i in plan.petition_charges]
        cases.append(
            {
                "case_number": case.get("case_number") or "",
                "court": case.get("court") or "",
                "county": _(COUNTY_NAMES.get(case.get("county"), "")),
                "documents": [{"kind": p.kind, "form": p.form} for p in kinds],
                "petition": bool(plan.petition_form),
                "referral": bool(plan.referral_charges),
                "waiver": plan.waiver,
                "where": _where_to_file(inp, index) if plan.petition_form else None,
                "fee": _fee(inp, index, plan) if plan.petition_form else None,
                "deadline": min((d for d in deadlines if d), default=None),
                # What the petition leaves the petitioner to check and tick, in their words.
                "checks": [
                    str(CHECK_WORDS[check])
                    for check in (
                        _statements(inp, index, plan, common["generated_on"])[1] if plan.petition_form else ()
                    )
                    if check != CHECK_PENDING_CASE  # said once for every case, below
                ],
            }
        )
    return {
        **common,
        "language": inp.language,
        "petitioner": _petitioner(inp),
        "cases": cases,
        "any_fee": any(c["fee"] and c["fee"]["usd"] for c in cases),
        "any_petition": any(c["petition"] for c in cases),
        "any_referral": any(c["referral"] for c in cases),
        "conviction_fee_usd": CONVICTION_PETITION_FEE_USD,
        "help": inp.help or help_for_residents(None, inp.language),
    }


# --- Rendering -----------------------------------------------------------------------

_FIELD_MAPS = {PETITION: petition_fields, WAIVER: waiver_fields, REFERRAL: referral_fields}


def document_html(kind: str, inp: PacketInput, case_index: int = 0, *, generated_on: date | None = None) -> str:
    """The HTML of one document (not the packet)."""
    if kind == COVER:
        with translation.override(inp.language):
            fields = cover_fields(inp, generated_on=generated_on)
            return render_to_string(fields["template"], {"doc": fields})
    fields = _FIELD_MAPS[kind](inp, case_index, generated_on=generated_on)
    with translation.override("en"):
        return render_to_string(fields["template"], {"doc": fields})


def render_document(kind: str, inp: PacketInput, case_index: int = 0, *, generated_on: date | None = None) -> bytes:
    """One document as PDF bytes; PACKET gives the whole packet."""
    from expunge.packet import pdf  # WeasyPrint is only loaded where documents are rendered

    if kind == PACKET:
        return render_packet(inp, generated_on=generated_on)
    return pdf.render_html_to_pdf(document_html(kind, inp, case_index, generated_on=generated_on))


def packet_parts(inp: PacketInput) -> list[Planned]:
    """The packet's documents in order: the cover sheet, then case by case."""
    planned = planned_documents(inp)
    return [p for p in planned if p.kind == COVER] + [p for p in planned if p.kind in (PETITION, WAIVER, REFERRAL)]


def render_packet(inp: PacketInput, *, generated_on: date | None = None) -> bytes:
    """Cover sheet + each case's petition (and waiver) or referral letter, as one PDF.
    Each part keeps its own page numbers and form number."""
    from expunge.packet import pdf

    parts = packet_parts(inp)
    if not parts:
        raise ValueError("There is nothing to put in a packet")
    return pdf.render_many_to_pdf([document_html(p.kind, inp, p.case_index, generated_on=generated_on) for p in parts])

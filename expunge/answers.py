"""The resident's answers in plain words, in the active language, for people to read:
the resident checking their answers, staff reviewing them."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from expunge.choices import (
    AMOUNT_WORDS,
    CHARGE_KIND_CHOICES,
    CONVICTION_LIKE,
    COUNTY_NAMES,
    COURT_CHOICES,
    DISPOSITION_CHOICES,
    NOT_SURE,
    PROBATION_CHOICES,
    YES_NO_NOT_SURE,
)

# The facts step's questions, as people read them on "check your answers" and staff pages.
FACT_LABELS = {
    "domestic": _("The judge said it was domestic"),
    "civil_citation": _("A civil citation (a ticket with a fine)"),
    "treatment": _("Drug or alcohol treatment ordered"),
    "treatment_completed": _("Date the treatment ended"),
}


def _facts_in_words(facts: dict) -> list[dict]:
    """The charge's facts-step answers, each as a label and the answer in words."""
    answers = dict(YES_NO_NOT_SURE)
    words = []
    for name, label in FACT_LABELS.items():
        value = facts.get(name)
        if not value:
            continue
        is_date = name == "treatment_completed"
        words.append(
            {"name": name, "label": label, "value": value if is_date else answers.get(value, value), "date": is_date}
        )
    return words


def cases_in_words(answers: dict) -> list[dict]:
    """The cases and charges as the resident answered them, in plain words in the active
    language, for people to read: the resident checking their answers, staff reviewing
    them. Dates stay as saved ("YYYY-MM-DD", or "YYYY-MM" for a month)."""
    kinds = dict(CHARGE_KIND_CHOICES)
    outcomes = dict(DISPOSITION_CHOICES)
    amounts = AMOUNT_WORDS
    probations = dict(PROBATION_CHOICES)
    courts = dict(COURT_CHOICES)
    cases = []
    for i, case in enumerate(answers.get("cases", [])):
        details = case.get("details") or {}
        charges = []
        for j, charge in enumerate(case.get("charges", [])):
            what = charge.get("what") or {}
            sentence = charge.get("sentence") or {}
            charges.append(
                {
                    "number": j + 1,
                    "index": j,
                    "kind": what.get("description") or kinds.get(what.get("kind"), ""),
                    "amount": amounts.get(what.get("amount"), ""),
                    "disposition": outcomes.get(what.get("disposition"), ""),
                    "charge_date": what.get("charge_date") or "",
                    "disposition_date": what.get("disposition_date") or "",
                    "sentenced": what.get("disposition") in CONVICTION_LIKE,
                    "sentence_completed": sentence.get("sentence_completed") or "",
                    "probation": probations.get(sentence.get("probation"), ""),
                    "facts": _facts_in_words(charge.get("facts") or {}),
                }
            )
        county = details.get("county")
        cases.append(
            {
                "number": i + 1,
                "index": i,
                "county": gettext(COUNTY_NAMES[county]) if county in COUNTY_NAMES else "",
                "case_number": details.get("case_number") or "",
                "court": courts.get(details.get("court"), "") if details.get("court") != NOT_SURE else "",
                "tracking_number": details.get("tracking_number") or "",
                "same_arrest": ", ".join(details.get("same_arrest") or []),
                "forwarded": dict(YES_NO_NOT_SURE).get(details.get("forwarded") or "", ""),
                "agency": details.get("agency") or "",
                "place": details.get("place") or "",
                "charges": charges,
            }
        )
    return cases


def situation_in_words(answers: dict) -> dict:
    """The answers about the resident's situation now, in plain words in the active
    language ("No", "Sí", "No estoy seguro"); a value that is not a choice as it is."""
    labels = dict(YES_NO_NOT_SURE)
    situation = answers.get("situation") or {}
    words = {}
    for name in ("pending_case", "convictions_since"):
        value = situation.get(name, "")
        words[name] = labels.get(value, value)
    return words


def case_heading(*, case_number: str, case_words: dict | None, index: int, count: int) -> str:
    """How the resident's results head a case: by its number; without one, by its court
    and the year it was decided (from `case_words`, one case of cases_in_words); without
    those, "Your case" (numbered when there are several)."""
    if case_number:
        return gettext("Case %(number)s") % {"number": case_number}
    court = (case_words or {}).get("court", "")
    charges = (case_words or {}).get("charges", [])
    years = [c["disposition_date"][:4] or c["charge_date"][:4] for c in charges]
    year = min((y for y in years if y), default="")
    if court and year:
        return gettext("%(court)s case, %(year)s") % {"court": court, "year": year}
    if court:
        return gettext("%(court)s case") % {"court": court}
    if year:
        return gettext("Case from %(year)s") % {"year": year}
    if count > 1:
        return gettext("Your case %(number)s") % {"number": index + 1}
    return gettext("Your case")

"""The resident's questionnaire as an ordered list of steps, saved at every step.

    about you → your cases (each: where, then each charge: what and what happened, then
    the sentence when there was one) → your situation now → check your answers → consent

The answers live in a Draft as JSON:

    {"about": {...}, "cases": [{"county", "court", "case_number", "charges": [{...}]}],
     "situation": {...}}

Every step validates the steps before it (`first_incomplete`), so a deep link or Back
cannot skip a question; the sentence step exists only for charges that ended in a
conviction or a PBJ, both ways. Dates may be a month and year when the day is not known;
the engine then answers needs_review where the day matters (expunge.records.answers_to_record).
"""

from __future__ import annotations

from dataclasses import dataclass

from expunge.choices import CONVICTION_LIKE
from residents.forms import AboutForm, CaseForm, ChargeForm, ConsentForm, SentenceForm, SituationForm

# --- Steps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    case: int | None = None
    charge: int | None = None

    @property
    def url_kwargs(self) -> dict:
        return {k: v for k, v in (("case", self.case), ("charge", self.charge)) if v is not None}


def steps(answers: dict) -> list[Step]:
    """Every step these answers call for, in order. The list of cases comes after the
    cases themselves: it is complete once each of them is."""
    sequence = [Step("about")]
    for i, case in enumerate(answers.get("cases", [])):
        sequence.append(Step("case", i))
        for j, charge in enumerate(case.get("charges", [])):
            sequence.append(Step("charge", i, j))
            if (charge.get("what") or {}).get("disposition") in CONVICTION_LIKE:
                sequence.append(Step("sentence", i, j))
    return sequence + [Step("cases"), Step("situation"), Step("review"), Step("consent")]


def prerequisites(step: Step, answers: dict) -> list[Step]:
    """The steps that must be answered before this one. A case, a charge or the sentence
    needs only what it hangs from, so cases can be added in any order; what follows the
    cases needs everything before it."""
    if step.name == "about":
        return []
    if step.name in ("cases", "case"):
        return [Step("about")]
    if step.name == "charge":
        return [Step("about"), Step("case", step.case)]
    if step.name == "sentence":
        return [Step("about"), Step("case", step.case), Step("charge", step.case, step.charge)]
    sequence = steps(answers)
    return sequence[: sequence.index(step)]


def saved_answers(answers: dict, step: Step) -> dict | None:
    """What is saved for a step with a form, or None when it was never answered."""
    if step.name in ("about", "situation"):
        return answers.get(step.name)
    cases = answers.get("cases", [])
    if step.case is None or step.case >= len(cases):
        return None
    case = cases[step.case]
    if step.name == "case":
        return case.get("details")
    charges = case.get("charges", [])
    if step.charge is None or step.charge >= len(charges):
        return None
    charge = charges[step.charge]
    return charge.get("what") if step.name == "charge" else charge.get("sentence")


STEP_FORMS = {
    "about": AboutForm,
    "case": CaseForm,
    "charge": ChargeForm,
    "sentence": SentenceForm,
    "situation": SituationForm,
    "consent": ConsentForm,
}


def _form_options(step: Step, answers: dict) -> dict:
    """What a step's form needs besides the answers: a charge checks its dates against the
    date of birth; the sentence step checks its own against the court's decision on that
    charge."""
    if step.name == "charge":
        return {"born": (answers.get("about") or {}).get("date_of_birth") or None}
    if step.name == "sentence":
        what = saved_answers(answers, Step("charge", step.case, step.charge)) or {}
        return {"decided": what.get("disposition_date") or None}
    return {}


def form_for(step: Step, answers: dict, data=None):
    """The step's form, bound to `data` (a POST) or unbound with what is saved."""
    return STEP_FORMS[step.name](data, initial=saved_answers(answers, step) or {}, **_form_options(step, answers))


def is_complete(step: Step, answers: dict) -> bool:
    """Whether the step is answered and its answers still pass its form."""
    if step.name == "cases":
        cases = answers.get("cases", [])
        return bool(cases) and all(case.get("charges") for case in cases)
    if step.name in ("review", "consent"):
        return True
    saved = saved_answers(answers, step)
    if saved is None:
        return False
    return STEP_FORMS[step.name](saved, **_form_options(step, answers)).is_valid()


def first_incomplete(answers: dict, before: Step | None = None) -> Step | None:
    """The first step that is not answered yet or no longer valid — among the
    prerequisites of `before` when given, else among all; None when all are."""
    candidates = prerequisites(before, answers) if before is not None else steps(answers)
    for step in candidates:
        if not is_complete(step, answers):
            return step
    return None


def misplaced(answers: dict, step: Step) -> Step | None:
    """Where a resident who opens `step` must go instead: the first step before it that is
    not answered yet or no longer valid; the list of cases when the step does not apply
    (a sentence after a dismissal) or its case or charge is not there; None when they may
    be on it."""
    missing = first_incomplete(answers, before=step)
    if missing is not None:
        return missing
    if step not in steps(answers):
        return Step("cases")
    return None


def save(answers: dict, step: Step, form) -> dict:
    """The answers with this step's cleaned answers stored."""
    answers = dict(answers)
    value = form.answers()
    if step.name in ("about", "situation"):
        answers[step.name] = value
        return answers
    cases = [dict(case) for case in answers.get("cases", [])]
    case = cases[step.case]
    if step.name == "case":
        case["details"] = value
    else:
        charges = [dict(charge) for charge in case.get("charges", [])]
        charge = charges[step.charge]
        if step.name == "charge":
            charge["what"] = value
            if value["disposition"] not in CONVICTION_LIKE:
                charge.pop("sentence", None)  # skipped: it does not apply any more
        else:
            charge["sentence"] = value
        charges[step.charge] = charge
        case["charges"] = charges
    cases[step.case] = case
    answers["cases"] = cases
    return answers

"""The resident's questionnaire, one class per step, saved at every step.

    about you → your cases (each: where, then each charge: what and what happened, then
    the sentence when there was one, then the facts that decide its answer when there are
    any) → your situation now → check your answers → consent

The answers live in a Draft as JSON:

    {"about": {...}, "cases": [{"details": {...},
                                "charges": [{"what": {...}, "sentence": {...}, "facts": {...}}]}],
     "situation": {...}}

Each step says what it stores and where, which form asks for it, whether it applies, what
must be answered before it, and where Back and Continue go (pretix's checkout-flow steps
are the model): adding a question touches its step class, its form and its template.

Every page validates the steps before it (`first_incomplete`), so a deep link or Back
cannot skip a question; the sentence step exists only for charges that ended in a
conviction or a PBJ, both ways, and the facts step only where one of its questions can
change the answer (`charge_questions`): a domestic finding, a civil citation, a treatment
requirement. Dates may be a month and year when the day is not known;
the engine then answers needs_review where the day matters (expunge.records.answers_to_record).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from expunge.choices import CONVICTION_LIKE
from expunge.records import TREATMENT_DISPOSITIONS, civil_citation_possible, domestic_finding_matters
from residents.forms import (
    AboutForm,
    CaseForm,
    ChargeFactsForm,
    ChargeForm,
    ConsentForm,
    SentenceForm,
    SituationForm,
)

Answers = dict[str, Any]


def _cases(answers: Answers) -> list[dict[str, Any]]:
    return answers.get("cases", [])


def _case(answers: Answers, case: int | None) -> dict[str, Any] | None:
    cases = _cases(answers)
    return cases[case] if case is not None and 0 <= case < len(cases) else None


def _charge(answers: Answers, case: int | None, charge: int | None) -> dict[str, Any] | None:
    found = _case(answers, case)
    charges = found.get("charges", []) if found is not None else []
    return charges[charge] if charge is not None and 0 <= charge < len(charges) else None


@dataclass(frozen=True)
class Step:
    """One page of the questionnaire, at its place in the answers (a case, a charge).
    Steps are equal when they are the same page."""

    case: int | None = None
    charge: int | None = None

    name: ClassVar[str]  # also the URL's name: public:journey_<name>
    title: ClassVar[Promise]
    form_class: ClassVar[type[forms.Form] | None] = None

    @property
    def url_kwargs(self) -> dict[str, int]:
        return {k: v for k, v in (("case", self.case), ("charge", self.charge)) if v is not None}

    # --- What it stores ---------------------------------------------------------------

    def saved(self, answers: Answers) -> dict[str, Any] | None:
        """What is saved for this step, or None when it was never answered."""
        return None

    def store(self, answers: Answers, value: dict[str, Any]) -> Answers:
        """The answers with this step's cleaned answers stored (a copy)."""
        raise NotImplementedError(self.name)

    def form_options(self, answers: Answers) -> dict[str, Any]:
        """What the step's form needs besides what is typed into it."""
        return {}

    def form(self, answers: Answers, data: Any = None, typed: dict[str, Any] | None = None) -> forms.Form:
        """The step's form, bound to `data` (a POST) or unbound with what is saved (and,
        over it, what was `typed` and not yet saved: carried across a language switch)."""
        assert self.form_class is not None, self.name
        initial = {**(self.saved(answers) or {}), **(typed or {})}
        return self.form_class(data, initial=initial, **self.form_options(answers))

    @property
    def key(self) -> str:
        """The step's name and place, the same in every language ("charge:0:1")."""
        return f"{self.name}:{self.case}:{self.charge}"

    # --- Where it stands ------------------------------------------------------------------

    def is_applicable(self, answers: Answers) -> bool:
        return True

    def prerequisites(self, answers: Answers) -> list[Step]:
        """The steps that must be answered before this one: by default everything before
        it (what follows the cases needs all of them)."""
        sequence = steps(answers)
        return sequence[: sequence.index(self)]

    def is_complete(self, answers: Answers) -> bool:
        """Whether the step is answered and its answers still pass its form."""
        saved = self.saved(answers)
        return saved is not None and self.form(answers, saved).is_valid()

    def back(self, answers: Answers) -> Step | None:
        """Where Back goes."""
        return None

    def next(self, answers: Answers) -> Step:
        """Where the resident goes once the step is saved."""
        raise NotImplementedError(self.name)


class AboutStep(Step):
    name = "about"
    title = _("About you")
    form_class = AboutForm

    def saved(self, answers: Answers) -> dict[str, Any] | None:
        return answers.get("about")

    def store(self, answers: Answers, value: dict[str, Any]) -> Answers:
        return {**answers, "about": value}

    def prerequisites(self, answers: Answers) -> list[Step]:
        return []

    def next(self, answers: Answers) -> Step:
        return CasesStep()


class CasesStep(Step):
    """The list of cases: complete once there is a case and every case has a charge."""

    name = "cases"
    title = _("Your cases")

    def prerequisites(self, answers: Answers) -> list[Step]:
        return [AboutStep()]

    def is_complete(self, answers: Answers) -> bool:
        cases = _cases(answers)
        return bool(cases) and all(case.get("charges") for case in cases)

    def back(self, answers: Answers) -> Step | None:
        return AboutStep()


class CaseStep(Step):
    """Where a case was. A case needs only the resident's details before it, so cases can
    be added in any order."""

    name = "case"
    title = _("Where was the case?")
    form_class = CaseForm

    def saved(self, answers: Answers) -> dict[str, Any] | None:
        case = _case(answers, self.case)
        return case.get("details") if case is not None else None

    def store(self, answers: Answers, value: dict[str, Any]) -> Answers:
        assert self.case is not None
        cases = [dict(case) for case in _cases(answers)]
        cases[self.case]["details"] = value
        return {**answers, "cases": cases}

    def form_options(self, answers: Answers) -> dict[str, Any]:
        """The other cases the resident has given a number, which this one may have come
        from the same arrest as (cases without a number cannot be named to the engine)."""
        others = []
        for i, case in enumerate(_cases(answers)):
            number = (case.get("details") or {}).get("case_number")
            if i != self.case and number:
                others.append((number, _("Case %(n)s: %(number)s") % {"n": i + 1, "number": number}))
        return {"others": tuple(others)}

    def is_applicable(self, answers: Answers) -> bool:
        return _case(answers, self.case) is not None

    def prerequisites(self, answers: Answers) -> list[Step]:
        return [AboutStep()]

    def back(self, answers: Answers) -> Step | None:
        return CasesStep()

    def next(self, answers: Answers) -> Step:
        """A case without a charge yet goes on to its first charge (which the view adds);
        otherwise back to the list of cases."""
        case = _case(answers, self.case)
        if case is not None and not case.get("charges"):
            return ChargeStep(self.case, 0)
        return CasesStep()


class ChargeStep(Step):
    """What a charge was and what the court decided. Its dates are checked against the date
    of birth, which a mistyped year (1912 for 2012) would pass every other check."""

    name = "charge"
    title = _("The charge")
    form_class = ChargeForm

    def saved(self, answers: Answers) -> dict[str, Any] | None:
        charge = _charge(answers, self.case, self.charge)
        return charge.get("what") if charge is not None else None

    def store(self, answers: Answers, value: dict[str, Any]) -> Answers:
        def change(charge: dict[str, Any]) -> dict[str, Any]:
            charge = {**charge, "what": value}
            if value["disposition"] not in CONVICTION_LIKE:
                charge.pop("sentence", None)  # skipped: it does not apply any more
            # Facts asked for what the charge was before: only those still asked are kept.
            asked = charge_questions(value)
            facts = {k: v for k, v in (charge.get("facts") or {}).items() if _fact_question(k) in asked}
            if facts:
                charge["facts"] = facts
            else:
                charge.pop("facts", None)
            return charge

        return _change_charge(answers, self.case, self.charge, change)

    def form_options(self, answers: Answers) -> dict[str, Any]:
        return {"born": (answers.get("about") or {}).get("date_of_birth") or None}

    def is_applicable(self, answers: Answers) -> bool:
        return _charge(answers, self.case, self.charge) is not None

    def prerequisites(self, answers: Answers) -> list[Step]:
        return [AboutStep(), CaseStep(self.case)]

    def back(self, answers: Answers) -> Step | None:
        return CaseStep(self.case)

    def next(self, answers: Answers) -> Step:
        sentence = SentenceStep(self.case, self.charge)
        if sentence.is_applicable(answers):
            return sentence
        facts = ChargeFactsStep(self.case, self.charge)
        return facts if facts.is_applicable(answers) else CasesStep()


class SentenceStep(Step):
    """When the sentence ended and how probation did: only after a conviction or a PBJ.
    Its end is checked against the court's decision on the same charge."""

    name = "sentence"
    title = _("The sentence")
    form_class = SentenceForm

    def saved(self, answers: Answers) -> dict[str, Any] | None:
        charge = _charge(answers, self.case, self.charge)
        return charge.get("sentence") if charge is not None else None

    def store(self, answers: Answers, value: dict[str, Any]) -> Answers:
        return _change_charge(answers, self.case, self.charge, lambda charge: {**charge, "sentence": value})

    def form_options(self, answers: Answers) -> dict[str, Any]:
        what = ChargeStep(self.case, self.charge).saved(answers) or {}
        return {"decided": what.get("disposition_date") or None}

    def is_applicable(self, answers: Answers) -> bool:
        charge = _charge(answers, self.case, self.charge)
        return charge is not None and (charge.get("what") or {}).get("disposition") in CONVICTION_LIKE

    def prerequisites(self, answers: Answers) -> list[Step]:
        return [AboutStep(), CaseStep(self.case), ChargeStep(self.case, self.charge)]

    def back(self, answers: Answers) -> Step | None:
        return ChargeStep(self.case, self.charge)

    def next(self, answers: Answers) -> Step:
        facts = ChargeFactsStep(self.case, self.charge)
        return facts if facts.is_applicable(answers) else CasesStep()


def charge_questions(what: dict[str, Any]) -> tuple[str, ...]:
    """The facts to ask about a charge, from what it was and what the court decided: each
    only where its answer can change the result (law notes §00)."""
    kind, disposition = what.get("kind"), what.get("disposition")
    questions = []
    if domestic_finding_matters(kind, disposition):
        questions.append("domestic")
    if civil_citation_possible(
        kind, what.get("amount"), disposition, what.get("charge_date"), what.get("disposition_date")
    ):
        questions.append("civil_citation")
    if disposition in TREATMENT_DISPOSITIONS:
        questions.append("treatment")
    return tuple(questions)


def _fact_question(name: str) -> str:
    """The question a stored fact answers (the day treatment ended goes with treatment)."""
    return "treatment" if name == "treatment_completed" else name


class ChargeFactsStep(Step):
    """What decides a charge's answer that the charge step does not ask: a domestic
    finding, a civil citation, a treatment requirement. Only for charges where one of
    them can change the result, and only those questions."""

    name = "facts"
    title = _("More about this charge")
    form_class = ChargeFactsForm

    def _what(self, answers: Answers) -> dict[str, Any]:
        charge = _charge(answers, self.case, self.charge)
        return (charge.get("what") or {}) if charge is not None else {}

    def saved(self, answers: Answers) -> dict[str, Any] | None:
        charge = _charge(answers, self.case, self.charge)
        return charge.get("facts") if charge is not None else None

    def store(self, answers: Answers, value: dict[str, Any]) -> Answers:
        return _change_charge(answers, self.case, self.charge, lambda charge: {**charge, "facts": value})

    def form_options(self, answers: Answers) -> dict[str, Any]:
        what = self._what(answers)
        return {"questions": charge_questions(what), "disposition": what.get("disposition")}

    def is_applicable(self, answers: Answers) -> bool:
        return _charge(answers, self.case, self.charge) is not None and bool(charge_questions(self._what(answers)))

    def prerequisites(self, answers: Answers) -> list[Step]:
        sentence = SentenceStep(self.case, self.charge)
        before: list[Step] = [AboutStep(), CaseStep(self.case), ChargeStep(self.case, self.charge)]
        return [*before, sentence] if sentence.is_applicable(answers) else before

    def back(self, answers: Answers) -> Step | None:
        sentence = SentenceStep(self.case, self.charge)
        return sentence if sentence.is_applicable(answers) else ChargeStep(self.case, self.charge)

    def next(self, answers: Answers) -> Step:
        return CasesStep()


class SituationStep(Step):
    name = "situation"
    title = _("Your situation now")
    form_class = SituationForm

    def saved(self, answers: Answers) -> dict[str, Any] | None:
        return answers.get("situation")

    def store(self, answers: Answers, value: dict[str, Any]) -> Answers:
        return {**answers, "situation": value}

    def back(self, answers: Answers) -> Step | None:
        return CasesStep()

    def next(self, answers: Answers) -> Step:
        return ReviewStep()


class ReviewStep(Step):
    """Check your answers: nothing to answer here."""

    name = "review"
    title = _("Check your answers")

    def is_complete(self, answers: Answers) -> bool:
        return True

    def back(self, answers: Answers) -> Step | None:
        return SituationStep()

    def next(self, answers: Answers) -> Step:
        return ConsentStep()


class ConsentStep(Step):
    """The resident's consent, given with the answers when they are sent (never saved
    in the draft)."""

    name = "consent"
    title = _("Before we check")
    form_class = ConsentForm

    def is_complete(self, answers: Answers) -> bool:
        return True

    def back(self, answers: Answers) -> Step | None:
        return ReviewStep()


def _change_charge(answers: Answers, case: int | None, charge: int | None, change: Any) -> Answers:
    """The answers with one charge replaced by `change(charge)` (copies all the way down)."""
    assert case is not None and charge is not None
    cases = [dict(c) for c in _cases(answers)]
    charges = [dict(c) for c in cases[case].get("charges", [])]
    charges[charge] = change(charges[charge])
    cases[case]["charges"] = charges
    return {**answers, "cases": cases}


STEPS: dict[str, type[Step]] = {
    step.name: step
    for step in (
        AboutStep,
        CasesStep,
        CaseStep,
        ChargeStep,
        SentenceStep,
        ChargeFactsStep,
        SituationStep,
        ReviewStep,
        ConsentStep,
    )
}


def step(name: str, case: int | None = None, charge: int | None = None) -> Step:
    """The step of this name, at this case and charge: step("charge", 0, 1)."""
    return STEPS[name](case, charge)


def steps(answers: Answers) -> list[Step]:
    """Every step these answers call for, in order. The list of cases comes after the
    cases themselves: it is complete once each of them is."""
    sequence: list[Step] = [AboutStep()]
    for i, case in enumerate(_cases(answers)):
        sequence.append(CaseStep(i))
        for j in range(len(case.get("charges", []))):
            sequence.append(ChargeStep(i, j))
            if SentenceStep(i, j).is_applicable(answers):
                sequence.append(SentenceStep(i, j))
            if ChargeFactsStep(i, j).is_applicable(answers):
                sequence.append(ChargeFactsStep(i, j))
    return [*sequence, CasesStep(), SituationStep(), ReviewStep(), ConsentStep()]


def charge_is_complete(answers: Answers, case: int, charge: int) -> bool:
    """Whether every page of one charge (what it was, its sentence, its facts) is answered."""
    pages: list[Step] = [ChargeStep(case, charge), SentenceStep(case, charge), ChargeFactsStep(case, charge)]
    return all(page.is_complete(answers) for page in pages if page.is_applicable(answers))


def first_incomplete(answers: Answers, before: Step | None = None) -> Step | None:
    """The first step that is not answered yet or no longer valid — among the
    prerequisites of `before` when given, else among all; None when all are."""
    candidates = before.prerequisites(answers) if before is not None else steps(answers)
    for candidate in candidates:
        if not candidate.is_complete(answers):
            return candidate
    return None


def misplaced(answers: Answers, at: Step) -> Step | None:
    """Where a resident who opens step `at` must go instead: the first step before it that
    is not answered yet or no longer valid; the list of cases when the step does not apply
    (a sentence after a dismissal) or its case or charge is not there; None when they may
    be on it."""
    missing = first_incomplete(answers, before=at)
    if missing is not None:
        return missing
    if not at.is_applicable(answers):
        return CasesStep()
    return None

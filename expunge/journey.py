"""The resident's questionnaire as an ordered list of steps, saved at every step.

    about you → your cases (each: where, then each charge: what and what happened, then
    the sentence when there was one) → your situation now → check your answers → consent

The answers live in a Draft as JSON:

    {"about": {...}, "cases": [{"county", "court", "case_number", "charges": [{...}]}],
     "situation": {...}}

Every step validates the steps before it (`first_incomplete`), so a deep link or Back
cannot skip a question; the sentence step exists only for charges that ended in a
conviction or a PBJ, both ways. Dates may be a month and year when the day is not known;
the engine then answers needs_review where the day matters (questionnaire.answers_to_record).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from expunge import questionnaire as q
from expunge.forms import _CASE_NUMBER, _DATE_FORMATS, _EARLIEST, _PHONE, _date_field, _has_control_characters

JOURNEY_VERSION = "2026-11-journey"

# --- Answers to choose from ------------------------------------------------------------

NOT_SURE = q.NOT_SURE
CHARGE_KIND_CHOICES = [
    ("cannabis_possession", _("Possession of cannabis (marijuana)")),
    ("cannabis_pwid", _("Possession of cannabis with intent to distribute")),
    ("paraphernalia", _("Possession of drug paraphernalia (pipes, papers, bags)")),
    ("other_drug_possession", _("Possession of another drug")),
    ("assault_2", _("Second-degree assault")),
    ("trespass", _("Trespass")),
    ("theft", _("Theft")),
    ("disorderly", _("Disorderly conduct")),
    ("fare_evasion", _("Riding transit without paying")),
    ("other", _("Something else (type it)")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]
# What each choice means in the contract. Paraphernalia is counted as cannabis
# paraphernalia: the questionnaire is about cannabis records, and the engine decides the
# pardon from the other charges of the case.
CHARGE_KINDS = {
    "cannabis_possession": {
        "statute": "CR 5-601",
        "description": "Possession of cannabis",
        "substance": "cannabis",
        "felony": False,
    },
    "cannabis_pwid": {
        "statute": "CR 5-602",
        "description": "Possession of cannabis with intent to distribute",
        "substance": "cannabis",
        "felony": True,
    },
    "paraphernalia": {
        "statute": "CR 5-619",
        "description": "Possession of drug paraphernalia",
        "substance": "cannabis",
        "felony": False,
    },
    "other_drug_possession": {
        "statute": "CR 5-601",
        "description": "Possession of a controlled dangerous substance",
        "substance": "other",
        "felony": False,
    },
    "assault_2": {
        "statute": "CR 3-203",
        "description": "Assault in the second degree",
        "substance": None,
        "felony": False,
    },
    "trespass": {"statute": "CR 6-402", "description": "Trespass", "substance": None, "felony": False},
    "theft": {"statute": "CR 7-104", "description": "Theft", "substance": None, "felony": None},
    "disorderly": {"statute": "CR 10-201", "description": "Disorderly conduct", "substance": None, "felony": False},
    "fare_evasion": {"statute": "TR 7-705", "description": "Transit fare evasion", "substance": None, "felony": False},
    "other": {"statute": None, "description": None, "substance": None, "felony": None},
    NOT_SURE: {"statute": None, "description": "Charge not known", "substance": None, "felony": None},
}
AMOUNT_CHOICES = [
    ("under_10g", _("Less than 10 grams (about a third of an ounce)")),
    ("up_to_1_5oz", _("From 10 grams up to 1.5 ounces")),
    ("over_1_5oz", _("More than 1.5 ounces")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]
# Each range as its upper bound in grams: what the engine compares with the 1.5-ounce
# (42.5 g) personal-use amount. "More than 1.5 ounces" is the first gram over it.
AMOUNT_GRAMS = {"under_10g": 10.0, "up_to_1_5oz": 42.5, "over_1_5oz": 43.0, NOT_SURE: None}

DISPOSITION_CHOICES = [
    ("guilty", _("Found guilty — the court convicted you, or you pleaded guilty")),
    ("pbj", _("Probation before judgment (PBJ) — probation instead of a conviction")),
    ("not_guilty", _("Not guilty — the court or jury found you not guilty")),
    ("dismissed", _("Dismissed — the judge threw the charge out")),
    ("nolle_prosequi", _("“Nolle pros” — the prosecutor dropped the charge")),
    ("stet", _("“Stet” — the case was put on hold, often with conditions")),
    ("unknown", pgettext_lazy("questionnaire", "I'm not sure")),
]
CONVICTION_LIKE = ("guilty", "pbj")
PROBATION_CHOICES = [
    ("none", _("There was no probation")),
    ("satisfactory", _("Probation ended well (completed)")),
    ("unsatisfactory", _("Probation ended with a violation")),
    (NOT_SURE, pgettext_lazy("questionnaire", "I'm not sure")),
]


# --- Dates with or without the day --------------------------------------------------------

_MONTH_YEAR = re.compile(r"^(?:(\d{1,2})[/-](\d{4})|(\d{4})-(\d{1,2}))$")
# Three numbers with the year last: the order the field asks for is month, day, year.
_THREE_NUMBERS = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")
# A date as it is saved: "YYYY-MM-DD", or "YYYY-MM" without the day.
_SAVED_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


class FlexibleDateField(forms.CharField):
    """A date, or a month and year when the day is not known. Cleans to "YYYY-MM-DD" or
    "YYYY-MM"."""

    def __init__(self, *, future_ok=False, **kwargs):
        self.future_ok = future_ok
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return ""
        for fmt in _DATE_FORMATS:
            try:
                day = datetime.strptime(value, fmt).date()
            except ValueError:
                continue
            if fmt.endswith("%y") and not self.future_ok and day > timezone.localdate():
                # "65" read as 2065: the resident meant a year long past.
                raise forms.ValidationError(
                    _("Write the year with four digits, for example %(example)s"),
                    params={"example": f"{day:%m/%d}/{day.year - 100}"},
                )
            self._check(day, day)
            return day.isoformat()
        match = _MONTH_YEAR.match(value)
        if match:
            month, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
            if 1 <= int(month) <= 12:
                first = date(int(year), int(month), 1)
                last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
                self._check(first, last)
                return f"{first:%Y-%m}"
        self._check_day_first(value)
        raise forms.ValidationError(
            _("Enter a real date as month/day/year, for example 05/25/2012, or the month and year, 05/2012")
        )

    def _check_day_first(self, value: str) -> None:
        """Court papers in Maryland write the month first; many people write the day
        first. When the numbers only make a date the other way round, say so and show it
        written as this field wants it (never guess: 05/10 could be either)."""
        match = _THREE_NUMBERS.match(value)
        if not match:
            return
        day, month, year = (int(number) for number in match.groups())
        if month > 12 or day <= 12:
            return
        try:
            date(year, month, day)
        except ValueError:
            return
        raise forms.ValidationError(
            _("Write the month first, then the day: %(example)s"),
            params={"example": f"{month:02d}/{day:02d}/{year}"},
        )

    def prepare_value(self, value):
        """A saved date is shown as the resident types it: month/day/year, or month/year."""
        match = _SAVED_DATE.match(value) if isinstance(value, str) else None
        if match is None:
            return value
        year, month, day = match.groups()
        return f"{month}/{day}/{year}" if day else f"{month}/{year}"

    def _check(self, first: date, last: date) -> None:
        if last < _EARLIEST:
            raise forms.ValidationError(_("Enter a date after 1900"))
        if not self.future_ok and first > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future"))
        if self.future_ok and first.year > timezone.localdate().year + 100:
            raise forms.ValidationError(_("Enter a date within the next 100 years"))


def day_or_none(value: str | None) -> str | None:
    """A full date for the engine; a month and year (or nothing) is not one."""
    return value if value and len(value) == 10 else None


def last_day(value: str | None) -> str | None:
    """The last day of a month-and-year answer (a full date as is)."""
    if not value:
        return None
    if len(value) == 10:
        return value
    year, month = int(value[:4]), int(value[5:7])
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _earliest(value: str) -> str:
    return value if len(value) == 10 else f"{value}-01"


# --- The forms, one per step ------------------------------------------------------------


class _StepForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _clean_text(self, name, message):
        value = (self.cleaned_data.get(name) or "").strip()
        if _has_control_characters(value):
            raise forms.ValidationError(message)
        return value


class AboutForm(_StepForm):
    full_name = forms.CharField(
        label=_("Your full name"),
        help_text=_("As it appears on your court papers. For example, José Núñez"),
        max_length=200,
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Enter your name using 200 characters or fewer"),
        },
    )
    other_names = forms.CharField(
        label=_("Other names you have used (optional)"),
        help_text=_("For example, a maiden name or a name used at the time of the case"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Enter other names using 300 characters or fewer")},
    )
    date_of_birth = _date_field(
        _("Your date of birth"),
        # In words: a phone shows the date field in the order of its own language, which
        # may be day/month/year even on the English pages.
        _("For example, April 12, 1990"),
        required_message=_("Enter your date of birth"),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        help_text=_("For example, 410-555-0123"),
        max_length=30,
        required=False,
        error_messages={"max_length": _("Enter a phone number using 30 characters or fewer")},
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        help_text=_("We send your private link there, so you can come back later. For example, ana@example.org"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address like ana@example.org"),
            "max_length": _("Enter an email address using 254 characters or fewer"),
        },
    )
    address = forms.CharField(
        label=_("Mailing address"),
        help_text=_("Where the court can send you letters. For example, 100 N. Calvert St, Baltimore, MD 21202"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter a mailing address for the court's letters"),
            "max_length": _("Enter the address using 500 characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_full_name(self) -> str:
        return self._clean_text("full_name", _("Enter your name using letters, spaces and punctuation only"))

    def clean_other_names(self) -> str:
        return self._clean_text("other_names", _("Enter other names using letters, spaces and punctuation only"))

    def clean_address(self) -> str:
        return self._clean_text("address", _("Enter the address using letters, numbers and punctuation only"))

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and not _PHONE.match(value):
            raise forms.ValidationError(_("Enter a phone number using numbers, for example 410-555-0123"))
        return value

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value is not None:
            if value > timezone.localdate():
                raise forms.ValidationError(_("Your date of birth cannot be in the future"))
            if value < _EARLIEST:
                raise forms.ValidationError(_("Enter a date of birth after 1900"))
        return value

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        data["date_of_birth"] = data["date_of_birth"].isoformat()
        return data


class CaseForm(_StepForm):
    county = forms.ChoiceField(
        label=_("Where was the case?"),
        help_text=_("The county or city of the court"),
        choices=q.COUNTY_CHOICES,
        error_messages={
            "required": _("Choose where the case was"),
            "invalid_choice": _("Choose a county from the list"),
        },
    )
    court = forms.ChoiceField(
        label=_("Which court?"),
        choices=q.COURT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the court, or “I'm not sure”"),
            "invalid_choice": _("Choose a court from the list"),
        },
    )
    case_number = forms.CharField(
        label=_("Case number (optional)"),
        help_text=_(
            "On your court papers or Maryland Judiciary Case Search. Any format, for example 419340011 or "
            "C-24-CR-19-000123"
        ),
        max_length=40,
        required=False,
        error_messages={"max_length": _("Enter the case number using 40 characters or fewer")},
    )

    def clean_case_number(self) -> str:
        # Maryland uses many formats (419340011, 03-K-01-001296, C-24-CR-24-000123, …):
        # keep any of them, upper-case and without spaces, and only refuse stray symbols.
        value = "".join(self.cleaned_data["case_number"].split()).upper()
        if value and not _CASE_NUMBER.match(value):
            raise forms.ValidationError(_("Enter the case number using only letters, numbers and dashes"))
        return value

    def answers(self) -> dict:
        return dict(self.cleaned_data)


class ChargeForm(_StepForm):
    kind = forms.ChoiceField(
        label=_("What was the charge?"),
        choices=CHARGE_KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the charge was, or “I'm not sure”")},
    )
    amount = forms.ChoiceField(
        label=_("If it was possession of cannabis: about how much?"),
        choices=AMOUNT_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    description = forms.CharField(
        label=_("If it was something else: what was it called?"),
        help_text=_("As it is written on your papers, for example “CDS: possession – not marijuana”"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Enter the charge using 200 characters or fewer")},
    )
    disposition = forms.ChoiceField(
        label=_("What happened in court?"),
        choices=DISPOSITION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened in court, or “I'm not sure”")},
    )
    charge_date = FlexibleDateField(
        label=_("When were you charged? (optional)"),
        help_text=_(
            "The arrest or citation: month/day/year, for example 03/25/2012, or 03/2012 if you do not know the day"
        ),
        required=False,
    )
    disposition_date = FlexibleDateField(
        label=_("When did the court decide? (optional)"),
        help_text=_("Month/day/year, for example 05/25/2012, or 05/2012 if you do not know the day"),
        required=False,
    )

    def __init__(self, *args, born: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.born = born

    def clean_description(self):
        return self._clean_text("description", _("Enter the charge using letters, numbers and punctuation only"))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == "cannabis_possession" and not cleaned.get("amount"):
            self.add_error("amount", _("Choose about how much, or “I'm not sure”"))
        if kind == "other" and not cleaned.get("description"):
            self.add_error("description", _("Type what the charge was called"))
        charged, decided = cleaned.get("charge_date"), cleaned.get("disposition_date")
        for name, value in (("charge_date", charged), ("disposition_date", decided)):
            # A year mistyped (1912 for 2012) would pass every other check.
            if value and self.born and last_day(value) < self.born:
                self.add_error(name, _("This date is before your date of birth. Check the year"))
        if charged and decided and last_day(decided) < _earliest(charged) and "disposition_date" not in self.errors:
            self.add_error("disposition_date", _("The court's decision must be after the charge"))
        return cleaned

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        if data["kind"] != "cannabis_possession":
            data["amount"] = ""
        if data["kind"] != "other":
            data["description"] = ""
        return data


class SentenceForm(_StepForm):
    sentence_completed = FlexibleDateField(
        label=_("When did your sentence end? (optional)"),
        help_text=_(
            "The day jail, probation or parole ended; the court's decision date if there was no sentence. "
            "Month/day/year, for example 08/25/2013, or the month and year, 08/2013. Leave it empty if you are "
            "still serving it or do not know."
        ),
        required=False,
        future_ok=True,
    )
    probation = forms.ChoiceField(
        label=_("How did probation end?"),
        choices=PROBATION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how probation ended, or “I'm not sure”")},
    )

    def __init__(self, *args, decided: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decided = decided

    def clean(self):
        cleaned = super().clean()
        finished = cleaned.get("sentence_completed")
        if finished and self.decided and last_day(finished) < _earliest(self.decided):
            self.add_error("sentence_completed", _("The end of the sentence must be after the court's decision"))
        return cleaned

    def answers(self) -> dict:
        return dict(self.cleaned_data)


class SituationForm(_StepForm):
    pending_case = forms.ChoiceField(
        label=_("Do you have a criminal case open in any court right now?"),
        choices=q.YES_NO_NOT_SURE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes, no or “I'm not sure”"),
            "invalid_choice": _("Choose an answer from the list"),
        },
    )
    convictions_since = forms.ChoiceField(
        label=_("Have you been convicted of any other crime (not a minor traffic ticket)?"),
        help_text=_("Any conviction, in any court, that you have not told us about above"),
        choices=q.YES_NO_NOT_SURE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, no or “I'm not sure”")},
    )

    def answers(self) -> dict:
        return dict(self.cleaned_data)


class ConsentForm(_StepForm):
    consent = forms.BooleanField(
        label=_(
            "I understand that this portal gives information, not legal advice, and that legal-aid staff "
            "may read my answers to help me."
        ),
        error_messages={"required": _("Tick the box to say you understand, so we can check your answers")},
    )


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


def is_complete(step: Step, answers: dict, today: date | None = None) -> bool:
    """Whether the step is answered and its answers still pass its form, as on `today`
    (the local date unless given: a caller checking several steps reads it once)."""
    if step.name == "cases":
        cases = answers.get("cases", [])
        return bool(cases) and all(case.get("charges") for case in cases)
    if step.name in ("review", "consent"):
        return True
    saved = saved_answers(answers, step)
    if saved is None:
        return False
    options = tuple(sorted(_form_options(step, answers).items()))
    return _valid(step.name, json.dumps(saved, sort_keys=True), options, today or timezone.localdate())


@lru_cache(maxsize=4096)
def _valid(name: str, saved: str, options: tuple, today: date) -> bool:
    """Whether saved answers pass their step's form. Every page checks the steps before it,
    so the same answers are checked again and again: the result is kept (it can only
    change with the answers, or with the day, for dates that must not be in the future)."""
    return STEP_FORMS[name](json.loads(saved), **dict(options)).is_valid()


def first_incomplete(answers: dict, before: Step | None = None, today: date | None = None) -> Step | None:
    """The first step that is not answered yet or no longer valid — among the
    prerequisites of `before` when given, else among all; None when all are. As on
    `today`, the local date unless given."""
    candidates = prerequisites(before, answers) if before is not None else steps(answers)
    if candidates and today is None:
        today = timezone.localdate()
    for step in candidates:
        if not is_complete(step, answers, today):
            return step
    return None


def misplaced(answers: dict, step: Step, today: date | None = None) -> Step | None:
    """Where a resident who opens `step` must go instead: the first step before it that is
    not answered yet or no longer valid; the list of cases when the step does not apply
    (a sentence after a dismissal) or its case or charge is not there; None when they may
    be on it."""
    missing = first_incomplete(answers, before=step, today=today)
    if missing is not None:
        return missing
    if step not in steps(answers):
        return Step("cases")
    return None


_MISPLACED: dict[tuple, Step | None] = {}
_MISPLACED_KEPT = 4096


def misplaced_saved(saved: str, step: Step) -> Step | None:
    """`misplaced` for answers as saved: their JSON text, as the database holds it.

    Every page checks the steps before it, and the answers change only when a step is
    saved, so the result is kept, by a digest of the text (which bounds the memory
    kept), the step and the day (for dates that must not be in the future)."""
    today = timezone.localdate()
    key = (hashlib.blake2b(saved.encode(), digest_size=16).digest(), step, today)
    try:
        return _MISPLACED[key]
    except KeyError:
        pass
    result = misplaced(json.loads(saved), step, today)
    if len(_MISPLACED) >= _MISPLACED_KEPT:
        _MISPLACED.clear()  # one call, safe with threads; the pages in use fill it again
    _MISPLACED[key] = result
    return result


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


# --- The answers in words ---------------------------------------------------------------------


def cases_in_words(answers: dict) -> list[dict]:
    """The cases and charges as the resident answered them, in plain words in the active
    language, for people to read: the resident checking their answers, staff reviewing
    them. Dates stay as saved ("YYYY-MM-DD", or "YYYY-MM" for a month)."""
    kinds = dict(CHARGE_KIND_CHOICES)
    outcomes = dict(DISPOSITION_CHOICES)
    amounts = dict(AMOUNT_CHOICES)
    probations = dict(PROBATION_CHOICES)
    courts = dict(q.COURT_CHOICES)
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
                }
            )
        county = details.get("county")
        cases.append(
            {
                "number": i + 1,
                "index": i,
                "county": gettext(q.COUNTY_NAMES[county]) if county in q.COUNTY_NAMES else "",
                "case_number": details.get("case_number") or "",
                "court": courts.get(details.get("court"), "") if details.get("court") != NOT_SURE else "",
                "charges": charges,
            }
        )
    return cases


def situation_in_words(answers: dict) -> dict:
    """The answers about the resident's situation now, in plain words in the active
    language ("No", "Sí", "No estoy seguro"); a value that is not a choice as it is."""
    labels = dict(q.YES_NO_NOT_SURE)
    situation = answers.get("situation") or {}
    words = {}
    for name in ("pending_case", "convictions_since"):
        value = situation.get(name, "")
        words[name] = labels.get(value, value)
    return words


# --- From the answers to the contract --------------------------------------------------------


def to_record(answers: dict) -> dict:
    """The journey's answers as one contract input record (no as_of)."""
    about, situation = answers.get("about", {}), answers.get("situation", {})
    cases = []
    for case in answers.get("cases", []):
        details = case.get("details", {})
        court = details.get("court")
        charges = []
        for charge in case.get("charges", []):
            what, sentence = charge.get("what", {}), charge.get("sentence", {})
            mapped = dict(CHARGE_KINDS[what.get("kind") or NOT_SURE])
            if what.get("kind") == "other":
                mapped["description"] = what.get("description") or None
            probation = sentence.get("probation")
            disposition = what.get("disposition") or "unknown"
            finished = sentence.get("sentence_completed") or None
            charges.append(
                {
                    **mapped,
                    "cannabis_grams": AMOUNT_GRAMS.get(what.get("amount") or NOT_SURE),
                    "domestically_related": None,
                    # The last day of a month is exact for the dates the law compares a
                    # charge date with (before January 1 or July 1, 2023).
                    "charge_date": last_day(what.get("charge_date")),
                    "disposition": disposition,
                    "disposition_date": day_or_none(what.get("disposition_date")),
                    # A sentence only exists after a conviction or a PBJ; without the day,
                    # the engine asks a person.
                    "sentence_completed": day_or_none(finished) if disposition in CONVICTION_LIKE else None,
                    "probation_closed": probation if probation in ("satisfactory", "unsatisfactory") else None,
                    "integrity_flag": None,
                }
            )
        cases.append(
            {
                "case_number": details.get("case_number") or None,
                "court": None if court in (None, NOT_SURE) else court,
                "county": details.get("county"),
                "charges": charges,
            }
        )
    convictions_since = situation.get("convictions_since")
    return {
        "person": {
            "date_of_birth": about.get("date_of_birth"),
            "pending_case": q.TRI_STATE.get(situation.get("pending_case")),
            # "Yes" or "not sure" without the details: a conviction the engine cannot
            # date, so every rule it could affect asks a person (never a guess).
            "other_convictions": []
            if convictions_since == "no"
            else [{"statute": None, "description": "Reported by the resident", "felony": None}],
        },
        "cases": cases,
    }

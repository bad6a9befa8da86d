"""The resident's questionnaire forms, one per step (residents.journey), and the field
helpers they share."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from expunge.choices import (
    AMOUNT_CHOICES,
    CHARGE_KIND_CHOICES,
    COUNTY_CHOICES,
    COURT_CHOICES,
    DISPOSITION_CHOICES,
    PROBATION_CHOICES,
    YES_NO_NOT_SURE,
)
from expunge.dates import PartialDate
from expunge.templatetags.case_search import link_case_search

# --- Fields ------------------------------------------------------------------------------

_EARLIEST = date(1900, 1, 1)
_CASE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9./-]*$")
_TRACKING_NUMBER = re.compile(r"^[0-9A-Z][0-9A-Z-]*$")
_PHONE = re.compile(r"^[0-9+() .-]{7,30}$")
# Accept what a phone's date picker sends (YYYY-MM-DD) and what people type in the US.
_DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y"]


# A help text that mentions Case Search, with each mention a link to it (escaped first;
# crispy renders help texts as HTML), in the language active when the form is shown.
linked = lazy(lambda text: link_case_search(str(text)), SafeString)


EMAIL_ERRORS = {
    "invalid": _("Enter an email address like ana@example.org"),
    "max_length": _("Enter an email address using 254 characters or fewer"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label, help_text, *, required=True, required_message=None):
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        input_formats=_DATE_FORMATS,
        widget=DateInput(),
        error_messages={
            "required": required_message,
            "invalid": _("Enter a real date, for example 03/27/2019"),
        },
    )


def _yes_no_not_sure(label, help_text="", *, required=True):
    """A "No / Yes / I'm not sure" question, as radio buttons."""
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO_NOT_SURE,
        widget=forms.RadioSelect,
        required=required,
        error_messages={
            "required": _("Choose yes, no or “I'm not sure”"),
            "invalid_choice": _("Choose an answer from the list"),
        },
    )


def _has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in value)


# --- Dates with or without the day --------------------------------------------------------

_MONTH_YEAR = re.compile(r"^(?:(\d{1,2})[/-](\d{4})|(\d{4})-(\d{1,2}))$")
# Three numbers with the year last: the order the field asks for is month, day, year.
_THREE_NUMBERS = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")


class FlexibleDateField(forms.CharField):
    """A date, or a month and year when the day is not known. Cleans to the date as the
    answers save it (expunge.dates.PartialDate): "YYYY-MM-DD" or "YYYY-MM"."""

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
            return str(PartialDate.from_date(day))
        match = _MONTH_YEAR.match(value)
        if match:
            month, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
            if 1 <= int(month) <= 12:
                known = PartialDate(int(year), int(month))
                self._check(known.first, known.last)
                return str(known)
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
        saved = PartialDate.parse(value)
        if saved is None:
            return value
        if saved.month_only:
            return f"{saved.month:02d}/{saved.year}"
        return f"{saved.month:02d}/{saved.day:02d}/{saved.year}"

    def _check(self, first: date, last: date) -> None:
        if last < _EARLIEST:
            raise forms.ValidationError(_("Enter a date after 1900"))
        if not self.future_ok and first > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future"))
        if self.future_ok and first.year > timezone.localdate().year + 100:
            raise forms.ValidationError(_("Enter a date within the next 100 years"))


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
        error_messages=EMAIL_ERRORS,
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
        choices=COUNTY_CHOICES,
        error_messages={
            "required": _("Choose where the case was"),
            "invalid_choice": _("Choose a county from the list"),
        },
    )
    court = forms.ChoiceField(
        label=_("Which court?"),
        choices=COURT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the court, or “I'm not sure”"),
            "invalid_choice": _("Choose a court from the list"),
        },
    )
    case_number = forms.CharField(
        label=_("Case number (optional)"),
        help_text=linked(
            _(
                "On your court papers or Maryland Judiciary Case Search. Any format, for example 419340011 or "
                "C-24-CR-19-000123"
            )
        ),
        max_length=40,
        required=False,
        error_messages={"max_length": _("Enter the case number using 40 characters or fewer")},
    )

    tracking_number = forms.CharField(
        label=_("Tracking number (optional)"),
        help_text=linked(
            _(
                "On Maryland Judiciary Case Search, with the case's details. Cases from the same arrest share it, "
                "in District and Circuit Court. For example 126105493393"
            )
        ),
        max_length=30,
        required=False,
        error_messages={"max_length": _("Enter the tracking number using 30 characters or fewer")},
    )
    forwarded = _yes_no_not_sure(
        _("Was this case sent on to the Circuit Court? (District Court cases only, optional)"),
        help_text=_(
            "Sometimes the State charges an arrest again in Circuit Court and drops the District Court case. "
            "What happened in Circuit Court then decides whether this case can be removed."
        ),
        required=False,
    )
    agency = forms.CharField(
        label=_("Which police agency charged you? (optional)"),
        help_text=_("For example, Baltimore Police Department. Leave it empty if you do not know"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Enter the police agency using 200 characters or fewer")},
    )
    place = forms.CharField(
        label=_("Where were you arrested or charged? (optional)"),
        help_text=_("The city or town in Maryland, for example Baltimore. Leave it empty if you do not know"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Enter the place using 200 characters or fewer")},
    )

    same_arrest = forms.MultipleChoiceField(
        label=_("Did this case come from the same arrest as another case you told us about? (optional)"),
        help_text=_(
            "Tick each one. Charges from one arrest are removed together, even when they have different case numbers."
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose the cases from the list")},
    )

    def __init__(self, *args, others: tuple[tuple[str, str], ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if others:
            self.fields["same_arrest"].choices = list(others)
        else:
            del self.fields["same_arrest"]  # no other case to name: not asked

    def clean_tracking_number(self) -> str:
        value = "".join(self.cleaned_data["tracking_number"].split()).upper()
        if value and not _TRACKING_NUMBER.match(value):
            raise forms.ValidationError(_("Enter the tracking number using only numbers and letters"))
        return value

    def clean_agency(self) -> str:
        return self._clean_text("agency", _("Enter the police agency using letters, numbers and punctuation only"))

    def clean_place(self) -> str:
        return self._clean_text("place", _("Enter the place using letters, numbers and punctuation only"))

    def clean_case_number(self) -> str:
        # Maryland uses many formats (419340011, 03-K-01-001296, C-24-CR-24-000123, …):
        # keep any of them, upper-case and without spaces, and only refuse stray symbols.
        value = "".join(self.cleaned_data["case_number"].split()).upper()
        if value and not _CASE_NUMBER.match(value):
            raise forms.ValidationError(_("Enter the case number using only letters, numbers and dashes"))
        return value

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        if data["court"] == "circuit":
            data["forwarded"] = ""  # only a District Court case is sent on
        data.setdefault("same_arrest", [])
        return data


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
        error_messages={"invalid_choice": _("Choose about how much from the list, or “I'm not sure”")},
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
        born = PartialDate.parse(self.born)
        charged = PartialDate.parse(cleaned.get("charge_date"))
        decided = PartialDate.parse(cleaned.get("disposition_date"))
        for name, value in (("charge_date", charged), ("disposition_date", decided)):
            # A year mistyped (1912 for 2012) would pass every other check.
            if value and born and value.last < born.first:
                self.add_error(name, _("This date is before your date of birth. Check the year"))
        if charged and decided and decided.last < charged.first and "disposition_date" not in self.errors:
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
        finished = PartialDate.parse(cleaned.get("sentence_completed"))
        decided = PartialDate.parse(self.decided)
        if finished and decided and finished.last < decided.first:
            self.add_error("sentence_completed", _("The end of the sentence must be after the court's decision"))
        return cleaned

    def answers(self) -> dict:
        return dict(self.cleaned_data)


_TREATMENT_LABELS = {
    "stet": _("Did the court order drug or alcohol treatment as part of the stet?"),
    "nolle_prosequi": _("Did the prosecutor drop the charge on condition that you finish drug or alcohol treatment?"),
    "pbj": _("Did the court order drug or alcohol treatment as part of the probation before judgment?"),
}


class ChargeFactsForm(_StepForm):
    """The facts about one charge that decide its answer, each asked only where it can
    change it (residents.journey.ChargeFactsStep says which): the form holds only those."""

    domestic = _yes_no_not_sure(
        _("Did the judge say this was domestic — against a partner, family member or someone you lived with?"),
        linked(
            _(
                "On Maryland Judiciary Case Search it shows as “DOMESTIC RLTD” after the decision, for example "
                "“GUILTY - DOMESTIC RLTD”. If the judge said so, the wait is longer."
            )
        ),
    )
    civil_citation = _yes_no_not_sure(
        _("Was this a civil citation — a ticket with a fine — rather than a criminal charge?"),
        _(
            "From October 2014 to June 2023, less than 10 grams was a civil offense: a citation with a fine, "
            "not a crime. Your papers would say “civil citation”. It is removed in a different way."
        ),
    )
    treatment = _yes_no_not_sure(
        _("Did the court order drug or alcohol treatment?"),
        _("For example, a treatment program you had to finish. The law counts the wait from the end of it."),
    )
    treatment_completed = FlexibleDateField(
        label=_("If treatment was ordered: when did you finish it? (optional)"),
        help_text=_(
            "Month/day/year, for example 08/25/2013, or the month and year, 08/2013. Leave it empty if you have "
            "not finished or do not know."
        ),
        required=False,
    )

    def __init__(self, *args, questions: tuple[str, ...] = (), disposition: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in questions and not (name == "treatment_completed" and "treatment" in questions):
                del self.fields[name]
        if "treatment" in self.fields and disposition in _TREATMENT_LABELS:
            self.fields["treatment"].label = _TREATMENT_LABELS[disposition]

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        if "treatment" in data and data["treatment"] != "yes":
            data["treatment_completed"] = ""
        return data


class SituationForm(_StepForm):
    pending_case = _yes_no_not_sure(_("Do you have a criminal case open in any court right now?"))
    convictions_since = _yes_no_not_sure(
        _("Have you been convicted of any other crime (not a minor traffic ticket)?"),
        _("Any conviction, in any court, that you have not told us about above"),
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


class EmailLinkForm(forms.Form):
    """The results page's "email me this link"."""

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send the link and nothing else: no names, no case details."),
        max_length=254,
        error_messages={**EMAIL_ERRORS, "required": _("Enter the email address to send the link to")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

from __future__ import annotations

import re
import unicodedata
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from expunge import questionnaire as q

_EARLIEST = date(1900, 1, 1)
_CASE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9./-]*$")
_PHONE = re.compile(r"^[0-9+() .-]{7,30}$")
# Accept what a phone's date picker sends (YYYY-MM-DD) and what people type in the US.
_DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y"]


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


def _has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in value)


class QuickCheckForm(forms.Form):
    """The foundation's short questionnaire: the resident, one case and one charge."""

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
        _("For example, 04/12/1990"),
        required_message=_("Enter your date of birth"),
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
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        help_text=_("For example, 410-555-0123"),
        max_length=30,
        required=False,
        error_messages={"max_length": _("Enter a phone number using 30 characters or fewer")},
    )
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
        help_text=_("It is on your court papers and on Maryland Judiciary Case Search. For example, 419340011"),
        max_length=40,
        required=False,
        error_messages={"max_length": _("Enter the case number using 40 characters or fewer")},
    )
    charge = forms.ChoiceField(
        label=_("What was the charge?"),
        choices=q.CHARGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the charge was"),
            "invalid_choice": _("Choose a charge from the list"),
        },
    )
    disposition = forms.ChoiceField(
        label=_("What happened in court?"),
        help_text=_("The court's decision on this charge"),
        choices=q.DISPOSITION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what happened in court"),
            "invalid_choice": _("Choose an answer from the list"),
        },
    )
    disposition_date = _date_field(
        _("Date of the court's decision"),
        _("For example, 05/10/2012"),
        required_message=_("Enter the date of the court's decision"),
    )
    sentence_completed = _date_field(
        _("Date you finished your sentence (optional)"),
        _(
            "The day jail, probation or parole ended. If there was no sentence, enter the date of the "
            "court's decision. Leave it empty if you are still serving it or do not know."
        ),
        required=False,
    )
    pending_case = forms.ChoiceField(
        label=_("Do you have a criminal case open in any court right now?"),
        choices=q.YES_NO_NOT_SURE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes, no or “I'm not sure”"),
            "invalid_choice": _("Choose an answer from the list"),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "I understand that this portal gives information, not legal advice, and that legal-aid staff "
            "may read my answers to help me."
        ),
        error_messages={"required": _("Tick the box to say you understand, so we can check your answers")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["date_of_birth"].widget.attrs["autocomplete"] = "bday"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.layout = Layout(
            Fieldset(_("About you"), "full_name", "other_names", "date_of_birth", "address", "phone"),
            Fieldset(_("Your case"), "county", "court", "case_number"),
            Fieldset(_("The charge"), "charge", "disposition", "disposition_date", "sentence_completed"),
            Fieldset(_("Your situation now"), "pending_case"),
            Fieldset(_("Before we check"), "consent"),
            Submit("submit", _("Check my answers"), css_class="btn-lg"),
        )

    def _clean_text(self, name: str, message) -> str:
        value = self.cleaned_data[name].strip()
        if _has_control_characters(value):
            raise forms.ValidationError(message)
        return value

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

    def clean_case_number(self) -> str:
        # Maryland uses many formats (419340011, 03-K-01-001296, C-24-CR-24-000123, …):
        # keep any of them, upper-case and without spaces, and only refuse stray symbols.
        value = "".join(self.cleaned_data["case_number"].split()).upper()
        if value and not _CASE_NUMBER.match(value):
            raise forms.ValidationError(_("Enter the case number using only letters, numbers and dashes"))
        return value

    def _check_past(self, name: str, too_early, in_future) -> date | None:
        value = self.cleaned_data.get(name)
        if value is not None:
            if value > timezone.localdate():
                raise forms.ValidationError(in_future)
            if value < _EARLIEST:
                raise forms.ValidationError(too_early)
        return value

    def clean_date_of_birth(self):
        return self._check_past(
            "date_of_birth", _("Enter a date of birth after 1900"), _("Your date of birth cannot be in the future")
        )

    def clean_disposition_date(self):
        return self._check_past(
            "disposition_date",
            _("Enter a date after 1900"),
            _("The date of the court's decision cannot be in the future"),
        )

    def clean_sentence_completed(self):
        value = self.cleaned_data.get("sentence_completed")
        if value is not None and value.year > timezone.localdate().year + 100:
            raise forms.ValidationError(_("Enter the date your sentence ends, within the next 100 years"))
        return value

    def clean(self):
        cleaned = super().clean()
        born = cleaned.get("date_of_birth")
        decided = cleaned.get("disposition_date")
        finished = cleaned.get("sentence_completed")
        if born and decided and decided < born:
            self.add_error("disposition_date", _("The date of the court's decision must be after your date of birth"))
        elif decided and finished and finished < decided:
            self.add_error(
                "sentence_completed", _("The date you finished your sentence must be after the court's decision")
            )
        return cleaned

    def answers(self) -> dict:
        """The cleaned answers as JSON-ready data (dates as YYYY-MM-DD), without the consent tick."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "consent"}
        for name, value in data.items():
            if isinstance(value, date):
                data[name] = value.isoformat()
        data["consented_at"] = timezone.now().isoformat()
        return data

"""Forms of the staff workspace. Staff pages are in the active language like every page;
the values they write (statuses, corrections) are the engine's and the contract's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from eligibility.contract import DISPOSITIONS, PROBATION_CLOSED, SUBSTANCES
from eligibility.engine import PETITION_OUTCOMES
from expunge.choices import COUNTY_CHOICES
from expunge.explanations import OUTCOMES
from expunge.models import Submission
from expunge.packet import documents
from expunge.records import CORRECTABLE_CASE_FIELDS, CORRECTABLE_CHARGE_FIELDS

# Every outcome the contract has, by its code (staff read the codes on the detail page).
OUTCOME_CHOICES = [(code, code) for code in OUTCOMES]
_ANY = [("", _("Any"))]


def _bootstrap(form: forms.Form) -> None:
    """Bootstrap's classes on every widget (these forms are laid out by hand)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or case number"), required=False, max_length=100)
    review_status = forms.ChoiceField(
        label=_("Review status"), choices=_ANY + Submission.Review.choices, required=False
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_ANY + OUTCOME_CHOICES, required=False)
    county = forms.ChoiceField(label=_("County"), choices=_ANY + COUNTY_CHOICES, required=False)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    created_from = forms.DateField(
        label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    created_to = forms.DateField(
        label=_("Submitted until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = (
            _ANY + [("none", _("Nobody"))] + [(str(u.pk), u.get_username()) for u in members]
        )
        _bootstrap(self)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"] or None,
            "review_status": data["review_status"] or None,
            "outcome": data["outcome"] or None,
            "county": data["county"] or None,
            "assignee": data["assignee"] or None,
            "created_from": data["created_from"],
            "created_to": data["created_to"],
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=Submission.Review.choices)

    def __init__(self, *args, moves=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Submission.Review.choices)
        self.fields["status"].choices = [(m, labels[m]) for m in moves]
        _bootstrap(self)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody"))] + [(str(u.pk), u.get_username()) for u in members]
        _bootstrap(self)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


_FIELD_CHOICES = [(f"case.{f}", f"case: {f}") for f in CORRECTABLE_CASE_FIELDS] + [
    (f"charge.{f}", f"charge: {f}") for f in CORRECTABLE_CHARGE_FIELDS
]
_BOOLEAN_FIELDS = {
    "felony",
    "domestically_related",
    "integrity_flag",
    "forwarded_to_circuit",
    "civil_citation",
    "minor_traffic",
}
_DATE_FIELDS = {"charge_date", "disposition_date", "sentence_completed"}


class CorrectionForm(forms.Form):
    """One fact, corrected against the court record. The value is checked against the
    contract before it is stored, so a correction can never stop the engine."""

    case = forms.IntegerField(label=_("Case number in the list"), min_value=1)
    charge = forms.IntegerField(label=_("Charge number in the case"), min_value=1, required=False)
    field = forms.ChoiceField(label=_("Fact"), choices=_FIELD_CHOICES)
    value = forms.CharField(label=_("Correct value"), required=False, max_length=200)
    verified = forms.BooleanField(label=_("Checked against the court record"), required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        scope, name = data["field"].split(".", 1)
        cases = self.record["cases"]
        case_index = data["case"] - 1
        if case_index >= len(cases):
            self.add_error("case", _("There is no such case."))
            return data
        charge_index = None
        if scope == "charge":
            if not data.get("charge"):
                self.add_error("charge", _("Say which charge."))
                return data
            charge_index = data["charge"] - 1
            if charge_index >= len(cases[case_index]["charges"]):
                self.add_error("charge", _("There is no such charge in that case."))
                return data
        data["case_index"], data["charge_index"], data["name"] = case_index, charge_index, name
        data["typed_value"] = self._typed(name, (data.get("value") or "").strip())
        return data

    def _typed(self, name, raw):
        if raw == "":
            return None
        if name in _BOOLEAN_FIELDS:
            if raw.lower() in ("true", "yes"):
                return True
            if raw.lower() in ("false", "no"):
                return False
            self.add_error("value", _("Enter yes or no (or leave it empty for unknown)."))
        elif name in _DATE_FIELDS:
            from datetime import date

            try:
                return date.fromisoformat(raw).isoformat()
            except ValueError:
                self.add_error("value", _("Enter a date as YYYY-MM-DD."))
        elif name == "cannabis_grams":
            try:
                grams = float(raw)
            except ValueError:
                grams = -1
            if grams < 0:
                self.add_error("value", _("Enter a number of grams."))
            return grams
        elif name == "disposition" and raw not in DISPOSITIONS:
            self.add_error("value", _("Enter one of: %(choices)s.") % {"choices": ", ".join(sorted(DISPOSITIONS))})
        elif name == "substance" and raw not in SUBSTANCES:
            self.add_error("value", _("Enter cannabis or other."))
        elif name == "probation_closed" and raw not in PROBATION_CLOSED:
            self.add_error("value", _("Enter satisfactory or unsatisfactory."))
        elif name == "court" and raw not in ("district", "circuit", "juvenile"):
            self.add_error("value", _("Enter district, circuit or juvenile."))
        elif name == "county" and raw not in dict(COUNTY_CHOICES):
            self.add_error("value", _("Enter a county code such as baltimore_city."))
        elif name in ("case_number", "tracking_number"):
            return "".join(raw.upper().split())
        elif name == "related_cases":
            # Case numbers of other cases from the same arrest, separated by commas or spaces.
            return sorted({"".join(number.upper().split()) for number in raw.replace(",", " ").split()})
        return raw


class OverrideForm(forms.Form):
    case = forms.IntegerField(label=_("Case number in the list"), min_value=1)
    charge = forms.IntegerField(label=_("Charge number in the case"), min_value=1)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES)
    eligible_on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ground = forms.ChoiceField(
        label=_("Petition ground"),
        required=False,
        choices=[("", _("None"))] + [(g, g) for g in documents.GROUND_STATEMENTS],
    )
    reason = forms.CharField(label=_("Reason (required)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, result=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.result = result
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        cases = self.result["cases"]
        if data["case"] > len(cases):
            self.add_error("case", _("There is no such case."))
        elif data["charge"] > len(cases[data["case"] - 1]["charges"]):
            self.add_error("charge", _("There is no such charge in that case."))
        if data.get("outcome") in PETITION_OUTCOMES and not data.get("ground"):
            self.add_error("ground", _("Choose the ground the petition will rest on."))
        if data.get("outcome") in PETITION_OUTCOMES | {"automatically_expunged"} and not data.get("eligible_on"):
            self.add_error("eligible_on", _("Give the date the petition can be filed from."))
        return data


class MergeForm(forms.Form):
    original = forms.IntegerField(label=_("Submission number it duplicates"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class StaffLoginForm(OTPAuthenticationForm):
    """Password and the 6-digit code from the staff member's authenticator app. The
    device is found from the code: staff choose nothing."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["otp_device"]
        del self.fields["otp_challenge"]
        _bootstrap(self)

    def _chosen_device(self, user):
        # Each staff member has one authenticator (TOTP) device, set up by an administrator.
        return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()

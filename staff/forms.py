"""Forms of the staff workspace. Staff pages are in the active language like every page;
the values they choose are shown in words (expunge.facts) and stored as the engine's and
the contract's codes."""

from __future__ import annotations

import hashlib
import json
import math

from django import forms
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from eligibility.engine import PETITION_OUTCOMES
from expunge import facts
from expunge.choices import COUNTY_CHOICES, OVERRIDE_REASONS
from expunge.explanations import OUTCOME_LABELS
from expunge.models import Submission
from expunge.packet import documents
from expunge.records import CORRECTABLE_CASE_FIELDS, CORRECTABLE_CHARGE_FIELDS, CORRECTABLE_PERSON_FIELDS

# Every outcome the contract has, in a few words (the detail page shows the code beside them).
OUTCOME_CHOICES = list(OUTCOME_LABELS.items())
_ANY = [("", _("Any"))]


def _bootstrap(form: forms.Form) -> None:
    """Bootstrap's classes on every widget (these forms are laid out by hand), and each help
    text tied to its field (staff/_fields.html shows it under the field)."""
    for name, field in form.fields.items():
        widget = field.widget
        if field.help_text:
            widget.attrs.setdefault("aria-describedby", f"{form[name].auto_id}-help")
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


SORT_CHOICES = [
    ("received", _("Newest first")),
    ("received_oldest", _("Oldest first")),
    ("name", _("Name")),
    ("county", _("County")),
    ("status", _("Review status")),
    ("assignee", _("Assigned to")),
    ("next_eligible", _("Next filing date")),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or case number"),
        help_text=_("Names in any order, accents optional; case numbers with or without dashes."),
        required=False,
        max_length=100,
    )
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
    source = forms.ChoiceField(label=_("Source"), choices=_ANY + Submission.Source.choices, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

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
            "source": data["source"] or None,
            "sort": data["sort"] or "received",
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


def _field_choices() -> list:
    return [
        (_("The case"), [(f"case.{name}", facts.CASE_FACTS[name]) for name in CORRECTABLE_CASE_FIELDS]),
        (_("A charge"), [(f"charge.{name}", facts.CHARGE_FACTS[name]) for name in CORRECTABLE_CHARGE_FIELDS]),
        # The person's other cases have a form of their own (OtherCaseForm).
        (
            _("The person"),
            [
                (f"person.{name}", facts.PERSON_FACTS[name])
                for name in CORRECTABLE_PERSON_FIELDS
                if name != "other_dispositions"
            ],
        ),
    ]


# The values of the facts that have a list of them, as "fact:code" ("fact:" is not known),
# and yes / no / not known for the others that are true or false.
_NOT_KNOWN = "unknown"


def _yes_no_not_known() -> list:
    return [("yes", facts.YES_NO_UNKNOWN[0][1]), ("no", facts.YES_NO_UNKNOWN[1][1]), (_NOT_KNOWN, facts.NOT_KNOWN)]


def _value_choices() -> list:
    groups: list = [("", _("— for a fact with a list of values —"))]
    groups.append((_("Yes or no"), _yes_no_not_known()))
    for name, values in facts.CHOICES.items():
        options = [(f"{name}:{code}", words) for code, words in values]
        if name != "disposition":  # a disposition has its own "not known"
            options.append((f"{name}:", facts.NOT_KNOWN))
        groups.append((facts.label(name), options))
    return groups


def _date_as_written(raw: str):
    """A date as staff write it (month/day/year, or as the record keeps it); None when
    empty. Anything else, or a year before 1900, is refused."""
    if not raw.strip():
        return None
    day = facts.parse_date(raw)
    if day is None or day.year < 1900:
        raise forms.ValidationError(_("Enter a date as month/day/year, for example 03/27/2019."))
    return day


class CorrectionForm(forms.Form):
    """One fact, corrected against the court record, in the words the staff pages use: a
    value chosen from its list (what happened in court, the court, yes or no …) or typed
    (dates as people write them, numbers, case numbers). The value is checked against the
    contract before it is stored, so a correction can never stop the engine."""

    case = forms.IntegerField(
        label=_("Case number in the list"),
        help_text=_("Leave it empty for a fact of the person."),
        min_value=1,
        required=False,
    )
    charge = forms.IntegerField(label=_("Charge number in the case"), min_value=1, required=False)
    field = forms.ChoiceField(label=_("Fact"))
    choice = forms.ChoiceField(label=_("Correct value, chosen"), required=False)
    value = forms.CharField(
        label=_("Correct value, typed"),
        help_text=_("Dates as month/day/year; leave it empty for not known."),
        required=False,
        max_length=200,
    )
    verified = forms.BooleanField(label=_("Checked against the court record"), required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.fields["field"].choices = _field_choices()
        self.fields["choice"].choices = _value_choices()
        _bootstrap(self)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        scope, name = data["field"].split(".", 1)
        cases = self.record["cases"]
        if scope == "person":
            data["case_index"], data["charge_index"], data["name"] = None, None, name
            data["typed_value"] = self._chosen(name, data.get("choice") or "")
            return data
        if not data.get("case"):
            self.add_error("case", _("Say which case."))
            return data
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
        if name in facts.BOOLEAN_FACTS or name in facts.CHOICES:
            data["typed_value"] = self._chosen(name, data.get("choice") or "")
        else:
            data["typed_value"] = self._typed(name, (data.get("value") or "").strip())
        return data

    def _chosen(self, name, choice):
        """A value chosen from the fact's own list."""
        words = {"fact": facts.label(name)}
        if name in facts.BOOLEAN_FACTS:
            if choice not in ("yes", "no", _NOT_KNOWN):
                self.add_error("choice", _("Choose yes, no or not known for “%(fact)s”.") % words)
                return None
            return {"yes": True, "no": False}.get(choice)
        prefix = f"{name}:"
        if not choice.startswith(prefix):
            self.add_error("choice", _("Choose the value of “%(fact)s” from its list.") % words)
            return None
        return choice[len(prefix) :] or None

    def _typed(self, name, raw):
        """A typed value: empty is not known."""
        if raw == "":
            return None
        if name in facts.DATE_FACTS:
            try:
                return _date_as_written(raw).isoformat()
            except forms.ValidationError as error:
                self.add_error("value", error)
                return None
        if name in facts.NUMBER_FACTS:
            try:
                grams = float(raw.replace(",", "."))
            except ValueError:
                grams = -1.0
            if not math.isfinite(grams) or grams < 0:
                self.add_error("value", _("Enter a number of grams, for example 28 or 42.5."))
                return None
            return grams
        if name in ("case_number", "tracking_number"):
            number = "".join(raw.upper().split())
            if len(number) > 40:
                self.add_error("value", _("Enter the number using 40 characters or fewer"))
                return None
            return number
        if name == "related_cases":
            # Case numbers of other cases from the same arrest, separated by commas or spaces.
            return sorted({"".join(number.upper().split()) for number in raw.replace(",", " ").split()})
        return raw


# How another case of the person's ended. "Not known" is not offered: a case whose end is
# not known may be a conviction or still open, which the engine must not take as neither
# (say so with "A criminal case open in any court right now: not known", or a note).
OTHER_CASE_DISPOSITIONS = [(code, words) for code, words in facts.DISPOSITION_LABELS.items() if code != "unknown"]


def other_case_key(case: dict) -> str:
    """A short fingerprint of one of the person's other cases: a removal names the case it
    means, so a list changed meanwhile by someone else is not cut in the wrong place."""
    return hashlib.sha256(json.dumps(case, sort_keys=True, default=str).encode()).hexdigest()[:16]


class OtherCaseForm(forms.Form):
    """One of the person's cases outside these, found on Case Search or another record: how
    it ended, what it was, and when. Added to the list staff keep of the person's other
    cases (expunge.records.other_cases), which the engine weighs: a conviction for the
    later-conviction rules, a DUI PBJ for the DUI PBJ bar, an open case for every petition."""

    disposition = forms.ChoiceField(label=_("What happened in court"), choices=OTHER_CASE_DISPOSITIONS)
    statute = forms.CharField(
        label=_("Statute"), help_text=_("As the record writes it, for example CR 7-104."), required=False, max_length=40
    )
    description = forms.CharField(label=_("Description of the charge"), required=False, max_length=200)
    felony = forms.ChoiceField(label=_("A felony"), choices=_yes_no_not_known, initial=_NOT_KNOWN)
    disposition_date = forms.CharField(
        label=_("Date of the court's decision"),
        help_text=_("Month/day/year; leave it empty if not known."),
        required=False,
        max_length=20,
    )
    sentence_completed = forms.CharField(
        label=_("Date the sentence ended"),
        help_text=_("Month/day/year; leave it empty if not known or if there was no sentence."),
        required=False,
        max_length=20,
    )
    verified = forms.BooleanField(label=_("Checked against the court record"), required=False)

    def __init__(self, *args, **kwargs):
        # Ids of its own: the correction form beside it has a "verified" field too.
        kwargs.setdefault("auto_id", "id_other_%s")
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean_disposition_date(self):
        day = _date_as_written(self.cleaned_data.get("disposition_date") or "")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("A decision cannot be after today."))
        return day

    def clean_sentence_completed(self):
        return _date_as_written(self.cleaned_data.get("sentence_completed") or "")

    def clean(self):
        data = super().clean()
        if not (data.get("statute") or "").strip() and not (data.get("description") or "").strip():
            self.add_error("description", _("Say what the charge was: its statute or its description."))
        decided, ended = data.get("disposition_date"), data.get("sentence_completed")
        if decided and ended and ended < decided:
            self.add_error("sentence_completed", _("A sentence cannot end before the court's decision."))
        return data

    def other_case(self) -> dict:
        """The case as the contract's `person.other_dispositions` has it."""
        data = self.cleaned_data
        decided, ended = data["disposition_date"], data["sentence_completed"]
        return {
            "statute": " ".join(data["statute"].upper().split()) or None,
            "description": " ".join(data["description"].split()) or None,
            "felony": {"yes": True, "no": False}.get(data["felony"]),
            "disposition": data["disposition"],
            "disposition_date": decided.isoformat() if decided else None,
            "sentence_completed": ended.isoformat() if ended else None,
        }


class RemoveOtherCaseForm(forms.Form):
    """Take one case off the list of the person's other cases: its place and fingerprint."""

    index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    key = forms.CharField(max_length=16, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", False)  # one form per case on the page: no ids to repeat
        super().__init__(*args, **kwargs)

    def chosen(self, cases: list[dict]) -> int | None:
        """The place of the case meant in this list, or None where it is not there as shown."""
        if not self.is_valid():
            return None
        index = self.cleaned_data["index"]
        if index < len(cases) and other_case_key(cases[index]) == self.cleaned_data["key"]:
            return index
        return None


class OverrideForm(forms.Form):
    case = forms.IntegerField(label=_("Case number in the list"), min_value=1)
    charge = forms.IntegerField(label=_("Charge number in the case"), min_value=1)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES)
    eligible_on = forms.CharField(
        label=_("Date"), help_text=_("Month/day/year, for example 03/27/2019."), required=False, max_length=20
    )
    ground = forms.ChoiceField(
        label=_("Petition ground"),
        required=False,
        choices=[("", _("None"))] + [(g, g) for g in documents.GROUND_STATEMENTS],
    )
    reason_code = forms.ChoiceField(
        label=_("Reason the resident reads"),
        choices=OVERRIDE_REASONS,
        help_text=_("Shown on the resident's results page in their language."),
    )
    reason = forms.CharField(
        label=_("Your reason, for staff (required)"),
        help_text=_("Kept for staff and the audit log; never shown to the resident."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, result=None, **kwargs):
        # Ids of its own: the correction form on the same page has a case and a charge too.
        kwargs.setdefault("auto_id", "id_override_%s")
        super().__init__(*args, **kwargs)
        self.result = result
        _bootstrap(self)

    def clean_eligible_on(self):
        return _date_as_written(self.cleaned_data.get("eligible_on") or "")

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

    def _update_form(self, user):
        """django-otp writes the password back into the page after a wrong code, which also
        tells whoever typed it that it was right: never."""
        super()._update_form(user)
        self.fields["password"].widget.render_value = False

    def clean_otp(self, user):
        """A right password with a wrong or missing code is a failed login too: it counts
        towards the username's lockout (django-axes listens for user_login_failed)."""
        try:
            super().clean_otp(user)
        except forms.ValidationError:
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=self.request)
            raise


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        return [single(data or None, initial)]


class BatchUploadForm(forms.Form):
    """Court records for many people: the three tables of a Case Search extract (parties,
    cases, charges) or one table with a row per charge, as CSV or .xlsx."""

    files = MultipleFileField(
        label=_("Files of court records"),
        help_text=_("CSV or .xlsx: the parties, cases and charges files together, or one file with a row per charge."),
    )
    as_of = forms.CharField(
        label=_("Decide as of (optional)"),
        help_text=_("Month/day/year; today when left empty."),
        required=False,
        max_length=20,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)
        self.fields["files"].widget.attrs["accept"] = ".csv,.xlsx,text/csv"

    def clean_as_of(self):
        return _date_as_written(self.cleaned_data.get("as_of") or "")

"""Field helpers shared by the questionnaire's forms (expunge.journey)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

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

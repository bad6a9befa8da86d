"""Cells written to a CSV or .xlsx file that staff open in a spreadsheet."""

from __future__ import annotations

# A cell a spreadsheet would read as a formula: =HYPERLINK(...) typed as a name.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell that a spreadsheet shows as the text it is (OWASP's CSV injection advice:
    a leading quote before a formula character)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value

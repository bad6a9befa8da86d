"""What can be wrong with a row or a value of a court record, as stable codes with the
sentence staff read (translated when shown, so a stored report reads in either language)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # A charge a person must decide (the rest of the record is still read).
    "disposition_unclear": _("This disposition has no single meaning for expungement: read the docket."),
    "disposition_missing": _("No disposition, and the case is not shown as open."),
    "domestic_not_allowed": _("A domestic finding on a disposition that cannot carry one: read the docket."),
    "statute_unreadable": _("Not a statute in a form the importer reads."),
    "article_27": _("A code of Article 27 (before 2002): a person decides which law it is today."),
    "cjis_unknown": _("No statute, and this CJIS code is not in the list of codes (cjis-codes.csv)."),
    "charge_unknown": _("No statute, CJIS code or description says what the charge was."),
    "statute_contradicts_description": _("The statute and the description name different offences."),
    "substance_unclear": _("A drug charge whose description does not say clearly whether it was cannabis."),
    "date_unreadable": _("Not a date as MM/DD/YYYY."),
    "date_after_as_of": _("A date after the day the batch is decided as of."),
    "term_unreadable": _("Not a whole number."),
    "date_order": _("This date is before the one it should follow (the offense date, or the disposition date)."),
    "engine_refused": _("The rules engine could not decide this record: a person must."),
    # A person whose identity a person should check (their charges are still decided).
    "birth_month_only": _("Only the month and year of birth: not matched with other rows of the same name."),
    "birth_date_missing": _("No date of birth: not matched with other rows of the same name."),
    "party_conflict": _("The same PartyID appears with different details; the first row was kept."),
    "party_missing": _("This PartyID is not in the parties file."),
    # A row that could not be given to anyone (refused; listed, never dropped without a word).
    "case_missing": _("This CaseID is not in the cases file."),
    "person_missing": _("No PartyID and no name: this row cannot be given to a person."),
    "case_number_missing": _("No case number."),
    "duplicate_charge": _("The same charge of the same case appears again; the first row was kept."),
    "case_conflict": _("The same CaseID appears with different details; the first row was kept."),
}


@dataclass(frozen=True)
class Problem:
    """A value a person should see: in which file, row and column, what it held, and what
    is wrong with it (a code of MESSAGES)."""

    file: str
    row: int
    column: str
    value: str
    code: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def message(code: str) -> str:
    return str(MESSAGES.get(code, code))

"""The court forms the portal prepares, as versioned data.

Each entry is one version of one form: the Judiciary's form number, the template that
lays it out, and the days it is in force. When the court changes a form, add a version
with its own template and effective date; never edit an old one, so documents already
prepared can still be told apart (each stores the revision it used).

The layouts are "substantially in the form" of the Judiciary's approved forms (Md. Rule
4-504); the official PDFs could not be consulted here, so every version says so
(`verified=False`) and the packet's cover sheet asks the resident to compare with the
clerk's current form. Sources: ../shared/law/maryland-law.md §7.1, §7.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from eligibility.tables import (
    GENERAL_WAIVER_FORM,
    PETITION_CANNABIS_FORM,
    PETITION_CONVICTION_FORM,
    PETITION_EARLY_FORM,
    PETITION_NON_CONVICTION_FORM,
)

# Not a court form: the letter asking the State's Attorney to consider a motion to vacate.
REFERRAL_LETTER = "REFERRAL-8-301.1"
# Not a court form: the resident's instructions, in the resident's language.
COVER_SHEET = "COVER-SHEET"


@dataclass(frozen=True, slots=True)
class FormVersion:
    code: str
    revision: str
    title: str
    template: str
    effective_from: date
    effective_to: date | None  # last day in force; None = still in force
    verified: bool
    source: str


PORTAL_LAYOUT_1 = date(2026, 11, 25)
# The layouts of the Judiciary's current revisions (law notes §00 'which forms'): their form
# numbers, titles and revision dates as third-party form censuses list them [S]; the layout
# follows the fields §00 and §7.2 name.
PORTAL_LAYOUT_2 = date(2026, 12, 2)
_FORMS_SOURCE = "law notes §00 'Cannabis: what is no longer a crime, and which forms' [S]; §7.2 fields [U: layout]"

FORM_VERSIONS: tuple[FormVersion, ...] = (
    FormVersion(
        code=PETITION_NON_CONVICTION_FORM,
        revision="portal-1",
        title="Petition for Expungement of Records",
        template="pdf/petition_072a.html",
        effective_from=PORTAL_LAYOUT_1,
        effective_to=PORTAL_LAYOUT_2 - timedelta(days=1),
        verified=False,
        source="law notes §7.1 (People's Law Library: acquittal, dismissal, PBJ, nolle pros, stet, certain NCR) "
        "[S]; §7.2 fields [U: layout]",
    ),
    FormVersion(
        code=PETITION_CONVICTION_FORM,
        revision="portal-1",
        title="Petition for Expungement of Records",
        template="pdf/petition_072b.html",
        effective_from=PORTAL_LAYOUT_1,
        effective_to=PORTAL_LAYOUT_2 - timedelta(days=1),
        verified=False,
        source="law notes §7.1 (eligible guilty dispositions: §10-110, nuisance, pardon) [S]; §7.2 fields [U: layout]",
    ),
    FormVersion(
        code=GENERAL_WAIVER_FORM,
        revision="portal-1",
        title="General Waiver and Release",
        template="pdf/waiver_078.html",
        effective_from=PORTAL_LAYOUT_1,
        effective_to=PORTAL_LAYOUT_2 - timedelta(days=1),
        verified=False,
        source="law notes §1.2 (waiver of tort claims for early filing) [V], §7.1 (CC-DC-CR-078) [V]; layout [U]",
    ),
    FormVersion(
        code=PETITION_NON_CONVICTION_FORM,
        revision="Rev. 09/2025",
        title="Petition for Expungement of Records",
        template="pdf/petition_072a.html",
        effective_from=PORTAL_LAYOUT_2,
        effective_to=None,
        verified=False,
        source=_FORMS_SOURCE,
    ),
    FormVersion(
        code=PETITION_CONVICTION_FORM,
        revision="Rev. 10/01/2025",
        title="Petition for Expungement",
        template="pdf/petition_072b.html",
        effective_from=PORTAL_LAYOUT_2,
        effective_to=None,
        verified=False,
        source=_FORMS_SOURCE,
    ),
    FormVersion(
        code=PETITION_EARLY_FORM,
        revision="Rev. 01/2025",
        title=(
            "Petition for Expungement of Records – Acquittal, Dismissal, Not Guilty, or Nolle Prosequi "
            "(less than 3 years since disposition)"
        ),
        template="pdf/petition_072c.html",
        effective_from=PORTAL_LAYOUT_2,
        effective_to=None,
        verified=False,
        source=_FORMS_SOURCE + "; the General Waiver and Release printed on the same sheet",
    ),
    FormVersion(
        code=PETITION_CANNABIS_FORM,
        revision="Rev. 10/2025",
        title="Petition for Expungement of Cannabis Records",
        template="pdf/petition_072d.html",
        effective_from=PORTAL_LAYOUT_2,
        effective_to=None,
        verified=False,
        source=_FORMS_SOURCE,
    ),
    FormVersion(
        code=GENERAL_WAIVER_FORM,
        # The notes give the form's fields, not its revision date.
        revision="portal-2",
        title="General Waiver and Release",
        template="pdf/waiver_078.html",
        effective_from=PORTAL_LAYOUT_2,
        effective_to=None,
        verified=False,
        source=_FORMS_SOURCE + " (complainant, agency, arrest date, witness; releases the State and the agency)",
    ),
    FormVersion(
        code=REFERRAL_LETTER,
        revision="portal-1",
        title="Request to the State's Attorney to consider a motion to vacate",
        template="pdf/referral_letter.html",
        effective_from=PORTAL_LAYOUT_1,
        effective_to=None,
        verified=True,
        source="law notes §5.1 (CP §8-301.1: only the State may move) [V]",
    ),
    FormVersion(
        code=COVER_SHEET,
        revision="portal-1",
        title="Your petition packet",
        template="pdf/cover_sheet.html",
        effective_from=PORTAL_LAYOUT_1,
        effective_to=None,
        verified=True,
        source="law notes §1.4, §7.3, §8.2",
    ),
)


class FormNotInForce(LookupError):
    """No version of the form is in force on the day asked."""


def form_version(code: str, on: date) -> FormVersion:
    """The version of form `code` in force on day `on`. A day before the first version
    gets the first one: the portal's layouts are only ever as old as the portal."""
    versions = sorted((v for v in FORM_VERSIONS if v.code == code), key=lambda v: v.effective_from)
    if not versions:
        raise FormNotInForce(f"The portal has no form {code!r}")
    for version in reversed(versions):
        if version.effective_from <= on and (version.effective_to is None or on <= version.effective_to):
            return version
    if on < versions[0].effective_from:
        return versions[0]
    raise FormNotInForce(f"No version of {code} is in force on {on.isoformat()}")

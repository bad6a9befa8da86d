"""Where petitions are filed: the court offices the cover sheet names, each with the source
of its address and telephone and the date of that source. The cover sheet prints nothing
about a court that is not here: for a court the data does not hold, it names the court and
sends the resident to the Judiciary's court directory, never to a guessed address or number.
"""

from __future__ import annotations

from dataclasses import dataclass

# The Judiciary's website, where its court directory lists every clerk's office (law notes
# name the site for its forms index; no deeper address is sourced).
JUDICIARY_SITE = "mdcourts.gov"
LAW_NOTES_DATE = "November 2026"  # when ../shared/law/maryland-law.md was compiled


@dataclass(frozen=True, slots=True)
class CourtOffice:
    name: str
    address: tuple[str, ...]
    hours: str = ""
    telephone: str = ""  # only a number a source gives
    source: str = ""
    source_date: str = LAW_NOTES_DATE
    # Whether the source says this office takes expungement petitions (else: call first).
    takes_expungements: bool = True


BALTIMORE_CITY_CIRCUIT = CourtOffice(
    name="Circuit Court for Baltimore City — Criminal Division (Expungement)",
    address=("Room 200, Clarence M. Mitchell, Jr. Courthouse", "100 N. Calvert Street, Baltimore, MD 21202"),
    hours="8:30 am – 4:30 pm, Monday – Friday",
    telephone="(410) 333-3750",
    source=(
        "baltimorecitycourt.org/clerks-office/criminal; Judiciary media advisory of December 8, 2025 (law notes §8.2)"
    ),
)
# The District Court's criminal courthouses in Baltimore City. Which one's clerk takes
# expungement petitions is not verified, and no telephone number is sourced (law notes §8.2).
BALTIMORE_CITY_DISTRICT = tuple(
    CourtOffice(
        name=name,
        address=(address,),
        source="mdcriminalattorney.net; legalclarity (law notes §8.2)",
        takes_expungements=False,
    )
    for name, address in (
        ("District Court of Maryland for Baltimore City — Eastside", "1400 E. North Avenue, Baltimore, MD"),
        (
            "District Court of Maryland for Baltimore City — Wabash (Edward F. Borgerding)",
            "5800 Wabash Avenue, Baltimore, MD",
        ),
        (
            "District Court of Maryland for Baltimore City — Patapsco (John R. Hargrove Sr.)",
            "700 E. Patapsco Avenue, Baltimore, MD",
        ),
    )
)

# The offices the data holds, by (county, court).
OFFICES: dict[tuple[str, str], tuple[CourtOffice, ...]] = {
    ("baltimore_city", "circuit"): (BALTIMORE_CITY_CIRCUIT,),
    ("baltimore_city", "district"): BALTIMORE_CITY_DISTRICT,
}

# The form to ask the clerk for when the fee cannot be paid (law notes §00, 'Fee') [S].
FEE_WAIVER_FORM = "CC-DC-089"


def offices(county: str | None, court: str | None) -> tuple[CourtOffice, ...]:
    """The offices the data holds for this court; () where it holds none."""
    return OFFICES.get((county or "", court or ""), ())

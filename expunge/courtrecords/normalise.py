"""Raw values of court records (mjcs-records.md §3) made into the engine's facts, never
guessed: each reader returns the fact, or None where the value does not say it (the caller
records why, with the raw value, for a person to see)."""

from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

from expunge.choices import COUNTY_NAMES
from expunge.search import case_number_key

CJIS_CODES_FILE = Path(__file__).parent / "data" / "cjis-codes.csv"


# --- Statutes ------------------------------------------------------------------------------

# "CR.5.601.(a)(1)", "CR.3.203", "CR 5-601", "CR.3-203", "TR 21-902(b)", "cr5-601"
_STATUTE = re.compile(
    r"^(?P<article>[A-Z]{2,3})[.\-§\s]*(?P<title>\d{1,2}[A-Z]?)\s*[.\-\s]\s*(?P<section>\d{1,4}(?:\.\d+)?)"
    r"(?P<rest>.*)$"
)
# Article 27 of the Code before the Criminal Law Article (2002): "27.287", "ART 27 §287".
_ARTICLE_27 = re.compile(r"^(?:ART(?:ICLE)?\.?\s*)?27\s*[.\-§\s]\s*§?\s*(?P<section>\d{1,4}[A-Z]?)(?P<rest>.*)$")
_SUBSECTIONS = re.compile(r"\([0-9A-Za-z]{1,6}\)")


@dataclass(frozen=True)
class Statute:
    text: str  # as the engine reads it: "CR 5-601(a)(1)", or "Art. 27 §287"
    article_27: bool = False


def read_statute(raw: str) -> Statute | None:
    """A statute in any of the forms Case Search prints, or None when it is not one."""
    value = raw.strip().upper().replace("§", " ").strip()
    if not value:
        return None
    match = _ARTICLE_27.match(value)
    if match:
        return Statute(f"Art. 27 §{match['section']}", article_27=True)
    match = _STATUTE.match(value)
    if match is None:
        return None
    section = match["section"].rstrip(".")
    subsections = "".join(part.lower() for part in _SUBSECTIONS.findall(match["rest"]))
    return Statute(f"{match['article']} {match['title']}-{section}{subsections}")


def _section(statute: str) -> str:
    """ "CR 5-601(a)(1)" → "CR 5-601"."""
    return statute.split("(", 1)[0]


# --- CJIS codes ----------------------------------------------------------------------------


def cjis_key(raw: str) -> str:
    """ "1-0573", "1 0573", "10573", " 1  0573 " → "1 0573"."""
    digits = re.sub(r"[\s\-.]", "", raw.strip())
    if re.fullmatch(r"\d{5}", digits):
        return f"{digits[0]} {digits[1:]}"
    return " ".join(raw.split()).upper()


@dataclass(frozen=True)
class CjisCode:
    statute: Statute
    descriptions: tuple[str, ...]
    substance: str | None  # "cannabis" or "other" where every description agrees


@cache
def cjis_codes() -> Mapping[str, CjisCode]:
    """cjis-codes.csv (mjcs-records.md §4a): MVLS's list of misdemeanour codes. Partial: a
    code not in it is shown to a person."""
    found: dict[str, tuple[str, list[str]]] = {}
    with CJIS_CODES_FILE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            statute, descriptions = found.setdefault(cjis_key(row["cjis_code"]), (row["statute"], []))
            descriptions.append(row["description"])
    codes = {}
    for key, (statute, descriptions) in found.items():
        parsed = read_statute(statute)
        if parsed is None:
            continue
        substances = {substance_named(description) for description in descriptions}
        codes[key] = CjisCode(parsed, tuple(descriptions), substances.pop() if len(substances) == 1 else None)
    return MappingProxyType(codes)  # read once, shared: nobody can change it


# --- What a description says ---------------------------------------------------------------

# Cannabis in the spellings Case Search has (MARIHUANA, MARIJUANA, MARIJ, MARIQUANA, MARJ…),
# and descriptions that name another drug or say "not marijuana".
_CANNABIS = re.compile(r"MAR[IY]?[HJQ]|CANNABIS|HASHISH|\bTHC\b")
_NOT_CANNABIS = re.compile(
    r"NOT[\s\-]*MAR|NON[\s\-]*MAR|NOT[\s\-]*CANN|COCAIN|HEROIN|FENTANYL|OXYCOD|METHAMPH|\bPCP\b|ECSTASY|NARCOTIC"
)


@lru_cache(maxsize=4096)
def substance_named(description: str) -> str | None:
    """ "cannabis", "other" (another drug, or "not marijuana"), or None when the
    description does not clearly say."""
    text = description.upper()
    if _NOT_CANNABIS.search(text):
        return "other"
    if _CANNABIS.search(text):
        return "cannabis"
    return None


# "LESS THAN 10 GR", "L/T 10 G", "LT 10GM", "UNDER 10 GRAMS", "LESS THAN 1 GR": an upper bound,
# read as the journey reads "under 10 g" (records.AMOUNT_GRAMS). "10 GRAMS+" or "10GM+" says
# only "at least 10 g": no amount.
_LESS_THAN = re.compile(r"(?:LESS\s*THAN|L/T|\bLT\b|UNDER|<)\s*(\d{1,3}(?:\.\d+)?)\s*(?:GR|GM|G\b|GRAMS?)")


def grams_named(description: str) -> float | None:
    match = _LESS_THAN.search(description.upper())
    return float(match[1]) if match else None


# Families of offence a description names, and the sections each belongs to: a statute
# whose family differs from the description's contradicts it, and goes to a person.
_FAMILIES = {
    "robbery": (re.compile(r"ROBB"), ("CR 3-401", "CR 3-402", "CR 3-403", "CR 3-405")),
    "assault": (re.compile(r"ASS?AULT|\bASLT\b"), ("CR 3-202", "CR 3-203")),
    "theft": (re.compile(r"THEFT"), ("CR 7-104",)),
    "trespass": (re.compile(r"TRESPASS|TRESP\b"), ("CR 6-402", "CR 6-403", "CR 6-409")),
    "cds": (re.compile(r"\bCDS\b|CDS:|MAR[IY]?[HJQ]|CANNABIS|PARAPH|COCAIN|HEROIN|NARCOTIC"), ("CR 5-",)),
}


@lru_cache(maxsize=4096)
def contradicts(statute: Statute, description: str) -> bool:
    """Whether a description names an offence of another family than its statute's
    ("CR 3-203" with "ROBBERY"). Where either is not in a known family, nothing is said."""
    section = _section(statute.text)
    named = {family for family, (pattern, _sections) in _FAMILIES.items() if pattern.search(description.upper())}
    statute_family = next(
        (
            family
            for family, (_pattern, sections) in _FAMILIES.items()
            if any(section == s or (s.endswith("-") and section.startswith(s)) for s in sections)
        ),
        None,
    )
    return bool(named) and statute_family is not None and statute_family not in named


# --- Dates and numbers ---------------------------------------------------------------------

_US_DATE = re.compile(r"^(\d{1,2})[/\-](\d{1,2})[/\-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$", re.I)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T\s]\d{2}:\d{2}(?::\d{2})?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/\-](\d{4})$")


def read_date(raw: str) -> date | None:
    """ "05/10/2012", "5-10-2012" (Baltimore City's daily lists), "2012-05-10"; None for
    anything else (a two-digit year is not guessed)."""
    value = raw.strip()
    if not value.isascii():
        return None
    try:
        if match := _US_DATE.match(value):
            return date(int(match[3]), int(match[1]), int(match[2]))
        if match := _ISO_DATE.match(value):
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def read_month_year(raw: str) -> tuple[int, int] | None:
    """A date of birth as search results show it, "04/1990": (year, month)."""
    match = _MONTH_YEAR.match(raw.strip())
    if match and 1 <= int(match[1]) <= 12:
        return int(match[2]), int(match[1])
    return None


def read_count(raw: str) -> int | None:
    """A term's years, months or days: a whole number (ASCII digits, "3" or "3.0")."""
    value = raw.strip()
    match = re.fullmatch(r"(\d{1,4})(?:\.0+)?", value) if value.isascii() else None
    return int(match[1]) if match else None


def add_term(start: date, years: int, months: int, days: int) -> date:
    """The day a term that began on `start` ends (a month end stays in its month)."""
    month_index = start.month - 1 + months
    year = start.year + years + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=days)


# --- Courts and places ---------------------------------------------------------------------


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", text.upper())


# County → the words that name it in a court's name or a location, as _letters gives them.
# Baltimore City and Baltimore County are told apart by the whole name.
_COUNTY_WORDS = {code: (_letters(name.replace(" County", "")),) for code, name in COUNTY_NAMES.items()}
_COUNTY_WORDS |= {
    "baltimore_city": ("BALTIMORECITY",),
    "baltimore_county": ("BALTIMORECOUNTY",),
    "prince_georges": ("PRINCEGEORGE",),
    "queen_annes": ("QUEENANNE",),
    "st_marys": ("STMARY", "SAINTMARY"),
}


@lru_cache(maxsize=1024)
def read_county(*texts: str) -> str | None:
    """The county a court's name or a location names, where exactly one is named
    ("BALTIMORE" alone is the city or the county: not known)."""
    for text in texts:
        letters = _letters(text)
        if not letters:
            continue
        named = {code for code, words in _COUNTY_WORDS.items() if any(word in letters for word in words)}
        if len(named) == 1:
            return named.pop()
    return None


_MDEC = re.compile(r"^([CD])-?\d{2,3}-?[A-Z]{2}-?\d{2}-?\d+$")
_LEGACY_DISTRICT = re.compile(r"^\d[A-Z]\d{8}$")
_LEGACY_CIRCUIT = re.compile(r"^\d{2}-?K-?\d{2}-?\d+$")


def read_court(court_system: str, case_number: str) -> str | None:
    """district, circuit or juvenile, from the court's name, else from a case number whose
    form says it (mjcs-records.md §3); None otherwise."""
    text = court_system.upper()
    named = {court for court in ("district", "circuit", "juvenile") if court.upper() in text}
    if len(named) == 1:
        return named.pop()
    number = case_number.strip().upper()
    if match := _MDEC.match(number):
        return "district" if match[1] == "D" else "circuit"
    if _LEGACY_DISTRICT.match(number):
        return "district"
    if _LEGACY_CIRCUIT.match(number):
        return "circuit"
    return None


def read_felony(raw: str) -> bool | None:
    text = raw.strip().upper()
    if text.startswith("FEL"):
        return True
    if text.startswith("MIS"):
        return False
    return None


# Names in an Aliases cell are apart by one of these; a comma is not one ("SMITH, JOHN" is
# one name written surname first).
_ALIAS_SEPARATORS = re.compile(r"[;|\n]+")
_NO_ALIAS = {"n/a", "na", "none", "null", "-", "unknown"}
MAX_ALIASES = 10


def read_aliases(raw: str, name: str = "") -> list[str]:
    """The other names in an Aliases cell, each once, without the person's own name."""
    own = " ".join(name.split()).casefold()
    aliases: list[str] = []
    for part in _ALIAS_SEPARATORS.split(raw or ""):
        alias = " ".join(part.split())[:200]
        folded = alias.casefold()
        if alias and folded not in _NO_ALIAS and folded != own and folded not in {a.casefold() for a in aliases}:
            aliases.append(alias)
    return aliases[:MAX_ALIASES]


def clean_case_number(raw: str) -> str:
    """The case number as printed, without stray spaces; compared by search.case_number_key."""
    return " ".join(raw.split()).upper()


def same_number(first: str, second: str) -> bool:
    return case_number_key(first) == case_number_key(second)

"""Files of court records read into tables: CSV (UTF-8, UTF-8 with a byte-order mark or
Windows-1252) or .xlsx (each sheet a table), the header found on the first line that is
not blank, headers matched ignoring case, spacing and punctuation, with aliases. A table is
recognised by its headers as one of the three tables of mjcs-records.md §1 (parties, cases,
charges) or as one flat table with a row per charge. A file that cannot be read is refused
with a message naming the file (and the column); nothing here guesses."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

# Canonical field → the headers it is known by (compared as `header_key` gives them). The
# extra fields of mjcs-records.md §2 are here too; a header not listed is reported as ignored.
ALIASES: dict[str, tuple[str, ...]] = {
    "party_id": ("partyid", "party", "defendantid", "personid"),
    "name": ("name", "defendantname", "fullname", "partyname", "defendant"),
    "date_of_birth": ("dob", "dateofbirth", "birthdate", "defendantdob"),
    "aliases": ("aliases", "alias", "aka"),
    "case_id": ("caseid",),
    "case_number": ("casenumber", "caseno", "casenum", "case"),
    "court_system": ("courtsystem", "court", "courttype"),
    "location": ("location", "county", "jurisdiction", "courtlocation"),
    "case_type": ("casetype",),
    "filing_date": ("filingdate", "fileddate", "issueddate"),
    "case_status": ("casestatus", "status"),
    "tracking_number": ("trackingnumber", "trackingno", "arresttrackingnumber", "trackingnumbers", "otn"),
    "district_case_number": ("districtcasenumber", "districtcourtcasenumber"),
    "charge_id": ("chargeid",),
    "charge_no": ("chargeno", "chargenumber", "chargesequence", "count", "countno"),
    "cjis_code": ("cjiscode", "cjis", "cjistrafficcode", "cjisnumber"),
    "statute": ("statutecode", "statute", "statutecd"),
    "description": ("chargedescription", "description", "charge", "statutedescription", "offense"),
    "charge_class": ("chargeclass", "class", "offenseclass"),
    "offense_date": ("offensedate", "offensedatefrom", "incidentdate", "incidentdatefrom", "chargedate"),
    "agency": ("agencyname", "agency", "arrestingagency", "policeagency"),
    "officer": ("officerid", "officer", "arrestingofficer"),
    "plea": ("plea",),
    "disposition": ("disposition", "dispositioncode", "dispositiontext"),
    "disposition_date": ("dispositiondate", "dispdate"),
    "jail_years": ("jailtermyears", "jailyears", "jailtermyrs"),
    "jail_months": ("jailtermmonths", "jailmonths", "jailtermmos"),
    "jail_days": ("jailtermdays", "jaildays"),
    "probation_years": ("probationyears", "probationtermyears", "probationyrs"),
    "probation_months": ("probationmonths", "probationtermmonths", "probationmos"),
    "probation_days": ("probationdays", "probationtermdays"),
    "pbj_end_date": ("pbjenddate",),
    "probation_end_date": ("probationenddate",),
    "sentence_start": ("sentencestart", "sentencestartdate", "sentencedate"),
}
_FIELD_FOR_KEY = {alias: name for name, aliases in ALIASES.items() for alias in aliases}

# How far down a sheet its header is looked for, when only the headers are checked.
HEADER_SEARCH_ROWS = 100

# Fields that only a charge row carries, and only a case row: they tell the tables apart.
_CHARGE_FIELDS = {"disposition", "statute", "cjis_code", "description", "charge_no", "charge_id"}
_PARTY_FIELDS = {"name", "date_of_birth", "aliases"}

# What each kind of table must have. A charge must say what it was (a statute, a CJIS code or
# a description) and how it ended.
REQUIRED: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "parties": ("party_id", "name"),
    "cases": ("case_id", "party_id", "case_number"),
    "charges": ("case_id", "disposition", ("statute", "cjis_code", "description")),
    "flat": (("party_id", "name"), "case_number", "disposition", ("statute", "cjis_code", "description")),
}


class FileRefused(Exception):
    """A file that cannot be read as court records. The message names the file (and the
    column, where one is at fault), in the language active when it was raised."""


@dataclass
class Table:
    """One table of a file: its kind, which header each field was read from, the headers
    ignored, and its rows (the line or sheet row where each starts, and its values by field,
    as text)."""

    name: str
    kind: str
    columns: dict[str, str]
    ignored: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    row_count: int = 0  # as read (people.group lets go of the rows as it reads them)


def header_key(header: str) -> str:
    """ "Jail Term (Years)" → "jailtermyears"."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


def decode(name: str, content: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without a byte-order mark), else
    Windows-1252; refused otherwise."""
    if b"\x00" in content[:65536]:
        raise FileRefused(_("%(file)s is not a table of court records (it holds binary data).") % {"file": name})
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(
        _("%(file)s cannot be read: save it as CSV in UTF-8 (or Windows-1252) and upload it again.") % {"file": name}
    )


def _cell(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold (a date as YYYY-MM-DD; a whole
    number without ".0", as case numbers and CJIS codes are typed)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheets(name: str, content: bytes, max_rows: int | None = None) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """Each sheet of an .xlsx workbook, as (name, numbered rows of cell text), its first
    `max_rows` rows only where that is given."""
    import openpyxl  # only for .xlsx files

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise FileRefused(_("%(file)s is not a readable .xlsx workbook.") % {"file": name}) from exc
    try:
        sheets = []
        for sheet in workbook.worksheets:
            rows = [
                (number, [_cell(value) for value in row])
                for number, row in enumerate(sheet.iter_rows(values_only=True, max_row=max_rows), start=1)
            ]
            sheets.append((f"{name} [{sheet.title}]", rows))
        return sheets
    finally:
        workbook.close()


def _csv_rows(name: str, content: bytes) -> Iterator[tuple[int, list[str]]]:
    """The numbered rows of a CSV file, one at a time (a large file is never held twice)."""
    reader = csv.reader(io.StringIO(decode(name, content), newline=""))
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise FileRefused(
            _("%(file)s is not a readable CSV file (line %(line)s: %(error)s).")
            % {"file": name, "line": reader.line_num, "error": exc}
        ) from exc


def _kind(fields: set[str]) -> str | None:
    """Which table the headers are, as near as they say (the required columns are checked
    next, so that a table missing one is told which)."""
    charge = bool(fields & _CHARGE_FIELDS)
    if "case_number" in fields and (charge or ("case_id" not in fields and fields & {"party_id", "name"})):
        return "flat"
    if charge and "case_id" in fields:
        return "charges"
    if "case_id" in fields:
        return "cases"
    if "party_id" in fields and fields & _PARTY_FIELDS:
        return "parties"
    return None


def _table(name: str, numbered: Iterable[tuple[int, list[str]]], headers_only: bool = False) -> Table | None:
    """The table on a sheet of rows, or None for a sheet with nothing on it; with
    `headers_only`, its header checked and no row read."""
    filled = ((number, cells) for number, cells in numbered if any(cell.strip() for cell in cells))
    first = next(filled, None)
    if first is None:
        return None
    header_line, headers = first
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    ignored = []
    for position, header in enumerate(headers):
        header = header.strip()
        if not header:
            continue
        canonical = _FIELD_FOR_KEY.get(header_key(header))
        if canonical is None:
            ignored.append(header)
        elif canonical in columns:
            raise FileRefused(
                _('%(file)s has two columns for the same thing: "%(first)s" and "%(second)s".')
                % {"file": name, "first": columns[canonical], "second": header}
            )
        else:
            columns[canonical] = header
            positions[canonical] = position
    kind = _kind(set(columns))
    if kind is None:
        raise FileRefused(
            _(
                "%(file)s is not a table of court records: its first line (line %(line)s) should hold "
                "the column names of parties, cases, charges, or one row per charge (found: %(headers)s)."
            )
            % {"file": name, "line": header_line, "headers": ", ".join(h for h in headers if h.strip())[:300] or "—"}
        )
    for required in REQUIRED[kind]:
        choices = (required,) if isinstance(required, str) else required
        if not any(choice in columns for choice in choices):
            raise FileRefused(
                _('%(file)s has no column "%(column)s", which every table of %(kind)s needs.')
                % {"file": name, "column": _display_names(choices), "kind": _kind_name(kind)}
            )
    table = Table(name, kind, columns, ignored)
    if headers_only:
        return table
    for number, cells in filled:
        table.rows.append(
            (number, {key: (cells[at].strip() if at < len(cells) else "") for key, at in positions.items()})
        )
    table.row_count = len(table.rows)
    return table


# The header the template and the messages use for each field (mjcs-records.md §1 spells them).
DISPLAY_NAMES = {
    "party_id": "PartyID",
    "name": "Name",
    "date_of_birth": "DOB",
    "aliases": "Aliases",
    "case_id": "CaseID",
    "case_number": "Case Number",
    "court_system": "Court System",
    "location": "Location",
    "case_type": "Case Type",
    "filing_date": "Filing Date",
    "case_status": "Case Status",
    "tracking_number": "Tracking Number",
    "district_case_number": "District Case Number",
    "charge_id": "ChargeID",
    "charge_no": "Charge No",
    "cjis_code": "CJIS Code",
    "statute": "Statute Code",
    "description": "Charge Description",
    "charge_class": "Charge Class",
    "offense_date": "Offense Date",
    "agency": "Agency Name",
    "officer": "Officer ID",
    "plea": "Plea",
    "disposition": "Disposition",
    "disposition_date": "Disposition Date",
    "jail_years": "Jail Term (Years)",
    "jail_months": "Jail Term (Months)",
    "jail_days": "Jail Term (Days)",
    "probation_years": "Probation (Years)",
    "probation_months": "Probation (Months)",
    "probation_days": "Probation (Days)",
    "pbj_end_date": "PBJ End Date",
    "probation_end_date": "Probation End Date",
    "sentence_start": "Sentence Start",
}


def _display_names(fields: tuple[str, ...]) -> str:
    return _(" or ").join(DISPLAY_NAMES[f] for f in fields)


def _kind_name(kind: str) -> str:
    return {
        "parties": _("parties"),
        "cases": _("cases"),
        "charges": _("charges"),
        "flat": _("charges (one row per charge)"),
    }[kind]


def is_xlsx(name: str, content: bytes) -> bool:
    return name.lower().endswith(".xlsx") or (content[:4] == b"PK\x03\x04" and _has_workbook(content))


def _has_workbook(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_file(name: str, content: bytes, *, max_bytes: int | None = None, headers_only: bool = False) -> list[Table]:
    """The tables in one file. Raises FileRefused, naming the file. With `headers_only`,
    the tables' headers are checked and their rows left unread (an upload is checked in
    the request; the rows are read by the batch's task)."""
    if max_bytes is not None and len(content) > max_bytes:
        raise FileRefused(
            _("%(file)s is too large (%(size)s MB; at most %(limit)s MB). Split it into smaller files.")
            % {"file": name, "size": round(len(content) / 1e6, 1), "limit": round(max_bytes / 1e6, 1)}
        )
    if not content.strip():
        raise FileRefused(_("%(file)s is empty.") % {"file": name})
    if is_xlsx(name, content):
        sheets = _sheets(name, content, max_rows=HEADER_SEARCH_ROWS if headers_only else None)
    else:
        sheets = [(name, _csv_rows(name, content))]
    tables = [table for sheet_name, rows in sheets if (table := _table(sheet_name, rows, headers_only)) is not None]
    if not tables:
        raise FileRefused(_("%(file)s is empty.") % {"file": name})
    return tables

"""A batch's per-charge export (CSV, or .xlsx through openpyxl's write-only mode): one row
per charge with its outcome, date, alternatives, reasons, citations, what a person must
check and the raw values it was read from, every cell safe in a spreadsheet. Court
records are in English, and so is the export (its column names are read by programs)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO, Any

from expunge.models import Batch, BatchPerson
from expunge.services.batches import person_charges
from expunge.spreadsheets import spreadsheet_safe

BASED_ON = (
    "Based on these records only: assumes no open case, no conviction or DUI PBJ elsewhere and no treatment"
    " requirement that these records do not show (the assumes column says which this answer rests on)."
)

COLUMNS = [
    "party_id",
    "name",
    "date_of_birth",
    "case_number",
    "court",
    "county",
    "tracking_number",
    "charge_no",
    "statute",
    "description",
    "disposition",
    "disposition_date",
    "sentence_completed",
    "sentence_completed_computed",
    "category",
    "outcome",
    "eligible_on",
    "alternatives",
    "reasons",
    "citations",
    "for_review",
    "person_flags",
    "raw_statute",
    "raw_cjis_code",
    "raw_disposition",
    "source_file",
    "source_row",
    "based_on",
    # What the answer rests on that these records cannot show (services.batches.ASSUMPTIONS):
    # "no_open_case; no_later_conviction" reads "if there is no open case and no later
    # conviction elsewhere".
    "assumes",
]


def _raw(sources: dict[str, Any], field: str) -> str:
    source = sources["facts"].get(field)
    return source[3] if source else ""


def export_rows(batch: Batch) -> Iterator[list[Any]]:
    """The export's rows, header first, a person at a time from the database."""
    yield COLUMNS
    people = BatchPerson.objects.filter(batch=batch).select_related("decision").order_by("pk")
    for person in people.iterator(chunk_size=2000):
        result = person.decision.result
        for case, charge, sources, outcome, review, category, assumed in person_charges(
            person, result, batch.as_of, assumes=person.decision.assumes
        ):
            where = next(iter(sources["facts"].values()), ["", ""])
            row = [
                person.party_id,
                person.name,
                person.date_of_birth,
                case.get("case_number") or "",
                case.get("court") or "",
                case.get("county") or "",
                case.get("tracking_number") or "",
                sources["extra"].get("charge_no", ""),
                charge.get("statute") or "",
                charge.get("description") or "",
                charge.get("disposition") or "",
                charge.get("disposition_date") or "",
                charge.get("sentence_completed") or "",
                "yes" if "sentence_completed" in sources["computed"] else "",
                category,
                outcome["outcome"],
                outcome.get("eligible_on") or "",
                "; ".join(
                    ", ".join(f"{fact}={str(value).lower()}" for fact, value in alternative["when"].items())
                    + f": {alternative['outcome']} {alternative.get('eligible_on') or ''}".rstrip()
                    for alternative in outcome.get("alternatives", [])
                ),
                "; ".join(reason["code"] for reason in outcome.get("reasons", [])),
                "; ".join(reason["citation"] for reason in outcome.get("reasons", []) if reason.get("citation")),
                "; ".join(review),
                "; ".join(person.flags),
                sources["extra"].get("statute", ""),
                sources["extra"].get("cjis_code", ""),
                _raw(sources, "disposition"),
                where[0],
                where[1],
                BASED_ON,
                "; ".join(assumed),
            ]
            yield [spreadsheet_safe(value) for value in row]


def write_csv(batch: Batch, handle: IO[str]) -> int:
    """Write the export as CSV; returns how many charges."""
    writer = csv.writer(handle)
    count = -1
    for row in export_rows(batch):
        writer.writerow(row)
        count += 1
    return count


def write_xlsx(batch: Batch, handle: IO[bytes]) -> int:
    """Write the export as an .xlsx workbook (write-only mode: rows go out as made)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("charges")
    count = -1
    for row in export_rows(batch):
        sheet.append(row)
        count += 1
    workbook.save(handle)
    return count

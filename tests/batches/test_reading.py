"""Files of court records read into tables, or refused with a message naming the file
and the column."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from expunge.courtrecords import reading
from expunge.courtrecords.reading import FileRefused, read_file
from tests.batches.samples import CASES, CHARGES, FLAT, PARTIES


@pytest.mark.parametrize(
    ("text", "kind"), [(PARTIES, "parties"), (CASES, "cases"), (CHARGES, "charges"), (FLAT, "flat")]
)
def test_each_layout_is_recognised_by_its_headers(text, kind):
    (table,) = read_file("records.csv", text.encode())
    assert table.kind == kind
    assert table.rows


def test_headers_are_matched_ignoring_case_spacing_and_punctuation_with_aliases():
    text = "  party id ,DEFENDANT NAME,Date of Birth,case no,STATUTE_CODE,Charge Description,DISPOSITION,Disp Date\n"
    (table,) = read_file("f.csv", text.encode() + b"P1,A B,01/01/1990,4B02167750,CR 5-601,CDS,GUILTY,01/01/2010\n")
    assert table.kind == "flat"
    assert table.columns == {
        "party_id": "party id",
        "name": "DEFENDANT NAME",
        "date_of_birth": "Date of Birth",
        "case_number": "case no",
        "statute": "STATUTE_CODE",
        "description": "Charge Description",
        "disposition": "DISPOSITION",
        "disposition_date": "Disp Date",
    }


def test_blank_first_lines_and_trailing_blank_rows_are_fine_and_rows_keep_their_line_numbers():
    text = "\n,,\n" + PARTIES + ",,,,\n\n"
    (table,) = read_file("parties.csv", text.encode())
    assert [number for number, _values in table.rows] == [4, 5]
    assert table.rows[0][1]["name"] == "SMITH, JOHN"
    assert table.ignored == ["Race", "Sex", "Address", "City", "State", "Zip Code"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_utf8_with_or_without_a_bom_and_windows_1252_are_read(encoding):
    text = PARTIES.replace("DOE, JANE", "PEÑA, JOSÉ")
    (table,) = read_file("parties.csv", text.encode(encoding))
    assert table.columns["party_id"] == "PartyID"
    assert table.rows[1][1]["name"] == "PEÑA, JOSÉ"


def test_an_unreadable_encoding_is_refused_naming_the_file():
    # 0x81 is neither UTF-8 nor Windows-1252.
    with pytest.raises(FileRefused, match="records.csv cannot be read"):
        read_file("records.csv", "PartyID,Name\nP1,A\x81".encode("latin-1"))


def test_a_missing_required_column_is_refused_naming_the_file_and_the_column():
    text = CASES.replace("Case Number", "Docket")
    with pytest.raises(FileRefused) as refused:
        read_file("cases.csv", text.encode())
    assert "cases.csv" in str(refused.value) and "Case Number" in str(refused.value)
    text = CHARGES.replace("Disposition,", "Outcome,", 1)
    with pytest.raises(FileRefused, match='charges.csv has no column "Disposition"'):
        read_file("charges.csv", text.encode())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\n\n,,\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"hello,world\n1,2\n", "not a table of court records"),
        (b"PartyID,Name,Party ID\n1,2,3\n", "two columns for the same thing"),
    ],
)
def test_what_is_not_a_table_is_refused_naming_the_file(content, message):
    with pytest.raises(FileRefused, match=message) as refused:
        read_file("upload.csv", content)
    assert "upload.csv" in str(refused.value)


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(FileRefused, match=r"upload.csv is too large \(0.0 MB; at most 0.0 MB\)"):
        read_file("upload.csv", PARTIES.encode(), max_bytes=10)


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_workbook_is_read_sheet_by_sheet_with_dates_and_numbers_as_typed():
    from datetime import datetime

    content = _workbook(
        {
            "parties": [[], ["PartyID", "Name", "DOB"], ["P1", "SMITH, JOHN", datetime(1980, 4, 12)]],
            "cases": [["CaseID", "PartyID", "Case Number"], [1, "P1", 116090001]],
            "notes": [],
        }
    )
    parties, cases = read_file("records.xlsx", content)
    assert (parties.name, parties.kind) == ("records.xlsx [parties]", "parties")
    assert parties.rows == [(3, {"party_id": "P1", "name": "SMITH, JOHN", "date_of_birth": "1980-04-12"})]
    assert cases.rows == [(2, {"case_id": "1", "party_id": "P1", "case_number": "116090001"})]


def test_a_broken_workbook_is_refused_naming_the_file():
    with pytest.raises(FileRefused, match="records.xlsx is not a readable .xlsx workbook"):
        read_file("records.xlsx", b"PK\x03\x04 not really a zip")


def test_a_spanish_page_gets_the_message_in_spanish():
    from django.utils import translation

    with translation.override("es"), pytest.raises(FileRefused) as refused:
        read_file("upload.csv", b"")
    assert "upload.csv" in str(refused.value)
    assert str(refused.value) != "upload.csv is empty."


@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_tables_or_a_refusal_never_another_error(content):
    try:
        tables = read_file("random.csv", content)
    except FileRefused as refused:
        assert "random.csv" in str(refused)
    else:
        assert all(table.kind in reading.REQUIRED for table in tables)


@given(
    st.lists(st.sampled_from(["PartyID", "Name", "DOB", "CaseID", "Case Number", "Disposition", "Statute", "x"])),
    st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=6),
)
def test_any_headers_and_cells_give_tables_or_a_refusal(headers, rows):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    try:
        read_file("random.csv", buffer.getvalue().encode())
    except FileRefused as refused:
        assert "random.csv" in str(refused)

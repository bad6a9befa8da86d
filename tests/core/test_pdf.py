"""The petition PDF: what it says (pdftotext), that it stays on the page, and that
rendering never fetches anything from outside the project."""

import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

import pdfplumber
import pytest

from expunge.models import Submission
from expunge.packet import documents, pdf
from expunge.services.submissions import submission_check_eligibility
from tests.factories import SubmissionFactory, journey_answers

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def checked(**answers) -> Submission:
    submission = SubmissionFactory(answers=journey_answers(**answers))
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    return submission


def render_petition(submission: Submission, case_index: int = 0) -> bytes:
    return documents.render_document(documents.PETITION, documents.packet_input(submission), case_index)


def pdf_text(pdftotext, data: bytes, tmp_path) -> str:
    path = tmp_path / "petition.pdf"
    path.write_bytes(data)
    return subprocess.run([pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_the_petition_says_who_where_and_why(pdftotext, tmp_path):
    text = pdf_text(pdftotext, render_petition(checked()), tmp_path)
    assert "José Núñez" in text
    assert "Joe Nunez" in text
    assert "STATE OF MARYLAND" in text
    assert "419340011" in text
    assert "Baltimore City" in text
    assert "PETITION FOR EXPUNGEMENT OF CANNABIS RECORDS" in text
    assert "§10-105(a)(12)" in text
    assert "possession of cannabis under Criminal Law Article § 5-601" in text
    assert "April 12, 1990" in text
    assert "May 10, 2012" in text
    assert "pardoned by the Governor's Executive Clemency Order of June 17, 2024" in " ".join(text.split())
    assert "not now a defendant in any pending criminal proceeding" in text
    assert "Signature of petitioner" in text
    assert "CC-DC-CR-072D" in text


def test_the_petition_is_in_english_whatever_the_residents_language(pdftotext, tmp_path):
    submission = checked()
    submission.language = "es"
    submission.save()
    text = pdf_text(pdftotext, render_petition(submission), tmp_path)
    assert "PETITION FOR EXPUNGEMENT OF CANNABIS RECORDS" in text


def test_vietnamese_names_keep_their_accents(pdftotext, tmp_path):
    text = pdf_text(pdftotext, render_petition(checked(full_name="Nguyễn Thị Minh Khai")), tmp_path)
    assert "Nguyễn Thị Minh Khai" in text


def test_an_unknown_court_leaves_both_boxes_empty_and_no_case_number_leaves_a_blank(pdftotext, tmp_path):
    text = pdf_text(pdftotext, render_petition(checked(court="not_sure", case_number="")), tmp_path)
    assert "X District Court" not in text
    assert "X Circuit Court" not in text
    assert "Case No." in text


def test_long_names_and_addresses_stay_on_the_page(tmp_path):
    data = render_petition(
        checked(full_name="Maria de los Ángeles " + "Fernández-" * 17 + "Ruiz", address="Apartment 12B, " * 33)
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "petition-long-name.pdf").write_bytes(data)
    path = tmp_path / "long.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as document:
        for page in document.pages:
            for char in page.chars:
                assert 0 <= char["x0"] and char["x1"] <= page.width, char["text"]
                assert 0 <= char["top"] and char["bottom"] <= page.height, char["text"]
        text = "".join(page.extract_text() or "" for page in document.pages)
        fonts = {char["fontname"] for page in document.pages for char in page.chars}
    assert "Ruiz" in text
    # The shipped font was loaded through @font-face, not a system fallback.
    assert fonts and all("Petition-Serif" in name for name in fonts)


def test_a_usual_petition_fits_on_one_page(tmp_path, pdftotext):
    data = render_petition(checked())
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "petition.pdf").write_bytes(data)
    path = tmp_path / "one.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as document:
        assert len(document.pages) == 1
    # Page 1 as a picture, for a person to look at (kept in test-artifacts/).
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(ARTIFACTS / "petition")], check=True
    )


def test_the_field_map_is_the_one_place_that_fills_the_form():
    fields = documents.petition_fields(documents.packet_input(checked()), 0)
    assert fields["petitioner"]["name"] == "José Núñez"
    assert fields["court"] == "district"
    assert fields["county"] == "Baltimore City"
    assert [g["ground"] for g in fields["grounds"]] == ["CP §10-105(a)(12)"]
    assert fields["form"] == "CC-DC-CR-072D"
    assert fields["template"] == "pdf/petition_072d.html"
    assert {
        "text": "This conviction was pardoned by the Governor's Executive Clemency Order of June 17, 2024.",
        "box": False,
    } in fields["statements"]
    # Only the petitioner can say there is no pending case: theirs to tick, whatever the answers said.
    assert fields["statements"][-1] == {"text": documents.PENDING_CASE_STATEMENT, "box": True}
    assert fields["charges"][0]["disposition"] == "Guilty"


class _CountingHandler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def outside_server():
    _CountingHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.requests
    server.shutdown()
    server.server_close()


def test_remote_images_and_stylesheets_are_never_fetched(outside_server):
    base, requests = outside_server
    html = f"""<html><head>
        <link rel="stylesheet" href="{base}/style.css">
        <style>@import url("{base}/imported.css"); body {{ background: url("{base}/bg.png") }}</style>
        </head><body><p>Petition</p>
        <img src="{base}/logo.png"><img src="file:///etc/passwd"><img src="//127.0.0.1/x.png">
        </body></html>"""
    data = pdf.render_html_to_pdf(html)
    assert data.startswith(b"%PDF")
    assert requests == []


def test_the_fetcher_serves_only_the_portals_static_files():
    fetcher = pdf.StaticOnlyURLFetcher()
    response = fetcher.fetch("http://portal.internal/static/css/petition.css")
    assert b"@font-face" in response.read()
    for url in [
        "http://example.org/static/css/petition.css",
        "https://portal.internal/static/css/petition.css",
        "http://portal.internal/admin/",
        "http://portal.internal/static/../settings.py",
        "file:///etc/passwd",
        "data:text/plain,hello",
    ]:
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do; WeasyPrint catches them all
            fetcher.fetch(url)


def test_one_font_configuration_per_process():
    first = pdf._renderer()
    second = pdf._renderer()
    assert first[0] is second[0]
    assert first[1] is second[1]


@pytest.mark.parametrize(
    "disposition, ground, statement",
    [
        ("dismissed", "§10-105(a)(2)", "The charge(s) listed above were dismissed."),
        ("nolle_prosequi", "§10-105(a)(4)", "A nolle prosequi was entered on the charge(s) listed above."),
        ("not_guilty", "§10-105(a)(1)", "I was acquitted of the charge(s) listed above."),
    ],
)
def test_non_conviction_petitions_state_their_ground(pdftotext, tmp_path, disposition, ground, statement):
    submission = checked(
        charge="other", disposition=disposition, disposition_date="2015-01-10", sentence_completed=None
    )
    text = pdf_text(pdftotext, render_petition(submission), tmp_path)
    assert ground in text
    assert statement in text
    assert "CC-DC-CR-072A" in text
    assert "completed the sentence" not in text
    assert "pardoned" not in text


def test_a_pbj_petition_states_its_ground(pdftotext, tmp_path):
    submission = checked(
        charge="theft", disposition="pbj", disposition_date="2015-01-10", sentence_completed="2016-01-10"
    )
    text = pdf_text(pdftotext, render_petition(submission), tmp_path)
    assert "§10-105(a)(3)" in text
    assert "discharged from" in text
    assert "Probation before judgment" in " ".join(text.split())  # the column may wrap it


def test_every_ground_the_rules_can_give_has_a_statement_on_the_petition():
    """A petition is drawn for any ground the engine names; none may be missing."""
    from eligibility import assess
    from eligibility.rules import LEGAL_RULES, example_record

    grounds = set()
    for rule in LEGAL_RULES:
        for example in rule.examples:
            for case in assess(example_record(example))["cases"]:
                for charge in case["charges"]:
                    if charge["remedy"] and charge["remedy"]["kind"] == "petition":
                        grounds.add(charge["remedy"]["ground"])
    expected = {f"CP §10-105(a)({n})" for n in range(1, 13)} | {"CP §10-110"}
    assert grounds == expected  # every ground of CP §10-105(a) and §10-110 is exercised by some rule's example
    assert grounds <= set(documents.GROUND_STATEMENTS)

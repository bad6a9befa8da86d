"""The petition packet: every document type, what it says (pdftotext), that it stays on
the page (pdfplumber), pagination of long cases, versioned court forms, and the
services and pages that keep documents in step with the answers.

Page 1 of every document type is rendered to PNG in test-artifacts/ for a person to
look at."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date
from unittest import mock

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import timezone

from eligibility import assess
from expunge.models import Submission
from expunge.packet import court_forms, documents
from expunge.services import NotAllowed
from expunge.services.documents import document_claim, document_render
from expunge.services.review import review_correct
from expunge.services.submissions import submission_check_eligibility, submission_choose_early_filing
from tests.core.test_pdf import ARTIFACTS
from tests.eligibility.test_eligibility import cannabis, cases_record, charge
from tests.factories import SubmissionFactory, journey_answers, journey_submission

TODAY = date(2026, 11, 25)


def packet(record, *, name="José Núñez", language="en", early=(), **petitioner):
    details = {
        "other_names": "Joe Nunez",
        "date_of_birth": date(1990, 4, 12),
        "address": "100 N. Calvert St\nBaltimore, MD 21202",
        "phone": "410-555-0123",
        **petitioner,
    }
    return documents.PacketInput(
        petitioner=documents.Petitioner(name=name, **details),
        record=record,
        result=assess(record),
        language=language,
        early_filing=frozenset(early),
    )


def render(kind, inp, case_index=0):
    return documents.render_document(kind, inp, case_index, generated_on=TODAY)


def pdf_pages(data: bytes, tmp_path, name="document") -> list[str]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return text.stdout.split("\f")[:-1]  # pdftotext ends every page with a form feed


def flat(data: bytes, tmp_path) -> str:
    """The document's text with all runs of white space made one space (table cells and
    justified lines wrap differently from one font version to the next)."""
    return " ".join("".join(pdf_pages(data, tmp_path)).split())


def assert_on_the_page(data: bytes, tmp_path) -> int:
    """No character falls outside its page; returns the page count."""
    path = tmp_path / "check.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as document:
        for page in document.pages:
            for char in page.chars:
                assert 0 <= char["x0"] and char["x1"] <= page.width, char["text"]
                assert 0 <= char["top"] and char["bottom"] <= page.height, char["text"]
        return len(document.pages)


def keep_page_one(data: bytes, tmp_path, name: str) -> None:
    """Page 1 as a PNG in test-artifacts/, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    (ARTIFACTS / f"{name}.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(ARTIFACTS / name)], check=True)


DISMISSED_2015 = cases_record([charge("dismissed", "2015-01-10")])
POSSESSION_2012 = cases_record([cannabis("2012-05-10", "2012-05-10")])
DISMISSED_RECENTLY = cases_record([charge("dismissed", "2025-01-10")])
DOUBTED_CONVICTION = cases_record([charge("guilty", "2015-01-01", integrity_flag=True, sentence_completed=None)])


# --- Each document type --------------------------------------------------------------


def test_the_072a_petition(tmp_path):
    data = render(documents.PETITION, packet(DISMISSED_2015))
    pages = pdf_pages(data, tmp_path)
    text = "".join(pages)
    assert len(pages) == assert_on_the_page(data, tmp_path) == 1
    for expected in [
        "PETITION FOR EXPUNGEMENT OF RECORDS",
        "STATE OF MARYLAND",
        "José Núñez",
        "Joe Nunez",
        "April 12, 1990",
        "C0",  # the case number
        "Baltimore City",
        "Assault second degree",
        "CR 3-203",
        "Dismissed",
        "January 10, 2015",
        "§10-105(a)(2)",
        "The charge(s) listed above were dismissed.",
        "not now a defendant in any pending criminal proceeding",
        "Signature of petitioner",
        "CC-DC-CR-072A",
        "portal-1",
    ]:
        assert expected in text, expected
    assert "completed the sentence" not in text
    assert "General Waiver" not in text
    keep_page_one(data, tmp_path, "petition-072a")


def test_a_charge_date_known_only_to_the_month_is_printed_as_the_month(tmp_path):
    record = cases_record([charge("dismissed", "2015-01-10", charge_date="2014-03-31")])
    assert "On or about March 31, 2014 I was arrested" in flat(render(documents.PETITION, packet(record)), tmp_path)
    # The resident said "March 2014": the record holds the month's last day, the paper the month.
    month = replace(packet(record), month_only_charge_dates=frozenset({(0, 0)}))
    text = flat(render(documents.PETITION, month), tmp_path)
    assert "On or about March 2014 I was arrested" in text and "March 31" not in text


def test_the_072d_cannabis_petition_states_the_sentence_and_the_pardon(tmp_path):
    data = render(documents.PETITION, packet(POSSESSION_2012))
    text = flat(data, tmp_path)
    assert assert_on_the_page(data, tmp_path) == 1
    assert "PETITION FOR EXPUNGEMENT OF CANNABIS RECORDS" in text
    assert "CC-DC-CR-072D (Rev. 10/2025)" in text
    # The record holds no other charge in this case: the box is the petitioner's, unticked.
    assert documents.petition_fields(packet(POSSESSION_2012), 0, generated_on=TODAY)["other_offenses"] is False
    assert "I was charged with other offenses in this case." in text
    assert "§10-105(a)(12)" in text
    assert "possession of cannabis under Criminal Law Article § 5-601" in text
    assert "I completed the sentence, including any probation, parole or mandatory supervision, on May 10, 2012" in text
    assert "pardoned by the Governor's Executive Clemency Order of June 17, 2024" in text
    keep_page_one(data, tmp_path, "petition-072d")


def test_a_case_with_a_conviction_and_a_dismissal_states_both_grounds_on_072b(tmp_path):
    record = cases_record(
        [cannabis("2023-10-01", "2024-01-01", charge_date="2023-08-01"), charge("dismissed", "2015-01-10")]
    )
    fields = documents.petition_fields(packet(record), 0, generated_on=TODAY)
    assert fields["form"] == "CC-DC-CR-072B"
    assert [g["ground"] for g in fields["grounds"]] == ["CP §10-105(a)(2)", "CP §10-105(a)(12)"]
    text = flat(render(documents.PETITION, packet(record)), tmp_path)
    assert "§10-105(a)(2) and §10-105(a)(12)" in text
    assert "The charge(s) listed above were dismissed." in text


def test_an_early_petition_is_072c_with_the_waiver_on_the_same_sheet(tmp_path):
    record = cases_record([charge("dismissed", "2025-01-10", charge_date="2024-11-02")])
    inp = replace(packet(record, early={0}), arrests=({"agency": "Baltimore Police Department", "place": ""},))
    assert [(p.kind, p.form) for p in documents.planned_documents(inp)] == [
        ("petition", "CC-DC-CR-072C"),
        ("cover", "COVER-SHEET"),
        ("packet", "COVER-SHEET"),
    ]
    data = render(documents.PETITION, inp)
    text = flat(data, tmp_path)
    for expected in [
        "LESS THAN 3 YEARS SINCE DISPOSITION",
        "CC-DC-CR-072C (Rev. 01/2025)",
        "I have signed the General Waiver and Release below.",
        "General Waiver and Release",
        "Complainant",
        "Law enforcement agency Baltimore Police Department",
        "Date of arrest, summons or citation November 2, 2024",
        "release and forever discharge the State of Maryland and the Baltimore Police Department",
        "Signature of witness",
        "Printed name of witness",
    ]:
        assert expected in text, expected
    assert "all other persons" not in text
    keep_page_one(data, tmp_path, "petition-072c")


def test_an_early_case_that_also_has_a_conviction_files_072b_with_the_078_waiver(tmp_path):
    record = cases_record(
        [charge("dismissed", "2025-01-10"), cannabis("2023-10-01", "2024-01-01", charge_date="2023-08-01")]
    )
    inp = packet(record, early={0})
    assert [(p.kind, p.form) for p in documents.planned_documents(inp)][:2] == [
        ("petition", "CC-DC-CR-072B"),
        ("waiver", "CC-DC-CR-078"),
    ]
    assert "I attach a General Waiver and Release (form CC-DC-CR-078)" in flat(
        render(documents.PETITION, inp), tmp_path
    )
    data = render(documents.WAIVER, inp)
    text = flat(data, tmp_path)
    assert assert_on_the_page(data, tmp_path) == 1
    for expected in [
        "GENERAL WAIVER AND RELEASE",
        "José Núñez",
        "release and forever discharge the State of Maryland and the arresting law enforcement agency",
        "January 10, 2025",
        "Signature of witness",
        "CC-DC-CR-078",
    ]:
        assert expected in text, expected
    keep_page_one(data, tmp_path, "waiver-078")


def test_without_the_choice_an_early_case_gets_no_documents():
    assert documents.planned_documents(packet(DISMISSED_RECENTLY)) == []
    assert documents.case_plan(packet(DISMISSED_RECENTLY), 0).waiver_possible


def test_the_referral_letter_is_addressed_to_the_states_attorney(tmp_path):
    inp = packet(DOUBTED_CONVICTION)
    assert [p.kind for p in documents.planned_documents(inp)] == ["referral", "cover", "packet"]
    data = render(documents.REFERRAL, inp)
    text = flat(data, tmp_path)
    assert assert_on_the_page(data, tmp_path) == 1
    for expected in [
        "Office of the State's Attorney for Baltimore City",
        "Criminal Procedure Article § 8-301.1",
        "only the State may file this motion",
        "State of Maryland v. José Núñez",
        "Case No. C0",
        "Assault second degree",
        "April 12, 1990",
        "410-555-0123",
    ]:
        assert expected in text, expected
    keep_page_one(data, tmp_path, "referral-letter")


def test_the_cover_sheet_in_english(tmp_path):
    record = cases_record(
        [charge("dismissed", "2015-01-10")],
        [cannabis("2023-10-01", "2024-01-01", charge_date="2023-08-01")],
        court="circuit",
    )
    data = render(documents.COVER, packet(record))
    text = flat(data, tmp_path)
    assert assert_on_the_page(data, tmp_path) >= 1
    for expected in [
        "Your petition packet",
        "Prepared for José Núñez on Nov. 25, 2026",
        "Case C0",
        "Case C1",
        "Petition for Expungement of Records (form CC-DC-CR-072A)",
        "Petition for Expungement of Records (form CC-DC-CR-072D)",
        "Room 200, Clarence M. Mitchell, Jr. Courthouse",
        "100 N. Calvert Street, Baltimore, MD 21202",
        "None: there is no fee for this kind of petition.",
        "$30 for this case",
        "Confirm the fee with the clerk",
        "30 days to object",
        "about 90 days",
    ]:
        assert expected in text, expected
    keep_page_one(data, tmp_path, "cover-sheet-en")


def test_the_cover_sheet_in_spanish(tmp_path):
    record = cases_record([charge("dismissed", "2015-01-10")], court="district")
    data = render(documents.COVER, packet(record, language="es"))
    text = flat(data, tmp_path)
    for expected in [
        "Su paquete de petición",
        "Preparado para José Núñez el 25 de noviembre de 2026",
        "Dónde presentarla",
        "La secretaría penal del Tribunal de Distrito de Maryland para la Ciudad de Baltimore",
        "District Court of Maryland for Baltimore City — Eastside 1400 E. North Avenue, Baltimore, MD",
        "Fuente: mdcriminalattorney.net; legalclarity (law notes §8.2), a November 2026.",
        "Llame antes a la secretaría",
        "Ninguno: este tipo de petición no tiene costo.",
        "Qué pasa después",
        "Página 1 de 1",
    ]:
        assert expected in text, expected
    assert "Where to file" not in text
    keep_page_one(data, tmp_path, "cover-sheet-es")


PHONE = re.compile(r"\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b")


@pytest.mark.parametrize("court", ["district", "circuit"])
@pytest.mark.parametrize("county", ["baltimore_city", "montgomery", "allegany"])
def test_the_cover_sheet_never_prints_a_telephone_number_that_is_not_in_the_sourced_data(tmp_path, county, court):
    from expunge.packet import courts

    record = cases_record([charge("dismissed", "2015-01-10")], court=court)
    record["cases"][0]["county"] = county
    inp = packet(record, phone="")  # the petitioner's own number is not the court's
    text = flat(render(documents.COVER, inp), tmp_path)
    sourced = {office.telephone for offices in courts.OFFICES.values() for office in offices if office.telephone}
    assert set(PHONE.findall(text)) <= sourced
    if county == "baltimore_city" and court == "circuit":
        assert "Telephone: (410) 333-3750" in text and "baltimorecitycourt.org" in text
    if county != "baltimore_city":
        # No address is held for the court: its name, and the Judiciary's directory.
        assert "court directory at mdcourts.gov" in text
        assert not PHONE.findall(text)
    assert "form CC-DC-089" in text or "None: there is no fee" in text


def test_the_cover_sheet_gives_the_pardon_grounds_deadline(tmp_path):
    from tests.eligibility.test_eligibility import paraphernalia, possession_2019

    data = render(documents.COVER, packet(cases_record([paraphernalia(), possession_2019()])))
    assert "File by June 17, 2034." in flat(data, tmp_path)


def test_the_packet_is_the_cover_sheet_then_each_cases_documents(tmp_path):
    record = cases_record(
        [charge("dismissed", "2015-01-10")],
        [charge("dismissed", "2025-01-10")],
        [charge("guilty", "2015-01-01", integrity_flag=True)],
    )
    inp = packet(record, early={1})
    assert [(p.kind, p.case_index) for p in documents.packet_parts(inp)] == [
        ("cover", 0),
        ("petition", 0),
        ("petition", 1),  # 072C: the waiver on the same sheet
        ("referral", 2),
    ]
    data = render(documents.PACKET, inp)
    pages = pdf_pages(data, tmp_path, "packet")
    assert len(pages) == assert_on_the_page(data, tmp_path)
    # The parts follow one another in the packet's order.
    assert "Your petition packet" in pages[0]
    petitions = [i for i, page in enumerate(pages) if "PETITION FOR EXPUNGEMENT OF RECORDS" in page]
    waiver = next(i for i, page in enumerate(pages) if "GENERAL WAIVER AND RELEASE" in page and "witness" in page)
    referral = next(i for i, page in enumerate(pages) if "Attention: the attorney" in page)
    assert len(petitions) >= 2 and 0 < petitions[0] < petitions[1] <= waiver < referral == len(pages) - 1
    assert "C0" in pages[petitions[0]] and "C1" in pages[petitions[1]]
    # Each part keeps its own page numbers and form number.
    assert "Page 1 of 1" in pages[petitions[0]] and "CC-DC-CR-072A" in pages[petitions[0]]
    assert "CC-DC-CR-072C" in pages[waiver]
    keep_page_one(data, tmp_path, "packet")


# --- Names, long text, many charges ------------------------------------------------------


@pytest.mark.parametrize("kind", [documents.PETITION, documents.COVER, documents.REFERRAL])
@pytest.mark.parametrize("name", ["José Núñez", "Nguyễn Thị Minh Khai"])
def test_accents_survive_in_every_document(tmp_path, kind, name):
    record = DOUBTED_CONVICTION if kind == documents.REFERRAL else DISMISSED_2015
    text = flat(render(kind, packet(record, name=name)), tmp_path)
    assert name in text


@pytest.mark.parametrize("kind", [documents.PETITION, documents.WAIVER, documents.COVER, documents.REFERRAL])
def test_very_long_names_and_addresses_stay_on_the_page(tmp_path, kind):
    record = DOUBTED_CONVICTION if kind == documents.REFERRAL else DISMISSED_RECENTLY
    inp = packet(
        record,
        name="Maria de los Ángeles " + "Fernández-" * 17 + "Ruiz",
        address="Apartment 12B, " * 33,
        other_names="Mari " * 40,
        early={0},
    )
    data = render(kind, inp)
    assert assert_on_the_page(data, tmp_path) >= 1
    assert "Ruiz" in flat(data, tmp_path)


def test_fifteen_charges_paginate_with_the_caption_and_signature_intact(tmp_path):
    statutes = [f"CR 6-{300 + i}" for i in range(15)]
    record = cases_record(
        [
            charge("dismissed", "2015-01-10", statute=s, description=f"Charge number {i + 1} " + "with words " * 4)
            for i, s in enumerate(statutes)
        ]
    )
    data = render(documents.PETITION, packet(record))
    pages = pdf_pages(data, tmp_path, "fifteen")
    assert len(pages) == assert_on_the_page(data, tmp_path) >= 2
    text = "".join(pages)
    for i in range(15):
        assert re.search(rf"Charge number {i + 1}\b", text)
    # The caption opens page 1; the table's header repeats on the next page; the whole
    # signature block (the affirmation, both lines and the name under them) is on one page.
    assert "STATE OF MARYLAND" in pages[0] and "PETITION FOR EXPUNGEMENT" in pages[0]
    assert "Disposition" in pages[1] and "Statute" in pages[1]
    signature_pages = [i for i, page in enumerate(pages) if "Signature of petitioner" in page]
    assert len(signature_pages) == 1
    signed = pages[signature_pages[0]]
    assert "I solemnly affirm" in signed and "Date" in signed
    keep_page_one(data, tmp_path, "petition-15-charges")


# --- Form versions as data --------------------------------------------------------------


def test_each_document_names_the_form_version_in_force():
    version = court_forms.form_version("CC-DC-CR-072A", TODAY)
    assert (version.revision, version.template) == ("portal-1", "pdf/petition_072a.html")
    assert documents.petition_fields(packet(DISMISSED_2015), 0, generated_on=TODAY)["form_revision"] == "portal-1"


def test_a_new_form_version_is_added_beside_the_old_one():
    new = replace(
        court_forms.form_version("CC-DC-CR-072A", TODAY),
        revision="court-2027",
        template="pdf/petition_072a.html",
        effective_from=date(2027, 7, 1),
        effective_to=None,
    )
    old = replace(court_forms.form_version("CC-DC-CR-072A", TODAY), effective_to=date(2027, 6, 30))
    others = tuple(v for v in court_forms.FORM_VERSIONS if v.code != "CC-DC-CR-072A")
    with mock.patch.object(court_forms, "FORM_VERSIONS", others + (old, new)):
        assert court_forms.form_version("CC-DC-CR-072A", date(2027, 6, 30)).revision == "portal-1"
        assert court_forms.form_version("CC-DC-CR-072A", date(2027, 7, 1)).revision == "court-2027"
    with pytest.raises(court_forms.FormNotInForce):
        court_forms.form_version("CC-DC-CR-999", TODAY)


def test_every_form_version_has_its_template():
    from django.template.loader import get_template

    for version in court_forms.FORM_VERSIONS:
        get_template(version.template)


# --- Services and pages ------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def checked(**answers) -> Submission:
    submission = SubmissionFactory(answers=journey_answers(**answers))
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    return submission


RECENT_DISMISSAL = {
    "charge": "other",
    "disposition": "dismissed",
    "disposition_date": "2025-01-10",
    "sentence_completed": None,
}


@pytestmark_db
def test_choosing_early_filing_prepares_the_petition_and_the_waiver():
    submission = checked(**RECENT_DISMISSAL)
    assert not submission.documents.exists()
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_choose_early_filing(submission=submission, case_index=0)
        submission_choose_early_filing(submission=submission, case_index=0)  # twice: no change
    submission.refresh_from_db()
    assert submission.early_filing_cases == [0]
    # Form 072C: the waiver is printed on the petition's own sheet.
    assert sorted(submission.documents.values_list("kind", flat=True)) == ["cover", "packet", "petition"]
    assert submission.documents.get(kind="petition").form == "CC-DC-CR-072C"


@pytestmark_db
def test_early_filing_is_refused_where_it_does_not_apply():
    submission = checked()
    with pytest.raises(NotAllowed):
        submission_choose_early_filing(submission=submission, case_index=0)
    with pytest.raises(NotAllowed):
        submission_choose_early_filing(submission=submission, case_index=7)


@pytestmark_db
def test_documents_no_longer_called_for_are_removed_with_their_files(private_media):
    submission = checked()
    for document in submission.documents.all():
        document_render(document=document_claim(document_id=document.pk))
    files = list(private_media.rglob("*.pdf"))
    assert len(files) == 3
    # A new determination that leaves nothing to file (say staff corrected a date).
    submission.answers = journey_answers(sentence_completed="2099-01-01", disposition_date="2023-08-01")
    submission.status = Submission.Status.SUBMITTED
    submission.save()
    from django.test.utils import CaptureQueriesContext  # noqa: F401 - keeps the import local

    with mock.patch("expunge.services.documents.render_document.apply_async"):
        with mock.patch("django.db.transaction.on_commit", side_effect=lambda f: f()):
            submission_check_eligibility(submission_id=submission.pk)
    assert not submission.documents.exists()
    assert list(private_media.rglob("*.pdf")) == []


@pytestmark_db
def test_rendering_records_the_form_revision(private_media):
    submission = checked()
    for document in submission.documents.all():
        document_render(document=document_claim(document_id=document.pk))
    today = timezone.localdate()
    for form, revision in submission.documents.values_list("form", "form_revision"):
        assert revision == court_forms.form_version(form, today).revision, form
    assert submission.documents.get(kind="petition").form_revision == "Rev. 10/2025"  # 072D's
    packet_file = submission.documents.get(kind="packet").file
    assert packet_file.read().startswith(b"%PDF")


@pytestmark_db
def test_the_result_page_offers_the_waiver_and_the_choice_prepares_it(client):
    token = "early-filing-token-1234567890abcdefghijklmno"
    submission = SubmissionFactory(token=token, answers=journey_answers(**RECENT_DISMISSAL))
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    content = client.get(reverse("public:result", kwargs={"token": token})).content.decode()
    assert "Prepare my petition with the waiver" in content
    url = reverse("public:file_early", kwargs={"token": token, "case_index": 0})
    assert client.get(url).status_code == 405
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        response = client.post(url)
    assert response.status_code == 302
    assert sorted(submission.documents.values_list("kind", flat=True)) == ["cover", "packet", "petition"]
    content = client.get(reverse("public:result", kwargs={"token": token})).content.decode()
    assert "Prepare my petition with the waiver" not in content
    assert "We are preparing your petition" in content


@pytestmark_db
def test_another_residents_link_cannot_choose(client):
    SubmissionFactory(answers=journey_answers(**RECENT_DISMISSAL))
    url = reverse("public:file_early", kwargs={"token": "not-a-real-token", "case_index": 0})
    assert client.post(url).status_code == 404


@pytestmark_db
def test_the_whole_packet_and_each_part_download_from_the_result_page(
    client, eager_celery, private_media, django_capture_on_commit_callbacks
):
    token = "packet-download-token-1234567890abcdefghijklm"
    submission = SubmissionFactory(token=token, language="es")
    with django_capture_on_commit_callbacks(execute=True):
        submission_check_eligibility(submission_id=submission.pk)
    content = client.get("/es" + reverse("public:result", kwargs={"token": token})[3:]).content.decode()
    assert "Descargar su paquete de petición (PDF)" in content
    for document in submission.documents.all():
        response = client.get(reverse("public:document_download", kwargs={"token": token, "pk": document.pk}))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytestmark_db
def test_the_packet_knows_which_charge_dates_the_resident_gave_as_a_month(django_user_model):
    submission = journey_submission()  # charge 1 "March 2014", charge 2 March 2, 2014
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        submission_check_eligibility(submission_id=submission.pk)
    assert documents.packet_input(submission).month_only_charge_dates == {(0, 0)}
    # Staff corrected it against the court record: the day is known now.
    staff = django_user_model.objects.create_user("staff", password="x" * 12)
    with mock.patch("expunge.services.documents.render_document.apply_async"):
        review_correct(
            user=staff,
            submission=submission,
            case_index=0,
            charge_index=0,
            field="charge_date",
            value="2014-03-15",
            verified=True,
        )
    assert documents.packet_input(submission).month_only_charge_dates == frozenset()

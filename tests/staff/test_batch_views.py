"""The bulk import pages: supervisors upload, watch progress without JavaScript, read the
summary, see each fact beside its source and download the export; every step audited;
reviewers and other organisations' staff are kept out."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from expunge.models import AuditEvent, Batch, BatchPerson, StaffMembership
from tests.batches.samples import FLAT, THREE_TABLES
from tests.conftest import verified_login
from tests.factories import OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_client(supervisor):
    return verified_login(Client(), supervisor)


def _upload(client, files=THREE_TABLES, **data):
    uploads = [SimpleUploadedFile(name, content, content_type="text/csv") for name, content in files]
    return client.post(reverse("staff:batch_upload"), {"files": uploads, **data})


@pytest.fixture
def done_batch(supervisor_client, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(supervisor_client, as_of="12/01/2026")
    batch = Batch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:batch_detail", kwargs={"pk": batch.pk})
    return batch


def test_a_supervisor_uploads_and_reads_the_summary(supervisor_client, done_batch, supervisor):
    assert done_batch.status == Batch.Status.DONE
    assert str(done_batch.as_of) == "2026-12-01"
    response = supervisor_client.get(reverse("staff:batch_detail", kwargs={"pk": done_batch.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Based on these records only" in page
    assert "Can file now" in page and "For a person to review" in page
    assert "5 charge rows read = 3 charges decided + 1 charges for a person to review + 1 rows refused." in page
    assert "This CaseID is not in the cases file." in page
    assert "Race, Sex, Address, City, State, Zip Code" in page
    assert "<svg" in page and "<table" in page
    # What the answers rest on, by what can be done: all three now-answers on no open case,
    # Doe's PBJ on no later conviction elsewhere too.
    assert re.search(
        r"<th scope=\"row\">Only if no criminal case is open against the person in any court</th><td>3</td>", page
    )
    assert re.search(r"<th scope=\"row\">Only if there is no later conviction in another court</th><td>1</td>", page)
    assert f"by {supervisor.get_username()}" in page
    actions = list(AuditEvent.objects.filter(batch=done_batch).values_list("action", flat=True))
    assert sorted(actions) == [AuditEvent.Action.UPLOAD, AuditEvent.Action.VIEW]


def test_the_list_links_each_batch_and_the_template(supervisor_client, done_batch):
    page = supervisor_client.get(reverse("staff:batch_list")).content.decode()
    assert reverse("staff:batch_detail", kwargs={"pk": done_batch.pk}) in page
    template = supervisor_client.get(reverse("staff:batch_template"))
    header = template.content.decode().splitlines()[0]
    assert header.startswith("PartyID,Name,DOB,Case Number")
    # The template is read by the importer itself.
    from expunge.courtrecords.reading import read_file

    (table,) = read_file("template.csv", template.content)
    assert table.kind == "flat" and not table.ignored


def test_progress_refreshes_itself_without_javascript(supervisor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _upload(supervisor_client)
    batch = Batch.objects.get()
    url = reverse("staff:batch_detail", kwargs={"pk": batch.pk})
    page = supervisor_client.get(url).content.decode()
    # The page refreshes itself only when asked to, and can be stopped.
    assert "http-equiv" not in page and f'href="{url}?auto=1"' in page
    page = supervisor_client.get(url + "?auto=1").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page and "Stop refreshing" in page
    assert "Reading the files" in page
    from expunge.services.batches import batch_read

    batch_read(batch_id=batch.pk)
    page = supervisor_client.get(reverse("staff:batch_detail", kwargs={"pk": batch.pk})).content.decode()
    assert "0% decided: 0 of 2 people, 0 of 4 charges." in page
    assert "<progress" in page


def test_a_bad_file_is_refused_on_the_page_naming_the_file_and_column(supervisor_client):
    response = _upload(supervisor_client, files=[("cases.csv", b"CaseID,PartyID,Docket\n1,2,3\n")])
    assert response.status_code == 400
    assert "cases.csv has no column &quot;Case Number&quot;" in response.content.decode()
    assert not Batch.objects.exists()
    response = _upload(supervisor_client, as_of="31/31/2026")
    assert response.status_code == 400
    assert "Enter a date as month/day/year" in response.content.decode()
    response = supervisor_client.post(reverse("staff:batch_upload"), {})
    assert response.status_code == 400


def test_the_same_files_again_open_their_batch(supervisor_client, done_batch):
    response = _upload(supervisor_client, as_of="12/01/2026")
    assert response["Location"] == reverse("staff:batch_detail", kwargs={"pk": done_batch.pk})
    assert Batch.objects.count() == 1


def test_people_to_review_and_each_fact_beside_its_source(supervisor_client, done_batch):
    page = supervisor_client.get(reverse("staff:batch_people", kwargs={"pk": done_batch.pk})).content.decode()
    doe = BatchPerson.objects.get(batch=done_batch, party_id="P2")
    smith = BatchPerson.objects.get(batch=done_batch, party_id="P1")
    assert "DOE, JANE" in page and "SMITH, JOHN" not in page
    page = supervisor_client.get(reverse("staff:batch_people", kwargs={"pk": done_batch.pk}) + "?show=all").content
    assert b"SMITH, JOHN" in page
    url = reverse("staff:batch_person", kwargs={"pk": done_batch.pk, "person_pk": doe.pk})
    page = supervisor_client.get(url).content.decode()
    assert "The statute and the description name different offences." in page
    assert (
        "This answer rests on what these records cannot show" in page
        and "Only if there is no later conviction in another court" in page
    )
    assert "<code>MERGED</code>" in page and "charges.csv" in page
    assert "Only the month and year of birth" in page
    url = reverse("staff:batch_person", kwargs={"pk": done_batch.pk, "person_pk": smith.pk})
    page = supervisor_client.get(url).content.decode()
    assert "computed" in page and "Disposition Date, Jail Term (Years), Probation (Years)" in page
    # Facts in the words the staff pages use, each beside its column and raw value.
    assert "What happened in court" in page and "Date charged" in page and "A felony" in page
    assert "<code>03/02/2012</code>" in page and "Offense Date" in page
    # The person and each case beside their sources too: file, row, column, raw value.
    assert re.search(
        r"<td>SMITH, JOHN</td><td>parties.csv</td><td>2</td><td>Name</td><td><code>SMITH, JOHN</code>", page
    )
    assert re.search(
        r"<td>Baltimore City</td><td>cases.csv</td><td>2</td><td>Location</td><td><code>BALTIMORE CITY</code>", page
    )
    assert "<td>cases.csv</td><td>2</td><td>Case Number</td><td><code>4B02167750</code>" in page


def test_the_export_downloads_as_csv_and_xlsx_audited(supervisor_client, done_batch):
    response = supervisor_client.get(reverse("staff:batch_export", kwargs={"pk": done_batch.pk}))
    assert response["Content-Disposition"] == f'attachment; filename="batch-{done_batch.pk}-charges.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4 and {"party_id", "case_number", "charge_no", "outcome", "eligible_on"} <= set(rows[0])
    response = supervisor_client.get(reverse("staff:batch_export", kwargs={"pk": done_batch.pk}) + "?format=xlsx")
    assert response.content[:2] == b"PK"
    exports = AuditEvent.objects.filter(batch=done_batch, action=AuditEvent.Action.EXPORT)
    assert sorted(event.detail["format"] for event in exports) == ["csv", "xlsx"]


def test_reviewers_and_other_organisations_are_kept_out(client, done_batch, staff_user):
    person = BatchPerson.objects.filter(batch=done_batch).first()
    urls = [
        reverse("staff:batch_detail", kwargs={"pk": done_batch.pk}),
        reverse("staff:batch_people", kwargs={"pk": done_batch.pk}),
        reverse("staff:batch_person", kwargs={"pk": done_batch.pk, "person_pk": person.pk}),
        reverse("staff:batch_export", kwargs={"pk": done_batch.pk}),
    ]
    reviewer = verified_login(Client(), staff_user)
    for url in [*urls, reverse("staff:batch_list")]:
        assert reviewer.get(url).status_code == 403, url
    elsewhere = OrganisationFactory(name="Western Maryland Legal Aid", counties=["garrett"])
    other = verified_login(Client(), staff_member("olga", elsewhere, StaffMembership.Role.SUPERVISOR))
    for url in urls:
        assert other.get(url).status_code == 404, url
    assert (
        reverse("staff:batch_detail", kwargs={"pk": done_batch.pk})
        not in other.get(reverse("staff:batch_list")).content.decode()
    )
    assert client.get(urls[0]).status_code == 302  # not logged in: to the login page
    again = reverse("staff:batch_decide_again", kwargs={"pk": done_batch.pk})
    assert reviewer.post(again).status_code == 403 and other.post(again).status_code == 404


def test_the_pages_in_spanish(supervisor_client, done_batch):
    page = supervisor_client.get(
        reverse("staff:batch_detail", kwargs={"pk": done_batch.pk}), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Based on these records only" not in page
    assert "Solo si no hay una condena posterior en otro tribunal" in page


def test_a_flat_file_with_formulas_uploads_and_exports_safely(
    supervisor_client, eager_celery, django_capture_on_commit_callbacks
):
    flat = FLAT.replace('"PEREZ, ANA"', "\"=cmd|' /C calc'!A0\"")
    with django_capture_on_commit_callbacks(execute=True):
        _upload(supervisor_client, files=[("flat.csv", flat.encode())])
    batch = Batch.objects.get()
    rows = list(
        csv.DictReader(
            io.StringIO(supervisor_client.get(reverse("staff:batch_export", kwargs={"pk": batch.pk})).content.decode())
        )
    )
    assert rows[0]["name"].startswith("'=")


def test_the_summary_lists_possibly_the_same_person_with_links(
    supervisor_client, organisation, eager_celery, django_capture_on_commit_callbacks
):
    flat = (
        "PartyID,Name,DOB,Case Number,Statute,Description,Disposition,Disposition Date\n"
        '1,"PEREZ, ANA",04/12/1990,4B02167751,CR 5-601,CDS:POSS-MARIJUANA,STET,02/01/2015\n'
        '2,"ANA PEREZ",04/12/1990,4B02167752,CR 5-601,CDS:POSS-MARIJUANA,STET,02/01/2015\n'
    )
    with django_capture_on_commit_callbacks(execute=True):
        _upload(supervisor_client, files=[("f.csv", flat.encode())])
    batch = Batch.objects.get()
    page = supervisor_client.get(reverse("staff:batch_detail", kwargs={"pk": batch.pk})).content.decode()
    assert "Possibly the same person" in page
    for person in BatchPerson.objects.filter(batch=batch):
        assert reverse("staff:batch_person", kwargs={"pk": batch.pk, "person_pk": person.pk}) in page


def test_the_progress_pages_own_reloads_are_not_audited_but_the_summary_always_is(supervisor_client, done_batch):
    url = reverse("staff:batch_detail", kwargs={"pk": done_batch.pk})
    before = AuditEvent.objects.filter(batch=done_batch, action=AuditEvent.Action.VIEW).count()
    supervisor_client.get(url + "?auto=1")  # the last reload lands on the summary
    assert AuditEvent.objects.filter(batch=done_batch, action=AuditEvent.Action.VIEW).count() == before + 1
    Batch.objects.filter(pk=done_batch.pk).update(status=Batch.Status.DECIDING)
    supervisor_client.get(url + "?auto=1")
    assert AuditEvent.objects.filter(batch=done_batch, action=AuditEvent.Action.VIEW).count() == before + 1


def test_a_batch_decided_before_today_can_be_decided_again_as_of_today(
    supervisor_client, done_batch, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from expunge.models import BatchDecision

    detail = reverse("staff:batch_detail", kwargs={"pk": done_batch.pk})
    again = reverse("staff:batch_decide_again", kwargs={"pk": done_batch.pk})
    page = supervisor_client.get(detail).content.decode()
    assert "Decide again as of today" in page  # decided as of December 1, before today
    people = BatchPerson.objects.filter(batch=done_batch).count()
    assert supervisor_client.get(again).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(again, follow=True)
    assert "The batch is being decided again, as of today." in response.content.decode()
    done_batch.refresh_from_db()
    assert done_batch.status == Batch.Status.DONE and done_batch.as_of == timezone.localdate()
    assert BatchPerson.objects.filter(batch=done_batch).count() == people  # the same people
    assert BatchDecision.objects.filter(batch=done_batch).count() == people  # each answered once
    event = AuditEvent.objects.get(batch=done_batch, action=AuditEvent.Action.DECIDE_AGAIN)
    assert event.detail["before"]["as_of"] == "2026-12-01"
    # Up to date now: no button, and asking again changes nothing.
    assert "Decide again as of today" not in supervisor_client.get(detail).content.decode()
    refused = supervisor_client.post(again, follow=True).content.decode()
    assert "cannot be decided again now" in refused

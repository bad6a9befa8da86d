"""A batch end to end on the embedded default (tasks inline): read, decided in chunks,
summed up, exported; the same files again open the same batch; a chunk done twice changes
nothing; the sweeper sends an overdue step again."""

from __future__ import annotations

import csv
import getpass
import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from expunge import exports
from expunge.courtrecords.reading import FileRefused
from expunge.models import AuditEvent, Batch, BatchDecision, BatchPerson
from expunge.services import batches
from expunge.services.sweeper import sweep_overdue
from tests.batches.samples import FLAT, THREE_TABLES

AS_OF = date(2026, 12, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(organisation, supervisor, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made, created = batches.batch_create(
            organisation=organisation, user=supervisor, files=THREE_TABLES, as_of=AS_OF
        )
    assert created
    made.refresh_from_db()
    return made


def test_a_batch_is_read_decided_and_summed_up_and_its_counts_reconcile(batch, private_media):
    assert batch.status == Batch.Status.DONE
    assert (batch.rows_in, batch.rows_refused, batch.people_count, batch.charge_count) == (5, 1, 2, 4)
    assert batch.rules_version and batch.as_of == AS_OF
    assert BatchDecision.objects.filter(batch=batch).count() == BatchPerson.objects.filter(batch=batch).count() == 2
    summary = batch.summary
    assert summary["based_on_these_records_only"] is True
    # Smith's possession (pardoned) and nolle prosequi, Doe's PBJ for cannabis possession
    # (which the unit rule does not hold back: HB 837) can be filed now; Doe's merged
    # robbery goes to a person.
    assert summary["charges"]["now"] == 3
    assert summary["people"] == {"now": 2, "later": 0, "conditional": 0, "never": 0, "review": 1, "other": 0}
    assert summary["people_with_conviction"] == summary["people_cleared_now"] == 1
    assert summary["reconcile"] == {
        "rows_in": 5,
        "charges_decided": 3,
        "charges_for_review": 1,
        "rows_refused": 1,
        "balanced": True,
    }
    assert sum(summary["charges"].values()) == 4
    assert summary["people_total"] == 2
    # What the records cannot show: an open case would stop all three; a later conviction
    # in another court, Doe's PBJ only (a conviction within 3 years bars a PBJ).
    assert summary["resting_on"] == {
        "no_open_case": {"now": 3},
        "no_later_conviction": {"now": 1},
        "no_other_dui_pbj": {},
        # Smith's nolle prosequi and Doe's PBJ: Case Search prints them alike with or
        # without a treatment requirement.
        "no_treatment_condition": {"now": 2},
    }
    doe = BatchDecision.objects.get(batch=batch, person__party_id="P2")
    assert doe.assumes == [[["no_open_case", "no_later_conviction", "no_treatment_condition"], []]]
    # The uploaded files are deleted once read.
    assert batch.stored_files == []
    assert not list((private_media / "batches").iterdir())
    (upload,) = AuditEvent.objects.filter(batch=batch)
    assert upload.action == AuditEvent.Action.UPLOAD


def test_the_same_files_again_open_the_batch_they_made(batch, organisation, supervisor):
    again, created = batches.batch_create(
        organisation=organisation, user=supervisor, files=list(reversed(THREE_TABLES)), as_of=AS_OF
    )
    assert (again.pk, created) == (batch.pk, False)
    assert Batch.objects.count() == 1
    assert AuditEvent.objects.filter(batch=batch, detail__again=True).count() == 1


def test_a_bad_file_is_refused_before_anything_is_stored(organisation, supervisor, private_media):
    with pytest.raises(FileRefused, match="charges.csv holds charges by CaseID"):
        batches.batch_create(organisation=organisation, user=supervisor, files=THREE_TABLES[2:], as_of=AS_OF)
    assert not Batch.objects.exists()
    assert not (private_media / "batches").exists()


def test_a_chunk_done_twice_changes_nothing(batch):
    before = list(BatchDecision.objects.filter(batch=batch).values_list("person", "decided_at", "result"))
    Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.DECIDING)
    first, last = before[0][0], before[-1][0]
    assert batches.batch_decide_chunk(batch_id=batch.pk, first=first, last=last) == 0
    assert list(BatchDecision.objects.filter(batch=batch).values_list("person", "decided_at", "result")) == before
    assert BatchPerson.objects.filter(batch=batch).count() == 2


def test_two_deliveries_of_a_chunk_at_once_write_one_answer_per_person(
    organisation, django_capture_on_commit_callbacks
):
    """Both found the people undecided; the second's insert leaves the first's answers."""
    with django_capture_on_commit_callbacks(execute=False):
        batch, _created = batches.batch_create(organisation=organisation, files=THREE_TABLES, as_of=AS_OF)
    from unittest import mock

    batches.batch_read(batch_id=batch.pk)
    ((first_pk, last_pk),) = batches.chunk_ranges(batch)
    decide = batches.decide_person

    def the_other_delivery_writes_meanwhile(person, as_of):
        BatchDecision.objects.get_or_create(person=person, batch=batch, defaults={"result": {"first": True}})
        return decide(person, as_of)

    with mock.patch.object(batches, "decide_person", the_other_delivery_writes_meanwhile):
        batches.batch_decide_chunk(batch_id=batch.pk, first=first_pk, last=last_pk)
    assert BatchDecision.objects.filter(batch=batch).count() == 2
    assert all(d.result == {"first": True} for d in BatchDecision.objects.filter(batch=batch))


def test_chunks_split_the_people_and_each_decides_only_its_own(
    organisation, settings, django_capture_on_commit_callbacks
):
    settings.BATCH_CHUNK_PEOPLE = 1
    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch, _created = batches.batch_create(organisation=organisation, files=THREE_TABLES, as_of=AS_OF)
    assert len(queued) == 1
    batches.batch_read(batch_id=batch.pk)
    ranges = batches.chunk_ranges(batch)
    assert len(ranges) == 2
    first, last = ranges[0]
    assert batches.batch_decide_chunk(batch_id=batch.pk, first=first, last=last) == 1
    batch.refresh_from_db()
    assert batch.status == Batch.Status.DECIDING
    assert batches.chunk_ranges(batch, undecided_only=True) == [ranges[1]]
    assert batches.batch_decide_chunk(batch_id=batch.pk, first=ranges[1][0], last=ranges[1][1]) == 1
    batch.refresh_from_db()
    assert batch.status == Batch.Status.DONE


def test_the_sweeper_sends_an_overdue_batch_step_again(organisation, settings, django_capture_on_commit_callbacks):
    from unittest import mock

    with django_capture_on_commit_callbacks(execute=False):
        batch, _created = batches.batch_create(organisation=organisation, files=THREE_TABLES, as_of=AS_OF)
    later = timezone.now() + timedelta(seconds=settings.SWEEP_AFTER_SECONDS + 1)
    with mock.patch.object(batches.read_batch, "apply_async") as send:
        assert sweep_overdue(now=later)["batch_tasks"] == 1
        assert sweep_overdue(now=later + timedelta(seconds=1))["batch_tasks"] == 0
    assert send.call_args.kwargs["args"] == (batch.pk,)
    batches.batch_read(batch_id=batch.pk)
    with mock.patch.object(batches.decide_batch_chunk, "apply_async") as send:
        assert sweep_overdue(now=later + timedelta(seconds=2 * settings.SWEEP_AFTER_SECONDS))["batch_tasks"] == 1
    (_batch_id, first, last) = send.call_args.kwargs["args"]
    batches.batch_decide_chunk(batch_id=batch.pk, first=first, last=last)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.DONE
    assert sweep_overdue(now=later + timedelta(days=1))["batch_tasks"] == 0


def _export(batch):
    buffer = io.StringIO()
    count = exports.write_csv(batch, buffer)
    return count, list(csv.DictReader(io.StringIO(buffer.getvalue())))


def test_the_export_has_a_row_per_charge_with_its_outcome_reasons_and_raw_values(batch):
    count, rows = _export(batch)
    assert count == len(rows) == 4
    first = rows[0]
    assert {key: first[key] for key in ("party_id", "case_number", "charge_no", "raw_statute", "raw_disposition")} == {
        "party_id": "P1",
        "case_number": "4B02167750",
        "charge_no": "1",
        "raw_statute": "CR.5.601.(a)(1)",
        "raw_disposition": "GUILTY",
    }
    assert first["outcome"] and first["category"] in batches.CATEGORIES
    assert first["sentence_completed_computed"] == "yes"
    assert first["based_on"].startswith("Based on these records only")
    assert (first["source_file"], first["source_row"]) == ("charges.csv", "2")
    assert first["assumes"] == "no_open_case"
    assert rows[1]["assumes"] == "no_open_case; no_treatment_condition"  # Smith's nolle prosequi
    assert rows[2]["assumes"] == "no_open_case; no_later_conviction; no_treatment_condition"  # Doe's PBJ
    robbery = rows[3]
    assert robbery["category"] == "review"
    assert robbery["for_review"] == "statute_contradicts_description; disposition_unclear"
    assert robbery["assumes"] == ""


def test_the_export_is_safe_in_a_spreadsheet(organisation, eager_celery, django_capture_on_commit_callbacks):
    flat = FLAT.replace('"PEREZ, ANA"', '=HYPERLINK("http://x";"y")')
    with django_capture_on_commit_callbacks(execute=True):
        batch, _created = batches.batch_create(
            organisation=organisation, files=[("flat.csv", flat.encode())], as_of=AS_OF
        )
    batch.refresh_from_db()
    _count, rows = _export(batch)
    assert rows[0]["name"].startswith("'=HYPERLINK")


def test_the_export_as_xlsx(batch):
    import openpyxl

    buffer = io.BytesIO()
    assert exports.write_xlsx(batch, buffer) == 4
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][: len(exports.COLUMNS)] == tuple(exports.COLUMNS)
    assert len(rows) == 5


@pytest.mark.django_db(transaction=True)
def test_the_command_imports_prints_the_summary_and_writes_the_export(organisation, tmp_path, eager_celery):
    for name, content in THREE_TABLES:
        (tmp_path / name).write_bytes(content)
    paths = [str(tmp_path / name) for name, _content in THREE_TABLES]
    output = tmp_path / "out.csv"
    out = io.StringIO()
    call_command(
        "import_records", *paths, organisation=organisation.name, as_of="2026-12-01", output=str(output), stdout=out
    )
    text = out.getvalue()
    batch = Batch.objects.get()
    assert f"Batch {batch.pk} for {organisation.name}: Done" in text
    assert "rows in 5 = decided 3 + for review 1 + refused 1" in text
    assert "ignored: Race, Sex, Address, City, State, Zip Code" in text
    assert "refused: charges.csv row 6, CaseID 'C9': This CaseID is not in the cases file." in text
    assert "based on these records only" in text
    assert "answers that hold only if no_later_conviction: now 1" in text
    assert output.read_text().startswith(",".join(exports.COLUMNS))
    assert batch.uploaded_by is None
    out = io.StringIO()
    call_command("import_records", *paths, organisation=organisation.name, as_of="2026-12-01", stdout=out)
    assert f"These files were imported before: batch {batch.pk}." in out.getvalue()
    # Audited with no staff member, naming the system account that ran the command.
    account = getpass.getuser()
    events = [(e.action, e.user_id, e.detail) for e in batch.audit_events.order_by("pk")]
    assert events == [
        (AuditEvent.Action.UPLOAD, None, {"files": 3, "command_line": account}),
        (AuditEvent.Action.EXPORT, None, {"format": "csv", "rows": 4, "command_line": account}),
        (AuditEvent.Action.UPLOAD, None, {"again": True, "command_line": account}),
    ]
    assert str(batch.audit_events.order_by("pk").first()).startswith(
        f"Uploaded court records by the command line ({account})"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"organisation": "Nobody"}, "No organisation named 'Nobody'"),
        ({"as_of": "12/01/2026"}, "--as-of must be a date as YYYY-MM-DD"),
    ],
)
def test_the_command_refuses_bad_arguments_with_a_message(organisation, tmp_path, arguments, message):
    (tmp_path / "flat.csv").write_bytes(FLAT.encode())
    with pytest.raises(CommandError, match=message):
        call_command("import_records", str(tmp_path / "flat.csv"), **{"organisation": organisation.name, **arguments})


def test_the_command_names_the_file_and_column_of_a_bad_file(organisation, tmp_path):
    (tmp_path / "cases.csv").write_bytes(b"CaseID,PartyID,Docket\n1,2,3\n")
    with pytest.raises(CommandError, match='cases.csv has no column "Case Number"'):
        call_command("import_records", str(tmp_path / "cases.csv"), organisation=organisation.name)
    with pytest.raises(CommandError, match="Cannot read .*missing.csv"):
        call_command("import_records", str(tmp_path / "missing.csv"), organisation=organisation.name)


def test_the_purge_deletes_batches_past_their_retention_and_keeps_their_audit_events(batch, settings):
    from expunge.services.retention import purge_expired

    assert purge_expired()["batches"] == 0
    later = timezone.now() + settings.BATCH_RETENTION + timedelta(days=1)
    assert purge_expired(now=later)["batches"] == 1
    assert not Batch.objects.exists() and not BatchPerson.objects.exists()
    (upload,) = AuditEvent.objects.filter(action=AuditEvent.Action.UPLOAD)
    assert upload.batch is None


def test_a_day_to_decide_as_of_makes_the_same_files_another_batch(batch, organisation):
    other, created = batches.batch_create(organisation=organisation, files=THREE_TABLES, as_of=date(2026, 6, 1))
    assert created and other.pk != batch.pk


def test_a_very_long_name_still_groups_its_rows_into_one_person(
    organisation, eager_celery, django_capture_on_commit_callbacks
):
    name = "X" * 400
    flat = FLAT.replace('"PEREZ, ANA"', name).replace('"LEE, SAM"', name + "Y")
    with django_capture_on_commit_callbacks(execute=True):
        made, _created = batches.batch_create(organisation=organisation, files=[("flat.csv", flat.encode())])
    made.refresh_from_db()
    assert made.status == Batch.Status.DONE
    keys = list(BatchPerson.objects.filter(batch=made).values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 3 and all(len(key) <= 300 for key in keys)


def test_likely_twins_are_listed_with_a_residents_own_submission_and_nothing_is_merged(
    organisation, eager_celery, django_capture_on_commit_callbacks
):
    from tests.factories import SubmissionFactory, journey_answers

    resident = SubmissionFactory(answers=journey_answers(full_name="Ana Pérez"), organisation=organisation)
    resident.refresh_from_db()
    flat = (
        "PartyID,Name,DOB,Case Number,Statute,Description,Disposition,Disposition Date\n"
        f'1,"PEREZ, ANA",{resident.date_of_birth:%m/%d/%Y},4B02167751,CR 5-601,CDS:POSS-MARIJUANA,STET,02/01/2015\n'
        f'2,"ANA PEREZ",{resident.date_of_birth:%m/%Y},4B02167752,CR 5-601,CDS:POSS-MARIJUANA,STET,02/01/2015\n'
        '3,"PEREZ, ANA",01/01/1950,4B02167753,CR 5-601,CDS:POSS-MARIJUANA,STET,02/01/2015\n'
        '4,"LEE, SAM",01/01/1950,4B02167754,CR 5-601,CDS:POSS-MARIJUANA,STET,02/01/2015\n'
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch, _created = batches.batch_create(organisation=organisation, files=[("f.csv", flat.encode())])
    batch.refresh_from_db()
    people = {p.party_id: p.pk for p in BatchPerson.objects.filter(batch=batch)}
    assert batch.summary["twins"] == {
        "count": 1,
        "groups": [{"people": [people["1"], people["2"]], "submissions": [resident.pk]}],
    }
    assert BatchPerson.objects.filter(batch=batch).count() == 4


def test_a_file_that_breaks_below_its_header_fails_its_batch_with_the_message(
    organisation, supervisor, eager_celery, django_capture_on_commit_callbacks, private_media
):
    broken = FLAT.encode() + b'"' + b"x" * 200_000 + b'"\n'  # a cell longer than CSV's field limit
    with django_capture_on_commit_callbacks(execute=True):
        made, created = batches.batch_create(organisation=organisation, user=supervisor, files=[("big.csv", broken)])
    made.refresh_from_db()
    assert created and made.status == Batch.Status.FAILED
    assert made.failure_reason.startswith("big.csv is not a readable CSV file (line 6")
    assert made.stored_files == [] and not list((private_media / "batches").iterdir())
    # The same file again is a new try, not the failed batch.
    with django_capture_on_commit_callbacks(execute=True):
        again, created = batches.batch_create(organisation=organisation, user=supervisor, files=[("big.csv", broken)])
    assert created and Batch.objects.count() == 1


def test_an_alias_makes_two_people_likely_twins(organisation, eager_celery, django_capture_on_commit_callbacks):
    parties = (
        "PartyID,Name,DOB,Aliases\n"
        'P1,"SMITH, JOHN",04/12/1980,"SMITH, JOHNNY; J SMITH"\n'
        'P2,"Johnny Smith",04/12/1980,\n'
        'P3,"J SMITH",01/01/1970,\n'
    )
    cases = "CaseID,PartyID,Case Number\nC1,P1,4B02167750\nC2,P2,4B02167751\nC3,P3,4B02167752\n"
    charges = (
        "CaseID,Charge No,Statute Code,Charge Description,Disposition,Disposition Date\n"
        "C1,1,CR 5-601,CDS:POSS-MARIJUANA,STET,02/01/2015\n"
        "C2,1,CR 5-601,CDS:POSS-MARIJUANA,STET,02/01/2015\n"
        "C3,1,CR 5-601,CDS:POSS-MARIJUANA,STET,02/01/2015\n"
    )
    files = [("parties.csv", parties.encode()), ("cases.csv", cases.encode()), ("charges.csv", charges.encode())]
    with django_capture_on_commit_callbacks(execute=True):
        batch, _created = batches.batch_create(organisation=organisation, files=files)
    batch.refresh_from_db()
    people = {p.party_id: p for p in BatchPerson.objects.filter(batch=batch)}
    assert people["P1"].aliases == ["SMITH, JOHNNY", "J SMITH"]
    assert "aliases" not in json.dumps(people["P1"].record)
    # P1 and P2 by the alias, once; P3 shares an alias but not the birth date.
    assert batch.summary["twins"] == {
        "count": 1,
        "groups": [{"people": [people["P1"].pk, people["P2"].pk], "submissions": []}],
    }


def test_an_answer_rests_only_on_what_would_change_it(organisation, eager_celery, django_capture_on_commit_callbacks):
    """The engine is asked again as if each thing the records cannot show were there (an
    open case, a later conviction or a DUI PBJ elsewhere, a treatment requirement): only
    the answers that would change say they rest on it, and only answers to file on."""
    flat = """\
Name,DOB,Case Number,Location,Charge No,Statute,Description,Disposition,Disposition Date,Probation End Date
"ROE, RAY",04/12/1990,4B02167751,Baltimore City,1,CR 6-402,TRESPASS-POSTED PROPERTY,NOT GUILTY,03/01/2016,
"ROE, RAY",04/12/1990,4B02167752,Baltimore City,1,CR 3-203,ASSAULT-SEC DEGREE,PROBATION BEFORE JUDGMENT,03/01/2016,\
03/01/2017
"ROE, RAY",04/12/1990,4B02167753,Baltimore City,1,CR 3-402,ROBBERY,GUILTY,01/10/2012,01/10/2013
"ROE, RAY",04/12/1990,0T00123456,Baltimore City,1,TR.21.902.(a),DRIVING UNDER THE INFLUENCE,\
PROBATION BEFORE JUDGMENT,01/10/1995,01/10/1996
"""
    with django_capture_on_commit_callbacks(execute=True):
        batch, _created = batches.batch_create(
            organisation=organisation, files=[("flat.csv", flat.encode())], as_of=AS_OF
        )
    decision = BatchDecision.objects.get(batch=batch)
    outcomes = [case["charges"][0]["outcome"] for case in decision.result["cases"]]
    assert outcomes[:2] == ["eligible_now", "eligible_now"]
    acquittal, pbj, recent, dui = decision.assumes
    assert acquittal == [["no_open_case"]]  # a later conviction does not touch an acquittal
    assert pbj == [["no_open_case", "no_later_conviction", "no_treatment_condition"]]
    # A robbery conviction is not on the list the engine holds: a person decides it,
    # whatever the records cannot show.
    assert outcomes[2] == "needs_review" and recent == [[]]
    # A DUI PBJ after 15 years: also only if there is no DUI PBJ in another court.
    assert outcomes[3] == "eligible_now"
    assert dui == [["no_open_case", "no_later_conviction", "no_other_dui_pbj", "no_treatment_condition"]]


def test_a_batch_decided_before_the_assumptions_were_kept_still_reads(batch):
    BatchDecision.objects.filter(batch=batch).update(assumes=[])
    _count, rows = _export(batch)
    assert {row["assumes"] for row in rows} == {""}
    assert rows[0]["based_on"].startswith("Based on these records only")

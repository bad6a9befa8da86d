import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from expunge.eligibility import assess
from tests.test_eligibility import record


def test_the_eligibility_command_round_trips_a_list(tmp_path):
    records = [
        record(),
        record(pending_case=True),
        record(as_of="2023-06-30", disposition_date="2019-03-01", sentence_completed="2020-01-15"),
    ]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    out = StringIO()
    call_command("eligibility", str(path), stdout=out)
    assert json.loads(out.getvalue()) == [assess(r) for r in records]


def test_the_eligibility_command_reads_one_record_from_stdin(monkeypatch):
    raw = record()
    del raw["as_of"]
    monkeypatch.setattr("sys.stdin", StringIO(json.dumps(raw)))
    out = StringIO()
    call_command("eligibility", "-", "--as-of", "2026-11-25", stdout=out)
    assert json.loads(out.getvalue())["as_of"] == "2026-11-25"


def test_the_eligibility_command_names_the_bad_record_and_field(tmp_path):
    bad = record()
    bad["cases"][0]["charges"][0]["disposition"] = "convicted"
    path = tmp_path / "records.json"
    path.write_text(json.dumps([record(), bad]), encoding="utf-8")
    with pytest.raises(CommandError, match=r"record 1: cases\[0\].charges\[0\].disposition"):
        call_command("eligibility", str(path), stdout=StringIO())
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("eligibility", str(path), stdout=StringIO())


@pytest.mark.django_db
def test_create_demo_staff_prints_the_password_once():
    out = StringIO()
    call_command("create_demo_staff", stdout=out)
    assert "Password:" in out.getvalue()
    again = StringIO()
    call_command("create_demo_staff", stdout=again)
    assert "Password:" not in again.getvalue()

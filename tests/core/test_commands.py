import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from eligibility import assess
from tests.eligibility.test_eligibility import record


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


@pytest.mark.parametrize("count", [0, 1, 3, 2501])
@pytest.mark.parametrize("indent", [None, 0, 2])
def test_the_streamed_output_is_exactly_what_json_dumps_gives(tmp_path, monkeypatch, count, indent):
    """The command writes its results in batches; the text is the same as one json.dumps."""
    monkeypatch.setattr("expunge.management.commands.eligibility.BATCH", 1000)
    kinds = [record(), record(pending_case=True), record(disposition="stet", sentence_completed=None)]
    records = [kinds[i % 3] for i in range(count)]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    out = StringIO()
    args = [str(path)] + (["--indent", str(indent)] if indent is not None else [])
    call_command("eligibility", *args, stdout=out)
    assert out.getvalue() == json.dumps([assess(r) for r in records], indent=indent, ensure_ascii=False) + "\n"


def test_a_bad_record_anywhere_prints_nothing(tmp_path):
    bad = record()
    bad["cases"][0]["charges"][0]["disposition_date"] = "2019-13-01"
    path = tmp_path / "records.json"
    path.write_text(json.dumps([record()] * 1500 + [bad]), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match=r"record 1500: cases\[0\].charges\[0\].disposition_date"):
        call_command("eligibility", str(path), stdout=out)
    assert out.getvalue() == ""


def test_the_eligibility_command_reads_one_record_from_stdin(monkeypatch):
    raw = record()
    del raw["as_of"]
    monkeypatch.setattr("sys.stdin", StringIO(json.dumps(raw)))
    out = StringIO()
    call_command("eligibility", "-", "--as-of", "2026-11-25", "--indent", "2", stdout=out)
    assert out.getvalue() == json.dumps(assess(raw, as_of=date(2026, 11, 25)), indent=2, ensure_ascii=False) + "\n"


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
    assert "otpauth://totp/" in out.getvalue()
    again = StringIO()
    call_command("create_demo_staff", stdout=again)
    assert "Password:" not in again.getvalue()


@pytest.mark.django_db
def test_create_demo_staff_resets_the_login_on_request_and_prints_the_url_it_was_given():
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("create_demo_staff", stdout=StringIO())
    user = get_user_model().objects.get(username="demo-staff")
    old_key = TOTPDevice.objects.get(user=user).key
    again = StringIO()
    call_command("create_demo_staff", url="http://127.0.0.1:8042", stdout=again)
    assert "make run RESET_DEMO=1" in again.getvalue() and "http://127.0.0.1:8042/staff/" in again.getvalue()
    reset = StringIO()
    call_command("create_demo_staff", reset=True, url="http://127.0.0.1:8042", stdout=reset)
    text = reset.getvalue()
    password = text.split("Password: ", 1)[1].split()[0]
    user.refresh_from_db()
    assert "Demo staff login reset." in text and user.check_password(password)
    (device,) = TOTPDevice.objects.filter(user=user)
    assert device.key != old_key and "Log in at http://127.0.0.1:8042/staff/" in text

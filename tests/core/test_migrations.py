"""Migration 0008 stops, naming how many, when answers from the first one-page
questionnaire are stored: this portal cannot read them, and rewriting what a resident
declared is for a person to decide."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("expunge", "0007_deletions")]
AFTER = [("expunge", "0008_no_one_page_answers")]


def _latest():
    """Every app's last migration: where each test leaves the database for the next."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_stored_one_page_answers_stop_the_migration_with_how_many():
    apps = _migrate(BEFORE)
    Submission = apps.get_model("expunge", "Submission")
    for n, version in enumerate(["2026-11-slice", "2026-11-slice", "2026-11-journey"]):
        Submission.objects.create(
            access_token_hash=f"{n:064d}", answers={}, questionnaire_version=version, language="en", county=""
        )
    try:
        with pytest.raises(RuntimeError, match=r"^2 submission\(s\) hold answers from the first one-page"):
            _migrate(AFTER)
        Submission.objects.filter(questionnaire_version="2026-11-slice").delete()
        _migrate(AFTER)  # nothing left that it cannot read
    finally:
        Submission.objects.all().delete()
        _migrate(_latest())


@pytest.mark.django_db(transaction=True)
def test_0011_fills_the_search_keys_and_gives_the_one_string_back_going_back():
    before, after = [("expunge", "0010_audit_events_outlive_deletions")], [("expunge", "0011_staff_search")]
    apps = _migrate(before)
    Submission = apps.get_model("expunge", "Submission")
    Determination = apps.get_model("expunge", "Determination")
    submission = Submission.objects.create(
        access_token_hash="1" * 64,
        answers={},
        questionnaire_version="2026-11-journey",
        language="en",
        county="baltimore_city",
        full_name="José Peña",
        case_numbers="D024CR22001234 0B0012345",
    )
    charges = [
        {"outcome": "eligible_now", "eligible_on": "2020-01-01"},
        {"outcome": "eligible_on_date", "eligible_on": "2029-05-01"},
    ]
    Determination.objects.create(
        submission=submission, result={"cases": [{"charges": charges}]}, rules_version="r", as_of="2026-12-01"
    )
    try:
        apps = _migrate(after)
        moved = apps.get_model("expunge", "Submission").objects.get(pk=submission.pk)
        assert moved.search_name == "jose pena"
        assert str(moved.next_eligible_on) == "2029-05-01"
        assert sorted(moved.case_numbers.values_list("number", flat=True)) == ["0B0012345", "D024CR22001234"]
        apps = _migrate(before)
        back = apps.get_model("expunge", "Submission").objects.get(pk=submission.pk)
        assert back.case_numbers == "0B0012345 D024CR22001234"
    finally:
        apps.get_model("expunge", "Submission").objects.all().delete()
        _migrate(_latest())

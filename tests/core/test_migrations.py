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


@pytest.mark.django_db(transaction=True)
def test_0021_moves_the_review_codes_out_of_the_sources_and_back():
    before, after = [("expunge", "0020_audit_from_the_command_line")], [("expunge", "0021_batch_person_review")]
    apps = _migrate(before)
    Organisation = apps.get_model("expunge", "Organisation")
    Batch = apps.get_model("expunge", "Batch")
    BatchPerson = apps.get_model("expunge", "BatchPerson")
    organisation = Organisation.objects.create(name="Old batches")
    batch = Batch.objects.create(organisation=organisation, digest="0" * 64, as_of="2026-12-01")
    source = ["charges.csv", 2, "Disposition", "MERGED"]
    sources = {
        "person": {},
        "cases": [
            {
                "case": {},
                "charges": [
                    {"facts": {"disposition": source}, "review": ["unclear_disposition"], "computed": [], "extra": {}},
                    {"facts": {}, "review": [], "computed": [], "extra": {}},
                ],
            }
        ],
    }
    BatchPerson.objects.create(batch=batch, key="P1", record={"cases": []}, sources=sources)
    try:
        apps = _migrate(after)
        person = apps.get_model("expunge", "BatchPerson").objects.get()
        assert person.review == [[["unclear_disposition"], []]]
        assert person.sources["cases"][0]["charges"][0] == {
            "facts": {"disposition": source},
            "computed": [],
            "extra": {},
        }
        apps = _migrate(before)
        assert apps.get_model("expunge", "BatchPerson").objects.get().sources == sources
    finally:
        apps.get_model("expunge", "Organisation").objects.all().delete()
        _migrate(_latest())

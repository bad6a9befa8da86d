"""Migration 0008 stops, naming how many, when answers from the first one-page
questionnaire are stored: this portal cannot read them, and rewriting what a resident
declared is for a person to decide."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("expunge", "0007_deletions")]
AFTER = [("expunge", "0008_no_one_page_answers")]


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
        _migrate(AFTER)

"""The portal no longer reads answers from the first one-page questionnaire (version
"2026-11-slice"). It was never deployed with it, so no such answers should exist; if any
do, this migration stops rather than rewrite what a resident declared, and says how many
there are, so that a person can decide what to do with them."""

from django.db import migrations

ONE_PAGE_VERSION = "2026-11-slice"


def refuse_one_page_answers(apps, schema_editor):
    Submission = apps.get_model("expunge", "Submission")
    found = Submission.objects.filter(questionnaire_version=ONE_PAGE_VERSION).count()
    if found:
        raise RuntimeError(
            f"{found} submission(s) hold answers from the first one-page questionnaire "
            f"(questionnaire_version {ONE_PAGE_VERSION!r}), which this version of the portal cannot read. "
            "Nothing was changed. Export or delete them (or map them by hand onto the step-by-step "
            "questionnaire's answers), then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("expunge", "0007_deletions"),
    ]

    operations = [
        migrations.RunPython(refuse_one_page_answers, migrations.RunPython.noop),
    ]

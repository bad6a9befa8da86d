"""The staff queue's search keys: the name without case or accents (with a trigram index on
PostgreSQL), each case number in its own indexed row instead of one long string, the next
filing date for sorting, where the facts came from, and indexes for the queue's orders."""

import django.db.models.deletion
from django.db import migrations, models

from expunge.search import case_number_key, name_key

# The outcomes whose eligible_on is a day from which a petition can be filed.
FILING_OUTCOMES = {"eligible_on_date", "eligible_now_with_waiver", "pardoned_then_petition"}
TRIGRAM_INDEX = "submission_search_name_trgm"


def fill_keys(apps, schema_editor):
    Submission = apps.get_model("expunge", "Submission")
    CaseNumber = apps.get_model("expunge", "CaseNumber")
    Correction = apps.get_model("expunge", "Correction")
    Determination = apps.get_model("expunge", "Determination")
    for submission in Submission.objects.only("pk", "full_name", "case_numbers").iterator(chunk_size=1000):
        numbers = {case_number_key(number) for number in submission.case_numbers.split()}
        numbers |= {
            case_number_key(str(value or ""))
            for value in Correction.objects.filter(submission_id=submission.pk, field="case_number").values_list(
                "value", flat=True
            )
        }
        CaseNumber.objects.bulk_create(
            [CaseNumber(submission_id=submission.pk, number=number[:40]) for number in sorted(numbers) if number]
        )
        latest = Determination.objects.filter(submission_id=submission.pk).order_by("-created_at", "-pk").first()
        next_day = None
        if latest is not None:
            days = [
                charge["eligible_on"]
                for case in latest.result.get("cases", [])
                for charge in case.get("charges", [])
                if charge.get("outcome") in FILING_OUTCOMES and charge.get("eligible_on")
            ]
            next_day = min((day for day in days if day > latest.as_of.isoformat()), default=None)
        Submission.objects.filter(pk=submission.pk).update(
            search_name=name_key(submission.full_name), next_eligible_on=next_day
        )


def fill_case_numbers(apps, schema_editor):
    """Backwards: the one string of case numbers again."""
    Submission = apps.get_model("expunge", "Submission")
    for submission in Submission.objects.only("pk").iterator(chunk_size=1000):
        numbers = submission.case_numbers_rows.values_list("number", flat=True)
        Submission.objects.filter(pk=submission.pk).update(case_numbers=" ".join(numbers)[:1100])


def trigram_index(apps, schema_editor):
    # pg_trgm ships with PostgreSQL and is a trusted extension (13+): the database's owner
    # may create it. It stays when going back: something else may use it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX {TRIGRAM_INDEX} ON expunge_submission USING gin (search_name gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("expunge", "0010_audit_events_outlive_deletions"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="next_eligible_on",
            field=models.DateField(blank=True, null=True, verbose_name="next filing date"),
        ),
        migrations.AddField(
            model_name="submission",
            name="search_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="submission",
            name="source",
            field=models.CharField(
                choices=[("resident", "Resident"), ("court_record", "Court record")],
                default="resident",
                max_length=20,
                verbose_name="source",
            ),
        ),
        migrations.CreateModel(
            name="CaseNumber",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(db_index=True, max_length=40)),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="case_numbers_rows",
                        to="expunge.submission",
                    ),
                ),
            ],
            options={
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("submission", "number"), name="one_row_per_case_number")
                ],
            },
        ),
        migrations.RunPython(fill_keys, fill_case_numbers),
        migrations.RemoveField(
            model_name="submission",
            name="case_numbers",
        ),
        migrations.AlterField(
            model_name="casenumber",
            name="submission",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="case_numbers", to="expunge.submission"
            ),
        ),
        migrations.RunPython(trigram_index, drop_trigram_index),
        # The queue's sort orders, its counts by status and the duplicate checks.
        migrations.AlterField(
            model_name="submission",
            name="date_of_birth",
            field=models.DateField(blank=True, db_index=True, null=True, verbose_name="date of birth"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["organisation", "review_status"], name="submission_by_status"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["organisation", "search_name", "id"], name="submission_by_name"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["organisation", "county", "-created_at", "-id"], name="submission_by_county"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["organisation", "next_eligible_on", "id"], name="submission_by_next_date"),
        ),
    ]

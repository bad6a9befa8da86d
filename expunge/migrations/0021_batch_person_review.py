from django.db import migrations, models


def move_review_codes(apps, schema_editor):
    """What a person must check, for each charge: out of `sources` (where it was kept
    before) into its own column, so that deciding and summing up need not read the sources."""
    BatchPerson = apps.get_model("expunge", "BatchPerson")
    changed = []
    for person in BatchPerson.objects.only("pk", "sources").iterator(chunk_size=1000):
        cases = person.sources.get("cases", [])
        person.review = [[charge.pop("review", []) for charge in case["charges"]] for case in cases]
        changed.append(person)
        if len(changed) == 1000:
            BatchPerson.objects.bulk_update(changed, ["review", "sources"])
            changed = []
    BatchPerson.objects.bulk_update(changed, ["review", "sources"])


def put_review_codes_back(apps, schema_editor):
    BatchPerson = apps.get_model("expunge", "BatchPerson")
    changed = []
    for person in BatchPerson.objects.only("pk", "sources", "review").iterator(chunk_size=1000):
        for case, codes in zip(person.sources.get("cases", []), person.review, strict=False):
            for charge, review in zip(case["charges"], codes, strict=False):
                charge["review"] = review
        changed.append(person)
        if len(changed) == 1000:
            BatchPerson.objects.bulk_update(changed, ["sources"])
            changed = []
    BatchPerson.objects.bulk_update(changed, ["sources"])


class Migration(migrations.Migration):
    dependencies = [
        ("expunge", "0020_audit_from_the_command_line"),
    ]

    operations = [
        migrations.AddField(
            model_name="batchperson",
            name="review",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(move_review_codes, put_review_codes_back),
    ]

"""Import court records for many people at once, the same pipeline as the staff upload:

    python manage.py import_records --organisation NAME [--as-of YYYY-MM-DD] [--output FILE.csv] FILE...

With a broker (CELERY_BROKER_URL) the batch is queued for the workers (`make worker`
serves the `batches` queue) and the command waits, printing its progress; without one (the
embedded default) it runs here. It prints the batch's id and summary; `--output` writes the
per-charge export (CSV, or .xlsx when the name ends so). The same files again open the
batch they made. The upload and the export are audited like the staff workspace's, with
no staff member: their detail names the system account that ran the command."""

from __future__ import annotations

import getpass
import sys
import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from expunge import exports
from expunge.courtrecords import reading
from expunge.courtrecords.problems import message
from expunge.models import AuditEvent, Batch, BatchDecision, Organisation
from expunge.services.audit import audit
from expunge.services.batches import CATEGORIES, batch_create
from portal.celery import app as celery_app


def _system_account() -> str:
    """Who ran the command, as the system knows them (the audit log's only name for it)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this user id (a container's)
        return "unknown"


class Command(BaseCommand):
    help = "Import court records (Case Search extracts) for an organisation and decide every charge."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="CSV or .xlsx files of court records")
        parser.add_argument("--organisation", required=True, help="the organisation's name, as in the staff workspace")
        parser.add_argument("--as-of", help="decide as of this day (YYYY-MM-DD); default: today in Maryland")
        parser.add_argument("--output", help="write the per-charge export to this file (.csv or .xlsx)")
        parser.add_argument("--wait", type=int, default=3600, help="seconds to wait for the workers (default 3600)")

    def handle(self, *args, files, organisation, as_of, output, wait, **options):
        try:
            org = Organisation.objects.get(name=organisation)
        except Organisation.DoesNotExist:
            names = ", ".join(Organisation.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(f"No organisation named {organisation!r} (there are: {names})") from None
        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(f"--as-of must be a date as YYYY-MM-DD, got {as_of!r}") from None
        contents = []
        for name in files:
            try:
                contents.append((Path(name).name, Path(name).read_bytes()))
            except OSError as exc:
                raise CommandError(f"Cannot read {name}: {exc.strerror}") from None
        account = _system_account()
        try:
            batch, created = batch_create(organisation=org, command_line=account, files=contents, as_of=day)
        except reading.FileRefused as exc:
            raise CommandError(str(exc)) from None
        if not created:
            self.stdout.write(f"These files were imported before: batch {batch.pk}.")
        batch = self._wait(batch, wait)
        self._print(batch)
        if batch.status == Batch.Status.DONE and output:
            writer = exports.write_xlsx if output.lower().endswith(".xlsx") else exports.write_csv
            if writer is exports.write_xlsx:
                with open(output, "wb") as handle:
                    count = writer(batch, handle)
            else:
                with open(output, "w", newline="", encoding="utf-8") as handle:
                    count = writer(batch, handle)
            kind = "xlsx" if writer is exports.write_xlsx else "csv"
            audit(
                user=None,
                submission=None,
                batch=batch,
                action=AuditEvent.Action.EXPORT,
                format=kind,
                rows=count,
                command_line=account,
            )
            self.stdout.write(f"Wrote {count} charges to {output}")
        if batch.status != Batch.Status.DONE:
            raise CommandError(f"Batch {batch.pk} is {batch.get_status_display().lower()}: {batch.failure_reason}")

    def _wait(self, batch: Batch, wait: int) -> Batch:
        """Until the batch is done or failed, printing its progress (a broker's workers run
        it; without a broker it is already done)."""
        deadline = time.monotonic() + wait
        shown = ""
        while True:
            batch.refresh_from_db()
            if batch.status in (Batch.Status.DONE, Batch.Status.FAILED) or celery_app.conf.task_always_eager:
                if shown:
                    self.stdout.write("")
                return batch
            if time.monotonic() > deadline:
                raise CommandError(
                    f"Batch {batch.pk} is still {batch.get_status_display().lower()} after {wait} s; "
                    "is a worker serving the batches queue (make worker)?"
                )
            if batch.status == Batch.Status.READING:
                line = f"Batch {batch.pk}: reading the files…"
            else:
                done = BatchDecision.objects.filter(batch=batch).count()
                line = f"Batch {batch.pk}: {done} of {batch.people_count} people decided"
            if line != shown and sys.stdout.isatty():
                self.stdout.write("\r" + line, ending="")
            elif line != shown:
                self.stdout.write(line)
            shown = line
            time.sleep(1)

    def _print(self, batch: Batch) -> None:
        out = self.stdout.write
        out(f"Batch {batch.pk} for {batch.organisation}: {batch.get_status_display()}")
        out(f"Decided as of {batch.as_of} under rules {batch.rules_version or '—'}")
        for table in batch.report.get("tables", []):
            out(f"  {table['name']}: {table['kind']}, {table['rows']} rows")
            out("    mapped: " + ", ".join(f"{header} → {field}" for field, header in table["mapped"].items()))
            if table["ignored"]:
                out("    ignored: " + ", ".join(table["ignored"]))
        summary = batch.summary
        if not summary:
            return
        out(f"{batch.people_count} people, {batch.charge_count} charges (based on these records only)")
        for category in CATEGORIES:
            out(f"  {category:12} {summary['charges'][category]:>8} charges  {summary['people'][category]:>8} people")
        if summary["later_by_year"]:
            out("  later, by year: " + ", ".join(f"{y}: {n}" for y, n in summary["later_by_year"].items()))
        for code, counts in summary.get("resting_on", {}).items():
            if counts:
                out(f"  answers that hold only if {code}: " + ", ".join(f"{c} {n}" for c, n in counts.items()))
        out(
            f"  people with a conviction here: {summary['people_with_conviction']}; "
            f"with none left after filing what can be filed now: {summary['people_cleared_now']}"
        )
        reconcile = summary["reconcile"]
        out(
            f"  rows in {reconcile['rows_in']} = decided {reconcile['charges_decided']} + for review "
            f"{reconcile['charges_for_review']} + refused {reconcile['rows_refused']}"
            + ("" if reconcile["balanced"] else "  (DOES NOT BALANCE)")
        )
        for problem in batch.report.get("refused", [])[:20]:
            out(
                f"  refused: {problem['file']} row {problem['row']}, {problem['column']} "
                f"{problem['value']!r}: {message(problem['code'])}"
            )

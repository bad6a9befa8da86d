"""Replay eligibility decisions: `python manage.py eligibility FILE` (or `-` for stdin).

FILE holds one record or a list of records in the contract's input shape
(../shared/eligibility-contract.md); the results are printed as JSON in the same order."""

import gc
import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from expunge.eligibility import ContractError, assess


class Command(BaseCommand):
    help = "Assess contract records from FILE (or - for stdin) and print the results as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file with one record or a list of records, or - for stdin")
        parser.add_argument("--as-of", help="date (YYYY-MM-DD) for records without as_of; default: today in Maryland")
        parser.add_argument("--indent", type=int, default=None, help="pretty-print with this indent")

    def handle(self, *args, file, as_of, indent, **options):
        try:
            default_as_of = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(f"--as-of must be a date as YYYY-MM-DD, got {as_of!r}") from None
        try:
            if file == "-":
                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as handle:
                    data = json.load(handle)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file} is not valid JSON: {exc}") from None

        # The input stays untouched until the end: keep the garbage collector from
        # re-scanning it while the results pile up (a large file holds millions of objects).
        gc.collect()
        gc.freeze()
        records = data if isinstance(data, list) else [data]
        results = []
        for index, record in enumerate(records):
            try:
                results.append(assess(record, as_of=default_as_of))
            except ContractError as exc:
                where = f"record {index}: " if isinstance(data, list) else ""
                raise CommandError(f"{where}{exc}") from None
        output = results if isinstance(data, list) else results[0]
        # OutputWrapper.write ends every call with a newline, so write the document in one call.
        self.stdout.write(json.dumps(output, indent=indent, ensure_ascii=False))

"""Replay eligibility decisions: `python manage.py eligibility FILE` (or `-` for stdin).

FILE holds one record or a list of records in the contract's input shape
(docs/eligibility-contract.md); the results are printed as JSON in the same order.

Every record is validated before anything is printed, so a bad record never leaves half
a document behind. The results are then written as they are made, a batch at a time,
instead of being collected first: a pardon-sized file gives 175,000 results, and holding
them all would cost memory and a garbage collector that keeps re-scanning them."""

import gc
import json
import sys
import textwrap
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eligibility import ContractError, assess_record, parse_record

BATCH = 1000


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
        # json.load builds millions of objects for a large file, none of them garbage: the
        # cyclic garbage collector is paused meanwhile instead of re-scanning them again
        # and again. Then the loaded input, and later the parsed input, stay untouched
        # while the next stage runs, so they are moved out of its way (gc.freeze).
        gc.disable()
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
        finally:
            gc.enable()

        gc.freeze()
        try:
            is_list = isinstance(data, list)
            records = data if is_list else [data]
            parsed = []
            for index, record in enumerate(records):
                try:
                    parsed.append(parse_record(record, as_of=default_as_of))
                except ContractError as exc:
                    raise CommandError(f"record {index}: {exc}" if is_list else str(exc)) from None
            del data, records
            gc.freeze()
            self._write(parsed, is_list, indent)
        finally:
            gc.unfreeze()

    def _write(self, parsed, is_list, indent):
        """The same text json.dumps(results, indent=indent) would give, written in batches."""

        def dumps(record):
            text = json.dumps(assess_record(record), indent=indent, ensure_ascii=False)
            return textwrap.indent(text, " " * indent) if indent and is_list else text

        write = self.stdout.write
        if not is_list:
            write(dumps(parsed[0]))
            return
        if not parsed:
            write("[]")
            return
        opening, separator, closing = ("[\n", ",\n", "\n]") if indent is not None else ("[", ", ", "]")
        write(opening, ending="")
        for start in range(0, len(parsed), BATCH):
            chunk = separator.join(dumps(record) for record in parsed[start : start + BATCH])
            write(chunk if start == 0 else separator + chunk, ending="")
        write(closing)

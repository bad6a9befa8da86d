"""Benchmark of a bulk import: a generated extract shaped like mjcs-records.md, imported,
normalised, decided and summed up. Prints figures; asserts nothing.

    .venv/bin/python bench/batch.py [--charges 175000] [--xlsx-charges 175000]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench BENCH_BROKER_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/batch.py

The three tables of mjcs-records.md §1 (parties, cases, charges) are generated with the
spellings of that page and of cjis-codes.csv, read from ../shared/data (not from the
importer's own tables): statutes as `CR.5.601.(a)(1)`, `CR 5-601`, `CR5-601`, Article 27
codes, or no statute and only a CJIS code in any spacing; the cannabis descriptions of §3;
every raw disposition of §4 (the common ones most often); dates as MM/DD/YYYY and, for
Baltimore City, MM-DD-YYYY; some dates of birth as MM/YYYY only.

Printed:
- in this process, the split: reading the files, normalising and grouping, the engine, the
  database writes (the people, then their results), and the summary; the pure-engine time
  for the same records beside it; the share of charges normalised without review;
- with BENCH_DATABASE_URL (PostgreSQL) and BENCH_BROKER_URL (Redis): the whole pipeline as
  production runs it, `batch_create` to the summary, with one worker process and then two,
  and the worker's peak memory (resident set of its processes, sampled);
- the .xlsx figure separately: reading the same records as one workbook.

The databases are throwaway ones beside the one named (as Django's test runner makes them),
dropped at the end.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-batch-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["DEBUG"] = "true"
os.environ["PRIVATE_MEDIA_ROOT"] = f"{_tmp}/private"
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "")
if BROKER_URL:
    os.environ["CELERY_BROKER_URL"] = BROKER_URL
else:
    os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

AS_OF = "2026-12-01"


# --- The generated extract -----------------------------------------------------------------


def shared_spellings() -> tuple[list[str], list[str], list[dict[str, str]]]:
    """The cannabis descriptions of mjcs-records.md §3, the dispositions of §4, and the
    rows of cjis-codes.csv."""
    text = (SHARED / "mjcs-records.md").read_text(encoding="utf-8")
    paragraph = text.split("**Cannabis charge descriptions**", 1)[1].split("\n\n", 1)[0]
    cannabis = [s for s in re.findall(r"`([^`]+)`", paragraph) if "PARAPHERNALIA" not in s]
    block = text.split("## 4. Dispositions", 1)[1].split("```", 2)[1]
    dispositions = [line.strip() for line in block.splitlines() if line.strip()]
    with (SHARED / "cjis-codes.csv").open(newline="", encoding="utf-8") as handle:
        cjis = list(csv.DictReader(handle))
    return cannabis, dispositions, cjis


COMMON = {"GUILTY": 30, "NOLLE PROSEQUI": 20, "STET": 14, "PROBATION BEFORE JUDGMENT": 6, "PBJ SUPERVISED": 3}
COMMON |= {"PBJ UNSUPERVISED": 3, "DISMISSED": 5, "NOT GUILTY": 4}


def generate(charges: int, folder: Path, seed: int = 2024) -> list[Path]:
    """The three tables, about 1.75 charges per case and 1.7 cases per person."""
    rng = random.Random(seed)
    cannabis, dispositions, cjis = shared_spellings()
    rare = [d for d in dispositions if d not in COMMON]
    weights = [*COMMON.values(), *([15 / len(rare)] * len(rare))]
    choices = [*COMMON, *rare]
    cannabis_cjis = [row for row in cjis if row["cjis_code"] in ("1 0573", "1 1635")]
    other_cjis = [row for row in cjis if row["cjis_code"] not in ("1 0573", "1 1635")]
    names_first = "JOSE MARIA DARNELL KEISHA ANA TYRONE LATOYA LUIS AISHA DESHAWN TAMIKA MARCUS".split()
    names_last = "NUNEZ SMITH JOHNSON WILLIAMS BROWN JONES GARCIA DAVIS MOORE PENA JACKSON HARRIS".split()

    def fmt(chosen: date, city: bool) -> str:
        """MM/DD/YYYY, or in Baltimore City's daily lists often MM-DD-YYYY."""
        return chosen.strftime("%m-%d-%Y" if city and rng.random() < 0.5 else "%m/%d/%Y")

    def day(year: int, city: bool) -> str:
        return fmt(date(year, rng.randint(1, 12), rng.randint(1, 28)), city)

    def spacing(code: str) -> str:
        return rng.choice([code, code.replace(" ", "-"), code.replace(" ", ""), " " + code])

    parties = open(folder / "parties.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
    cases = open(folder / "cases.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
    charge_file = open(folder / "charges.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
    p, c, ch = csv.writer(parties), csv.writer(cases), csv.writer(charge_file)
    p.writerow(["PartyID", "Name", "Race", "Sex", "DOB", "Address", "City", "State", "Zip Code", "Aliases"])
    c.writerow(
        ["CaseID", "PartyID", "Case Title", "Case Number", "Court System", "Location", "Case Type", "Filing Date"]
        + ["Case Status", "Judicial Officer"]
    )
    ch.writerow(
        ["ChargeID", "CaseID", "Charge No", "CJIS Code", "Statute Code", "Charge Description", "Charge Class"]
        + ["Offense Date", "Agency Name", "Plea", "Plea Date", "Disposition", "Disposition Date"]
        + ["Jail Term (Years)", "Probation (Years)"]
    )
    made = party = case_id = 0
    while made < charges:
        party += 1
        birth = rng.randint(1950, 2004)
        dob = f"{rng.randint(1, 12):02d}/{birth}" if rng.random() < 0.1 else day(birth, False)
        name = f"{rng.choice(names_last)}, {rng.choice(names_first)} {chr(65 + party % 26)}"
        p.writerow([f"P{party}", name, "B", "M", dob, "", "BALTIMORE", "MD", "", ""])
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            case_id += 1
            year = rng.randint(max(birth + 18, 1995), 2025)
            city = rng.random() < 0.7
            number = (
                f"{rng.randint(0, 9)}B{rng.randint(0, 99999999):08d}"
                if city and year < 2021
                else f"D-{rng.randint(1, 130):03d}-CR-{year % 100:02d}-{case_id % 1000000:06d}"
            )
            location = "BALTIMORE CITY" if city else "BALTIMORE COUNTY"
            status = "OPEN" if year == 2025 and rng.random() < 0.3 else "CLOSED"
            c.writerow(
                [f"C{case_id}", f"P{party}", "STATE OF MARYLAND VS", number, "DISTRICT COURT", location, "CR"]
                + [day(year, city), status, ""]
            )
            for charge_no in range(1, rng.choice([1, 1, 2, 2, 3]) + 1):
                made += 1
                if rng.random() < 0.55:
                    description = rng.choice(cannabis)
                    row = rng.choice(cannabis_cjis)
                    statute = "27.287" if year < 2002 else rng.choice(["CR.5.601.(a)(1)", "CR 5-601", "CR5-601"])
                else:
                    row = rng.choice(other_cjis)
                    description, statute = row["description"], row["statute"]
                if rng.random() < 0.2:
                    statute = ""  # Baltimore City's DSK8 records carry only the CJIS code
                disposition = "" if status == "OPEN" else rng.choices(choices, weights)[0]
                offence = date(year, rng.randint(1, 12), rng.randint(1, 28))
                decided = min(offence + timedelta(days=rng.randint(0, 400)), date(2025, 12, 31))
                ch.writerow(
                    [f"{made}", f"C{case_id}", charge_no, spacing(row["cjis_code"]), statute, description]
                    + ["Misdemeanor", fmt(offence, city), "BALTIMORE POLICE", "", ""]
                    + [disposition, "" if status == "OPEN" else fmt(decided, city)]
                    + [rng.choice(["", "0", "1"]), rng.choice(["", "0", "1", "2"])]
                )
                if made >= charges:
                    break
            if made >= charges:
                break
    for handle in (parties, cases, charge_file):
        handle.close()
    return [folder / "parties.csv", folder / "cases.csv", folder / "charges.csv"]


# --- In this process: the split -------------------------------------------------------------


def timed(label: str, results: dict, function, *args, **kwargs):
    gc.collect()
    started = time.perf_counter()
    value = function(*args, **kwargs)
    results[label] = time.perf_counter() - started
    return value


def split(files: list[Path]) -> None:
    from django.contrib.auth import get_user_model  # noqa: F401 - the models are loaded

    from eligibility import assess
    from expunge.courtrecords import people
    from expunge.models import Batch, BatchPerson, Organisation
    from expunge.services import batches

    contents = [(path.name, path.read_bytes()) for path in files]
    figures: dict[str, float] = {}
    tables = timed("reading the files", figures, batches.read_tables, contents)
    grouped = timed("normalising and grouping", figures, people.group, tables, as_of=date.fromisoformat(AS_OF))
    records = [person.record() for person in grouped.people]
    timed("engine (pure, the same records)", figures, lambda: [assess(r, as_of=date(2026, 12, 1)) for r in records])
    organisation = Organisation.objects.create(name="Bench split")
    batch = Batch.objects.create(organisation=organisation, digest="split", as_of=AS_OF, status="deciding")
    rows = batches._people_rows(batch, grouped.people)
    timed("database: writing the people", figures, BatchPerson.objects.bulk_create, rows, batch_size=1000)

    def decide_all():
        for first, last in batches.chunk_ranges(batch):
            batches.batch_decide_chunk(batch_id=batch.pk, first=first, last=last)

    batch.rows_in, batch.people_count = grouped.rows_in, len(grouped.people)
    batch.rows_refused = len(grouped.refused)
    batch.save()
    timed("chunks: engine and writing the results", figures, decide_all)
    charges = sum(person.charge_count() for person in grouped.people)
    clean = sum(not charge.review for person in grouped.people for case in person.cases for charge in case.charges)
    refused = len(grouped.refused)
    print(f"{grouped.rows_in} charge rows, {len(grouped.people)} people, {charges} charges, {refused} refused")
    for label, seconds in figures.items():
        print(f"  {label:42} {seconds:7.1f} s")
    batch.refresh_from_db()
    summary = batch.summary
    print(f"  summary reconciles: {summary['reconcile']['balanced']}; charges by category {summary['charges']}")
    # The chunks ask the engine again for each thing the records cannot show (an open case,
    # a later conviction or DUI PBJ elsewhere, a treatment requirement): the pure engine
    # above is the first asking only.
    print(f"  answers resting on what the records cannot show, by category: {summary['resting_on']}")
    print(f"  normalised without review: {clean / charges:.1%} of charges")
    codes: dict[str, int] = {}
    for person in grouped.people:
        for case in person.cases:
            for charge in case.charges:
                for code in charge.review:
                    codes[code] = codes.get(code, 0) + 1
    print(
        "  sent to review, by reason: " + ", ".join(f"{k} {v}" for k, v in sorted(codes.items(), key=lambda i: -i[1]))
    )


# --- As production runs it -------------------------------------------------------------------


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def tree_rss(pid: int) -> int:
    """Resident memory of a process and its children, in bytes."""
    out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)], capture_output=True, text=True)
    return sum(int(line) for line in out.stdout.split()) * 1024


def pipeline(files: list[Path], concurrency: int, name: str) -> None:
    from expunge.models import Batch, BatchDecision, Organisation
    from expunge.services import batches

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", "batches", "--concurrency", str(concurrency)]
        + ["--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "DEBUG": "false",
            "SECRET_KEY": "bench",
            "ALLOWED_HOSTS": "x",
        }
        | {"ALLOW_CONSOLE_EMAIL": "true"},
        stdout=subprocess.DEVNULL,
        stderr=open(Path(_tmp) / f"worker-{concurrency}.log", "w"),  # noqa: SIM115
    )
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(worker.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    try:
        time.sleep(3)  # the worker starts
        sampler.start()
        organisation = Organisation.objects.create(name=name)
        contents = [(path.name, path.read_bytes()) for path in files]
        started = time.perf_counter()
        batch, _created = batches.batch_create(organisation=organisation, files=contents)
        uploaded = time.perf_counter() - started
        read_at = None
        while True:
            batch.refresh_from_db()
            if read_at is None and batch.status != Batch.Status.READING:
                read_at = time.perf_counter() - started
            if batch.status in (Batch.Status.DONE, Batch.Status.FAILED):
                break
            if time.perf_counter() - started > 900:
                print("  gave up after 900 s")
                break
            time.sleep(0.2)
        took = time.perf_counter() - started
        people = BatchDecision.objects.filter(batch=batch).count()
        print(
            f"  {concurrency} worker process{'es' if concurrency > 1 else ''}: {batch.status} in {took:.1f} s "
            f"(upload and check {uploaded:.1f} s, read into people by {read_at or 0:.1f} s, then deciding "
            f"{took - (read_at or took):.1f} s); {people} people, {batch.charge_count} charges; "
            f"worker peak memory {peak[0] / 1e6:.0f} MB"
        )
        if batch.status == Batch.Status.FAILED:
            print(f"  failed: {batch.failure_reason}")
    finally:
        stop.set()
        worker.terminate()
        worker.wait(timeout=60)


def xlsx_figure(files: list[Path], charges: int) -> None:
    """The three tables as sheets of one workbook, read as an upload would be."""
    import openpyxl

    from expunge.services import batches

    workbook = openpyxl.Workbook(write_only=True)
    for path in files:
        sheet = workbook.create_sheet(path.stem)
        with path.open(newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.reader(handle)):
                if path.stem == "charges" and number > charges:
                    break
                sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.perf_counter()
    tables = batches.read_tables([("records.xlsx", buffer.getvalue())])
    took = time.perf_counter() - started
    rows = sum(len(table.rows) for table in tables)
    print(f".xlsx: {len(buffer.getvalue()) / 1e6:.1f} MB workbook, {rows} rows read in {took:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--charges", type=int, default=175_000)
    parser.add_argument("--xlsx-charges", type=int, default=175_000)
    args = parser.parse_args()
    folder = Path(_tmp)
    started = time.perf_counter()
    files = generate(args.charges, folder)
    size = sum(path.stat().st_size for path in files)
    print(f"Generated {args.charges} charges in {time.perf_counter() - started:.1f} s ({size / 1e6:.1f} MB of CSV)")
    named = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"On {connection.vendor}, in this process:")
        split(files)
        if connection.vendor == "postgresql" and BROKER_URL:
            import redis

            redis.Redis.from_url(BROKER_URL).flushdb()
            print("As production runs it (PostgreSQL, Redis, a Celery worker on the batches queue):")
            pipeline(files, 1, "Bench one worker")
            pipeline(files, 2, "Bench two workers")
        else:
            print(
                "(Set BENCH_DATABASE_URL to PostgreSQL and BENCH_BROKER_URL to Redis for the pipeline with a worker.)"
            )
        if args.xlsx_charges:
            xlsx_figure(files, args.xlsx_charges)
    finally:
        connection.creation.destroy_test_db(named, verbosity=0)


if __name__ == "__main__":
    main()

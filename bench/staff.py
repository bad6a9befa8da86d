"""Benchmark of the staff queue at 10,000 and 100,000 submissions. Prints figures; asserts nothing.

    .venv/bin/python bench/staff.py [--sizes 10000 100000] [--requests 50]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/staff.py

Builds a throwaway database (SQLite in a temporary folder, or, with BENCH_DATABASE_URL, a
fresh PostgreSQL database beside the one named, dropped at the end, as Django's test runner
does) with one organisation, a supervisor whose session has passed the second factor, and
checked submissions (answers, determination, case numbers, review status, assignee, next
filing date) from names drawn from common first and last names, accented ones among them.
At each size (the database grows from one to the next), after VACUUM ANALYZE (what
autovacuum does soon after a bulk load; it lets PostgreSQL count from an index), it requests each
page --requests times through Django's test client (server time: routing, middleware,
views, queries and templates, no network) and prints p50/p95 milliseconds and the SQL
queries per page (target: p95 < 150 ms at 100,000, queries constant); on PostgreSQL it
also prints the indexes each search's plan uses.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-staff-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# DEBUG=true serves static files from source (no collectstatic step here) and keeps
# template debugging on: if anything, it makes pages slower than in production.
os.environ["DEBUG"] = "true"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

FIRST = (
    "José Maria Darnell Keisha Ana Tyrone Latoya Luis Aisha DeShawn Tamika Marcus Jasmine Andre Ebony "
    "Carlos Lucía Terrell Imani Jamal Shanice Miguel Brianna Kevin Tiana Rosa Malik Nia Jorge Kiara "
    "Dante Alicia Reggie Yesenia Trevon Monique Héctor Destiny Isaiah Raúl"
).split()
LAST = (
    "Núñez Smith Johnson Williams Brown Jones Garcia Davis Moore Peña Jackson Harris Thomas Robinson "
    "Lewis Walker Young Allen Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts "
    "Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Flores Morris Ramírez"
).split()
CHUNK = 5000
AS_OF = date(2026, 11, 25)


def case_number(i: int) -> str:
    """A District Court criminal case number as Case Search prints it."""
    return f"D-{(i % 90) + 1:03d}-CR-{15 + i % 10}-{i:06d}"


def setup():
    """The throwaway database, one organisation and its staff; the supervisor's client."""
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from expunge.models import Organisation, StaffMembership

    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    organisation = Organisation.objects.create(name="Bench Legal Aid", counties=["baltimore_city"])
    User = get_user_model()
    staff = []
    for i in range(5):
        user = User.objects.create_user(username=f"staff{i}", password="x" * 16)
        StaffMembership.objects.create(
            user=user, organisation=organisation, role="supervisor" if i == 0 else "reviewer"
        )
        staff.append(user)
    device = TOTPDevice.objects.create(user=staff[0], name="bench")
    client = Client()
    client.force_login(staff[0])
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return organisation, staff, client


def variants():
    """Four kinds of record, each with its engine result, outcomes and next filing date."""
    from eligibility import assess
    from expunge import records
    from expunge.services.submissions import next_filing_date
    from tests.factories import journey_answers

    kinds = []
    for disposition, done in [("guilty", "2015-05-10"), ("dismissed", None), ("pbj", "2024-06-01"), ("stet", None)]:
        facts = {"disposition": disposition, "disposition_date": "2015-01-10", "sentence_completed": done}
        result = assess(records.answers_to_record(journey_answers(**facts)), as_of=AS_OF)
        charges = [c for case in result["cases"] for c in case["charges"]]
        outcomes = "," + ",".join(sorted({c["outcome"] for c in charges})) + ","
        kinds.append((facts, result, outcomes, next_filing_date(charges, AS_OF)))
    return kinds


def grow(organisation, staff, start: int, stop: int, kinds) -> None:
    """Add submissions start..stop-1, with their determinations and case numbers."""
    from expunge import records
    from expunge.models import CaseNumber, Determination, Submission, hash_access_token
    from expunge.search import case_number_key, name_key
    from tests.factories import journey_answers

    rng = random.Random(start)
    reviews = Submission.Review.values
    for low in range(start, stop, CHUNK):
        rows = []
        for i in range(low, min(stop, low + CHUNK)):
            facts, _result, outcomes, next_day = kinds[i % len(kinds)]
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            rows.append(
                Submission(
                    access_token_hash=hash_access_token(f"bench-{i}"),
                    answers=journey_answers(**facts, full_name=name, case_number=case_number(i)),
                    questionnaire_version=records.JOURNEY_VERSION,
                    language=rng.choice(["en", "es"]),
                    status=Submission.Status.CHECKED,
                    full_name=name,
                    search_name=name_key(name),
                    date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randrange(18_000)),
                    county="baltimore_city",
                    organisation=organisation,
                    review_status=rng.choice(reviews),
                    assignee=rng.choice(staff + [None]),
                    outcomes=outcomes,
                    next_eligible_on=next_day + timedelta(days=i % 400) if next_day else None,
                )
            )
        made = Submission.objects.bulk_create(rows, batch_size=1000)
        Determination.objects.bulk_create(
            [
                Determination(
                    submission=s,
                    result=kinds[i % len(kinds)][1],
                    rules_version=kinds[0][1]["rules_version"],
                    as_of=AS_OF,
                )
                for i, s in zip(range(low, stop), made, strict=False)
            ],
            batch_size=1000,
        )
        CaseNumber.objects.bulk_create(
            [
                CaseNumber(submission=s, number=case_number_key(case_number(i)))
                for i, s in zip(range(low, stop), made, strict=False)
            ],
            batch_size=1000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load


def measure(client, url: str, requests: int) -> tuple[float, float, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = len(captured)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
    timings.sort()
    return statistics.median(timings) * 1000, timings[int(0.95 * (len(timings) - 1))] * 1000, queries


def indexes_used(user, query: str) -> str:
    """The indexes PostgreSQL's plan for the queue's search (its first page) uses."""
    from expunge import selectors

    queryset = selectors.submission_list_for_staff(user=user, query=query)[:50]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    found = re.findall(r"(?:Index Scan|Index Only Scan)(?: Backward)? using (\w+)|Bitmap Index Scan on (\w+)", plan)
    return ", ".join(sorted({name for pair in found for name in pair if name}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    named = connection.settings_dict["NAME"]
    organisation, staff, client = setup()
    kinds = variants()
    built = 0
    try:
        for size in sorted(args.sizes):
            started = time.perf_counter()
            grow(organisation, staff, built, size, kinds)
            print(
                f"\ndatabase: {connection.vendor}, {size:,} submissions with determinations "
                f"({time.perf_counter() - started:.1f} s to add {size - built:,})"
            )
            built = size
            middle = size // 2
            pages = [
                ("queue, first page", "/staff/"),
                ("queue, filtered by status and outcome", "/staff/?review_status=in_review&outcome=eligible_now"),
                ("queue, sorted by name", "/staff/?sort=name"),
                ("queue, sorted by next filing date", "/staff/?sort=next_eligible"),
                ("queue, searched by name (Pena, for Peña)", "/staff/?q=pena"),
                ("queue, searched by two names in any order", "/staff/?q=williams+keisha"),
                ("queue, searched by case number without dashes", f"/staff/?q={case_number(middle).replace('-', '')}"),
                ("queue, page 150", "/staff/?page=150"),
                ("submission detail", f"/staff/submissions/{middle}/"),
            ]
            for label, url in pages:
                p50, p95, queries = measure(client, url, args.requests)
                print(
                    f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} SQL queries ({args.requests} requests)"
                )
            if connection.vendor == "postgresql":
                print(f"  plan, name search: indexes {indexes_used(staff[0], 'williams keisha')}")
                print(f"  plan, case-number search: indexes {indexes_used(staff[0], case_number(middle))}")
    finally:
        connection.creation.destroy_test_db(named, verbosity=0)


if __name__ == "__main__":
    main()

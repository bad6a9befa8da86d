"""Benchmark of the staff workspace at 10,000 submissions. Prints figures; asserts nothing.

    .venv/bin/python bench/staff.py [--submissions 10000] [--requests 100]

Builds a throwaway database (SQLite in a temporary folder, or the PostgreSQL database
named by BENCH_DATABASE_URL) with one organisation, a supervisor whose session has passed
the second factor, and --submissions checked submissions (answers, determination, review
status, assignee). Then, in this process through Django's test client (server time: URL
routing, middleware, views, queries and templates, no network), requests the queue
(unfiltered, filtered, searched, a deep page) and submission detail pages --requests times
each and prints p50/p95 milliseconds and the SQL queries per page (target: p95 < 100 ms,
queries constant).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

FIRST = ["José", "Maria", "Darnell", "Keisha", "Nguyễn", "Ana", "Tyrone", "Latoya", "Luis", "Aisha"]
LAST = ["Núñez", "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Davis", "Thị Minh", "Moore"]


def build(n: int):
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from eligibility import assess
    from expunge import records
    from expunge.models import Determination, Organisation, StaffMembership, Submission, hash_access_token
    from tests.factories import journey_answers

    call_command("migrate", verbosity=0)
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

    rng = random.Random(7)
    variants = []
    for disposition, done in [("guilty", "2015-05-10"), ("dismissed", None), ("pbj", "2016-01-01"), ("stet", None)]:
        facts = {"disposition": disposition, "disposition_date": "2015-01-10", "sentence_completed": done}
        result = assess(records.answers_to_record(journey_answers(**facts)), as_of=date(2026, 11, 25))
        outcomes = "," + ",".join(sorted({c["outcome"] for case in result["cases"] for c in case["charges"]})) + ","
        variants.append((facts, result, outcomes))
    reviews = Submission.Review.values
    submissions = []
    for i in range(n):
        facts, _result, outcomes = variants[i % len(variants)]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        submissions.append(
            Submission(
                access_token_hash=hash_access_token(f"bench-{i}"),
                answers=journey_answers(**facts, full_name=name, case_number=f"4193{i:05d}"),
                questionnaire_version=records.JOURNEY_VERSION,
                language=rng.choice(["en", "es"]),
                status=Submission.Status.CHECKED,
                full_name=name,
                date_of_birth=f"19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}",
                county="baltimore_city",
                organisation=organisation,
                review_status=rng.choice(reviews),
                assignee=rng.choice(staff + [None]),
                outcomes=outcomes,
                case_numbers=f"4193{i:05d}",
            )
        )
    Submission.objects.bulk_create(submissions, batch_size=1000)
    ids = list(Submission.objects.order_by("pk").values_list("pk", flat=True))
    Determination.objects.bulk_create(
        [
            Determination(
                submission_id=pk,
                result=variants[i % len(variants)][1],
                rules_version=variants[0][1]["rules_version"],
                as_of="2026-11-25",
            )
            for i, pk in enumerate(ids)
        ],
        batch_size=1000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load
    client = Client()
    client.force_login(staff[0])
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, ids


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    started = time.perf_counter()
    client, ids = build(args.submissions)
    print(
        f"database: {connection.vendor}, {args.submissions:,} submissions with determinations "
        f"({time.perf_counter() - started:.1f} s to build)"
    )
    pages = [
        ("queue, first page", "/staff/"),
        ("queue, filtered by status and outcome", "/staff/?review_status=in_review&outcome=eligible_now"),
        ("queue, searched by name", "/staff/?q=smith"),
        ("queue, searched by case number", f"/staff/?q=4193{args.submissions // 2:05d}"),
        ("queue, page 150", "/staff/?page=150"),
        ("submission detail", f"/staff/submissions/{ids[len(ids) // 2]}/"),
    ]
    for label, url in pages:
        p50, p95, queries = measure(client, url, args.requests)
        print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} SQL queries ({args.requests} requests)")


if __name__ == "__main__":
    main()

"""Load: residents walking the whole journey at once, as production runs. Prints figures;
asserts nothing but that nothing was lost.

    .venv/bin/python bench/load.py [--residents 30 50] [--seconds 60]

Needs the machine's PostgreSQL and Redis (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/bench: a throwaway database is made beside it and
dropped at the end; BENCH_BROKER_URL, default redis://127.0.0.1:6379/12, emptied first).
Starts gunicorn (gunicorn.conf.py, 4 sync workers, DEBUG off, compressed static files)
and one Celery worker (2 processes, both queues) on them. Then, for each --residents
count, that many residents at once (threads, each with its own cookies) walk the
questionnaire from the start page to the consent, each page fetched before it is posted,
one resident after another, for --seconds; traffic goes to 127.0.0.1 only. It prints
requests per second, p50/p95/p99 milliseconds of the residents' requests and the errors,
then waits for the worker and checks that every submission has its determination and its
packet (lost: none). The per-address draft limit is raised for the run: every resident
here comes from 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-load-")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.bare_settings",  # the portal's, with its static files in _tmp
    "DEBUG": "false",
    "SECRET_KEY": "bench-load-not-a-secret-" + "x" * 40,
    "BENCH_STATIC_ROOT": f"{_tmp}/static",
    "DATABASE_URL": DATABASE_URL,
    "CELERY_BROKER_URL": BROKER_URL,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "RATE_LIMIT_DRAFTS_PER_ADDRESS": "1000000/h",
    "PRIVATE_MEDIA_ROOT": f"{_tmp}/private-media",
    "DATABASE_CONN_MAX_AGE": "60",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.serving import free_port, gunicorn_command  # noqa: E402


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 comes back as an HTTPError carrying its Location


class Resident:
    """A browser: its own cookies; each request timed. It offers what the test factories'
    walk_journey uses of Django's test client (get, post, the response's status and
    Location), so that the load walks the very journey the tests walk."""

    def __init__(self, base: str, timings: list, errors: list):
        self.base, self.timings, self.errors = base, timings, errors
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects)

    def _request(self, url: str, data: dict | None = None):
        body = None
        if data is not None:
            token = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        request = urllib.request.Request(self.base + url, data=body, headers={"Referer": self.base + url})
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                response.read()
                status, location = response.status, None
        except urllib.error.HTTPError as error:
            error.read()
            status, location = error.code, error.headers.get("Location")
        self.timings.append(time.perf_counter() - started)
        if status >= 400:
            self.errors.append(f"{status} {'POST' if data is not None else 'GET'} {url}")
        return Response(status, location)

    def get(self, url: str):
        return self._request(url)

    def post(self, url: str, data: dict):
        self.get(url)  # the page first, as a person reads it before answering
        return self._request(url, data)


class Response:
    context = None

    def __init__(self, status_code: int, location: str | None):
        self.status_code, self.location = status_code, location

    def __getitem__(self, name: str) -> str:
        assert name == "Location"
        return urllib.parse.urlsplit(self.location or "").path


def start(command: list[str], log: str) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**ENV, "DATABASE_URL": database_url()},
        stdout=subprocess.DEVNULL,
        stderr=open(Path(_tmp) / log, "w"),  # noqa: SIM115 - closed with the process
    )


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run(base: str, residents: int, seconds: float) -> tuple[int, list[float], list[str], float]:
    from tests.factories import walk_journey

    timings: list[float] = []
    errors: list[str] = []
    walked = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def resident(n: int) -> None:
        i = 0
        while time.monotonic() < stop:
            i += 1
            try:
                walk_journey(Resident(base, timings, errors), full_name=f"Load Resident {n}-{i}")
            except (AssertionError, OSError) as exc:
                errors.append(f"walk failed: {exc!r}"[:200])
                continue
            with lock:
                walked[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=resident, args=(n,)) for n in range(residents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return walked[0], timings, errors, time.monotonic() - started


def drained(timeout: float) -> tuple[int, int, float]:
    """Wait for the worker; returns the submissions lacking a determination and lacking a
    ready packet, and how long it took."""
    from expunge.models import Document, Submission

    started = time.monotonic()
    while True:
        submissions = Submission.objects.all()
        undecided = submissions.filter(determinations__isnull=True).count()
        unpacked = submissions.exclude(
            documents__kind=Document.Kind.PACKET, documents__status=Document.Status.READY
        ).count()
        if (not undecided and not unpacked) or time.monotonic() - started > timeout:
            return undecided, unpacked, time.monotonic() - started
        time.sleep(1)


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(share * len(values)))] * 1000


def main() -> None:
    import redis
    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, nargs="+", default=[30, 50])
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    named = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    from tests.factories import OrganisationFactory

    OrganisationFactory()
    redis.Redis.from_url(BROKER_URL).flushdb()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = start(gunicorn_command(port, workers=4), "gunicorn.log")
    worker = start(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-Q",
            "eligibility,documents",
            "--concurrency",
            "2",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        "worker.log",
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/en/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        for residents in args.residents:
            walked, timings, errors, took = run(base, residents, args.seconds)
            timings.sort()
            print(
                f"{residents} residents for {took:.0f} s: {walked} journeys sent, {len(timings)} requests, "
                f"{len(timings) / took:.0f} req/s, p50 {statistics.median(timings) * 1000:.0f} ms, "
                f"p95 {percentile(timings, 0.95):.0f} ms, p99 {percentile(timings, 0.99):.0f} ms, "
                f"{len(errors)} errors"
            )
            for error in sorted(set(errors))[:5]:
                print(f"  error: {error}")
            undecided, unpacked, waited = drained(timeout=600)
            print(
                f"  afterwards ({waited:.0f} s for the worker to finish): {undecided} submissions without a "
                f"determination, {unpacked} without a ready packet"
            )
    finally:
        web.terminate()
        worker.terminate()
        web.wait(timeout=30)
        worker.wait(timeout=30)
        connection.creation.destroy_test_db(named, verbosity=0)


if __name__ == "__main__":
    main()

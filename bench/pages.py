"""Benchmark of the questionnaire's pages under gunicorn. Prints figures; asserts nothing.

    .venv/bin/python bench/pages.py [--requests 300]

Starts gunicorn as the portal is served (gunicorn.conf.py: the portal's WSGI application,
gunicorn's sync worker), with 2 workers, SQLite in a temporary folder and extra bare pages: each
step's form rendered by crispy-forms in the site's base template, without the portal's
checks or links (bench/bare.py), once empty and once filled in with the draft's answers.
Then, in the same run, requests every step of the questionnaire for a draft with a case
and a charge, and its two bare twins, --requests times each from one client, alternating
one request of each so that the machine's drift hits them alike, and prints for each page:
requests per second (requests over the time spent on them), median time, the HTML's size,
the page weight with the CSS and JavaScript it loads, the step's throughput as a share of
its empty bare twin's (target: ≥ 90%), and the difference in time per request: what the
portal's own work for the step costs (reading the draft, checking the earlier steps, the
links, the headers, showing the saved answers). The same against the filled-in twin
leaves out the cost of showing the saved answers, which every bare page would pay if it
showed them. Then the pages that do the most for a resident with many answers, for a
draft of 5 cases of 3 charges each (no bare twin: they have no single form).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-pages-")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.bare_settings",
    # As in production: no debug, compressed static files with a manifest.
    "DEBUG": "false",
    "SECRET_KEY": "bench-pages-not-a-secret-" + "x" * 40,
    "BENCH_STATIC_ROOT": f"{_tmp}/static",
    "DATABASE_URL": f"sqlite:///{_tmp}/bench.sqlite3",
    "ALLOWED_HOSTS": "127.0.0.1",
    # Plain HTTP on 127.0.0.1 (production redirects to HTTPS behind its TLS proxy), and no
    # email is sent: the locmem backend keeps what would go out.
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
ENV.pop("CELERY_BROKER_URL", None)
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.bare import ANSWERS  # noqa: E402
from bench.serving import free_port, gunicorn_command  # noqa: E402
from expunge.models import Draft, hash_access_token  # noqa: E402


def large_answers(cases: int = 5, charges: int = 3) -> dict:
    """A resident with several cases of several charges: the pages that check or list
    every earlier answer do the most work for them."""
    case = ANSWERS["cases"][0]
    return {**ANSWERS, "cases": [{**case, "charges": case["charges"] * charges} for _ in range(cases)]}


def fetch(url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
    return time.perf_counter() - started, body


def asset_bytes(html: bytes) -> tuple[int, int]:
    """The size of the CSS and JavaScript files the page links to, as collected, and as
    sent to a browser that accepts gzip (whitenoise serves the compressed copy)."""
    total = gzipped = 0
    for ref in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = Path(settings.STATIC_ROOT) / ref.decode()
        total += path.stat().st_size
        gz = path.with_name(path.name + ".gz")
        gzipped += (gz if gz.exists() else path).stat().st_size
    return total, gzipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    token, large_token = "bench-pages-draft-token", "bench-pages-large-draft-token"
    for draft_token, answers in ((token, ANSWERS), (large_token, large_answers())):
        Draft.objects.create(
            access_token_hash=hash_access_token(draft_token),
            answers=answers,
            language="en",
            expires_at=timezone.now() + timezone.timedelta(days=30),
        )
    port = free_port()
    server = subprocess.Popen(
        gunicorn_command(port, workers=2),
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(_tmp) / "gunicorn.log", "w"),  # noqa: SIM115 - closed with the process
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(f"{base}/en/bare/about/")
                break
            except OSError:
                time.sleep(0.1)
        draft = f"{base}/en/apply/draft/{token}"
        # (label, the portal's page, the bare page with the same form or None)
        pages = [
            ("start", f"{base}/en/apply/", None),
            ("about you", f"{draft}/about/", f"{base}/en/bare/about/"),
            ("your cases", f"{draft}/cases/", None),
            ("a case", f"{draft}/cases/0/", f"{base}/en/bare/case/0/"),
            ("a charge", f"{draft}/cases/0/charges/0/", f"{base}/en/bare/charge/0/0/"),
            ("the sentence", f"{draft}/cases/0/charges/0/sentence/", f"{base}/en/bare/sentence/0/0/"),
            ("your situation", f"{draft}/situation/", f"{base}/en/bare/situation/"),
            ("check your answers", f"{draft}/review/", None),
            ("consent", f"{draft}/consent/", f"{base}/en/bare/consent/"),
        ]

        def measure(*urls):
            """Requests per second and median time of each URL, fetched in turn, one request
            each round: the machine's drift (other load, CPU frequency) hits every URL alike."""
            for _ in range(10):  # warm-up
                for url in urls:
                    fetch(url)
            timings = [[] for _ in urls]
            bodies = [b""] * len(urls)
            for _ in range(args.requests):
                for i, url in enumerate(urls):
                    elapsed, bodies[i] = fetch(url)
                    timings[i].append(elapsed)
            return [(len(t) / sum(t), statistics.median(t), body) for t, body in zip(timings, bodies, strict=True)]

        for label, url, bare_url in pages:
            filled_url = bare_url.replace("/bare/", "/bare-filled/") if bare_url else None
            measured = measure(url, bare_url, filled_url) if bare_url else measure(url)
            rate, median, body = measured[0]
            assets, assets_gzipped = asset_bytes(body)
            line = (
                f"{label}: {rate:,.0f} requests/s, median {median * 1000:.1f} ms, HTML {len(body) / 1024:.1f} KB, "
                f"with CSS and JavaScript {(len(body) + assets) / 1024:.0f} KB "
                f"({(len(gzip.compress(body)) + assets_gzipped) / 1024:.0f} KB gzipped)"
            )
            if bare_url:
                bare_rate, _bare_median, _bare_body = measured[1]
                line += (
                    f"; bare crispy page of the same form {bare_rate:,.0f} requests/s → {rate / bare_rate:.0%}"
                    f" (the portal's own work: {(1 / rate - 1 / bare_rate) * 1e6:,.0f} µs per request)"
                )
                filled_rate = measured[2][0]
                line += (
                    f"; filled in with the same answers {filled_rate:,.0f} requests/s → {rate / filled_rate:.0%}"
                    f" ({(1 / rate - 1 / filled_rate) * 1e6:,.0f} µs)"
                )
            print(line)

        large = f"{base}/en/apply/draft/{large_token}"
        print("A larger draft, 5 cases of 3 charges each:")
        for label, url in (
            ("your cases", f"{large}/cases/"),
            ("the last sentence", f"{large}/cases/4/charges/2/sentence/"),
            ("check your answers", f"{large}/review/"),
            ("consent", f"{large}/consent/"),
        ):
            ((rate, median, body),) = measure(url)
            print(f"  {label}: {rate:,.0f} requests/s, median {median * 1000:.1f} ms, HTML {len(body) / 1024:.1f} KB")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

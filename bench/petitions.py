"""Benchmark of petition and packet rendering. Prints figures; asserts nothing.

    .venv/bin/python bench/petitions.py [--renders 1000] [--packets 100]

In one process, as one Celery worker would:
1. renders a usual petition (one case, a cannabis possession conviction) --renders
   times through expunge.packet.documents (field map + template + WeasyPrint), interleaved with
   a bare WeasyPrint render of the same HTML (the same stylesheet, fonts and fetcher, no
   portal code): median time of each, and their ratio (target ≤ 1.1);
2. renders a packet (cover sheet in Spanish, three petitions, a waiver) --packets times:
   median time;
3. reads the process's resident memory after 10, 100, 500 and 1,000 petitions and its
   peak: it must stay flat (no growth per render); then compares the growth over more
   renders through the portal only with bare WeasyPrint only, to tell whose it is.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from weasyprint import HTML  # noqa: E402

from eligibility import assess  # noqa: E402
from expunge.packet import documents, pdf  # noqa: E402

TODAY = date(2026, 11, 25)


def _charge(disposition, disposition_date, **fields):
    return {
        "statute": "CR 3-203",
        "description": "Assault second degree",
        "substance": None,
        "felony": False,
        "domestically_related": False,
        "disposition": disposition,
        "disposition_date": disposition_date,
        **fields,
    }


def _inp(cases, language="en", early=()):
    record = {
        "as_of": TODAY.isoformat(),
        "person": {"date_of_birth": "1990-04-12", "pending_case": False, "other_convictions": []},
        "cases": [
            {"case_number": f"41934001{i}", "court": "district", "county": "baltimore_city", "charges": charges}
            for i, charges in enumerate(cases)
        ],
    }
    return documents.PacketInput(
        petitioner=documents.Petitioner(
            name="José Núñez",
            other_names="Joe Nunez",
            date_of_birth=date(1990, 4, 12),
            address="100 N. Calvert St\nBaltimore, MD 21202",
            phone="410-555-0123",
        ),
        record=record,
        result=assess(record),
        language=language,
        early_filing=frozenset(early),
    )


POSSESSION = _charge(
    "guilty",
    "2012-05-10",
    statute="CR 5-601",
    description="Possession of cannabis (marijuana)",
    substance="cannabis",
    sentence_completed="2012-05-10",
)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=1000)
    parser.add_argument("--packets", type=int, default=100)
    args = parser.parse_args()

    petition = _inp([[POSSESSION]])
    packet = _inp(
        [[POSSESSION], [_charge("dismissed", "2015-01-10")], [_charge("dismissed", "2025-01-10")]],
        language="es",
        early={2},
    )
    html = documents.document_html(documents.PETITION, petition, 0, generated_on=TODAY)
    font_config, stylesheet, fetcher = pdf._renderer()  # the worker's per-process state, built once

    def bare() -> bytes:
        return HTML(string=html, base_url=pdf.PORTAL_BASE_URL, url_fetcher=fetcher).write_pdf(
            stylesheets=[stylesheet], font_config=font_config
        )

    def ours() -> bytes:
        return documents.render_document(documents.PETITION, petition, 0, generated_on=TODAY)

    for _ in range(5):  # warm-up: fonts loaded, templates compiled
        ours(), bare()
    ours_times, bare_times, memory = [], [], {}
    started = time.perf_counter()
    for n in range(1, args.renders + 1):
        t0 = time.perf_counter()
        data = ours()
        t1 = time.perf_counter()
        bare()
        t2 = time.perf_counter()
        ours_times.append(t1 - t0)
        bare_times.append(t2 - t1)
        if n in (10, 100, 500, 1000, args.renders):
            memory[n] = rss_mb()
    assert data.startswith(b"%PDF")
    elapsed = time.perf_counter() - started
    ours_median, bare_median = statistics.median(ours_times), statistics.median(bare_times)
    print(
        f"petition: median {ours_median * 1000:.1f} ms through the portal, {bare_median * 1000:.1f} ms bare WeasyPrint "
        f"on the same HTML; ratio {ours_median / bare_median:.3f} (target ≤ 1.1) over {args.renders} interleaved "
        f"renders each ({elapsed:.1f} s)"
    )
    print(
        "resident memory after N petitions: "
        + ", ".join(f"{n:,}: {mb:.1f} MB" for n, mb in sorted(memory.items()))
        + f"; peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB"
    )

    # Where growth comes from: the same number of renders through the portal only, then
    # through bare WeasyPrint only. If both grow alike, the growth is WeasyPrint's (its
    # native libraries' caches and the allocator), not the portal's.
    for label, render in (("through the portal only", ours), ("bare WeasyPrint only", bare)):
        before = rss_mb()
        for _ in range(args.renders // 2):
            render()
        grown = rss_mb() - before
        print(
            f"resident memory over {args.renders // 2} more renders {label}: {grown:+.1f} MB "
            f"({grown * 1024 / (args.renders // 2):+.1f} KB per render)"
        )

    packet_times = []
    for _ in range(args.packets):
        t0 = time.perf_counter()
        data = documents.render_document(documents.PACKET, packet, generated_on=TODAY)
        packet_times.append(time.perf_counter() - t0)
    kinds = [part.kind for part in documents.packet_parts(packet)]
    contents = ", ".join(f"{kinds.count(kind)} {kind}" for kind in dict.fromkeys(kinds))
    print(
        f"packet ({contents}; cover sheet in Spanish; {len(data):,} bytes): "
        f"median {statistics.median(packet_times) * 1000:.1f} ms over {args.packets} renders"
    )
    print(f"resident memory at the end: {rss_mb():.1f} MB")


if __name__ == "__main__":
    main()

"""Benchmark of the eligibility engine at pardon scale. Prints figures; asserts nothing.

    .venv/bin/python bench/eligibility.py [--charges 175000] [--repeat 5]

1. Generates a synthetic population with as many charges as the June 2024 pardon
   covered convictions (175,000), in a mix that resembles it: mostly misdemeanor
   cannabis possession (guilty, PBJ, stet, nolle), some paraphernalia, PWID and other
   charges, one to three cases per person and one to three charges per case.
2. Times the pure engine (validation + assessment) on one core: charges per second,
   best and median of --repeat runs; with each result dropped once made (as the Celery
   task and the streaming command use it), and with all results kept in one list.
3. Times `manage.py eligibility FILE` over the whole file (process start, JSON in and
   out included).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eligibility import assess  # noqa: E402
from eligibility.contract import COUNTIES  # noqa: E402

AS_OF = date(2026, 11, 25)
COUNTY_WEIGHTS = {county: (30 if county == "baltimore_city" else 3) for county in sorted(COUNTIES)}
CHARGE_MIX = [
    # (weight, statute, description, substance, felony)
    (78, "CR 5-601", "Possession of marijuana", "cannabis", False),
    (9, "CR 5-619", "Possession of paraphernalia", None, False),
    (4, "CR 5-602", "Possession with intent to distribute marijuana", "cannabis", True),
    (4, "CR 5-601", "Possession of CDS (not marijuana)", "other", False),
    (3, "CR 3-203", "Assault second degree", None, False),
    (2, "CR 6-402", "Trespass", None, False),
]
DISPOSITIONS = [("guilty", 55), ("pbj", 15), ("stet", 10), ("nolle_prosequi", 12), ("dismissed", 5), ("not_guilty", 3)]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def make_population(total_charges: int, seed: int = 2024) -> list[dict]:
    rng = random.Random(seed)
    weights = [c[0] for c in CHARGE_MIX]
    dispositions, disposition_weights = zip(*DISPOSITIONS, strict=True)
    counties, county_weights = zip(*COUNTY_WEIGHTS.items(), strict=True)
    records, made = [], 0
    while made < total_charges:
        cases = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            charged = _day(rng, date(2000, 1, 1), date(2022, 12, 31))
            decided = min(charged + timedelta(days=rng.randrange(30, 400)), AS_OF)
            charges = []
            for _ in range(min(rng.choice((1, 1, 1, 2, 3)), total_charges - made)):
                _w, statute, description, substance, felony = rng.choices(CHARGE_MIX, weights)[0]
                disposition = rng.choices(dispositions, disposition_weights)[0]
                finished = None
                if disposition in ("guilty", "pbj") and rng.random() < 0.9:
                    finished = decided + timedelta(days=rng.choice((0, 0, 180, 365, 730, 1095)))
                charges.append(
                    {
                        "statute": statute,
                        "description": description,
                        "substance": substance,
                        "cannabis_grams": None if rng.random() < 0.7 else round(rng.uniform(0.5, 60), 1),
                        "felony": felony,
                        "domestically_related": False,
                        "charge_date": charged.isoformat() if rng.random() < 0.8 else None,
                        "disposition": disposition,
                        "disposition_date": decided.isoformat(),
                        "sentence_completed": finished.isoformat() if finished else None,
                        "probation_closed": None,
                        "integrity_flag": False,
                    }
                )
                made += 1
            if charges:
                cases.append(
                    {
                        "case_number": f"{rng.randrange(10**8, 10**9)}",
                        "court": rng.choice(("district", "district", "district", "circuit")),
                        "county": rng.choices(counties, county_weights)[0],
                        "charges": charges,
                    }
                )
        records.append(
            {
                "as_of": AS_OF.isoformat(),
                "person": {
                    "date_of_birth": _day(rng, date(1950, 1, 1), date(2002, 12, 31)).isoformat(),
                    "pending_case": rng.random() < 0.03,
                    "other_convictions": [],
                },
                "cases": cases,
            }
        )
    return records


def _time_engine(records: list[dict], repeat: int, outcomes: dict[str, int], keep: bool) -> list[float]:
    timings = []
    for run in range(repeat):
        started = time.perf_counter()
        if keep:
            results = [assess(record) for record in records]
        else:
            for record in records:
                assess(record)
        timings.append(time.perf_counter() - started)
        if keep and run == 0 and not outcomes:
            for result in results:
                for case in result["cases"]:
                    for charge in case["charges"]:
                        outcomes[charge["outcome"]] = outcomes.get(charge["outcome"], 0) + 1
        if keep:
            del results
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--charges", type=int, default=175_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    records = make_population(args.charges)
    charges = sum(len(case["charges"]) for record in records for case in record["cases"])
    path = out_dir / "population.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    print(
        f"population: {len(records):,} people, {charges:,} charges ({time.perf_counter() - started:.1f} s to generate)"
    )
    print(f"file: {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB)")

    # One core: this process only, no threads. Measured three ways:
    # 1. each result used and dropped, as the Celery task (one record at a time) and the
    #    streaming management command use the engine: the engine's own throughput;
    # 2. every result kept in one list, as is: the garbage collector then re-scans the
    #    growing list of results again and again, a cost of holding them all;
    # 3. the same with the input moved out of the collector's way (gc.freeze).
    outcomes: dict[str, int] = {}
    for label, keep, frozen in (
        ("each result used and dropped", False, False),
        ("every result kept in a list, as is", True, False),
        ("every result kept in a list, input frozen (gc.freeze)", True, True),
    ):
        if frozen:
            gc.collect()
            gc.freeze()
        timings = _time_engine(records, args.repeat, outcomes, keep)
        best, median = min(timings), statistics.median(timings)
        print(
            f"pure engine, one core, {label}: best {charges / best:,.0f} charges/s ({best:.3f} s), "
            f"median {charges / median:,.0f} charges/s ({median:.3f} s) over {args.repeat} runs"
        )
    gc.unfreeze()
    print("outcomes: " + ", ".join(f"{name} {count:,}" for name, count in sorted(outcomes.items())))

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": os.environ.get("DEBUG", "true")}
    started = time.perf_counter()
    with open(out_dir / "results.json", "w", encoding="utf-8") as results_file:
        subprocess.run(
            [sys.executable, "manage.py", "eligibility", str(path), "--as-of", AS_OF.isoformat()],
            cwd=ROOT,
            env=env,
            stdout=results_file,
            check=True,
        )
    elapsed = time.perf_counter() - started
    rate = charges / elapsed
    print(f"manage.py eligibility over the whole file: {elapsed:.2f} s wall ({rate:,.0f} charges/s end to end)")


if __name__ == "__main__":
    main()

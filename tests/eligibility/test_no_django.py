"""The engine is pure Python: it imports and decides with Django made unimportable, so it
runs the same in a request, a batch chunk, the command line and a benchmark."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: this test process has Django loaded already. A finder placed
# first on sys.meta_path refuses every module named django or django.*, so any import of
# Django by the engine, however indirect, fails loudly.
SCRIPT = """
import importlib.abc, json, sys

class NoDjango(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django."):
            raise ImportError(f"Django is not importable here ({name})")
        return None

sys.meta_path.insert(0, NoDjango())
try:
    import django  # noqa: F401
except ImportError:
    pass
else:
    raise SystemExit("the finder did not stop Django")

from eligibility import assess

record = json.loads(sys.stdin.read())
result = assess(record)
assert not any(name == "django" or name.startswith("django.") for name in sys.modules), "Django was imported"
print(json.dumps(result))
"""

RECORD = {
    "as_of": "2026-11-25",
    "person": {"date_of_birth": "1990-04-12", "pending_case": False, "other_convictions": []},
    "cases": [
        {
            "case_number": "419340011",
            "court": "district",
            "county": "baltimore_city",
            "charges": [
                {
                    "statute": "CR 5-601",
                    "description": "Possession of marijuana",
                    "substance": "cannabis",
                    "cannabis_grams": None,
                    "felony": False,
                    "domestically_related": False,
                    "charge_date": "2012-03-02",
                    "disposition": "not_guilty",
                    "disposition_date": "2012-05-10",
                    "sentence_completed": None,
                    "probation_closed": None,
                    "integrity_flag": False,
                }
            ],
        }
    ],
}


def test_the_engine_imports_and_decides_without_django():
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(RECORD),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["as_of"] == "2026-11-25"
    [charge] = result["cases"][0]["charges"]
    # An acquittal: the petition ground is CP §10-105(a)(1).
    assert charge["remedy"]["ground"] == "CP §10-105(a)(1)"

"""A batch's summary in the words and shapes the staff pages show: translated category
names, and each count with its share and the length of its bar in the charts (each chart
sits beside a table of the same numbers)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from expunge.services.batches import CATEGORIES

CATEGORY_LABELS = {
    "now": _("Can file now"),
    "later": _("Can file later"),
    "conditional": _("Depends on a fact the records do not show"),
    "never": _("Not eligible today"),
    "review": _("For a person to review"),
    "other": _("Another process (State's Attorney or juvenile court)"),
}
# What an answer may rest on that court records cannot show (services.batches.ASSUMPTIONS).
ASSUMPTION_LABELS = {
    "no_open_case": _("Only if no criminal case is open against the person in any court"),
    "no_later_conviction": _("Only if there is no later conviction in another court"),
    "no_other_dui_pbj": _("Only if there is no probation before judgment for DUI in another court"),
    "no_treatment_condition": _(
        "Only if no drug or alcohol treatment was ordered with the stet, nolle prosequi or probation before "
        "judgment, or it is finished (the docket shows it; Case Search does not)"
    ),
}
COURT_LABELS = {"district": _("District Court"), "circuit": _("Circuit Court"), "juvenile": _("Juvenile court")}

# The chart's bars are drawn in a box this wide (SVG user units).
BAR_WIDTH = 300


def court_label(court: str | None) -> str:
    return str(COURT_LABELS.get(court or "", _("Court not known")))


def _bars(counts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    total = sum(n for _label, n in counts) or 1
    largest = max((n for _label, n in counts), default=0) or 1
    return [
        {
            "label": label,
            "count": n,
            "percent": round(100 * n / total, 1),
            "width": round(BAR_WIDTH * n / largest),
            "y": 28 * i,
        }
        for i, (label, n) in enumerate(counts)
    ]


def _table(rows: dict[str, dict[str, int]], label) -> list[dict[str, Any]]:
    return [
        {
            "label": label(key),
            "counts": [counts.get(category, 0) for category in CATEGORIES],
            "total": sum(counts.values()),
        }
        for key, counts in rows.items()
    ]


def summary_rows(summary: dict[str, Any]) -> dict[str, Any]:
    """What the summary page shows."""
    charges = _bars([(str(CATEGORY_LABELS[c]), summary["charges"][c]) for c in CATEGORIES])
    people = _bars([(str(CATEGORY_LABELS[c]), summary["people"][c]) for c in CATEGORIES])
    later = _bars(list(summary["later_by_year"].items()))
    return {
        "categories": [str(CATEGORY_LABELS[c]) for c in CATEGORIES],
        "charge_bars": charges,
        "category_rows": [
            {"label": bar["label"], "charges": bar["count"], "percent": bar["percent"], "people": person["count"]}
            for bar, person in zip(charges, people, strict=True)
        ],
        "later_bars": later,
        "chart_height": 28 * len(CATEGORIES),
        "later_height": 28 * max(len(later), 1),
        "by_court": _table(summary["by_court"], lambda key: court_label(None if key == "unknown" else key)),
        "by_year": _table(summary["by_disposition_year"], lambda key: str(_("Not known")) if key == "unknown" else key),
        # A summary written before these were counted has none.
        "resting_on": _table(summary.get("resting_on", {}), lambda key: str(ASSUMPTION_LABELS[key])),
        "summary": summary,
    }

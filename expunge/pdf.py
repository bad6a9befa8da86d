"""Petition PDFs: one entry point (`render_petition`), one field map (`petition_fields`).

WeasyPrint renders the Django template templates/expunge/pdf/petition.html. It never
fetches anything from outside the project: `StaticOnlyURLFetcher` serves the portal's
own static files (the stylesheet and the font) and refuses every other URL, so a
template that names a remote image or stylesheet renders without it.

One FontConfiguration (and one parsed stylesheet) is kept per process: building them
is the slow part of a render, and WeasyPrint caches @font-face files inside it.
"""

from __future__ import annotations

import mimetypes
import threading
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from expunge.eligibility.rules import PETITION_CONVICTION_FORM
from expunge.models import Submission
from expunge.questionnaire import CHARGE_MAP, COUNTY_NAMES

# A host name that cannot resolve: relative URLs in templates resolve against it, and the
# fetcher maps it onto the static files. Nothing is ever sent to it.
PORTAL_BASE_URL = "http://portal.internal/"
_PORTAL_HOST = urlsplit(PORTAL_BASE_URL).netloc
PETITION_TEMPLATE = "expunge/pdf/petition.html"
PETITION_STYLESHEET = "css/petition.css"


class TemplateMissing(RuntimeError):
    """The petition template or stylesheet is not where the project ships it."""


class StaticOnlyURLFetcher(URLFetcher):
    """Serve http://portal.internal/static/… from the static files; refuse everything else."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.netloc != _PORTAL_HOST or not parts.path.startswith(settings.STATIC_URL):
            raise ValueError(f"Refused to fetch {url!r}: petitions only load the portal's own static files")
        relative = unquote(parts.path[len(settings.STATIC_URL) :])
        path = finders.find(relative)
        if not path:
            raise ValueError(f"No static file {relative!r}")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=Path(path).read_bytes(), headers={"Content-Type": mime_type})


_lock = threading.Lock()
_process_state: dict[str, Any] = {}


def _renderer() -> tuple[FontConfiguration, CSS, StaticOnlyURLFetcher]:
    """The per-process FontConfiguration, parsed stylesheet and fetcher, made on first use
    (after a Celery worker has forked, so each child builds its own)."""
    with _lock:
        if not _process_state:
            css_path = finders.find(PETITION_STYLESHEET)
            if not css_path:
                raise TemplateMissing(f"The petition stylesheet static/{PETITION_STYLESHEET} is missing")
            fetcher = StaticOnlyURLFetcher()
            font_config = FontConfiguration()
            stylesheet = CSS(
                string=Path(css_path).read_text(encoding="utf-8"),
                base_url=f"{PORTAL_BASE_URL.rstrip('/')}{settings.STATIC_URL}{PETITION_STYLESHEET}",
                url_fetcher=fetcher,
                font_config=font_config,
            )
            _process_state.update(font_config=font_config, stylesheet=stylesheet, fetcher=fetcher)
        return _process_state["font_config"], _process_state["stylesheet"], _process_state["fetcher"]


# Court papers are filed in English whatever language the resident used, so the
# petition's words are English on purpose and not marked for translation.
DISPOSITION_WORDS = {
    "guilty": "Guilty",
    "pbj": "Probation before judgment",
    "not_guilty": "Not guilty",
    "dismissed": "Dismissed",
    "nolle_prosequi": "Nolle prosequi",
    "nolle_prosequi_treatment": "Nolle prosequi with a requirement of treatment",
    "stet": "Stet",
    "stet_treatment": "Stet with a requirement of treatment",
    "compromise": "Compromise",
    "unknown": "Unknown",
}

GROUND_STATEMENTS = {
    "CP §10-105(a)(1)": "I was acquitted of the charge(s) listed above.",
    "CP §10-105(a)(2)": "The charge(s) listed above were dismissed.",
    "CP §10-105(a)(3)": (
        "I received probation before judgment for the charge(s) listed above and have been discharged from "
        "probation. I have not been convicted of any crime, other than a minor traffic violation, within 3 years "
        "after the probation before judgment."
    ),
    "CP §10-105(a)(4)": "A nolle prosequi was entered on the charge(s) listed above.",
    "CP §10-105(a)(5)": (
        "The charge(s) listed above were placed on the stet docket, and more than 3 years have passed since then."
    ),
    "CP §10-105(a)(6)": (
        "The case was compromised under Criminal Law Article § 3-207, and more than 3 years have passed since then."
    ),
    "CP §10-105(a)(7)": (
        "The charge(s) listed above were transferred to the juvenile court under Criminal Procedure Article § 4-202."
    ),
    "CP §10-105(a)(8)": (
        "I was convicted of only one criminal act, which was not a crime of violence, and I was granted a full and "
        "unconditional pardon by the Governor (Executive Clemency Order of June 17, 2024). This petition is filed "
        "within 10 years after the pardon was signed."
    ),
    "CP §10-105(a)(9)": (
        "I was convicted of the nuisance offense(s) listed above, and more than 3 years have passed since the "
        "conviction or the satisfactory completion of the sentence, including probation, whichever is later."
    ),
    "CP §10-105(a)(10)": (
        "I was found not criminally responsible for the nuisance offense(s) listed above, and more than 3 years have "
        "passed since then."
    ),
    "CP §10-105(a)(11)": (
        "I was convicted of the offense(s) listed above, and the act on which the conviction was based is no "
        "longer a crime."
    ),
    "CP §10-110": (
        "I was convicted of the offense(s) listed above, which may be expunged under Criminal Procedure Article "
        "§ 10-110, and the required time has passed since I completed the sentence(s), including probation, parole "
        "or mandatory supervision."
    ),
    "CP §10-105(a)(12)": (
        "I was convicted of possession of cannabis under Criminal Law Article § 5-601, and I have "
        "completed the sentence imposed for that conviction, including any probation, parole or "
        "mandatory supervision."
    ),
}


def petition_fields(submission: Submission, case_index: int, *, generated_on: date | None = None) -> dict[str, Any]:
    """Everything the petition prints, mapped from the answers and the determination.

    This is the one place that decides what goes on the court form: review it here."""
    answers = submission.answers
    determination = submission.latest_determination
    if determination is None:
        raise ValueError(f"Submission {submission.pk} has no determination to base a petition on")
    case_result = determination.result["cases"][case_index]
    charge_results = case_result["charges"]
    petition_charge = next(c for c in charge_results if c["remedy"] and c["remedy"]["kind"] == "petition")
    ground = petition_charge["remedy"]["ground"]
    charge_answers = CHARGE_MAP[answers["charge"]]
    return {
        # "district" | "circuit" | "" (the resident was not sure: both boxes are left empty)
        "court": answers["court"] if answers.get("court") in ("district", "circuit") else "",
        "county": COUNTY_NAMES[answers["county"]],
        "case_number": answers.get("case_number") or "",
        "petitioner_name": answers["full_name"],
        "other_names": answers.get("other_names") or "",
        "date_of_birth": date.fromisoformat(answers["date_of_birth"]),
        "address": answers["address"],
        "phone": answers.get("phone") or "",
        "charges": [
            {
                "description": charge_answers["description"],
                "statute": charge_answers["statute"] or "",
                "disposition": DISPOSITION_WORDS[answers["disposition"]],
                "disposition_date": date.fromisoformat(answers["disposition_date"]),
            }
        ],
        # Only a conviction's petition (form 072B) speaks of the sentence.
        "sentence_completed": date.fromisoformat(answers["sentence_completed"])
        if answers.get("sentence_completed") and petition_charge["remedy"]["form"] == PETITION_CONVICTION_FORM
        else None,
        "ground": ground,
        "ground_section": ground.removeprefix("CP ").strip(),
        "ground_statement": GROUND_STATEMENTS[ground],
        "pardoned": any(c["pardoned"] for c in charge_results),
        "form": petition_charge["remedy"]["form"],
        "no_pending_case": answers["pending_case"] == "no",
        "rules_version": determination.rules_version,
        "generated_on": generated_on or timezone.localdate(),
    }


def render_html_to_pdf(html: str) -> bytes:
    """Render HTML with the portal's stylesheet, font configuration and safe fetcher."""
    font_config, stylesheet, fetcher = _renderer()
    document = HTML(string=html, base_url=PORTAL_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def render_petition(submission: Submission, *, case_index: int = 0) -> bytes:
    """The petition for one case of a submission, as PDF bytes."""
    fields = petition_fields(submission, case_index)
    with translation.override("en"):
        html = render_to_string(PETITION_TEMPLATE, {"petition": fields})
    return render_html_to_pdf(html)

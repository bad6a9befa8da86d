"""Rendering HTML to PDF with WeasyPrint, safely. What the documents say is decided in
expunge/packet/documents.py; this module only turns their HTML into PDF.

It never fetches anything from outside the project: `StaticOnlyURLFetcher` serves the
portal's own static files (the stylesheet and the font) and refuses every other URL, so
a template that names a remote image or stylesheet renders without it.

One FontConfiguration (and one parsed stylesheet) is kept per process: building them
is the slow part of a render, and WeasyPrint caches @font-face files inside it.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A host name that cannot resolve: relative URLs in templates resolve against it, and the
# fetcher maps it onto the static files. Nothing is ever sent to it.
PORTAL_BASE_URL = "http://portal.internal/"
_PORTAL_HOST = urlsplit(PORTAL_BASE_URL).netloc
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


def render_html_to_pdf(html: str) -> bytes:
    """Render HTML with the portal's stylesheet, font configuration and safe fetcher."""
    font_config, stylesheet, fetcher = _renderer()
    document = HTML(string=html, base_url=PORTAL_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def render_many_to_pdf(htmls: list[str]) -> bytes:
    """Render several HTML documents and join their pages into one PDF. Each keeps its
    own page counters and page-margin content (form number, "Page 1 of 2")."""
    font_config, stylesheet, fetcher = _renderer()
    documents = [
        HTML(string=html, base_url=PORTAL_BASE_URL, url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=font_config
        )
        for html in htmls
    ]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()

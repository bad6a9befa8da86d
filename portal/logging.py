"""Logging that never writes a resident's private link: the tokens in request paths
(/apply/<token>/…, /apply/draft/<token>/…) are masked in every record, from Django's
request warnings ("Not Found: /en/apply/<token>/result/"), the development server and
gunicorn's access log alike."""

from __future__ import annotations

import logging
import re

# A token is the path segment after /apply/ or /apply/draft/ (never "draft" itself).
_TOKEN = re.compile(r"(/apply/(?:draft/)?)(?!draft/)[A-Za-z0-9_-]{16,}")
MASK = r"\1…"


def mask(text: str) -> str:
    return _TOKEN.sub(MASK, text)


class MaskTokens(logging.Filter):
    """Rewrites the record's message with tokens masked (its arguments are folded in first,
    so that a path passed as an argument is masked too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True

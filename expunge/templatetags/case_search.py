"""Maryland Judiciary Case Search linked where a sentence mentions it."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

# The Judiciary's public search (the portal never fetches it: the resident's browser goes there).
CASE_SEARCH_URL = "https://casesearch.courts.state.md.us/casesearch/"
_MENTION = re.compile(r"(?:Maryland Judiciary )?Case Search")


@register.filter
def link_case_search(text: str) -> SafeString:
    """The text, escaped, with each mention of Case Search a link to it that says it opens
    in a new tab (the resident's results page stays where it is)."""
    escaped = str(conditional_escape(text))

    def link(match: re.Match[str]) -> str:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}<span class="visually-hidden"> {}</span></a>',
            CASE_SEARCH_URL,
            match.group(0),
            _("(opens in a new tab)"),
        )

    return mark_safe(_MENTION.sub(link, escaped))  # noqa: S308 - escaped above; the links are built by format_html

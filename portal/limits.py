"""Limits that stop floods without locking out a clinic (django-ratelimit, counted in the
cache): each is named in settings.RATE_LIMITS, with its count and period. Over a limit, the
caller answers with `too_many`: a plain page in the reader's language, status 429."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def over_limit(request: HttpRequest, name: str, key: str | Callable[[str, HttpRequest], str] = "ip") -> bool:
    """Count this request against limit `name` (by client address unless `key` says
    otherwise) and say whether it is over."""
    return is_ratelimited(request, group=name, key=key, rate=settings.RATE_LIMITS[name], increment=True)


def link_email_over_limit(request: HttpRequest, *, limit: str, owner: str, email: str) -> bool:
    """Count an email of a private link against its limits and say whether any is over: per
    owner (a draft or a results link, limit `limit`), per address, per connection. Every
    count goes up, even once one is over."""
    counted = [
        over_limit(request, limit, key=lambda _g, _r: owner),
        over_limit(request, "resume_email_address", key=lambda _g, _r: email.lower()),
        over_limit(request, "resume_email_client"),
    ]
    return any(counted)


def too_many(request: HttpRequest, *, saved: bool = False, next_url: str = "") -> HttpResponse:
    """The page for a request over a limit. `saved`: what the resident typed was kept."""
    return render(request, "429.html", {"saved": saved, "next_url": next_url}, status=429)

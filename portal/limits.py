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


def too_many(request: HttpRequest, *, saved: bool = False, next_url: str = "") -> HttpResponse:
    """The page for a request over a limit. `saved`: what the resident typed was kept."""
    return render(request, "429.html", {"saved": saved, "next_url": next_url}, status=429)

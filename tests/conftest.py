from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from tests.factories import OrganisationFactory, journey_answers, staff_member

# Speed is measured by the benchmarks in bench/, never by timed assertions in tests: no
# per-example deadline for hypothesis (its default of 200 ms fails on a loaded machine).
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"


def missing_service(reason: str) -> None:
    """Skip the test, or fail it when CI requires every service (REQUIRE_SERVICES=1)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def postgres_and_redis():
    """The real services: DATABASE_URL must name PostgreSQL and CELERY_BROKER_URL Redis."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing_service("DATABASE_URL does not point at PostgreSQL")
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis"):
        missing_service("CELERY_BROKER_URL does not point at Redis")
    if not _reachable(broker, 6379):
        missing_service(f"Redis is not reachable at {broker}")


@pytest.fixture(scope="session")
def chromium_path():
    if not os.path.exists(CHROMIUM):
        missing_service(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def pdftotext():
    if not shutil.which("pdftotext"):
        missing_service("pdftotext is not installed (apt-get install poppler-utils)")
    return shutil.which("pdftotext")


@pytest.fixture(autouse=True)
def _reset_language():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Each test starts with no requests counted against the rate limits (the cache)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def eager_celery():
    """Run tasks inline (as the embedded default does), whatever the broker setting."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous


@pytest.fixture
def resident_answers():
    return journey_answers()


@pytest.fixture
def organisation(db):
    """The organisation that serves Baltimore City and Baltimore County."""
    return OrganisationFactory()


@pytest.fixture
def staff_user(db, organisation):
    """A reviewer of the organisation that serves Baltimore City."""
    return staff_member("alice", organisation)


@pytest.fixture
def supervisor(db, organisation):
    from expunge.models import StaffMembership

    return staff_member("sam", organisation, StaffMembership.Role.SUPERVISOR)


def verified_login(client, user):
    """Log a staff member in as if with password and authenticator code: the session
    carries the verified TOTP device, as django-otp's login leaves it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(user=user, name="phone")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_client(client, staff_user):
    return verified_login(client, staff_user)

"""Settings for the test suite: the portal's own settings, on the embedded-default
profile unless the environment says otherwise (CI sets DATABASE_URL and
CELERY_BROKER_URL to the machine's PostgreSQL and Redis)."""

import os

# Local profile: static files from the finders, a throwaway secret key.
os.environ.setdefault("DEBUG", "true")

from portal.settings import *  # noqa: E402, F403

# Hashing passwords slowly protects real accounts; in tests it only costs time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

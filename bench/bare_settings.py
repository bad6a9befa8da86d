"""Settings for bench/pages.py: the portal's, with bench/bare.py's URLs (one extra page)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare"

"""Settings for bench/pages.py: the portal's, with bench/bare.py's URLs (one extra page)."""

import os

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare"

# bench/pages.py collects the static files into its own temporary folder.
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

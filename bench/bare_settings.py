"""Settings for bench/pages.py: the portal's, with bench/bare.py's URLs (one extra page per
step) and its middleware, which serves every other page with the portal's own URLconf."""

import os

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare"
MIDDLEWARE = ["bench.bare.portal_urlconf", *MIDDLEWARE]  # noqa: F405

# bench/pages.py collects the static files into its own temporary folder.
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

"""gunicorn's settings for serving the portal: `.venv/bin/gunicorn` run from this folder
reads them (add --workers, --bind and the like on the command line)."""

wsgi_app = "portal.wsgi"
# The sync worker, handling each request with room on Python's frame stack
# (portal/workers.py explains why).
worker_class = "portal.workers.SyncWorker"

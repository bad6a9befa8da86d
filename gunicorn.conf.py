"""gunicorn's settings for serving the portal: `.venv/bin/gunicorn` run from this folder
reads them (add --workers, --bind and the like on the command line). The worker is
gunicorn's own sync worker."""

wsgi_app = "portal.wsgi"

"""gunicorn's settings for serving the portal: `.venv/bin/gunicorn` run from this folder
reads them (add --workers, --bind and the like on the command line). The worker is
gunicorn's own sync worker."""

wsgi_app = "portal.wsgi"

# The access log masks residents' private links in request paths, as the portal's own log
# does (portal.logging).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "portal.logging.MaskTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"], "stream": "ext://sys.stdout"},
        "error_console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"], "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
accesslog = "-"

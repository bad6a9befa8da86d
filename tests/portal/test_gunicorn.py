"""gunicorn.conf.py serves the portal with gunicorn's own sync worker."""

from pathlib import Path

from gunicorn.app.wsgiapp import WSGIApplication
from gunicorn.config import Config
from gunicorn.workers.sync import SyncWorker

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_conf_serves_the_portal_with_the_stock_sync_worker():
    # Loaded as gunicorn loads it (the application is built without parsing pytest's
    # command line).
    app = WSGIApplication.__new__(WSGIApplication)
    app.cfg = Config()
    app.load_config_from_file(str(ROOT / "gunicorn.conf.py"))
    assert app.cfg.wsgi_app == "portal.wsgi"
    assert app.cfg.worker_class is SyncWorker

"""The gunicorn worker that serves the portal: requests run with room on Python's frame
stack (portal/workers.py)."""

from __future__ import annotations

import resource
import sys
from pathlib import Path

import pytest
from gunicorn.app.wsgiapp import WSGIApplication
from gunicorn.config import Config

from portal import workers

ROOT = Path(__file__).resolve().parents[2]


def _faults_of_oscillating_calls() -> int:
    """Minor page faults while a call chain repeatedly crosses the same frame-stack depth,
    as template rendering does: each crossing maps and unmaps a chunk on CPython 3.11."""

    def down(depth: int) -> None:
        if depth:
            down(depth - 1)

    down(50)  # warm up whatever is not about the stack
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(200):
        down(300)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(sys.version_info >= (3, 13), reason="3.13 and later keep a spare chunk")
def test_calls_without_room_map_chunks_again_and_again():
    # The problem the worker exists for; if CPython stops having it, this says so.
    assert _faults_of_oscillating_calls() >= 200


def test_calls_inside_run_with_room_stay_in_mapped_memory():
    # Warm the room once, then the same oscillation faults (almost) nothing.
    workers.run_with_room(_faults_of_oscillating_calls)
    assert workers.run_with_room(_faults_of_oscillating_calls) < 20


def test_run_with_room_returns_the_result_and_raises_the_exception():
    assert workers.run_with_room(lambda: 42) == 42
    with pytest.raises(ZeroDivisionError):
        workers.run_with_room(lambda: 1 / 0)


def test_the_worker_runs_gunicorns_loop_inside_run_with_room(monkeypatch):
    calls = []
    monkeypatch.setattr(workers, "run_with_room", lambda fn: calls.append("room") or fn())
    monkeypatch.setattr(workers._SyncWorker, "run", lambda self: calls.append("loop"))
    worker = workers.SyncWorker.__new__(workers.SyncWorker)
    worker.run()
    assert calls == ["room", "loop"]


def test_gunicorn_conf_serves_the_portal_with_that_worker():
    # Loaded as gunicorn loads it (the application is built without parsing pytest's
    # command line).
    app = WSGIApplication.__new__(WSGIApplication)
    app.cfg = Config()
    app.load_config_from_file(str(ROOT / "gunicorn.conf.py"))
    assert app.cfg.worker_class is workers.SyncWorker
    assert app.cfg.wsgi_app == "portal.wsgi"

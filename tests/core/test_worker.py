"""The slice with a REAL Celery worker process on the local Redis and PostgreSQL (no eager mode)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse

from expunge.models import Determination, Document, Submission
from tests.factories import walk_journey

ROOT = Path(__file__).resolve().parents[2]
QUEUES = ("eligibility", "documents", "batches")
CLAIM_TIMEOUT = 4

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


# One file per document of a one-case packet: the petition, the cover sheet and the packet.
ONE_OF_EACH = ["cover-case-1.pdf", "packet-case-1.pdf", "petition-case-1.pdf"]


def _pdf_names(private_media) -> list[str]:
    """Every PDF written, by name (a document rendered twice would show twice)."""
    return sorted(p.name for p in private_media.rglob("*.pdf"))


def _broker(url: str | None = None) -> redis.Redis:
    return redis.Redis.from_url(url or settings.CELERY_BROKER_URL)


def _queues_drained(broker: redis.Redis) -> bool:
    return all(broker.llen(queue) == 0 for queue in QUEUES) and broker.hlen("unacked") == 0


def _wait_for(condition, what: str, timeout: float = 60.0, worker: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None and worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode} while waiting for {what}")
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


def _wait_for_packet(submission: Submission, what: str, worker: subprocess.Popen) -> None:
    """Until the submission's three documents are ready and the queues are empty."""
    _wait_for(
        lambda: Document.objects.filter(submission=submission, status=Document.Status.READY).count() == 3,
        what,
        worker=worker,
    )
    _wait_for(lambda: _queues_drained(_broker()), "the queues to drain", worker=worker)


@pytest.fixture
def celery_worker_process(postgres_and_redis, private_media, tmp_path):
    """A real `celery worker` in its own process, on the test database and a private media folder."""
    with _worker(settings.CELERY_BROKER_URL, private_media, tmp_path) as worker:
        yield worker


@contextlib.contextmanager
def _worker(broker_url: str, private_media, tmp_path):
    from portal.celery import app

    broker = _broker(broker_url)
    for queue in QUEUES:
        broker.delete(queue)
    broker.delete("unacked", "unacked_index")

    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "PRIVATE_MEDIA_ROOT": str(private_media),
        "DATABASE_CONN_MAX_AGE": "0",
        # A killed worker's claim runs out quickly here (a render takes about a second).
        "TASK_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT),
        # Small chunks, so that a batch is many tasks.
        "BATCH_CHUNK_PEOPLE": "50",
    }
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--queues",
                ",".join(QUEUES),
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    assert not app.conf.task_always_eager, "the integration test must not run tasks inline"
    try:
        _wait_for(lambda: "ready" in log_path.read_text(), "the worker to start", worker=worker)
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        print(log_path.read_text()[-5000:])
        # The worker's database connections must be gone before the test database is flushed.
        connection.close()


def test_a_real_worker_checks_the_answers_and_renders_the_petition(client, celery_worker_process, private_media):
    from expunge.services.submissions import check_eligibility

    posted = walk_journey(client, full_name="José Núñez")
    token = re.search(r"/apply/([\w-]+)/checking/", posted["Location"]).group(1)
    submission = Submission.objects.get()
    # A duplicate delivery, as a broker may make: the task must do the work once.
    check_eligibility.delay(submission.pk)

    _wait_for_packet(submission, "the petition, the cover sheet and the packet to be rendered", celery_worker_process)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.CHECKED
    assert Determination.objects.filter(submission=submission).count() == 1
    determination = submission.latest_determination
    charge = determination.result["cases"][0]["charges"][0]
    assert charge["outcome"] == "automatically_expunged"
    assert "CP §10-105(a)(12), (c)" in [reason["citation"] for reason in charge["reasons"]]

    document = Document.objects.get(submission=submission, kind="petition")
    assert (private_media / document.file.name).read_bytes().startswith(b"%PDF")
    # One file per document (petition, cover sheet, packet), none twice despite the duplicate delivery.
    assert _pdf_names(private_media) == ONE_OF_EACH

    result = client.get(posted["Location"], follow=True)
    assert "Download your petition packet (PDF)" in result.content.decode()
    download = client.get(reverse("public:document_download", kwargs={"token": token, "pk": document.pk}))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_worker_process_killed_mid_render_has_its_document_redone_once(
    client, celery_worker_process, private_media, settings
):
    """SIGKILL to the pool process while it renders: the message goes back to the queue
    (reject on worker lost); the claim keeps the redelivery from rendering beside a worker
    that might still be alive, and once the claim runs out the sweeper sends it again."""
    from expunge.services.sweeper import sweep_overdue

    settings.TASK_CLAIM_TIMEOUT_SECONDS = CLAIM_TIMEOUT  # the sweeper here sees the claim as the worker does
    settings.SWEEP_AFTER_SECONDS = 0
    walk_journey(client, full_name="José Núñez")
    submission = Submission.objects.get()

    deadline = time.monotonic() + 60
    while not Document.objects.filter(status=Document.Status.RENDERING).exists():
        assert time.monotonic() < deadline, "no render started"
        time.sleep(0.01)
    killed = Document.objects.get(status=Document.Status.RENDERING)
    children = subprocess.run(["pgrep", "-P", str(celery_worker_process.pid)], capture_output=True, text=True)
    for pid in children.stdout.split():
        os.kill(int(pid), signal.SIGKILL)

    time.sleep(CLAIM_TIMEOUT + 0.5)
    sweep_overdue()
    _wait_for_packet(submission, "every document to be rendered after the kill", celery_worker_process)
    killed.refresh_from_db()
    assert killed.attempts >= 2  # the killed try, then the one that finished
    assert Determination.objects.filter(submission=submission).count() == 1
    assert _pdf_names(private_media) == ONE_OF_EACH


def test_a_worker_process_killed_mid_check_has_the_check_redone_once(celery_worker_process, private_media):
    """SIGKILL to the pool process in the middle of a check: its transaction (the claim,
    the determination) dies with its connection, the message goes back to the queue
    (reject on worker lost), and the check is done again, once.

    To catch the worker mid-check, another connection holds an uncommitted document row
    that the check's own insert must wait for (the unique index on submission, kind, case),
    so the kill lands after the claim and the determination, before the commit."""
    import psycopg

    from expunge.services.submissions import check_eligibility
    from tests.factories import SubmissionFactory

    submission = SubmissionFactory()
    db = connection.settings_dict
    blocker = psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
    )
    try:
        blocker.execute(
            "INSERT INTO expunge_document (submission_id, kind, case_index, form, form_revision, status, file, "
            "rules_version, attempts, failure_reason) VALUES (%s, 'petition', 0, '', '', 'pending', '', '', 0, '')",
            [submission.pk],
        )
        check_eligibility.delay(submission.pk)

        def waiting() -> bool:
            row = blocker.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()
            return bool(row and row[0])

        _wait_for(waiting, "the check to wait inside its transaction", worker=celery_worker_process)
        children = subprocess.run(["pgrep", "-P", str(celery_worker_process.pid)], capture_output=True, text=True)
        for pid in children.stdout.split():
            os.kill(int(pid), signal.SIGKILL)
    finally:
        blocker.rollback()
        blocker.close()

    _wait_for_packet(submission, "the check to be redone and its documents rendered", celery_worker_process)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.CHECKED
    assert submission.check_attempts == 2  # the killed try, then the one that finished
    assert Determination.objects.filter(submission=submission).count() == 1
    assert Document.objects.filter(submission=submission).count() == 3
    assert _pdf_names(private_media) == ONE_OF_EACH


class _RedisServer:
    """A Redis of the test's own, on its own port, that the test stops and starts."""

    def __init__(self, port: int):
        self.port, self.process = port, None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _wait_for(lambda: _pings(self.port), f"Redis to start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _pings(port: int) -> bool:
    try:
        return redis.Redis(port=port, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        return False


@contextlib.contextmanager
def _sending_to(url: str):
    """This process's Celery app sending to another broker (its connection pools dropped,
    as Celery does after a fork), and back to the usual one afterwards. Celery reads
    CELERY_BROKER_URL from the environment before its configuration."""
    from portal.celery import app

    usual = app.conf.broker_url
    with mock.patch.dict(os.environ, {"CELERY_BROKER_URL": url}):
        app.conf.broker_url = url
        app._after_fork()
        try:
            yield
        finally:
            app.conf.broker_url = usual
    app._after_fork()


def test_with_redis_stopped_at_submit_the_answers_are_checked_once_it_is_back(
    client, postgres_and_redis, private_media, tmp_path, settings
):
    """Redis stops before the resident sends their answers: the consent still answers at
    once, with the "checking" page; when Redis is back the sweeper sends the check, and the
    worker makes one determination and one packet."""
    from expunge.services.sweeper import sweep_overdue

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"redis://127.0.0.1:{port}/0"
    settings.SWEEP_AFTER_SECONDS = 0
    redis_server = _RedisServer(port)
    redis_server.start()
    try:
        with _sending_to(url), _worker(url, private_media, tmp_path) as worker:
            redis_server.stop()  # Redis goes down
            started = time.monotonic()
            posted = walk_journey(client, full_name="José Núñez")
            assert time.monotonic() - started < 30  # never held up for the broker's sake
            assert "/checking/" in posted["Location"]
            assert client.get(posted["Location"]).status_code == 200
            submission = Submission.objects.get()
            assert submission.status == Submission.Status.SUBMITTED

            redis_server.start()  # Redis is back
            sweep_overdue()
            _wait_for(
                lambda: Document.objects.filter(submission=submission, status=Document.Status.READY).count() == 3,
                "the check and the packet once Redis is back",
                timeout=120,
                worker=worker,
            )
            _wait_for(lambda: _queues_drained(_broker(url)), "the queues to drain", worker=worker)
        assert Determination.objects.filter(submission=submission).count() == 1
        assert _pdf_names(private_media) == ONE_OF_EACH
    finally:
        redis_server.stop()


def test_the_database_connection_dropped_during_a_render_is_retried_and_the_packet_made(
    client, celery_worker_process, private_media
):
    """Every database connection but this test's is cut while a document renders (as a
    failover or a restart would): the render fails on a transient error, the task retries
    (30 s later), takes over its own expired claim, and every document is made once."""
    walk_journey(client, full_name="José Núñez")
    submission = Submission.objects.get()
    deadline = time.monotonic() + 60
    while not Document.objects.filter(status=Document.Status.RENDERING).exists():
        assert time.monotonic() < deadline, "no render started"
        time.sleep(0.01)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    _wait_for(
        lambda: Document.objects.filter(submission=submission, status=Document.Status.READY).count() == 3,
        "every document after the connection was cut",
        timeout=120,
        worker=celery_worker_process,
    )
    _wait_for(lambda: _queues_drained(_broker()), "the queues to drain", worker=celery_worker_process)
    assert Determination.objects.filter(submission=submission).count() == 1
    assert _pdf_names(private_media) == ONE_OF_EACH


def _flat_records(people: int) -> bytes:
    """One row per charge for `people` people, two charges each."""
    lines = ["PartyID,Name,DOB,Case Number,Location,Charge No,Statute,Description,Disposition,Disposition Date"]
    for n in range(people):
        for charge, (statute, description, disposition) in enumerate(
            [("CR 5-601", "CDS: POSSESSION-MARIHUANA", "GUILTY"), ("CR 3-203", "ASSAULT-SEC DEGREE", "NOLLE PROSEQUI")],
            start=1,
        ):
            lines.append(
                f'P{n},"PERSON, NUMBER {n}",04/12/1980,4B{n:08d},Baltimore City,{charge},{statute},'
                f"{description},{disposition},05/10/2015"
            )
    return ("\n".join(lines) + "\n").encode()


def _batch_done(batch_id: int) -> bool:
    from expunge.models import Batch

    return Batch.objects.get(pk=batch_id).status == Batch.Status.DONE


def _check_batch(batch_id: int, people: int) -> None:
    from expunge.models import Batch, BatchDecision, BatchPerson

    batch = Batch.objects.get(pk=batch_id)
    assert batch.people_count == people
    rows = BatchPerson.objects.filter(batch=batch)
    assert rows.count() == people
    assert rows.values("key").distinct().count() == people
    assert BatchDecision.objects.filter(batch=batch).count() == people
    assert batch.summary["reconcile"]["balanced"]
    assert sum(batch.summary["charges"].values()) == 2 * people


def test_a_real_worker_decides_a_three_table_batch(celery_worker_process, organisation):
    from expunge.models import Batch, BatchPerson
    from expunge.services.batches import batch_create
    from tests.batches.samples import THREE_TABLES

    batch, _created = batch_create(organisation=organisation, files=THREE_TABLES)
    _wait_for(lambda: _batch_done(batch.pk), "the batch to be decided", worker=celery_worker_process)
    _wait_for(lambda: _queues_drained(_broker()), "the queues to drain", worker=celery_worker_process)
    batch.refresh_from_db()
    assert (batch.people_count, batch.charge_count, batch.rows_refused) == (2, 4, 1)
    assert batch.summary["reconcile"]["balanced"]
    assert BatchPerson.objects.filter(batch=batch).count() == 2
    assert batch.stored_files == [] and Batch.objects.count() == 1


def test_a_worker_process_killed_mid_batch_has_its_chunk_redone_without_duplicates(celery_worker_process, organisation):
    """SIGKILL to the pool process while it decides a chunk: the message goes back to the
    queue (late acks, reject on worker lost), the chunk is done again, and every person is
    decided once, with no second row."""
    from expunge.models import BatchDecision
    from expunge.services.batches import batch_create

    people = 2000
    batch, _created = batch_create(organisation=organisation, files=[("records.csv", _flat_records(people))])

    def some_decided():
        decided = BatchDecision.objects.filter(batch_id=batch.pk).count()
        return 0 < decided < people

    _wait_for(some_decided, "the first chunks to be decided", worker=celery_worker_process)
    children = subprocess.run(["pgrep", "-P", str(celery_worker_process.pid)], capture_output=True, text=True)
    assert children.stdout.split(), "the worker has a pool process"
    for pid in children.stdout.split():
        os.kill(int(pid), signal.SIGKILL)
    _wait_for(lambda: _batch_done(batch.pk), "the batch to be finished", timeout=180, worker=celery_worker_process)
    _wait_for(lambda: _queues_drained(_broker()), "the queues to drain", worker=celery_worker_process)
    _check_batch(batch.pk, people)

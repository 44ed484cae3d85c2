"""A real Celery worker, a real Redis and the test database, for the notification tests.

Each test gets a queue of its own on the suite's Redis (CELERY_BROKER_URL), a worker
subprocess consuming only that queue from the same test database as the test, and folders
where the worker's SMS and e-mail backends write what they send. The test process publishes
to that queue through `portal.celery.app`, switched for the test and restored after.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from kombu.pools import ProducerPool

from tests.conftest import _service_missing

BASE_DIR = Path(settings.BASE_DIR)
READY_TIMEOUT = 60
STOP_TIMEOUT = 15


def wait_for(predicate, *, timeout: float, what: str, workers=(), interval: float = 0.1):
    """Poll until predicate() is truthy; fail with the workers' logs if it never is."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            logs = "\n".join(worker.tail() for worker in workers)
            pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n{logs}")
        time.sleep(interval)


def worker_database_url() -> str:
    """The database the test runs on (pytest-django renamed it test_<name>), as a URL."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


class Worker:
    """`celery worker` in a process group of its own, logging to a file."""

    def __init__(self, *, name: str, broker_url: str, queue: str, env: dict, log_path: Path):
        self.name = name
        self.log_path = log_path
        command = [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "portal",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "1",
            "--pool",
            "prefork",
            "-Q",
            queue,
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        full_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "CELERY_BROKER_URL": broker_url,
            "DATABASE_URL": worker_database_url(),
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=full_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the pool child dies with it
            )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tail(self, lines: int = 60) -> str:
        text = "\n".join(self.log().splitlines()[-lines:])
        return f"--- worker {self.name} (exit {self.process.poll()}) ---\n{text}"

    def wait_ready(self) -> Worker:
        wait_for(
            lambda: " ready." in self.log() or self.process.poll() is not None,
            timeout=READY_TIMEOUT,
            what=f"worker {self.name} to start",
            workers=[self],
        )
        if self.process.poll() is not None:
            pytest.fail(f"Worker {self.name} exited on start.\n{self.tail()}")
        return self

    def finished(self, task: str = "send_delivery") -> list[str]:
        """The results the worker logged for each run of a task that finished."""
        marker = f"tasks.{task}["
        return [
            line.rsplit(": ", 1)[-1].strip().strip("'")
            for line in self.log().splitlines()
            if marker in line and " succeeded in " in line
        ]

    def kill(self) -> None:
        """Dies at once, with whatever it was doing: SIGKILL to the whole process group."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), then SIGKILL if it does not stop in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=STOP_TIMEOUT)
        self.kill()


class RedisServer:
    """A throwaway redis-server on a port of its own, to stop and start again."""

    def __init__(self, tmp_path: Path):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.tmp_path = tmp_path
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)

        def answers():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        wait_for(answers, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    for port in range(6390, 6490):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _forget(client: redis.Redis, token: str) -> None:
    """Remove from Redis every trace of a test's queue and workers (names contain token)."""
    for key in client.scan_iter(match=f"*{token}*"):
        client.delete(key)
    for key in client.scan_iter(match="_kombu.binding.*"):
        for member in client.smembers(key):
            if token.encode() in member:
                client.srem(key, member)
    # Messages a killed worker never acknowledged would be restored to the queue in an hour.
    for tag, value in client.hscan_iter("unacked"):
        if token.encode() in value:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


@contextlib.contextmanager
def publishing_to(broker_url: str, queue: str):
    """Make portal.celery.app publish to this broker and queue, then put it back.

    Changing settings.CELERY_BROKER_URL does nothing once the app is configured, and the
    app's connection and producer pools remember the broker they were made for.
    """
    from portal.celery import app

    saved = {
        "broker_url": app.conf.broker_url,
        "task_default_queue": app.conf.task_default_queue,
    }
    saved_pool, saved_producers = app._pool, app.amqp._producer_pool
    # Celery reads CELERY_BROKER_URL from the environment before its own settings.
    saved_environment = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = broker_url
    app.conf.broker_url = broker_url
    app.conf.task_default_queue = queue
    pool = app.connection_for_write(broker_url).Pool(limit=app.conf.broker_pool_limit)
    producers = ProducerPool(pool, limit=pool.limit)
    app._pool, app.amqp._producer_pool = pool, producers
    try:
        yield app
    finally:
        producers.force_close_all()
        pool.force_close_all()
        app._pool, app.amqp._producer_pool = saved_pool, saved_producers
        for name, value in saved.items():
            setattr(app.conf, name, value)
        if saved_environment is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environment


class CeleryRig:
    """What one test needs: its queue, its workers, and where they write what they send."""

    def __init__(self, tmp_path: Path, broker_url: str):
        self.token = f"fxtest-{uuid.uuid4().hex[:10]}"
        self.queue = self.token
        self.broker_url = broker_url
        self.tmp_path = tmp_path
        self.sms_dir = tmp_path / "sms"
        self.email_dir = tmp_path / "email"
        self.workers: list[Worker] = []

    def worker_env(self, **extra) -> dict:
        return {
            "SMS_BACKEND": "portal.sms.FileBackend",
            "SMS_FILE_PATH": str(self.sms_dir),
            "EMAIL_BACKEND": "tests.notifications.flaky.JsonlEmailBackend",
            "TEST_EMAIL_DIR": str(self.email_dir),
            **extra,
        }

    def start_worker(self, **env) -> Worker:
        name = f"{self.token}-{len(self.workers) + 1}"
        worker = Worker(
            name=name,
            broker_url=self.broker_url,
            queue=self.queue,
            env=self.worker_env(**env),
            log_path=self.tmp_path / f"{name}.log",
        )
        self.workers.append(worker)
        return worker.wait_ready()

    def sms_lines(self) -> list[str]:
        path = self.sms_dir / "sms.jsonl"
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    def email_lines(self) -> list[str]:
        path = self.email_dir / "email.jsonl"
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    def drain(self, worker: Worker, timeout: float = 30) -> None:
        """Wait until the worker has run every task queued so far (one process, FIFO): queue a
        no-op send_delivery and wait for its result to be logged."""
        from portal.notifications.tasks import send_delivery

        before = len(worker.finished())
        send_delivery.apply_async(args=[0])  # no delivery has id 0: "skipped"
        wait_for(
            lambda: len(worker.finished()) > before,
            timeout=timeout,
            what="the worker to reach the end of its queue",
            workers=[worker],
        )

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.stop()


@pytest.fixture
def celery_rig(transactional_db, redis_broker, tmp_path):
    """A queue on the suite's Redis that the test publishes to; workers started on demand.

    Depends on transactional_db, so the workers are stopped before the tables are flushed.
    """
    rig = CeleryRig(tmp_path, settings.CELERY_BROKER_URL)
    try:
        with publishing_to(rig.broker_url, rig.queue):
            yield rig
    finally:
        rig.stop_all()
        _forget(redis_broker, rig.token)


@pytest.fixture
def own_redis(transactional_db, tmp_path):
    """A redis-server of the test's own, which the test may stop and start again."""
    if not shutil.which("redis-server"):
        _service_missing("redis-server is not installed (needed to stop and restart a broker)")
    server = RedisServer(tmp_path)
    rig = CeleryRig(tmp_path, server.url)
    try:
        server.start()
        with publishing_to(server.url, rig.queue):
            yield server, rig
    finally:
        rig.stop_all()
        server.stop()

"""Fixtures of the fault tests: a PostgreSQL cluster of the test's own to stop and start,
a throw-away redis-server (from the notification tests), folders outside pytest's own."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

# The broker that can be stopped and started again, with Celery workers on demand.
from tests.notifications.conftest import own_redis  # noqa: F401

from .portal import database_url

POSTGRES_USER = "postgres"


def _postgres_bin() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


def _free_port(first: int = 5439) -> int:
    for port in range(first, first + 60):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port for a PostgreSQL cluster")


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run by the postgres user when the tests run
    as root (PostgreSQL refuses to run as root), trusting local connections as `root`."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="fanxiang-faults-pg-"))
        self.data = self.dir / "data"
        self.log_path = self.dir / "postgres.log"
        self.as_root = os.getuid() == 0
        if self.as_root:
            shutil.chown(self.dir, POSTGRES_USER)
        self.dir.chmod(0o700)
        self.run("initdb", "-D", self.data, "-A", "trust", "-U", "root", "--no-sync", "-E", "UTF8")

    def run(self, program: str, *args, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / program), *map(str, args)]
        if self.as_root:
            command = ["runuser", "-u", POSTGRES_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"{program} failed:\n{result.stdout}{result.stderr}\n{self.log()}")
        return result

    def log(self) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-3000:]
        return ""

    def url(self, name: str) -> str:
        return database_url(name, f"postgres://root@127.0.0.1:{self.port}/postgres")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir}"
        self.run("pg_ctl", "-D", self.data, "-l", self.log_path, "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def answers(self) -> bool:
        result = self.run("pg_isready", "-h", "127.0.0.1", "-p", self.port, check=False)
        return result.returncode == 0

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def postgres_cluster():
    """A cluster of the test's own on a port of its own; removed at the end, even on failure."""
    from tests.conftest import _service_missing

    bin_dir = _postgres_bin()
    if bin_dir is None or not (bin_dir / "pg_ctl").exists():
        _service_missing("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if os.getuid() == 0 and not shutil.which("runuser"):
        _service_missing("runuser is missing: PostgreSQL cannot run as root without it")
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
        deadline = time.monotonic() + 30
        while not cluster.answers() and time.monotonic() < deadline:
            time.sleep(0.2)
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def scratch():
    """A folder outside pytest's (whose parent only root may enter), removed at the end."""
    path = Path(tempfile.mkdtemp(prefix="fanxiang-faults-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)

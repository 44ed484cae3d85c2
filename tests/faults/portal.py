"""A real portal for the fault tests: a database of its own, gunicorn with production settings
(as `make bench` starts it, see bench/load.py) and a small HTTP client that signs in."""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit, urlunsplit

import psycopg

from bench.load import free_port, stop_server, wait_until_up, workers

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT = 20


def database_url(name: str, base: str | None = None) -> str:
    """The URL of database `name` on the server of `base` (DATABASE_URL by default)."""
    parts = urlsplit(base or os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + quote(name)))


def database_name(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


def maintenance_url(url: str) -> str:
    return database_url("postgres", url)


def sql(url: str, query: str, params=()) -> list[tuple]:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description else []


@contextlib.contextmanager
def fresh_database(url: str):
    """An empty database at `url`, made anew and dropped at the end whatever happens."""
    name = database_name(url)
    admin = maintenance_url(url)
    sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    sql(admin, f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        with contextlib.suppress(psycopg.Error):
            sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def portal_env(*, url: str, var_dir: Path, **extra) -> dict:
    """The environment of every process of one portal on database `url`, files under var_dir:
    the same keys for all of them (what one writes encrypted, the others read)."""
    return {
        **os.environ,
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": url,
        "FANXIANG_VAR_DIR": str(var_dir),
        "FANXIANG_MEDIA_ROOT": str(var_dir / "media"),
        # A broker in a folder: the tasks these portals enqueue are not the test's subject.
        "CELERY_BROKER_URL": "filesystem://",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def make_drafts(env: dict, count: int, *, submit: bool = False) -> list[dict]:
    """Applicants with complete drafts in that portal (see tests/faults/drafts.py)."""
    command = [sys.executable, "-m", "tests.faults.drafts", str(count)]
    result = subprocess.run(
        [*command, *(["--submit"] if submit else [])],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def demo_portal(env: dict) -> None:
    """Migrated, with the demo data of `make run`."""
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")


class Gunicorn:
    """gunicorn with production settings (DEBUG off), as bench/load.py runs it, logging to a
    file; `workers()` of the sync class."""

    def __init__(self, env: dict, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        server_env = {
            **env,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(45),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "FANXIANG_MANIFEST_STATIC": "false",
            "FANXIANG_BENCH_FLOOR": "true",  # wait_until_up asks the floor page
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore:No directory at",
        }
        command = [sys.executable, "-m", "gunicorn", "portal.wsgi"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(workers())]
        command += ["--worker-class", "sync", "--log-level", "warning"]
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            wait_until_up(self.process, self.port)
        except Exception:
            self.stop()
            raise AssertionError(f"gunicorn did not start:\n{self.log()}") from None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def worker_pids(self) -> list[int]:
        """The worker processes: the children of the master."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in path.read_text().split())

    def client(self) -> WebClient:
        return WebClient(self.port)

    def stop(self) -> None:
        if self.process.poll() is None:
            stop_server(self.process)


@contextlib.contextmanager
def gunicorn(env: dict, log_path: Path):
    server = Gunicorn(env, log_path)
    try:
        yield server
    finally:
        server.stop()


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def __repr__(self) -> str:
        return f"<Response {self.status} {self.text[:200]!r}>"


class WebClient:
    """One visitor: keeps its cookies (also the Secure ones, since the test speaks plain HTTP
    on loopback), follows no redirect, sends the CSRF token with every form."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        headers = {"Accept-Language": "zh-hans"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return Response(response.status, response.headers, content)
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict) -> Response:
        """GET the page, then POST its hidden fields (the CSRF token among them) and `data`."""
        page = self.get(path)
        if page.status != 200:
            return page
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
        assert "csrfmiddlewaretoken" in hidden, f"no CSRF token on {path}"
        hidden.pop("next", None)  # the language switch's, in the page header
        return self.request("POST", path, {**hidden, **data})

    def login(self, username: str, password: str) -> Response:
        response = self.post_form("/accounts/login/", {"username": username, "password": password})
        if response.status == 302:
            assert "sessionid" in self.cookies, response
        return response

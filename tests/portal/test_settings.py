"""Settings safety: production refuses to start unsafe, and `check --deploy` finds nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz!@#$%^&*()"
FIELD_KEY = "ZtbqNfgiyYO7W3cAv0cSOSrtTk43nBeyI-mGSjxvtm0="


def run_env() -> dict[str, str]:
    """The environment of the tests, without the portal's own settings."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FANXIANG_", "FIELD_ENCRYPTION_"))
    }


def run_manage(*args, **env):
    environment = run_env()
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_on_the_default_secret_key():
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage(
        "check",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="too-short",
        DJANGO_ALLOWED_HOSTS="portal.example",
    )
    assert result.returncode != 0
    assert "50 characters" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_a_field_encryption_key():
    result = run_manage(
        "check",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="portal.example",
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_a_field_encryption_key_that_is_not_a_fernet_key_is_refused():
    result = run_manage("check", FIELD_ENCRYPTION_KEYS=f"{FIELD_KEY},not-a-key")
    assert result.returncode != 0
    assert "Fernet.generate_key()" in result.stderr


def test_a_misspelt_boolean_is_refused_not_guessed():
    result = run_manage("check", DJANGO_DEBUG="flase")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "portal.example",
    "FIELD_ENCRYPTION_KEYS": FIELD_KEY,
}


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    static = {"FANXIANG_STATIC_ROOT": str(tmp_path / "static"), **PRODUCTION}
    collected = run_manage("collectstatic", "--noinput", "-v0", **static)
    assert collected.returncode == 0, collected.stderr
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **static)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_the_collected_static_files(tmp_path):
    static = {"FANXIANG_STATIC_ROOT": str(tmp_path / "never-collected"), **PRODUCTION}
    result = run_manage("check", **static)
    assert result.returncode != 0
    assert "portal.E001" in result.stderr and "collectstatic --noinput" in result.stderr
    # The web server, which runs no system check, does not start either.
    server = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=ROOT,
        env={**run_env(), **static},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert server.returncode != 0 and "collectstatic --noinput" in server.stderr


def test_development_defaults_need_no_services(tmp_path):
    """With nothing set the portal uses SQLite and a broker on disk: `make run` needs no server."""
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL, "
        "settings.TIME_ZONE, settings.CELERY_TIMEZONE, settings.LANGUAGE_CODE)",
        FANXIANG_VAR_DIR=str(tmp_path),
        DATABASE_URL="",
        CELERY_BROKER_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "Asia/Shanghai",
        "Asia/Shanghai",
        "zh-hans",
    ]
    assert (tmp_path / "celery-broker" / "queue").is_dir()


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql(django_db_blocker):
    from django.db import connection

    assert connection.vendor == "postgresql"


def test_migrations_match_the_models():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_embedded_broker_keeps_everything_under_var(tmp_path):
    """`make run` with nothing set: the file broker's broadcast exchange (worker control, as
    `celery inspect` uses it) goes under var/, never into the folder the portal runs from."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FANXIANG_", "FIELD_ENCRYPTION_"))
        and key not in ("DATABASE_URL", "CELERY_BROKER_URL")
    }
    environment.update(
        FANXIANG_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    subprocess.run(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "portal",
            "inspect",
            "ping",
            "--timeout",
            "0.5",
        ],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )  # no worker answers: what matters is where the broadcast went
    assert list(workdir.iterdir()) == []
    assert list((tmp_path / "var" / "celery-broker" / "control").glob("*.exchange"))


CONCURRENT_WRITERS = """
import threading, time
from django.db import close_old_connections, transaction
from applications.models import Holiday
import datetime
failures = []
def write(n):
    try:
        for k in range(5):
            with transaction.atomic():
                Holiday.objects.count()  # a read first, then a write: the lock is upgraded
                time.sleep(0.01)
                Holiday.objects.create(
                    date=datetime.date(2030, 1, 1) + datetime.timedelta(days=n * 10 + k),
                    name_zh="假", name_en="Holiday",
                )
    except Exception as error:
        failures.append(repr(error))
    finally:
        close_old_connections()
threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
print("failures", failures, "rows", Holiday.objects.count())
"""


def test_the_embedded_sqlite_serves_writers_at_once_in_turn(tmp_path):
    """`make run`'s SQLite: eight people saving at once all succeed (they wait their turn)."""
    sqlite = {"FANXIANG_VAR_DIR": str(tmp_path), "DATABASE_URL": "", "CELERY_BROKER_URL": ""}
    migrated = run_manage("migrate", "--noinput", "-v0", **sqlite)
    assert migrated.returncode == 0, migrated.stderr
    result = run_manage("shell", "--no-imports", "-c", CONCURRENT_WRITERS, **sqlite)
    assert result.returncode == 0, result.stderr
    assert "failures [] rows 40" in result.stdout, result.stdout

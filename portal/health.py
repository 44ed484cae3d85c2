"""Is each service the portal needs reachable? Each check returns None or what went wrong."""

from django.conf import settings
from django.db import connections
from kombu import Connection

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> str | None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not reachable"
        return type(exc).__name__
    return None


def check_broker() -> str | None:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=BROKER_TIMEOUT_SECONDS,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        ) as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
            )
    except Exception as exc:
        return type(exc).__name__
    return None


CHECKS = {"database": check_database, "broker": check_broker}


def run_checks() -> dict[str, str | None]:
    return {name: check() for name, check in CHECKS.items()}

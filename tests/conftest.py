import os

import pytest
import redis
from django.conf import settings

from tests.factories import DepartmentFactory, ParkFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached (public pages, throttles): the database is new too."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _suite_runs_on_postgresql(django_db_setup, django_db_blocker):
    """The suite tests what production runs: PostgreSQL, never the SQLite of `make run`."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(
            f"The test suite needs PostgreSQL (DATABASE_URL); it got {engine}. Run `make test`.",
            returncode=2,
        )


def _service_missing(message):
    if IN_CI:
        pytest.fail(f"{message} (CI must have every service; a missing one is a failure)")
    pytest.skip(message)


@pytest.fixture
def redis_broker():
    """The Redis server of the test environment, as the Celery broker; fails in CI if down."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        _service_missing(f"CELERY_BROKER_URL is {url!r}, not a Redis server")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        _service_missing(f"Redis at {url} does not answer: {exc}")
    return client


# The people of the tests: who owns, who is in the right department, who should have no access.
@pytest.fixture
def hrss(db):
    return DepartmentFactory(code="hrss", name_zh="人力资源和社会保障局", name_en="HRSS Bureau")


@pytest.fixture
def market(db):
    return DepartmentFactory(code="market", name_zh="市场监督管理局", name_en="Market Bureau")


@pytest.fixture
def dianjiang_park(db):
    return ParkFactory(slug="dianjiang-startup-park")


@pytest.fixture
def changshou_park(db):
    return ParkFactory(slug="changshou-industrial-park")


@pytest.fixture
def applicant(db):
    return UserFactory(username="wang", name="王小红")


@pytest.fixture
def other_applicant(db):
    return UserFactory(username="zhao", name="赵大山")


@pytest.fixture
def official(hrss):
    return UserFactory(username="li", name="李明", role="official", department=hrss)


@pytest.fixture
def other_official(market):
    return UserFactory(username="chen", name="陈静", role="official", department=market)


@pytest.fixture
def head(hrss):
    return UserFactory(username="zhang", name="张建国", role="head", department=hrss)


@pytest.fixture
def manager(dianjiang_park):
    return UserFactory(username="liu", name="刘洋", role="manager", parks=[dianjiang_park])


@pytest.fixture
def other_manager(changshou_park):
    return UserFactory(username="sun", name="孙丽", role="manager", parks=[changshou_park])


@pytest.fixture
def administrator(db):
    return UserFactory(
        username="root-admin", name="管理员", role="admin", is_staff=True, is_superuser=True
    )

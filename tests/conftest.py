import os

import pytest
import redis
from django.conf import settings

from tests.factories import DepartmentFactory, ParkFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"

# The intake's fixtures (a draft, the draft sent, …), for every directory alike.
pytest_plugins = ["tests.fixtures"]


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="HH:MM",
        help="Run the suite with the clock moved to this time of today in Asia/Shanghai "
        "(ticking), to find tests whose outcome depends on the hour: make test "
        'PYTEST_ARGS="--clock=23:30". No test may depend on it.',
    )


def pytest_collection_modifyitems(config, items):
    """A moved clock cannot reach another process: tests of a worker or a server in a
    subprocess (marked real_clock) run at the machine's hour, as they do in CI."""
    if not config.getoption("--clock"):
        return
    skip = pytest.mark.skip(reason="--clock: its worker runs in a subprocess, at the real hour")
    for item in items:
        if item.get_closest_marker("real_clock"):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _moved_clock(request):
    """With --clock, the whole session runs from that hour of the day on (time-machine)."""
    wanted = request.config.getoption("--clock")
    if not wanted:
        yield
        return
    import datetime
    import zoneinfo

    import time_machine

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    hour, minute = (int(part) for part in wanted.split(":"))
    start = datetime.datetime.now(shanghai).replace(hour=hour, minute=minute, second=0)
    with time_machine.travel(start, tick=True):
        yield


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
    return DepartmentFactory(
        code="hrss", kind="hrss", name_zh="人力资源和社会保障局", name_en="HRSS Bureau"
    )


@pytest.fixture
def market(db):
    return DepartmentFactory(
        code="market", kind="market", name_zh="市场监督管理局", name_en="Market Bureau"
    )


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

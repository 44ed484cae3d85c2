import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from services.models import Department, Park, Programme

pytestmark = pytest.mark.django_db
User = get_user_model()

KINDS = {"hrss", "market", "scitech", "agri", "tax", "civil", "women", "drc"}
PARKS = {
    "dianjiang-industrial-park",
    "dianjiang-startup-park",
    "changlong-startup-park",
    "longqiao-startup-park",
    "changshou-industrial-park",
}
USERS = {
    "applicant",
    "official-hrss",
    "head-hrss",
    "official-market",
    "manager-dianjiang",
    "admin",
    "official-hrss-changshou",
    "manager-changshou",
    "manager-chongqing",
    "admin-changshou",
}


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def counts():
    return Department.objects.count(), Park.objects.count(), User.objects.count()


def test_seed_makes_the_departments_parks_and_people(seeded):
    # Both jurisdictions of the source project have all eight bureaus; the municipality has
    # the HRSS bureau that owns the municipal programmes.
    for code in ("500231", "500115"):
        kinds = Department.objects.filter(jurisdiction__code=code).values_list("kind", flat=True)
        assert set(kinds) == KINDS
    assert list(
        Department.objects.filter(jurisdiction__code="500000").values_list("kind", flat=True)
    ) == ["hrss"]
    assert set(Park.objects.values_list("slug", flat=True)) == PARKS
    assert Park.objects.get(slug="changshou-industrial-park").jurisdiction.code == "500115"
    assert set(User.objects.values_list("username", flat=True)) == USERS
    official = User.objects.get(username="official-hrss")
    assert (official.department.code, official.department.jurisdiction.code) == ("hrss", "500231")
    changshou = User.objects.get(username="official-hrss-changshou").department
    assert (changshou.kind, changshou.jurisdiction.code) == ("hrss", "500115")
    assert [
        park.slug for park in User.objects.get(username="manager-changshou").managed_parks.all()
    ] == ["changshou-industrial-park"]
    # The Box 3 trainings and the finance are municipal; the association is Changshou's.
    syb = Programme.objects.get(slug="syb-training")
    assert syb.department.jurisdiction.code == "500000"
    assert "changshou-industrial-park" in {park.slug for park in syb.parks.all()}
    association = Programme.objects.get(slug="female-entrepreneurs-association").department
    assert (association.kind, association.jurisdiction.code) == ("women", "500115")
    assert User.objects.get(username="head-hrss").role == "head"
    assert set(
        User.objects.get(username="manager-dianjiang").managed_parks.values_list("slug", flat=True)
    ) == {"dianjiang-industrial-park", "dianjiang-startup-park"}
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser


def test_seed_twice_changes_nothing(seeded, settings):
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


@pytest.mark.parametrize("username", sorted(USERS))
def test_demo_logins_work(seeded, client, username):
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "demo12345"}
    )
    assert response.status_code == 302


def test_seed_refuses_to_run_with_debug_off(settings, capsys):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
    assert counts() == (0, 0, 0)


def test_seed_prints_the_demo_logins(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username in USERS:
        assert username in out
    assert "demo12345" in out

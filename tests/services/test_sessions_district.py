"""A municipal training runs in every district: each session is held in one district and offered
to the people living there (the review step, the seat held, the programme page); a district's
own training is held in that district only; the park manager's form and the API say where."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from applications import actions
from services import actions as catalogue_actions
from services.jurisdictions import DISTRICT_COOKIE
from services.models import Programme, TrainingSession
from tests.factories import (
    DepartmentFactory,
    JurisdictionFactory,
    ParkFactory,
    ProgrammeFactory,
    TrainingSessionFactory,
    UserFactory,
    changshou,
    municipality,
)
from tests.services.test_jurisdictions import returnee

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    """SYB owned by the municipal HRSS bureau, with a session in Dianjiang and one in
    Changshou; Fuling has an HRSS bureau and no session; Dianjiang's own welding course."""
    dianjiang, chang = JurisdictionFactory(), changshou()
    fuling = JurisdictionFactory(
        code="500102", name_zh="涪陵区", name_en="Fuling District", parent=municipality()
    )
    city = DepartmentFactory(jurisdiction=municipality(), code="hrss", kind="hrss")
    dj_hrss = DepartmentFactory(jurisdiction=dianjiang, code="hrss", kind="hrss")
    for place in (chang, fuling):
        DepartmentFactory(jurisdiction=place, code="hrss", kind="hrss")
    syb = ProgrammeFactory(slug="syb-training", department=city, kind=Programme.Kind.TRAINING)
    syb.parks.add(
        ParkFactory(slug="dianjiang-park"), ParkFactory(slug="changshou-park", jurisdiction=chang)
    )
    welding = ProgrammeFactory(slug="welding", department=dj_hrss, kind=Programme.Kind.TRAINING)
    sessions = {
        "dianjiang": TrainingSessionFactory(
            programme=syb,
            jurisdiction=dianjiang,
            starts_at=at(14),
            ends_at=at(18, 17),
            place_zh="垫江县工业园区培训中心",
            place_en="Dianjiang Industrial Park Training Centre",
        ),
        "changshou": TrainingSessionFactory(
            programme=syb,
            jurisdiction=chang,
            starts_at=at(21),
            ends_at=at(25, 17),
            place_zh="长寿区工业园区培训室",
            place_en="Changshou Industrial Park Training Room",
        ),
    }
    places = {"dianjiang": dianjiang, "changshou": chang, "fuling": fuling}
    return places, {"syb": syb, "welding": welding}, sessions


def _choices(page: str) -> set[int]:
    fieldset = re.search(r"<fieldset.*?</fieldset>", page, re.S)
    return (
        {int(pk) for pk in re.findall(r'id="session-(\d+)"', fieldset.group(0))}
        if fieldset
        else set()
    )


def test_a_changshou_returnee_is_offered_the_sessions_held_in_changshou_only(client, world):
    places, programmes, sessions = world
    user = returnee(places["changshou"], 1)
    draft = actions.application_start(applicant=user, programmes=[programmes["syb"]])
    client.force_login(user)
    page = client.get(reverse("applications:step_review", args=[draft.pk])).content.decode()
    assert _choices(page) == {sessions["changshou"].pk}
    assert "长寿区工业园区培训室" in page
    assert "垫江县工业园区培训中心" not in page


def test_a_session_of_another_district_is_refused_and_no_seat_is_held(world):
    places, programmes, sessions = world
    user = returnee(places["changshou"], 2)
    draft = actions.application_start(applicant=user, programmes=[programmes["syb"]])
    syb = programmes["syb"].pk
    with pytest.raises(ValidationError) as refused:
        actions.application_submit(
            application=draft, by=user, sessions={syb: str(sessions["dianjiang"].pk)}
        )
    assert refused.value.error_list[0].code == "session"
    assert "选择" in refused.value.messages[0]
    assert TrainingSession.objects.get(pk=sessions["dianjiang"].pk).seats_taken == 0

    [referral] = actions.application_submit(
        application=draft, by=user, sessions={syb: str(sessions["changshou"].pk)}
    )
    assert referral.department.jurisdiction == places["changshou"]
    assert draft.items.get().session_id == sessions["changshou"].pk
    assert TrainingSession.objects.get(pk=sessions["changshou"].pk).seats_taken == 1


def test_where_no_session_is_held_yet_the_application_goes_without_one(client, world):
    places, programmes, _sessions = world
    user = returnee(places["fuling"], 3)
    draft = actions.application_start(applicant=user, programmes=[programmes["syb"]])
    client.force_login(user)
    page = client.get(reverse("applications:step_review", args=[draft.pk])).content.decode()
    assert _choices(page) == set()
    [referral] = actions.application_submit(application=draft, by=user)
    assert referral.department.jurisdiction == places["fuling"]
    assert draft.items.get().session_id is None


def test_the_programme_page_lists_the_sessions_where_the_visitor_lives(client, world):
    _places, _programmes, _sessions = world
    url = reverse("services:programme", args=["syb-training"])
    everywhere = client.get(url).content.decode()
    assert "垫江县 垫江县工业园区培训中心" in everywhere
    assert "长寿区 长寿区工业园区培训室" in everywhere

    client.cookies[DISTRICT_COOKIE] = "500115"
    here = client.get(url).content.decode()
    assert "长寿区工业园区培训室" in here
    assert "垫江县工业园区培训中心" not in here

    client.cookies[DISTRICT_COOKIE] = "500102"
    none = client.get(url).content.decode()
    assert "您住的区县还没有安排培训班次" in none
    assert "培训中心" not in none and "培训室" not in none

    client.cookies[DISTRICT_COOKIE] = "500115"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Changshou Industrial Park Training Room" in english


def test_the_manager_chooses_where_a_session_is_held_among_the_programmes_districts(client, world):
    places, programmes, _sessions = world
    admin = UserFactory(username="admin-x", role="admin")
    client.force_login(admin)
    municipal = client.get(
        reverse("services:manage_session_add", args=["syb-training"])
    ).content.decode()
    select = re.search(r'<select name="jurisdiction".*?</select>', municipal, re.S).group(0)
    assert [name for name in ("垫江县", "长寿区", "涪陵区") if name in select] == [
        "垫江县",
        "长寿区",
        "涪陵区",
    ]
    county = client.get(reverse("services:manage_session_add", args=["welding"])).content.decode()
    select = re.search(r'<select name="jurisdiction".*?</select>', county, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == ["垫江县"]

    data = {
        "starts_at": "2026-12-20T09:00",
        "ends_at": "2026-12-22T17:00",
        "jurisdiction": places["changshou"].pk,
        "place_zh": "长寿区某地",
        "place_en": "",
        "seats": "20",
    }
    refused = client.post(reverse("services:manage_session_add", args=["welding"]), data)
    assert refused.status_code == 200
    assert not programmes["welding"].sessions.exists()
    assert "长寿区某地" in refused.content.decode()  # what was typed stays

    data["jurisdiction"] = places["changshou"].pk
    client.post(reverse("services:manage_session_add", args=["syb-training"]), data)
    assert programmes["syb"].sessions.filter(jurisdiction=places["changshou"]).count() == 2


def test_the_action_refuses_a_district_programmes_session_held_elsewhere(world):
    places, programmes, _sessions = world
    with pytest.raises(ValidationError) as refused:
        catalogue_actions.session_save(
            programme=programmes["welding"],
            by=UserFactory(username="admin-y", role="admin"),
            data={
                "jurisdiction": places["changshou"],
                "starts_at": at(20),
                "ends_at": at(22, 17),
                "place_zh": "长寿区某地",
                "place_en": "",
                "seats": 20,
            },
        )
    assert "jurisdiction" in refused.value.message_dict


def test_the_api_says_where_each_session_is_held(world):
    _places, _programmes, sessions = world
    body = APIClient().get("/api/v1/programmes/syb-training/").json()
    held = {session["id"]: session["district"] for session in body["sessions"]}
    assert held == {sessions["dianjiang"].pk: "500231", sessions["changshou"].pk: "500115"}


def test_the_migration_places_each_session_in_its_programmes_district_or_first_park(world):
    import importlib

    from django.apps import apps

    places, programmes, sessions = world
    migration = importlib.import_module("services.migrations.0011_session_jurisdiction")
    city = programmes["syb"].department
    elsewhere = ProgrammeFactory(slug="parkless", department=city, kind=Programme.Kind.TRAINING)
    made = {
        "county": TrainingSessionFactory(
            programme=programmes["welding"], jurisdiction=places["fuling"]
        ),
        "municipal": sessions["changshou"],
        "no park": TrainingSessionFactory(programme=elsewhere, jurisdiction=places["fuling"]),
    }
    TrainingSession.objects.filter(pk__in=[s.pk for s in made.values()]).update(
        jurisdiction=places["fuling"]  # placed wrongly: the migration decides
    )
    programmes["syb"].parks.remove(*programmes["syb"].parks.filter(slug="dianjiang-park"))
    migration.place_sessions(apps, None)
    held = {
        name: TrainingSession.objects.get(pk=s.pk).jurisdiction.code for name, s in made.items()
    }
    assert held == {"county": "500231", "municipal": "500115", "no park": "500231"}

"""The catalogue and programme pages are rendered once and kept until the catalogue changes."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from services import actions
from services.eligibility import validate_rules
from services.models import Programme
from tests.factories import DepartmentFactory, TrainingSessionFactory, changshou

pytestmark = pytest.mark.django_db

YOUNG = validate_rules({"all": [{"fact": "age", "op": "between", "value": [16, 35]}]})


def text(response):
    """The page, without the marks a search puts on the words it found."""
    assert response.status_code == 200
    return re.sub(r"</?mark>", "", response.content.decode())


def test_a_catalogue_page_seen_before_runs_no_query(
    client, make_programme, django_assert_num_queries
):
    make_programme("syb-training", title_en="SYB start-up training")
    first = text(client.get(reverse("services:catalogue"), {"q": "syb"}, HTTP_ACCEPT_LANGUAGE="en"))

    with django_assert_num_queries(0):
        again = text(
            Client().get(reverse("services:catalogue"), {"q": "syb"}, HTTP_ACCEPT_LANGUAGE="en")
        )

    assert "SYB start-up training" in again
    assert again.count("SYB start-up training") == first.count("SYB start-up training")


def test_each_language_and_query_has_its_own_page(client, make_programme):
    make_programme("syb-training", title_zh="创业培训", title_en="SYB start-up training")
    make_programme("loan", title_zh="创业担保贷款", title_en="Guarantee loan")
    catalogue = reverse("services:catalogue")

    assert "Guarantee loan" in text(client.get(catalogue, HTTP_ACCEPT_LANGUAGE="en"))
    assert "创业担保贷款" in text(Client().get(catalogue, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    searched = text(client.get(catalogue, {"q": "loan"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Guarantee loan" in searched and "SYB start-up training" not in searched


def test_a_manager_s_change_shows_at_once(client, make_programme, manager):
    programme = make_programme("syb-training", title_en="SYB start-up training")
    catalogue = reverse("services:catalogue")
    assert "SYB start-up training" in text(client.get(catalogue, HTTP_ACCEPT_LANGUAGE="en"))
    assert "SYB start-up training" in text(
        client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    )

    actions.programme_update(
        programme=programme, by=manager, data={"title_en": "Start Your Business"}
    )

    assert "Start Your Business" in text(client.get(catalogue, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Start Your Business" in text(
        client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    )
    actions.programme_set_status(programme=programme, by=manager, status=Programme.Status.CLOSED)
    assert "Start Your Business" not in text(client.get(catalogue, HTTP_ACCEPT_LANGUAGE="en"))


def test_a_session_changed_shows_its_seats(client, make_programme, manager):
    programme = make_programme("syb-training")
    session = TrainingSessionFactory(programme=programme, seats=30)
    page = programme.get_absolute_url()
    assert "30 seats left" in text(client.get(page, HTTP_ACCEPT_LANGUAGE="en"))

    actions.session_save(programme=programme, by=manager, session=session, data={"seats": 12})

    assert "12 seats left" in text(client.get(page, HTTP_ACCEPT_LANGUAGE="en"))


def test_the_cached_programme_page_still_judges_each_visitor(client, make_programme):
    programme = make_programme("youth-training", title_en="Youth training", rules=YOUNG)
    young, older = Client(), Client()
    young.post(reverse("services:screener"), {"age": "25"})
    older.post(reverse("services:screener"), {"age": "50"})

    anonymous = text(client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    fits = text(young.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    does_not = text(older.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "With the answers you gave" not in anonymous
    assert "This fits." in fits and "This does not fit." not in fits
    assert "This does not fit." in does_not
    for page in (anonymous, fits, does_not):
        assert page.count("Youth training") >= 2  # title and heading, from the cache
        assert 'href="/applications/new/?programmes=youth-training"' in page


def test_an_unknown_programme_is_404_every_time(client):
    assert client.get(reverse("services:programme", args=["nothing"])).status_code == 404
    assert client.get(reverse("services:programme", args=["nothing"])).status_code == 404


def test_a_district_renamed_shows_at_once(client, make_programme):
    programme = make_programme("syb-training")
    # Two districts with bureaus: the catalogue asks where one lives.
    DepartmentFactory(jurisdiction=changshou(), code="hrss")
    district = programme.department.jurisdiction
    catalogue = reverse("services:catalogue")
    assert district.name_en in text(client.get(catalogue, HTTP_ACCEPT_LANGUAGE="en"))

    district.name_en = "Dianjiang County (renamed)"
    district.save()

    assert "Dianjiang County (renamed)" in text(client.get(catalogue, HTTP_ACCEPT_LANGUAGE="en"))

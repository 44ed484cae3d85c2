"""The catalogue shows by default what is offered where the visitor lives: the programmes of
their district's departments and the municipal ones its bureaus handle (services/jurisdictions.py);
chosen on the page and kept in a cookie, or from the signed-in applicant's profile."""

import re

import pytest
from django.urls import reverse

from services.jurisdictions import DISTRICT_COOKIE
from tests.factories import ParkFactory, ProgrammeFactory
from tests.services.test_jurisdictions import places, returnee  # noqa: F401  # fixtures

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("services:catalogue")


def listed(response) -> set[str]:
    return set(re.findall(r'href="/programmes/([a-z0-9-]+)/"', response.content.decode()))


@pytest.fixture
def everywhere(places):  # noqa: F811
    districts, bureau, programme = places
    ParkFactory(slug="dianjiang-startup-park", jurisdiction=districts["dianjiang"])
    ParkFactory(slug="changshou-industrial-park", jurisdiction=districts["changshou"])
    return districts, bureau, {key: value.slug for key, value in programme.items()}


def test_without_a_choice_every_programme_of_the_municipality_is_listed(client, everywhere):
    _districts, _bureau, slug = everywhere
    response = client.get(CATALOGUE)
    assert listed(response) == set(slug.values())
    page = response.content.decode()
    assert '<option value="all" selected>全重庆</option>' in page
    assert '<option value="500115">长寿区</option>' in page
    assert DISTRICT_COOKIE not in response.cookies


def test_a_district_chosen_on_the_page_is_kept_for_the_next_visit(client, everywhere):
    _districts, bureau, slug = everywhere
    response = client.get(CATALOGUE, {"district": "500115"})
    changshou = {slug["syb"], slug["loan"], slug["association"]}
    assert listed(response) == changshou
    assert response.cookies[DISTRICT_COOKIE].value == "500115"
    assert (
        response.cookies[DISTRICT_COOKIE]["httponly"]
        and response.cookies[DISTRICT_COOKIE]["samesite"] == "Lax"
    )
    page = response.content.decode()
    # Its facets: Changshou's departments, a municipal programme under the bureau handling it
    # there; its service centres only.
    assert f'value="{bureau["cs-women"].hsds_key}"' in page
    assert f'value="{bureau["cs-hrss"].hsds_key}"' in page
    assert f'value="{bureau["city-hrss"].hsds_key}"' not in page
    assert f'value="{bureau["dj-market"].hsds_key}"' not in page
    facet = {d.hsds_key: d.count for d in response.context["catalogue"].departments}
    assert facet[bureau["cs-hrss"].hsds_key] == 2  # the SYB training and the loan
    handled = client.get(
        CATALOGUE, {"district": "500115", "department": bureau["cs-hrss"].hsds_key}
    )
    assert listed(handled) == {slug["syb"], slug["loan"]}
    assert "changshou-industrial-park" in page and "dianjiang-startup-park" not in page
    assert listed(client.get(CATALOGUE)) == changshou  # the next visit, from the cookie
    everything = client.get(CATALOGUE, {"district": "all"})
    assert listed(everything) == set(slug.values())
    assert everything.cookies[DISTRICT_COOKIE].value == "all"
    assert listed(client.get(CATALOGUE)) == set(slug.values())


def test_a_district_without_an_hrss_bureau_is_not_offered_the_municipal_trainings(
    client, everywhere
):
    _districts, _bureau, _slug = everywhere
    assert listed(client.get(CATALOGUE, {"district": "500102"})) == set()


def test_a_signed_in_applicant_sees_what_is_offered_where_they_live(client, everywhere):
    districts, _bureau, slug = everywhere
    client.force_login(returnee(districts["changshou"], 21))
    assert listed(client.get(CATALOGUE)) == {slug["syb"], slug["loan"], slug["association"]}
    # A choice made on the page wins over the profile.
    client.get(CATALOGUE, {"district": "500231"})
    assert listed(client.get(CATALOGUE)) == {slug["syb"], slug["loan"], slug["dj-subsidy"]}


def test_a_department_asked_for_by_name_is_shown_wherever_the_visitor_lives(client, everywhere):
    _districts, bureau, slug = everywhere
    client.cookies[DISTRICT_COOKIE] = "500115"
    directory = client.get(reverse("services:departments")).content.decode()
    link = f"?district=500231&amp;department={bureau['dj-market'].hsds_key}"
    assert link in directory  # in its own district
    response = client.get(
        CATALOGUE, {"district": "500231", "department": bureau["dj-market"].hsds_key}
    )
    assert listed(response) == {slug["dj-subsidy"]}
    # Without the district too (an older link).
    response = client.get(CATALOGUE, {"department": bureau["dj-market"].hsds_key})
    assert listed(response) == {slug["dj-subsidy"]}
    # Changshou's HRSS bureau handles the municipal trainings and loan for its people.
    cs_hrss = re.search(
        rf'id="department-{bureau["cs-hrss"].hsds_key}".*?</section>', directory, re.S
    ).group(0)
    assert "查看本部门的 2 个项目" in cs_hrss


def test_an_unknown_district_is_dropped_not_an_error(client, everywhere):
    _districts, _bureau, slug = everywhere
    response = client.get(CATALOGUE, {"district": "<script>"})
    assert response.status_code == 200 and listed(response) == set(slug.values())
    client.cookies[DISTRICT_COOKIE] = "nonsense"
    assert listed(client.get(CATALOGUE)) == set(slug.values())
    # A code of no district is neither shown, nor kept, nor a page of its own.
    response = client.get(CATALOGUE, {"district": "999999"})
    assert listed(response) == set(slug.values()) and DISTRICT_COOKIE not in response.cookies
    client.cookies[DISTRICT_COOKIE] = "500000"  # the municipality is no place one lives in
    assert listed(client.get(CATALOGUE)) == set(slug.values())


@pytest.mark.parametrize("extra", [0, 30])
def test_the_district_s_catalogue_keeps_its_number_of_queries(
    client, django_assert_num_queries, everywhere, extra
):
    _districts, bureau, _slug = everywhere
    ProgrammeFactory.create_batch(extra, department=bureau["cs-women"])
    client.get(CATALOGUE, {"district": "500115"})  # the district codes, read once an hour
    # departments, park facet, parks, count... as without a district: six.
    with django_assert_num_queries(6):
        response = client.get(CATALOGUE, {"district": "500115", "sort": "closing"})
    assert len(listed(response)) == min(20, 3 + extra)


def test_the_api_lists_what_is_offered_in_a_district(client, everywhere):
    _districts, _bureau, slug = everywhere
    answer = client.get("/api/v1/programmes/", {"district": "500115"})
    assert {row["slug"] for row in answer.json()["results"]} == {
        slug["syb"],
        slug["loan"],
        slug["association"],
    }
    assert client.get("/api/v1/programmes/", {"district": "999999"}).status_code == 400


def test_a_municipal_programme_names_the_district_s_bureau_and_centres(client, everywhere):
    _districts, bureau, slug = everywhere
    from services.models import Park, Programme

    syb = Programme.objects.get(slug=slug["syb"])
    syb.parks.set(Park.objects.all())
    page = client.get(CATALOGUE, {"district": "500115"}).content.decode()
    card = page[page.index(f'id="programme-{slug["syb"]}"') :]
    card = card[: card.index("</article>")]
    assert bureau["cs-hrss"].name in card and bureau["city-hrss"].name not in card
    parks = {park.slug: park.name for park in Park.objects.all()}
    assert parks["changshou-industrial-park"] in card
    assert parks["dianjiang-startup-park"] not in card


def test_a_municipal_programme_s_page_gives_the_contact_of_the_visitor_s_district_bureau(
    client, everywhere
):
    _districts, bureau, slug = everywhere
    bureau["cs-hrss"].phone = "023-4025 0001"
    bureau["cs-hrss"].save()
    page = reverse("services:programme", args=[slug["syb"]])
    anyone = client.get(page).content.decode()
    assert bureau["city-hrss"].name in anyone and "023-4025 0001" not in anyone
    assert "说一下您住在哪里" in anyone
    client.cookies[DISTRICT_COOKIE] = "500115"
    changshou = client.get(page).content.decode()
    assert bureau["cs-hrss"].name in changshou and "023-4025 0001" in changshou
    assert "在长寿区由这个部门办理" in changshou
    # A district's own programme names its own department, wherever one lives.
    own = client.get(reverse("services:programme", args=[slug["dj-subsidy"]])).content.decode()
    assert bureau["dj-market"].name in own and "说一下您住在哪里" not in own


def test_asking_for_a_bureau_in_its_district_gives_what_it_handles_there(client, everywhere):
    _districts, bureau, slug = everywhere
    handled = {slug["syb"], slug["loan"]}  # municipal, handled in Changshou by its HRSS
    for key in (bureau["cs-hrss"].hsds_key, bureau["city-hrss"].hsds_key):
        asked = {"district": "500115", "department": key}
        assert listed(client.get(CATALOGUE, asked)) == handled, key
        answer = client.get("/api/v1/programmes/", asked).json()
        assert {row["slug"] for row in answer["results"]} == handled, key
    # Another district's bureau asked for there: nothing of it is offered in Changshou.
    asked = {"district": "500115", "department": bureau["dj-market"].hsds_key}
    assert listed(client.get(CATALOGUE, asked)) == set()
    assert client.get("/api/v1/programmes/", asked).json()["results"] == []

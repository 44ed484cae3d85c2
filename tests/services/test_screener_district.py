"""Where one lives is a screener answer and a fact of the eligibility API: only the programmes
offered there are judged (the district's own and the municipal ones it has a bureau for), and
an applicant's first step lists those of their district."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from applications import actions
from services.jurisdictions import DISTRICT_COOKIE
from services.models import Programme
from tests.factories import ProgrammeFactory
from tests.services import test_jurisdictions as base
from tests.services.test_jurisdictions import returnee

pytestmark = pytest.mark.django_db
places = base.places  # Dianjiang, Changshou and Fuling with their bureaus and programmes
OFFERED_IN_CHANGSHOU = {
    "syb-training",
    "startup-guarantee-loan",
    "female-entrepreneurs-association",
}
EVERY = OFFERED_IN_CHANGSHOU | {"sme-subsidy"}


def judged(screening) -> set[str]:
    return {
        programme.slug
        for group in (screening.eligible, screening.maybe, screening.ineligible)
        for programme, _verdict in group
    }


def test_the_screener_asks_where_one_lives_first_with_the_choice_made_before(client, places):
    page = client.get(reverse("services:screener")).content.decode()
    assert page.index("您现在住在哪个区县？") < page.index('name="age"')
    client.cookies[DISTRICT_COOKIE] = "500115"
    page = client.get(reverse("services:screener")).content.decode()
    assert re.search(r'<option value="500115" selected>长寿区</option>', page)


def test_the_answer_keeps_the_results_to_what_is_offered_where_one_lives(client, places):
    response = client.post(reverse("services:screener"), {"district": "500115", "age": "30"})
    assert response.cookies[DISTRICT_COOKIE].value == "500115"
    results = client.get(response["Location"])
    assert judged(results.context["screening"]) == OFFERED_IN_CHANGSHOU
    assert "下面是住在长寿区的人可以申请的项目" in results.content.decode()

    # "Not sure": every programme again, and the catalogue shows all of them too.
    response = client.post(reverse("services:screener"), {"district": "", "age": "30"})
    assert response.cookies[DISTRICT_COOKIE].value == "all"
    assert judged(client.get(response["Location"]).context["screening"]) == EVERY


def test_an_unknown_district_is_refused_beside_its_field(client, places):
    response = client.post(reverse("services:screener"), {"district": "999999", "age": "30"})
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert 'value="30"' in response.content.decode()  # the other answers stay


def test_the_eligibility_api_takes_the_district_as_a_fact(places):
    api = APIClient()
    url = "/api/v1/eligibility/"
    body = api.post(url, {"facts": {"district": "500115", "age": 30}}, format="json").json()
    assert {row["programme"] for row in body["results"]} == OFFERED_IN_CHANGSHOU
    everything = api.post(url, {"facts": {"district": None, "age": 30}}, format="json").json()
    assert {row["programme"] for row in everything["results"]} == EVERY
    refused = api.post(url, {"facts": {"district": "999999"}}, format="json")
    assert refused.status_code == 400
    assert "500231" in refused.json()["facts"]["district"][0]
    municipality = api.post(url, {"facts": {"district": "500000"}}, format="json")
    assert municipality.status_code == 400  # nobody lives in the municipality as such


def test_judging_for_a_district_takes_the_same_queries_at_two_sizes(places):
    _places, bureau, _programmes = places
    api = APIClient()
    api.post("/api/v1/eligibility/", {"facts": {"district": "500115"}}, format="json")  # warm
    counts = []
    for more in (0, 20):
        for n in range(more):
            ProgrammeFactory(slug=f"more-{more}-{n}", department=bureau["cs-hrss"])
        with CaptureQueriesContext(connection) as captured:
            api.post("/api/v1/eligibility/", {"facts": {"district": "500115"}}, format="json")
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_first_step_lists_the_programmes_of_the_applicants_district(client, places):
    _places, _bureau, programmes = places
    user = returnee(_places["changshou"], 7)
    client.force_login(user)
    listed = set(
        client.get(reverse("applications:start"))
        .context["form"]
        .fields["programmes"]
        .queryset.values_list("slug", flat=True)
    )
    assert listed == OFFERED_IN_CHANGSHOU
    # A link naming another district's programme keeps it, for the step to say why it is not
    # theirs when sending.
    linked = client.get(reverse("applications:start"), {"programmes": "sme-subsidy"})
    assert "sme-subsidy" in linked.context["form"].fields["programmes"].queryset.values_list(
        "slug", flat=True
    )

    draft = actions.application_start(applicant=user, programmes=[programmes["dj-subsidy"]])
    step = client.get(reverse("applications:step_programmes", args=[draft.pk]))
    kept = set(step.context["form"].fields["programmes"].queryset.values_list("slug", flat=True))
    assert kept == OFFERED_IN_CHANGSHOU | {"sme-subsidy"}  # the draft's own stays ticked


def test_before_the_profile_the_first_step_follows_the_district_chosen(client, places):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="newcomer"))
    client.cookies[DISTRICT_COOKIE] = "500115"
    form = client.get(reverse("applications:start")).context["form"]
    assert set(form.fields["programmes"].queryset.values_list("slug", flat=True)) == (
        OFFERED_IN_CHANGSHOU
    )
    assert Programme.objects.count() == len(EVERY)

"""A municipal programme as a returnee of one district sees it: the bureau that handles it
there (screener cards, the review step), the service centres of that district (programme page,
first step), and the counter of a centre offering what is offered where it is."""

import pytest
from django.urls import reverse

from applications import actions
from services.eligibility import validate_rules
from services.jurisdictions import DISTRICT_COOKIE
from services.models import Programme
from tests.factories import ParkFactory, ProgrammeFactory, UserFactory
from tests.services import test_jurisdictions as base
from tests.services.test_jurisdictions import returnee

pytestmark = pytest.mark.django_db
places = base.places  # Dianjiang, Changshou and Fuling with their bureaus and programmes


@pytest.fixture
def centres(places):
    """A park in each district, and a municipal programme applied for at the centres only."""
    where, bureau, _programmes = places
    parks = {
        "cs": ParkFactory(
            slug="changshou-park", name_zh="长寿园区", jurisdiction=where["changshou"]
        ),
        "dj": ParkFactory(
            slug="dianjiang-park", name_zh="垫江园区", jurisdiction=where["dianjiang"]
        ),
    }
    walk_in = ProgrammeFactory(
        slug="employment-registration",
        department=bureau["city-hrss"],
        channel=Programme.Channel.OFFLINE,
        parks=[parks["cs"], parks["dj"]],
    )
    return parks, walk_in


def test_the_screener_names_the_bureau_that_handles_it_where_one_lives(client, places):
    _where, bureau, _programmes = places
    response = client.post(reverse("services:screener"), {"district": "500115", "age": "30"})
    page = client.get(response["Location"]).content.decode()
    assert bureau["cs-hrss"].name_zh in page  # the SYB training's, in Changshou
    assert bureau["city-hrss"].name_zh not in page
    focused = client.get(reverse("services:screener_results"), {"programme": "syb-training"})
    assert focused.context["focus"].delivered_here == bureau["cs-hrss"]


def test_the_review_step_names_the_district_s_bureau(client, places):
    where, bureau, programmes = places
    user = returnee(where["changshou"], 3)
    draft = actions.application_start(applicant=user, programmes=[programmes["syb"]])
    client.force_login(user)
    page = client.get(reverse("applications:step_review", args=[draft.pk])).content.decode()
    assert bureau["cs-hrss"].name_zh in page
    assert bureau["city-hrss"].name_zh not in page


def test_a_municipal_programme_s_page_lists_the_centres_of_the_visitor_s_district(client, centres):
    _parks, walk_in = centres
    everywhere = client.get(walk_in.get_absolute_url()).content.decode()
    assert "长寿园区" in everywhere and "垫江园区" in everywhere
    client.cookies[DISTRICT_COOKIE] = "500115"
    changshou = client.get(walk_in.get_absolute_url()).content.decode()
    assert "长寿园区" in changshou and "垫江园区" not in changshou


def test_the_first_step_lists_the_centres_of_the_applicant_s_district(client, places, centres):
    where, bureau, _programmes = places
    parks, _walk_in = centres
    ProgrammeFactory(
        slug="dianjiang-walk-in",
        title_zh="垫江窗口办理",
        department=bureau["dj-market"],
        channel=Programme.Channel.OFFLINE,
        parks=[parks["dj"]],
    )
    client.force_login(returnee(where["changshou"], 4))
    response = client.get(reverse("applications:start"))
    listed = {programme.slug: programme for programme in response.context["centre_only"]}
    assert set(listed) == {"employment-registration"}
    assert list(listed["employment-registration"].parks.all()) == [parks["cs"]]
    page = response.content.decode()
    assert "长寿园区" in page and "垫江园区" not in page


def test_the_counter_offers_what_is_offered_where_the_centre_is(client, places, centres):
    parks, _walk_in = centres
    manager = UserFactory(role="manager", parks=[parks["cs"]])
    client.force_login(manager)
    form = client.get(reverse("applications:assist")).context["programmes_form"]
    listed = set(form.fields["programmes"].queryset.values_list("slug", flat=True))
    assert "sme-subsidy" not in listed  # Dianjiang's own
    assert {"syb-training", "female-entrepreneurs-association"} <= listed
    # A manager of centres in two districts is offered every programme.
    both = UserFactory(role="manager", parks=[parks["cs"], parks["dj"]])
    client.force_login(both)
    form = client.get(reverse("applications:assist")).context["programmes_form"]
    assert "sme-subsidy" in set(form.fields["programmes"].queryset.values_list("slug", flat=True))


def test_a_first_step_is_one_offered_where_one_lives(client, places):
    _where, bureau, _programmes = places
    licence_rule = validate_rules(
        {
            "all": [
                {"fact": "business_licence_date", "op": "months_since_between", "value": [12, 36]}
            ]
        }
    )
    ProgrammeFactory(slug="iyb-training", department=bureau["city-hrss"], rules=licence_rule)
    ProgrammeFactory(
        slug="registration-guidance",
        title_zh="垫江注册指导",
        department=bureau["dj-market"],
        provides="has_business_licence",
    )
    answers = {"age": "30", "has_business_licence": "no"}
    response = client.post(reverse("services:screener"), {"district": "500231", **answers})
    assert "先办营业执照" in client.get(response["Location"]).content.decode()
    # Changshou has no such guidance on the portal: no Dianjiang programme is offered instead.
    response = client.post(reverse("services:screener"), {"district": "500115", **answers})
    page = client.get(response["Location"]).content.decode()
    assert "垫江注册指导" not in page

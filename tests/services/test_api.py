"""The read API: the catalogue, one programme, the eligibility check, the HSDS feed, the schema."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from services.actions import programme_set_status
from services.models import Programme
from tests.factories import (
    DocumentTypeFactory,
    ParkFactory,
    ProgrammeFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/programmes/"
ELIGIBILITY = "/api/v1/eligibility/"
HSDS = "/api/v1/hsds/services/"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def slugs(response):
    return sorted(result["slug"] for result in response.json()["results"])


def check(client, body, language="en"):
    return client.post(
        ELIGIBILITY, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )


@pytest.fixture
def offer(hrss, market, dianjiang_park, changshou_park):
    """Five programmes of two departments in two parks, as in the demo catalogue."""
    common = {"department": hrss, "kind": Programme.Kind.TRAINING, "parks": [dianjiang_park]}
    ProgrammeFactory(
        slug="syb-training",
        title_zh="SYB创业培训（创办你的企业）",
        title_en="SYB start-up training (Start Your Business)",
        **common,
    )
    ProgrammeFactory(
        slug="iyb-training",
        title_zh="IYB创业培训（改善你的企业）",
        title_en="IYB start-up training (Improve Your Business)",
        **common,
    )
    ProgrammeFactory(
        slug="vocational-skills-training",
        title_zh="职业技能培训",
        title_en="Vocational skills training",
        **common,
    )
    ProgrammeFactory(
        slug="startup-guarantee-loan",
        department=hrss,
        kind=Programme.Kind.LOAN,
        title_zh="创业担保贷款",
        title_en="Start-up guarantee loans",
        summary_zh="最高20万元的创业担保贷款。",
        summary_en="Guaranteed loans for new businesses.",
        parks=[dianjiang_park],
    )
    ProgrammeFactory(
        slug="sme-subsidy",
        department=market,
        kind=Programme.Kind.SUBSIDY,
        title_zh="小微企业补贴",
        title_en="Subsidy for small and micro enterprises",
        parks=[changshou_park],
    )


# --- The list ----------------------------------------------------------------------------------


def test_list_shows_each_programme_with_department_parks_benefit_and_link(client, hrss):
    park = ParkFactory(slug="dianjiang-startup-park", name_zh="垫江创业园", name_en="Startup Park")
    ProgrammeFactory(
        slug="startup-subsidy",
        department=hrss,
        kind=Programme.Kind.SUBSIDY,
        title_zh="一次性创业补贴",
        title_en="One-time start-up subsidy",
        summary_en="Money for a new business.",
        benefit_min="5000",
        benefit_max="10000",
        benefit_text_en="5,000 to 10,000 yuan",
        opens_on=days(-10),
        closes_on=days(20),
        parks=[park],
    )

    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    assert body["results"] == [
        {
            "slug": "startup-subsidy",
            "url": "http://testserver/api/v1/programmes/startup-subsidy/",
            "title": "One-time start-up subsidy",
            "summary": "Money for a new business.",
            "kind": "subsidy",
            "kind_label": "Subsidy",
            "department": {
                "key": "hrss",
                "code": "hrss",
                "name": "HRSS Bureau",
                "kind": "hrss",
                "jurisdiction": {"code": "500231", "name": "Dianjiang County", "municipal": False},
            },
            "parks": [{"slug": "dianjiang-startup-park", "name": "Startup Park"}],
            "benefit": {"min": "5000.00", "max": "10000.00", "text": "5,000 to 10,000 yuan"},
            "opens_on": days(-10).isoformat(),
            "closes_on": days(20).isoformat(),
            "status": "published",
            "is_open": True,
        }
    ]


def test_list_pages_by_twenty(client):
    ProgrammeFactory.create_batch(25)

    first = client.get(LIST).json()
    second = client.get(LIST, {"page": 2}).json()

    assert first["count"] == 25 and len(first["results"]) == 20
    assert first["next"] == "http://testserver/api/v1/programmes/?page=2"
    assert len(second["results"]) == 5 and second["next"] is None
    assert second["previous"] is not None
    every = {result["slug"] for result in first["results"] + second["results"]}
    assert len(every) == 25


@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        ("department", "market", ["sme-subsidy"]),
        ("kind", "loan", ["startup-guarantee-loan"]),
        ("park", "changshou-industrial-park", ["sme-subsidy"]),
    ],
)
def test_each_filter_narrows_the_list(client, offer, parameter, value, expected):
    assert slugs(client.get(LIST, {parameter: value})) == expected


def test_filters_combine(client, offer):
    response = client.get(LIST, {"department": "hrss", "kind": "training", "q": "创业培训"})
    assert slugs(response) == ["iyb-training", "syb-training"]


def test_chinese_search_finds_every_start_up_training(client, offer):
    assert slugs(client.get(LIST, {"q": "创业培训"})) == ["iyb-training", "syb-training"]


def test_chinese_search_for_loans_finds_the_loan(client, offer):
    assert slugs(client.get(LIST, {"q": "贷款"})) == ["startup-guarantee-loan"]


def test_english_search_matches_plurals(client, offer):
    assert slugs(client.get(LIST, {"q": "loan"})) == ["startup-guarantee-loan"]


def test_titles_follow_the_accept_language_header(client, offer):
    english = client.get(LIST, {"kind": "loan"}, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    chinese = client.get(LIST, {"kind": "loan"}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    chinese = chinese["results"][0]

    assert english["title"] == "Start-up guarantee loans"
    assert english["department"]["name"] == "HRSS Bureau"
    assert chinese["title"] == "创业担保贷款"
    assert chinese["department"]["name"] == "人力资源和社会保障局"


def test_drafts_and_archived_programmes_are_never_listed_nor_shown(client):
    ProgrammeFactory(slug="published")
    ProgrammeFactory(slug="draft", status=Programme.Status.DRAFT, published_at=None)
    ProgrammeFactory(slug="archived", status=Programme.Status.ARCHIVED)

    assert slugs(client.get(LIST)) == ["published"]
    assert client.get(f"{LIST}draft/").status_code == 404
    assert client.get(f"{LIST}archived/").status_code == 404
    assert client.get(f"{LIST}no-such-programme/").status_code == 404


def test_open_shows_only_programmes_taking_applications_today(client):
    ProgrammeFactory(slug="open-now", opens_on=days(-5), closes_on=days(5))
    ProgrammeFactory(slug="rolling", opens_on=None, closes_on=None)
    ProgrammeFactory(slug="opens-next-month", opens_on=days(30), closes_on=days(60))
    ProgrammeFactory(slug="window-passed", opens_on=days(-60), closes_on=days(-1))
    ProgrammeFactory(slug="closed", status=Programme.Status.CLOSED)

    listed = client.get(LIST).json()["results"]
    open_now = client.get(LIST, {"open": "true"})

    # By default the catalogue also shows what opens later, marked as not open yet.
    assert sorted(result["slug"] for result in listed) == [
        "open-now",
        "opens-next-month",
        "rolling",
    ]
    assert {result["slug"]: result["is_open"] for result in listed}["opens-next-month"] is False
    assert slugs(open_now) == ["open-now", "rolling"]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("department", "no-such-bureau"), ("kind", "lottery"), ("park", "no-such-park")],
)
def test_unknown_filter_value_gives_400_naming_the_parameter(client, offer, parameter, value):
    response = client.get(LIST, {parameter: value}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [parameter]
    assert value in body[parameter][0]


@pytest.mark.parametrize("count", [20, 2000])
def test_list_runs_three_queries_whatever_the_number(
    client, count, bulk_programmes, django_assert_num_queries
):
    bulk_programmes(count)
    # count, page of programmes joined to their department, parks prefetch
    with django_assert_num_queries(3):
        response = client.get(LIST)
    assert len(response.json()["results"]) == min(count, 20)
    # asked again: from the cache, until the catalogue changes
    with django_assert_num_queries(0):
        again = client.get(LIST)
    assert again.json() == response.json()


def test_the_list_asked_again_shows_a_change(client, syb, manager):
    assert client.get(LIST, {"q": "syb"}).json()["count"] == 1
    programme_set_status(programme=syb, by=manager, status=Programme.Status.CLOSED)
    assert client.get(LIST, {"q": "syb"}).json()["count"] == 0


# --- One programme -----------------------------------------------------------------------------


@pytest.fixture
def syb(hrss, dianjiang_park):
    hrss.phone = "023-7468 0001"
    hrss.email = "hrss@example.gov.cn"
    hrss.address_en = "1/F, Human Resources Building"
    hrss.office_hours_en = "Monday to Friday"
    hrss.save()
    programme = ProgrammeFactory(
        slug="syb-training",
        department=hrss,
        kind=Programme.Kind.TRAINING,
        title_en="SYB start-up training",
        description_en="Ten days of classes on starting a business.",
        rules={
            "all": [
                {"fact": "age", "op": "between", "value": [16, 60]},
                {
                    "any": [
                        {"fact": "ready_to_start_business", "op": "eq", "value": True},
                        {
                            "fact": "business_licence_date",
                            "op": "months_since_between",
                            "value": [0, 12],
                        },
                    ]
                },
            ]
        },
        rules_version=3,
        sla_days=10,
        policy_reference="YRSF [2018] No. 117",
        policy_url="https://example.gov.cn/policy/117",
        appeal_en="Ask the bureau to review the decision within 60 days.",
        channel=Programme.Channel.OFFLINE,
        parks=[dianjiang_park],
        documents=[
            DocumentTypeFactory(code="id_card", name_en="ID card", help_en="Your ID card."),
            DocumentTypeFactory(
                code="hukou_booklet", name_en="Hukou booklet", help_zh="", help_en=""
            ),
        ],
    )
    TrainingSessionFactory(programme=programme, place_en="Training Centre, Room 2", seats=30)
    return programme


def test_detail_has_documents_rules_sessions_and_whom_to_contact(client, syb):
    response = client.get(f"{LIST}syb-training/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "SYB start-up training"
    assert body["description"] == "Ten days of classes on starting a business."
    assert body["documents"] == [
        {"code": "hukou_booklet", "name": "Hukou booklet", "help": ""},
        {"code": "id_card", "name": "ID card", "help": "Your ID card."},
    ]
    assert body["conditions"] == syb.rules
    assert body["requirements"] == [
        "Needed: Age from 16 to 60 years.",
        "Needed: Ready to start a business.",
        "Needed: a business licence under 12 months old.",
    ]
    assert body["department"]["contact"] == {
        "phone": "023-7468 0001",
        "email": "hrss@example.gov.cn",
        "address": "1/F, Human Resources Building",
        "office_hours": "Monday to Friday",
    }
    assert [session["place"] for session in body["sessions"]] == ["Training Centre, Room 2"]
    assert body["sessions"][0]["seats"] == 30 and body["sessions"][0]["seats_left"] == 30
    assert body["rules_version"] == 3 and body["sla_days"] == 10
    assert body["policy_reference"] == "YRSF [2018] No. 117"
    assert body["policy_url"] == "https://example.gov.cn/policy/117"
    assert body["appeal"] == "Ask the bureau to review the decision within 60 days."
    assert body["channel"] == "offline"


def test_closed_programme_is_still_shown_but_not_open(client):
    ProgrammeFactory(slug="last-year", status=Programme.Status.CLOSED)
    body = client.get(f"{LIST}last-year/").json()
    assert body["status"] == "closed" and body["is_open"] is False


# --- Eligibility -------------------------------------------------------------------------------


@pytest.fixture
def screened(hrss):
    """One programme each person fits, one nobody rural fits, one that needs more facts."""
    ProgrammeFactory(
        slug="for-working-age",
        title_zh="适龄人员扶持",
        title_en="For working age",
        department=hrss,
        rules={"all": [{"fact": "age", "op": "between", "value": [16, 60]}]},
    )
    ProgrammeFactory(
        slug="for-town-people",
        title_en="For town people",
        department=hrss,
        rules={"all": [{"fact": "hukou", "op": "eq", "value": "urban"}]},
    )
    ProgrammeFactory(
        slug="for-founders",
        title_en="For founders",
        department=hrss,
        rules={"all": [{"fact": "ready_to_start_business", "op": "eq", "value": True}]},
    )
    ProgrammeFactory(
        slug="not-yet-open",
        department=hrss,
        opens_on=days(10),
        rules={"all": [{"fact": "age", "op": "between", "value": [16, 60]}]},
    )


def test_eligibility_judges_every_open_programme_with_reasons(client, screened):
    response = check(client, {"facts": {"age": 35, "hukou": "rural"}})

    assert response.status_code == 200
    results = response.json()["results"]
    # eligible first, then the ones that need more facts, then ineligible; not-yet-open left out
    assert [(r["programme"], r["verdict"]) for r in results] == [
        ("for-working-age", "eligible"),
        ("for-founders", "unknown"),
        ("for-town-people", "ineligible"),
    ]
    eligible, unknown, ineligible = results
    assert eligible["title"] == "For working age"
    assert eligible["reasons"][0]["met"] is True
    assert "Age from 16 to 60 years" in eligible["reasons"][0]["text"]
    assert "This fits." in eligible["reasons"][0]["text"]
    assert unknown["missing_facts"] == ["ready_to_start_business"]
    assert unknown["reasons"][0]["met"] is None
    assert ineligible["reasons"][0]["met"] is False
    assert "This does not fit." in ineligible["reasons"][0]["text"]


def test_eligibility_can_be_asked_for_some_programmes_only(client, screened):
    response = check(client, {"facts": {"age": 35}, "programmes": ["for-founders"]})
    assert [result["programme"] for result in response.json()["results"]] == ["for-founders"]


def test_eligibility_titles_follow_the_language(client, screened):
    body = {"facts": {"age": 35}, "programmes": ["for-working-age"]}
    english = check(client, body, language="en").json()["results"][0]
    chinese = check(client, body, language="zh-hans").json()["results"][0]
    assert english["title"] == "For working age"
    assert chinese["title"] == "适龄人员扶持"


@pytest.mark.parametrize(
    ("facts", "field", "message"),
    [
        ({"height": 170}, "height", "There is no fact by this name."),
        ({"age": "old"}, "age", "Enter a whole number."),
        ({"age": 35, "return_date": "2026-02-30"}, "return_date", "Enter a real date"),
        ({"hukou_in_county": "yes"}, "hukou_in_county", "Answer true or false."),
    ],
)
def test_bad_fact_gives_400_naming_it(client, screened, facts, field, message):
    response = check(client, {"facts": facts})

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["facts"]
    assert list(errors["facts"]) == [field]
    assert errors["facts"][field][0].startswith(message)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "facts"),
        ({"facts": ["age", 35]}, "facts"),
        ({"facts": None}, "facts"),
        ({"facts": {}, "programmes": "for-founders"}, "programmes"),
        ({"facts": {}, "programmes": [1, 2]}, "programmes"),
    ],
)
def test_malformed_request_gives_400_naming_the_field(client, screened, body, field):
    response = check(client, body)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert isinstance(response.json()[field], list)


def test_unknown_or_draft_programme_gives_400_naming_it(client, screened):
    ProgrammeFactory(slug="secret-draft", status=Programme.Status.DRAFT)

    response = check(
        client, {"facts": {}, "programmes": ["for-founders", "no-such-thing", "secret-draft"]}
    )

    assert response.status_code == 400
    assert response.json() == {
        "programmes": ["Unknown programme: no-such-thing", "Unknown programme: secret-draft"]
    }


def test_eligibility_needs_no_csrf_token_for_a_logged_in_person(applicant, screened):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = check(client, {"facts": {"age": 35}})
    assert response.status_code == 200


def test_eligibility_runs_three_queries(client, screened, django_assert_num_queries):
    # which named programmes the public may see, the rules of the open ones, the page shown
    with django_assert_num_queries(3):
        response = check(client, {"facts": {"age": 35}, "programmes": ["for-founders"]})
    assert response.status_code == 200


def test_eligibility_gives_fifty_programmes_a_page_and_counts_them_all(
    client, screened, hrss, django_assert_num_queries
):
    ProgrammeFactory.create_batch(60, department=hrss, rules={}, title_zh="人人可申请")

    with django_assert_num_queries(2):
        first = check(client, {"facts": {"age": 35, "hukou": "rural"}}).json()
    second = client.post(
        ELIGIBILITY + "?page=2",
        {"facts": {"age": 35, "hukou": "rural"}},
        content_type="application/json",
    ).json()

    assert (first["count"], first["pages"], len(first["results"])) == (63, 2, 50)
    assert first["counts"] == {"eligible": 61, "unknown": 1, "ineligible": 1}
    assert [r["verdict"] for r in second["results"]][-2:] == ["unknown", "ineligible"]
    assert len(second["results"]) == 13
    assert not {r["programme"] for r in first["results"]} & {
        r["programme"] for r in second["results"]
    }


# --- HSDS --------------------------------------------------------------------------------------


def test_hsds_lists_services_in_the_hsds_page_shape(client, syb):
    ProgrammeFactory(slug="next-year", opens_on=days(300), title_en="Next year", closes_on=None)

    response = client.get(HSDS, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.json()
    assert {key: page[key] for key in page if key != "contents"} == {
        "total_items": 2,
        "total_pages": 1,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    services = {service["id"]: service for service in page["contents"]}
    service = services[str(uuid.uuid5(uuid.NAMESPACE_URL, "fanxiang:programme:syb-training"))]
    assert service["name"] == "SYB start-up training"
    assert service["alternate_name"] == syb.title_zh
    assert service["url"] == "http://testserver" + syb.get_absolute_url()
    assert service["status"] == "active"
    assert service["email"] == "hrss@example.gov.cn"
    assert service["application_process"] == "At the service centre"
    assert "Needed: Age from 16 to 60 years." in service["eligibility_description"]
    assert service["organization"] == {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "fanxiang:department:hrss")),
        "name": "HRSS Bureau",
        "description": "",
        "email": "hrss@example.gov.cn",
        "phone": "023-7468 0001",
    }
    assert [area["name"] for area in service["service_areas"]] == ["Dianjiang County"]
    assert [document["document"] for document in service["required_documents"]] == [
        "Hukou booklet",
        "ID card",
    ]
    assert all(document["uri"] is None for document in service["required_documents"])
    intake, session = service["schedules"]
    assert intake["valid_from"] == syb.opens_on.isoformat() and intake["valid_to"] is None
    assert session["description"] == "Training Centre, Room 2"
    assert [language["code"] for language in service["languages"]] == ["zh", "en"]
    later = next(service for service in page["contents"] if service["name"] == "Next year")
    assert later["status"] == "inactive"


def test_hsds_cost_option_carries_the_benefit_as_a_number(client):
    ProgrammeFactory(benefit_max="200000", benefit_text_en="Up to 200,000 yuan")
    service = client.get(HSDS, HTTP_ACCEPT_LANGUAGE="en").json()["contents"][0]
    [cost] = service["cost_options"]
    assert cost["amount"] == 200000 and cost["currency"] == "CNY"
    assert cost["option"] == "Up to 200,000 yuan"


def test_hsds_pages_with_per_page(client):
    ProgrammeFactory.create_batch(5)
    page = client.get(HSDS, {"per_page": 2, "page": 3}).json()
    assert (page["total_items"], page["total_pages"], page["page_number"]) == (5, 3, 3)
    assert page["size"] == 1 and page["last_page"] is True and page["first_page"] is False


@pytest.mark.parametrize("count", [20, 2000])
def test_hsds_runs_four_queries_whatever_the_number(
    client, count, bulk_programmes, django_assert_num_queries
):
    programmes = bulk_programmes(count, documents=[DocumentTypeFactory()])
    for programme in programmes[:30]:
        TrainingSessionFactory(programme=programme)
    # count, page of programmes joined to their department, documents, sessions
    with django_assert_num_queries(4):
        response = client.get(HSDS)
    assert response.json()["size"] == min(count, 20)


# --- Schema and documentation ------------------------------------------------------------------


def test_schema_is_an_openapi_document_of_every_endpoint(client):
    response = client.get(reverse("schema"), {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Fanxiang API"
    assert {"/api/v1/eligibility/", "/api/v1/programmes/", "/api/v1/hsds/services/"} <= set(
        schema["paths"]
    )
    eligibility = schema["paths"]["/api/v1/eligibility/"]["post"]
    assert "requestBody" in eligibility and "200" in eligibility["responses"]


def test_docs_page_lists_the_endpoints_without_outside_scripts(client):
    response = client.get(reverse("api-docs"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/eligibility/" in page and "Check eligibility" in page
    assert "/api/v1/programmes/{slug}/" in page and "department" in page
    assert "cdn" not in page.lower()

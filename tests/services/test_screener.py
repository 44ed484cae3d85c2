"""The screener: no login, results grouped with reasons, answers kept after sign-up."""

import re

import pytest
from django.urls import reverse

from services.eligibility import validate_rules
from services.models import Programme, ScreenerAnswers

pytestmark = pytest.mark.django_db

WOMEN_ONLY = validate_rules({"all": [{"fact": "gender", "op": "eq", "value": "female"}]})
YOUNG = validate_rules({"all": [{"fact": "age", "op": "between", "value": [16, 35]}]})
RURAL = validate_rules({"all": [{"fact": "hukou", "op": "eq", "value": "rural"}]})


@pytest.fixture
def offer(make_programme):
    make_programme("female-entrepreneurs-association", title_zh="女性创业者协会", rules=WOMEN_ONLY)
    make_programme("youth-training", title_zh="青年培训", rules=YOUNG)
    make_programme("rural-support", title_zh="农村扶持", rules=RURAL)
    make_programme("draft-thing", status=Programme.Status.DRAFT)


def answer(client, **answers):
    return client.post(reverse("services:screener"), answers, follow=True)


def slugs(group):
    return [programme.slug for programme, _verdict in group]


def test_screener_groups_programmes_with_reasons_without_login(client, offer):
    response = answer(client, gender="female", age="40")
    screening = response.context["screening"]
    assert slugs(screening.eligible) == ["female-entrepreneurs-association"]
    assert slugs(screening.ineligible) == ["youth-training"]
    assert slugs(screening.maybe) == ["rural-support"]
    page = response.content.decode()
    assert "女性创业者协会" in page
    assert "需要" in page  # reasons are shown, in Chinese
    assert "draft-thing" not in page


def test_screener_refuses_an_impossible_answer_and_keeps_the_others(client, offer):
    response = client.post(reverse("services:screener"), {"age": "300", "gender": "female"})
    assert response.status_code == 200
    assert "age" in response.context["form"].errors
    page = response.content.decode()
    assert re.search(r'value="female"\s+id="id_gender_\d" checked', page)
    assert 'aria-describedby="id_age_error"' in page


def test_none_of_these_means_known_none(client, make_programme):
    make_programme(
        "five-types-only",
        rules=validate_rules(
            {"all": [{"fact": "five_types", "op": "any_of", "value": ["poor_family"]}]}
        ),
    )
    skipped = answer(client).context["screening"]
    assert slugs(skipped.maybe) == ["five-types-only"]
    none = answer(client, five_types=["none"]).context["screening"]
    assert slugs(none.ineligible) == ["five-types-only"]


def test_no_licence_rules_out_licence_programmes(client, make_programme):
    make_programme(
        "iyb-training",
        rules=validate_rules(
            {
                "all": [
                    {
                        "fact": "business_licence_date",
                        "op": "months_since_between",
                        "value": [12, 36],
                    }
                ]
            }
        ),
    )
    screening = answer(client, has_business_licence="no").context["screening"]
    assert slugs(screening.ineligible) == ["iyb-training"]
    response = client.post(
        reverse("services:screener"),
        {"has_business_licence": "no", "business_licence_date": "2025-01-01"},
    )
    assert "business_licence_date" in response.context["form"].errors


def test_answers_are_kept_on_the_account_after_sign_up(client, offer, sms):
    answer(client, gender="female", age="30")
    signed_up = client.post(
        reverse("accounts:signup") + "?next=" + reverse("services:screener_results"),
        {
            "username": "meiling",
            "name": "美玲",
            "phone": "13912345678",
            "email": "",
            "language": "zh-hans",
            "password1": "coming-home-2026",
            "password2": "coming-home-2026",
        },
    )
    assert signed_up.url == reverse("accounts:signup_code")
    response = client.post(
        reverse("accounts:signup_code"), {"code": sms.code("13912345678")}, follow=True
    )
    assert response.context["kept"] is True
    answers = ScreenerAnswers.objects.get(user__username="meiling")
    assert answers.facts == {"gender": "female", "age": 30}
    assert set(answers.matched.values_list("slug", flat=True)) == {
        "female-entrepreneurs-association",
        "youth-training",
    }


def test_the_form_starts_from_the_kept_answers(client, applicant, offer):
    client.force_login(applicant)
    answer(client, gender="female", age="30")
    client.logout()
    client.force_login(applicant)
    response = client.get(reverse("services:screener"))
    assert response.context["form"].initial == {"gender": "female", "age": 30}


def test_results_without_answers_send_to_the_questions(client):
    response = client.get(reverse("services:screener_results"))
    assert response.url == reverse("services:screener")


def test_programme_page_shows_the_verdict_for_the_answers_given(client, offer):
    answer(client, gender="male")
    response = client.get(reverse("services:programme", args=["female-entrepreneurs-association"]))
    assert response.context["verdict"].status == "ineligible"


@pytest.mark.parametrize("count", [5, 50])
def test_results_run_a_fixed_number_of_queries(
    client, make_programme, count, django_assert_num_queries
):
    for number in range(count):
        make_programme(f"p-{number}", rules=YOUNG)
    answer(client, age="30")
    # session, the rules of the programmes open today, the programmes shown
    with django_assert_num_queries(3):
        client.get(reverse("services:screener_results"))


def test_results_show_twenty_a_group_with_pages_counting_them_all(client, make_programme):
    for number in range(45):
        make_programme(f"young-{number:02}", title_zh=f"青年{number:02}", rules=YOUNG)
    make_programme("rural-support", title_zh="农村扶持", rules=RURAL)
    answer(client, age="30")

    first = client.get(reverse("services:screener_results"))
    page = first.content.decode()
    assert len(first.context["screening"].eligible) == 20
    assert first.context["screening"].pages["eligible"].paginator.count == 45
    assert "45" in re.search(r'id="eligible-heading">([^<]*)<', page).group(1)
    assert slugs(first.context["screening"].maybe) == ["rural-support"]
    assert 'href="?eligible=2#eligible-heading"' in page

    last = client.get(reverse("services:screener_results"), {"eligible": "3", "maybe": "9"})
    assert [p.slug for p, _v in last.context["screening"].eligible] == [
        f"young-{number}" for number in range(40, 45)
    ]
    # a page past the end shows the last one; the other groups keep their own page
    assert slugs(last.context["screening"].maybe) == ["rural-support"]
    assert 'href="?eligible=2&amp;maybe=9#eligible-heading"' in last.content.decode()


def test_a_future_licence_date_is_refused_next_to_its_field(client, offer):
    response = client.post(
        reverse("services:screener"),
        {"gender": "female", "has_business_licence": "yes", "business_licence_date": "2099-01-01"},
    )
    assert response.status_code == 200
    assert "business_licence_date" in response.context["form"].errors


IYB = validate_rules(
    {"all": [{"fact": "business_licence_date", "op": "months_since_between", "value": [12, 36]}]}
)


def test_a_programme_out_of_reach_for_want_of_a_licence_names_the_first_step(
    client, make_programme
):
    make_programme("iyb-training", title_zh="IYB创业培训", rules=IYB)
    make_programme(
        "registration-guidance", title_zh="企业注册登记指导", provides="has_business_licence"
    )
    make_programme("youth-training", title_zh="青年培训", rules=YOUNG)
    response = answer(client, has_business_licence="no", age="30")
    page = response.content.decode()
    card = page[page.index('id="screened-iyb-training"') :]
    card = card[: card.index("</article>")]
    assert re.search(
        r'先办营业执照：\s*<a href="/programmes/registration-guidance/">企业注册登记指导</a>', card
    )
    # the ones within reach suggest nothing
    youth = page[page.index('id="screened-youth-training"') :]
    assert "先办营业执照" not in youth[: youth.index("</article>")]


def test_the_may_fit_group_is_hidden_when_it_is_empty(client, offer):
    everything = answer(client, gender="female", age="30", hukou="urban").content.decode()
    assert 'id="maybe-heading"' not in everything
    assert 'id="not-heading"' in everything
    some = answer(client, gender="female").content.decode()
    assert 'id="maybe-heading"' in some


@pytest.mark.parametrize("count", [5, 50])
def test_first_steps_cost_one_query_whatever_the_number_of_programmes(
    client, make_programme, count, django_assert_num_queries
):
    make_programme("registration-guidance", provides="has_business_licence")
    for number in range(count):
        make_programme(f"iyb-{number}", rules=IYB)
    answer(client, has_business_licence="no")
    # session, the rules of the programmes open today, the programmes shown, the helpers
    with django_assert_num_queries(4):
        client.get(reverse("services:screener_results"))


def test_one_who_has_a_licence_of_the_wrong_age_is_not_told_to_get_one(client, make_programme):
    make_programme("iyb-training", title_zh="IYB创业培训", rules=IYB)
    make_programme("registration-guidance", provides="has_business_licence")
    response = answer(client, has_business_licence="yes", business_licence_date="2020-01-01")
    card = response.content.decode()
    card = card[card.index('id="screened-iyb-training"') :]
    assert "先办营业执照" not in card[: card.index("</article>")]

"""The public catalogue: search in both languages, filters with counts, paging, closed ones."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import Programme
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [programme.slug for programme in response.context["page"]]


@pytest.fixture
def offer(make_programme, market, changshou_park):
    make_programme(
        "syb-training",
        title_zh="SYB创业培训（创办你的企业）",
        title_en="SYB start-up training (Start Your Business)",
        summary_zh="帮助准备创业的人学会开办企业。",
        summary_en="Learn how to start a business.",
    )
    make_programme(
        "iyb-training",
        title_zh="IYB创业培训（改善你的企业）",
        title_en="IYB start-up training (Improve Your Business)",
    )
    make_programme(
        "vocational-skills-training",
        title_zh="职业技能培训",
        title_en="Vocational skills training",
        summary_zh="电工、焊工、家政服务等技能培训。",
    )
    make_programme(
        "startup-guarantee-loan",
        kind=Programme.Kind.LOAN,
        title_zh="创业担保贷款",
        title_en="Start-up guarantee loans",
        summary_zh="最高20万元的创业担保贷款。",
        summary_en="Guaranteed loans for new businesses.",
    )
    make_programme(
        "sme-subsidy",
        department=market,
        kind=Programme.Kind.SUBSIDY,
        title_zh="小微企业补贴",
        title_en="Subsidy for small and micro enterprises",
        parks=[changshou_park],
    )


def test_chinese_search_finds_every_start_up_training(client, offer):
    response = client.get(reverse("services:catalogue"), {"q": "创业培训"})
    assert set(titles(response)) == {"syb-training", "iyb-training"}


def test_chinese_search_for_loans(client, offer):
    response = client.get(reverse("services:catalogue"), {"q": "贷款"})
    assert titles(response) == ["startup-guarantee-loan"]


def test_one_chinese_character_still_finds(client, offer):
    response = client.get(reverse("services:catalogue"), {"q": "贷"})
    assert titles(response) == ["startup-guarantee-loan"]


def test_english_search_matches_word_beginnings(client, offer):
    response = client.get(reverse("services:catalogue"), {"q": "loan"})
    assert titles(response) == ["startup-guarantee-loan"]
    response = client.get(reverse("services:catalogue"), {"q": "Start-up Training"})
    assert set(titles(response)) == {"syb-training", "iyb-training"}


def test_title_matches_rank_above_summary_matches(client, make_programme):
    make_programme("a-summary-hit", title_zh="家政服务", summary_zh="包含焊工培训内容")
    make_programme("b-title-hit", title_zh="焊工培训", summary_zh="技能")
    response = client.get(reverse("services:catalogue"), {"q": "焊工"})
    assert titles(response) == ["b-title-hit", "a-summary-hit"]
    assert response.context["catalogue"].sort == "relevance"


def test_search_that_matches_nothing_says_so(client, offer):
    response = client.get(reverse("services:catalogue"), {"q": "宇宙飞船"})
    assert titles(response) == []
    assert "没有项目含有这些词" in response.content.decode()


def test_filters_combine_and_show_counts(client, offer, market):
    response = client.get(reverse("services:catalogue"), {"department": "hrss", "kind": "loan"})
    assert titles(response) == ["startup-guarantee-loan"]
    catalogue = response.context["catalogue"]
    # Each facet counts with the other filters but not its own.
    departments = {department.code: department.count for department in catalogue.departments}
    assert departments == {"hrss": 1, "market": 0}
    kinds = {kind["value"]: kind["count"] for kind in catalogue.kinds}
    assert kinds["training"] == 3 and kinds["loan"] == 1 and kinds["subsidy"] == 0
    page = response.content.decode()
    assert "(3)" in page


def test_park_filter(client, offer):
    response = client.get(reverse("services:catalogue"), {"park": "changshou-industrial-park"})
    assert titles(response) == ["sme-subsidy"]
    parks = {park.slug: park.count for park in response.context["catalogue"].parks}
    assert parks == {"changshou-industrial-park": 1, "dianjiang-startup-park": 4}


def test_unknown_filter_values_show_nothing_rather_than_fail(client, offer):
    response = client.get(reverse("services:catalogue"), {"kind": "spaceship", "page": "x"})
    assert response.status_code == 200
    assert len(titles(response)) == 5


def test_closed_programmes_hidden_unless_asked(client, make_programme):
    today = timezone.localdate()
    make_programme("open-one")
    make_programme("past-window", closes_on=today - datetime.timedelta(days=1))
    make_programme("closed-one", status=Programme.Status.CLOSED)
    make_programme("draft-one", status=Programme.Status.DRAFT)
    make_programme("archived-one", status=Programme.Status.ARCHIVED)
    assert titles(client.get(reverse("services:catalogue"))) == ["open-one"]
    response = client.get(reverse("services:catalogue"), {"closed": "on", "sort": "closing"})
    assert set(titles(response)) == {"open-one", "past-window", "closed-one"}


def test_sort_by_closing_date_puts_rolling_intakes_last(client, make_programme):
    today = timezone.localdate()
    make_programme("rolling")
    make_programme("late", closes_on=today + datetime.timedelta(days=30))
    make_programme("soon", closes_on=today + datetime.timedelta(days=3))
    response = client.get(reverse("services:catalogue"), {"sort": "closing"})
    assert titles(response) == ["soon", "late", "rolling"]


def test_pages_keep_the_query_in_their_links(client, make_programme):
    for number in range(25):
        make_programme(f"training-{number:02d}", title_zh=f"培训{number:02d}")
    response = client.get(reverse("services:catalogue"), {"q": "培训", "kind": "training"})
    assert len(titles(response)) == 20
    page = response.content.decode()
    assert "?q=%E5%9F%B9%E8%AE%AD&amp;kind=training&amp;page=2" in page
    second = client.get(reverse("services:catalogue"), {"q": "培训", "kind": "training", "page": 2})
    assert len(titles(second)) == 5


def test_catalogue_speaks_english_when_asked(client, offer):
    page = client.get(reverse("services:catalogue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Start-up guarantee loans" in page
    assert "创业担保贷款" not in page


@pytest.mark.parametrize("count", [20, 2000])
def test_catalogue_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, bulk_programmes, count
):
    DepartmentFactory.create_batch(3)
    bulk_programmes(count)
    # department facet, park facet, kind facet, count, page of programmes, parks of the page
    with django_assert_num_queries(6):
        response = client.get(reverse("services:catalogue"), {"sort": "closing"})
    assert len(titles(response)) == 20
    with django_assert_num_queries(6):
        client.get(reverse("services:catalogue"), {"q": "补贴", "department": "hrss"})


def test_the_filter_panel_stays_closed_after_a_search_so_results_come_first(client, offer):
    # The search button sends the order and the filters too: the panel still stays closed.
    searched = client.get(
        reverse("services:catalogue"), {"q": "培训", "sort": "relevance", "department": ""}
    ).content.decode()
    assert re.search(
        r'<details class="catalogue-filters">\s*<summary[^>]*>筛选和排序</summary>', searched
    )
    filtered = client.get(
        reverse("services:catalogue"), {"q": "培训", "department": "hrss", "closed": "on"}
    ).content.decode()
    assert re.search(
        r'<details class="catalogue-filters">\s*<summary[^>]*>筛选和排序（已选 ?2 ?项）</summary>',
        filtered,
    )

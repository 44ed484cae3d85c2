"""When a search finds nothing: the closest words of the catalogue ("did you mean"), other
ways to look, and the words counted (never who searched) for the park managers to see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.search import query_words
from services.search_log import SearchMiss

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("services:catalogue")


@pytest.fixture
def catalogue(make_programme):
    make_programme(
        "sme-subsidy", title_zh="小微企业补贴", title_en="Small business subsidy", kind="subsidy"
    )
    make_programme("syb-training", title_zh="创业培训", title_en="Start-up training")
    make_programme("loan", title_zh="创业担保贷款", title_en="Guarantee loan", kind="loan")


@pytest.mark.parametrize(
    ("typed", "meant", "language"),
    [
        ("lona", "loan", "en"),  # too short for the search to take it for a misspelling
        ("peixnu", "培训", "zh-hans"),  # pinyin with two letters swapped
        ("chaungye", "创业", "zh-hans"),
    ],
)
def test_nothing_found_says_what_was_probably_meant(client, catalogue, typed, meant, language):
    page = client.get(CATALOGUE, {"q": typed}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    link = f'<a href="{CATALOGUE}?q={meant if meant.isascii() else ""}'
    assert meant in page and link in page, page[page.find("card card-body") :][:400]
    assert reverse("services:departments") in page and reverse("services:screener") in page


def test_nothing_found_and_nothing_close_still_offers_other_ways(client, catalogue):
    page = client.get(CATALOGUE, {"q": "xyzzy"}).content.decode()
    assert "您要找的是不是" not in page
    assert "没有项目含有这些词" in page and "按部门查找" in page and "回答几个问题" in page


def test_a_search_that_finds_nothing_is_counted_by_its_words_only(client, catalogue):
    for _ in range(2):
        client.get(CATALOGUE, {"q": "Xyzzy"})  # the second time from the cache: counted too
    client.get("/api/v1/programmes/", {"q": "xyzzy"})
    client.get(CATALOGUE, {"q": "培训"})  # found: not counted
    client.get(CATALOGUE, {"q": "13800001234"})  # a phone number is somebody's: not kept
    client.get(CATALOGUE, {"q": "+86 138-0013 8000"})  # however it is spaced
    client.get(CATALOGUE, {"q": "wang@qq.com"})  # nor an e-mail address
    client.get(CATALOGUE, {"q": "xyzzy", "kind": "loan"})  # a filter emptied it, not the words
    assert list(SearchMiss.objects.values_list("words", "count")) == [("xyzzy", 3)]


def test_park_managers_see_the_most_frequent_first(client, catalogue, manager):
    for words, times in (("看孩子", 3), ("xyzzy", 2), ("做生意", 5), ("plugh", 1)):
        for _ in range(times):
            client.get(CATALOGUE, {"q": words})
    client.force_login(manager)
    page = client.get(reverse("services:manage_searches")).content.decode()
    shown = [" ".join(query_words(words)) for words in ("做生意", "看孩子", "xyzzy")]
    assert page.index(shown[0]) < page.index(shown[1]) < page.index(shown[2])
    assert "plugh" not in page  # searched once: one visitor cannot put words on the list
    assert (
        reverse("services:manage_searches")
        in client.get(reverse("services:manage_list")).content.decode()
    )


def test_the_list_costs_the_same_at_two_sizes(client, manager):
    client.force_login(manager)
    url = reverse("services:manage_searches")
    counts = []
    for size in (3, 30):
        SearchMiss.objects.bulk_create(
            SearchMiss(words=f"words {size}-{n}", count=n + 1) for n in range(size)
        )
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]

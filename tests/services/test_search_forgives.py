"""Search that forgives (services/search.py): pinyin typed on a phone in pinyin mode, a title's
initials, homophone typos in characters, traditional characters; exact words still first; and
any query answers a page, never an error."""

import pytest
from django.urls import reverse
from django.utils import timezone

from services.search import alternatives, index_words, query_words
from services.selectors import CatalogueFilters, programmes_catalogue

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    """The slugs found, best first."""
    catalogue = programmes_catalogue(filters=CatalogueFilters(q=query), today=timezone.localdate())
    return [programme.slug for programme in catalogue.programmes]


@pytest.fixture
def catalogue(make_programme):
    make_programme(
        "syb-training",
        title_zh="创业培训",
        title_en="Start-up training",
        summary_zh="学习怎样开办企业",
        summary_en="Learn how to start a business",
    )
    make_programme(
        "sme-subsidy",
        title_zh="小微企业补贴",
        title_en="Small business subsidy",
        summary_zh="给小微企业的一次性补贴",
        summary_en="A one-off subsidy for small businesses",
        kind="subsidy",
    )
    make_programme(
        "startup-guarantee-loan",
        title_zh="创业担保贷款",
        title_en="Start-up guarantee loan",
        summary_zh="政府担保的贷款",
        summary_en="A loan the government guarantees",
        kind="loan",
    )
    # Its title sounds like 培训 (péixùn) without being it: found by the sound, after.
    make_programme(
        "escort-service",
        title_zh="陪同服务",
        title_en="Escort service",
        summary_zh="陪您去办事",
        summary_en="Someone goes with you",
        kind="social_service",
    )


def test_each_chinese_word_is_indexed_by_its_pinyin_and_a_title_by_its_initials():
    words = index_words("创业培训", title=True)
    assert {"zzpychuangye", "zzpypeixun", "zzpychuangyepeixun"} <= set(words)
    assert {"zzpicypx", "zzpiypx"} <= set(words) and "zzpipx" not in words  # three letters on
    assert not [word for word in index_words("创业培训") if word.startswith("zzpi")]  # titles


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("peixun", "syb-training"),  # pinyin, as a phone's keyboard types it
        ("chuangyepeixun", "syb-training"),
        ("butie", "sme-subsidy"),
        ("daikuan", "startup-guarantee-loan"),
        ("peix", "syb-training"),  # pinyin still being typed
        ("cypx", "syb-training"),  # the title's initials
        ("陪训", "syb-training"),  # a homophone typo of 培训
        ("补帖", "sme-subsidy"),  # of 补贴
        ("創業培訓", "syb-training"),  # traditional characters
        ("貸款", "startup-guarantee-loan"),
        ("subsidey", "sme-subsidy"),  # English with a letter wrong
        ("trainnig", "syb-training"),  # two letters swapped
        ("guarante", "startup-guarantee-loan"),  # a letter missing (and a prefix)
    ],
)
def test_what_a_returnee_types_finds_the_programme(catalogue, query, first):
    results = found(query)
    assert results and results[0] == first, (query, results)


def test_exact_words_come_before_pinyin_and_pinyin_before_initials(catalogue):
    # 陪 (péi) is in the escort service's title exactly; 培训 only sounds like 陪训.
    assert found("陪训")[0] == "syb-training"
    assert found("陪同") == ["escort-service"]  # nothing else sounds like péitóng
    exact = found("培训")
    assert exact == ["syb-training"]  # an exact word finds no homophone of itself


def test_broad_matching_does_not_return_everything(catalogue):
    assert found("px") == []  # two initials are not enough
    assert found("lona") == []  # four letters: too short to be taken for a misspelling
    assert found("loan") == ["startup-guarantee-loan"]  # a known word looks for no other
    assert "sme-subsidy" in found("bussiness")  # a letter extra
    for start_of_a_mark in ("z", "zz", "zzp", "zzpy"):
        assert found(start_of_a_mark) == [], start_of_a_mark
    assert found("xyzzy") == []
    assert found("補貼") == ["sme-subsidy"]


def test_the_catalogue_page_and_the_api_forgive_alike(client, catalogue):
    page = client.get(reverse("services:catalogue"), {"q": "peixun"}).content.decode()
    assert 'href="/programmes/syb-training/"' in page
    answer = client.get("/api/v1/programmes/", {"q": "創業"}).json()
    assert {row["slug"] for row in answer["results"]} == {"syb-training", "startup-guarantee-loan"}


@pytest.mark.parametrize(
    "query",
    [
        "😀",
        "培训😀",
        "&|!():*",
        "'; DROP TABLE services_programme; --",
        "peixun & | ! ( ) : *",
        "a" * 10_000,
        "培" * 10_000,
        "\\",
        "''",
        "z",
        "zz",
        "zzp",
        "zzpy*",
    ],
)
def test_any_query_answers_a_page(client, catalogue, query):
    assert client.get(reverse("services:catalogue"), {"q": query}).status_code == 200
    response = client.get("/api/v1/programmes/", {"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "q" in response.json()


def test_a_query_reads_the_first_two_hundred_characters():
    assert query_words("培训" + " " * 300 + "贷款") == ["培训"]
    assert alternatives("peixun")["pinyin"] == ["zzpypeixun*"]
    assert alternatives("培训")["pinyin"] == ["zzpypeixun"]
    assert alternatives("税")["pinyin"] == []  # one character has too many homophones


def test_the_words_found_are_marked_in_the_results(client, catalogue):
    from services.templatetags.search_tags import marked

    assert marked("小微企业补贴", "补贴") == "小微企业<mark>补贴</mark>"
    assert marked("Small <b>business</b> & co", "BUSINESS") == (
        "Small &lt;b&gt;<mark>business</mark>&lt;/b&gt; &amp; co"
    )
    assert marked("創業貸款", "创业") == "<mark>創業</mark>貸款"  # matched as simplified
    assert marked("创业培训", "") == "创业培训"
    page = client.get(reverse("services:catalogue"), {"q": "补贴"}).content.decode()
    assert "<mark>补贴</mark>" in page
    english = client.get(reverse("services:catalogue"), {"q": "subsidy"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "<mark>subsidy</mark>" in english.content.decode()
    assert "<mark>" not in client.get(reverse("services:catalogue")).content.decode()


def test_what_the_review_found_stays_fixed(client, catalogue):
    from services.search import did_you_mean, misspelt, vocabulary
    from services.templatetags.search_tags import marked

    # The "s" of "children's" is not a word: it neither marks nor matches every "s…".
    assert query_words("children's") == ["children"]
    assert "<mark>s</mark>" not in marked("Children's services", "children's training")
    assert found("s") == []
    # An English word that is also a Chinese word's pinyin stays English.
    known = vocabulary(["重庆 chongqing subsidy horse"])
    assert "chongqing" in known.english and known.sounds["chongqing"] == "重庆"
    assert did_you_mean("chongqing", known) == ""
    # Two letters off in five is not a misspelling; a word the catalogue begins is none.
    assert misspelt("house", known) == []
    assert misspelt("subsi", known) == []
    # Nothing but the query's words reaches the database (a NUL would break PostgreSQL).
    response = client.get("/api/v1/hsds/services/", {"search": "loan\x00"})
    assert response.status_code in (200, 400)

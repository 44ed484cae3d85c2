import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_is_in_chinese_by_default(client):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "欢迎回家" in page
    assert "跳到主要内容" in page  # the skip link


def test_home_follows_the_browser_language(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
    assert "Welcome home" in page
    assert "Skip to main content" in page


def test_home_says_what_the_portal_offers_and_links_onwards(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("services:departments") in page
    assert reverse("accounts:signup") in page
    # The language switch offers the other language, named in that language.
    assert 'name="language" value="en"' not in page
    assert 'value="zh-hans"' in page and "简体中文" in page


def test_home_loads_only_vendored_assets(client):
    page = client.get(reverse("home")).content.decode()
    assert "cdn" not in page.lower()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in page
    assert "<script>" not in page  # no inline scripts


def test_home_runs_no_query_for_an_anonymous_visitor(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("home"))


def test_home_for_a_signed_in_applicant_runs_four_queries(
    client, applicant, django_assert_num_queries
):
    client.force_login(applicant)
    # session, user, the requests waiting for an answer, unread notifications
    with django_assert_num_queries(4):
        client.get(reverse("home"))


def test_home_for_an_official_runs_three_queries(client, official, django_assert_num_queries):
    client.force_login(official)
    # session, user, unread notifications
    with django_assert_num_queries(3):
        client.get(reverse("home"))


def test_home_has_a_search_box_that_opens_the_catalogue(client):
    import re

    page = client.get(reverse("home")).content.decode()
    form = re.search(r'<form[^>]*role="search"[^>]*>.*?</form>', page, re.S).group(0)
    assert f'action="{reverse("services:catalogue")}"' in form
    assert 'name="q"' in form and '<label for="home-q"' in form and "您想找什么？" in form
    assert "拼音" in form  # says pinyin is understood

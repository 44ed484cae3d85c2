"""Error pages are the portal's own, in the visitor's language; the 500 page needs no database."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_our_own_page_in_chinese(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert response.status_code == 404
    assert "找不到这个页面" in page
    assert 'href="/programmes/"' in page  # with the portal's navigation


def test_a_missing_page_in_english(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Page not found" in response.content.decode()


def test_the_server_error_page_needs_no_database_and_shows_no_detail(django_assert_num_queries):
    request = RequestFactory().get("/programmes/")
    with translation.override("zh-hans"), django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "出了点问题" in page and "Traceback" not in page

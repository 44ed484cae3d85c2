import pytest
from django.urls import reverse

from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_every_department_in_the_visitor_language(client, hrss, market):
    page = client.get(reverse("services:departments")).content.decode()
    assert "人力资源和社会保障局" in page and "市场监督管理局" in page
    page = client.get(reverse("services:departments"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "HRSS Bureau" in page and "Market Bureau" in page


def test_english_falls_back_to_chinese_where_no_translation_was_written(client):
    DepartmentFactory(code="women", name_zh="妇女联合会", name_en="")
    page = client.get(reverse("services:departments"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "妇女联合会" in page


@pytest.mark.parametrize("count", [3, 30])
def test_directory_runs_one_query_whatever_the_number(client, count, django_assert_num_queries):
    DepartmentFactory.create_batch(count)
    # the departments
    with django_assert_num_queries(1):
        response = client.get(reverse("services:departments"))
    assert len(response.context["departments"]) == count


def test_each_department_links_to_its_own_programmes_or_says_it_has_none(client, hrss, market):
    from services.models import Programme
    from tests.factories import ProgrammeFactory

    ProgrammeFactory(department=hrss, status=Programme.Status.PUBLISHED)
    ProgrammeFactory(department=hrss, status=Programme.Status.PUBLISHED)
    ProgrammeFactory(department=market, status=Programme.Status.DRAFT)  # not public
    page = client.get(reverse("services:departments")).content.decode()
    assert f'href="{reverse("services:catalogue")}?department=hrss"' in page
    assert "查看本部门的 2 个项目" in page
    assert "?department=market" not in page
    assert "本部门目前没有面向返乡人员的项目。" in page
    english = client.get(reverse("services:departments"), HTTP_ACCEPT_LANGUAGE="en")
    assert "See its 2 programmes" in english.content.decode()

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
    assert f'href="{reverse("services:catalogue")}?district=500231&amp;department=hrss"' in page
    assert "查看本部门的 2 个项目" in page
    assert "?department=market" not in page
    assert "本部门目前没有面向返乡人员的项目。" in page
    english = client.get(reverse("services:departments"), HTTP_ACCEPT_LANGUAGE="en")
    assert "See its 2 programmes" in english.content.decode()


def test_the_directory_groups_the_departments_by_jurisdiction_where_one_lives_first(client):
    from services.jurisdictions import DISTRICT_COOKIE
    from tests.factories import changshou, municipality

    DepartmentFactory(code="hrss", name_zh="垫江县人社局")
    DepartmentFactory(jurisdiction=changshou(), code="hrss", name_zh="长寿区人社局")
    DepartmentFactory(jurisdiction=municipality(), code="hrss", name_zh="重庆市人社局")

    def order(page):
        return [page.index(f'id="jurisdiction-{code}"') for code in ("500000", "500115", "500231")]

    page = client.get(reverse("services:departments")).content.decode()
    city, chang, dianjiang = order(page)
    assert city < chang < dianjiang  # the municipality, then in code order
    assert dianjiang < page.index("垫江县人社局") and chang < page.index("长寿区人社局") < dianjiang
    assert "市级项目由您所住区县的同类部门办理" in page
    client.cookies[DISTRICT_COOKIE] = "500231"
    city, chang, dianjiang = order(client.get(reverse("services:departments")).content.decode())
    assert dianjiang < city < chang  # where the visitor lives first

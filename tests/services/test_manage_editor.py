"""The park manager's editor as a manager with Chinese titles meets it: English optional, an
address made for them, values ticked from a list, and a history that reads as sentences."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from services import actions, addresses
from services.models import FormerSlug, Programme, ProgrammeChange, TrainingSession
from tests.services.test_manage import programme_form

pytestmark = pytest.mark.django_db


def create(client, hrss, park, **overrides):
    response = client.post(
        reverse("services:manage_create"), programme_form(hrss, park, **overrides)
    )
    assert response.status_code == 302, response.context["form"].errors
    return Programme.objects.order_by("-pk").first()


def publish(client, programme):
    start = timezone.now() + datetime.timedelta(days=10)
    TrainingSession.objects.create(
        programme=programme,
        jurisdiction=programme.department.jurisdiction,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place_zh="培训中心",
        seats=20,
    )
    client.post(reverse("services:manage_status", args=[programme.slug]), {"action": "publish"})
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PUBLISHED


def move(client, hrss, park, old, new):
    """The manager gives the programme at address `old` the address `new`."""
    return client.post(
        reverse("services:manage_edit", args=[old]), programme_form(hrss, park, slug=new)
    )


# --- English is optional ------------------------------------------------------------------------

NO_ENGLISH = {"title_en": "", "summary_en": "", "description_en": "", "benefit_text_en": ""}


def test_a_programme_in_chinese_only_is_saved_and_published(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park, **NO_ENGLISH)
    assert actions.publish_problems(programme) == ["至少添加一期培训。"]
    publish(client, programme)


def test_english_readers_see_the_chinese_text_marked_as_chinese(
    client, manager, hrss, dianjiang_park
):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park, **NO_ENGLISH)
    publish(client, programme)
    client.logout()
    english = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 class="h3"><span lang="zh-Hans">焊工培训</span>' in english
    # title, summary, description, benefit and the session's place
    assert english.count("in Chinese</small>") == 5
    catalogue = client.get(reverse("services:catalogue"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<span lang="zh-Hans">焊工培训</span>' in catalogue.content.decode()
    chinese = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "fallback-language" not in chinese.content.decode()


def test_english_text_where_given_is_not_marked(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park, description_en="")
    publish(client, programme)
    page = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 class="h3">Welding training</h1>' in page
    assert page.count("in Chinese</small>") == 2  # the description and the session's place


def test_the_english_fields_say_they_are_optional(client, manager):
    client.force_login(manager)
    page = client.get(reverse("services:manage_create"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert not page.context["form"].fields["title_en"].required
    assert "英文可以不填" in page.content.decode()


# --- The address --------------------------------------------------------------------------------


def test_the_address_is_made_from_the_chinese_title_in_pinyin(
    client, manager, hrss, dianjiang_park
):
    client.force_login(manager)
    first = create(client, hrss, dianjiang_park, slug="")
    second = create(client, hrss, dianjiang_park, slug="")
    assert first.slug == "hangong-peixun"
    assert second.slug == "hangong-peixun-2"


def test_a_title_without_letters_gets_a_numbered_address():
    assert addresses.pinyin_slug("（）！") == ""
    assert addresses.slug_for("（）！") == "programme"


def test_a_long_title_is_cut_between_words():
    title = "重庆市垫江县返乡农民工创业担保贷款贴息及一次性创业补贴申领服务项目"
    slug = addresses.pinyin_slug(title)
    assert len(slug) <= addresses.SLUG_MAX
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert slug.startswith("chongqing")


def test_a_chinese_address_gets_a_plain_message_with_an_example(
    client, manager, hrss, dianjiang_park
):
    client.force_login(manager)
    response = client.post(
        reverse("services:manage_create"),
        programme_form(hrss, dianjiang_park, slug="焊工培训"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["slug"]
    assert "不能用汉字" in message and "hangong-peixun" in message
    assert not Programme.objects.exists()


def test_capitals_and_spaces_in_an_address_are_tidied(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    assert create(client, hrss, dianjiang_park, slug=" Welding Training ").slug == (
        "welding-training"
    )


def test_a_changed_address_keeps_the_old_one_leading_to_the_programme(
    client, manager, hrss, dianjiang_park
):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park)
    publish(client, programme)
    data = programme_form(hrss, dianjiang_park, slug="hangong")
    response = client.post(reverse("services:manage_edit", args=["welding-training"]), data)
    assert response.url == reverse("services:manage_edit", args=["hangong"])
    moved = client.get("/programmes/welding-training/?from=poster")
    assert moved.status_code == 302
    assert moved.url == "/programmes/hangong/?from=poster"
    api = client.get("/api/v1/programmes/welding-training/")
    assert api.status_code == 302 and api.url == "/api/v1/programmes/hangong/"
    assert client.get("/programmes/hangong/").status_code == 200
    assert ProgrammeChange.objects.filter(field="slug", new_value="hangong").exists()
    # and back again: the address is the programme's own once more, not a former one
    data = programme_form(hrss, dianjiang_park, slug="welding-training")
    client.post(reverse("services:manage_edit", args=["hangong"]), data)
    assert client.get("/programmes/welding-training/").status_code == 200
    assert client.get("/programmes/hangong/").url == "/programmes/welding-training/"
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["hangong"]


def test_an_address_another_programme_had_is_not_taken(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    create(client, hrss, dianjiang_park)
    move(client, hrss, dianjiang_park, "welding-training", "hangong")
    response = client.post(
        reverse("services:manage_create"),
        programme_form(hrss, dianjiang_park, slug="welding-training"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert "另一个项目正在用或用过这个地址" in response.context["form"].errors["slug"][0]


def test_an_emptied_address_stays_as_it_was(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park)
    client.post(
        reverse("services:manage_edit", args=[programme.slug]),
        programme_form(hrss, dianjiang_park, slug=""),
    )
    programme.refresh_from_db()
    assert programme.slug == "welding-training"
    assert not FormerSlug.objects.exists()


def test_a_draft_never_published_does_not_redirect(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    create(client, hrss, dianjiang_park)
    move(client, hrss, dianjiang_park, "welding-training", "hangong")
    client.logout()
    assert client.get("/programmes/welding-training/").status_code == 404


# --- Values from a list -------------------------------------------------------------------------


def ticked(**rows):
    """One condition row: fact, test and the ticked values."""
    return {
        "rules-TOTAL_FORMS": "1",
        "rules-0-value": "",
        **{f"rules-0-{name}": value for name, value in rows.items()},
    }


def refused_row(client, hrss, park, **row):
    """A new programme with one condition row that is refused: the page and the row's errors."""
    response = client.post(
        reverse("services:manage_create"),
        programme_form(hrss, park, **ticked(**row)),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200 and not Programme.objects.exists()
    return response.content.decode(), response.context["formset"].forms[0].errors


def test_values_of_a_fact_with_choices_are_ticked(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    programme = create(
        client,
        hrss,
        dianjiang_park,
        **ticked(fact="five_types", op="any_of", chosen=["five_types:poor_family", "hukou:rural"]),
    )
    assert programme.rules == {
        "all": [{"fact": "five_types", "op": "any_of", "value": ["poor_family"]}]
    }
    page = client.get(reverse("services:manage_edit", args=[programme.slug]))
    row = page.context["formset"].forms[0]
    assert row.initial["chosen"] == ["five_types:poor_family"]
    html = page.content.decode()
    assert re.search(r'value="five_types:poor_family"\s+id="id_rules-0-chosen', html)
    box = re.search(r'<input[^>]+value="five_types:poor_family"[^>]*>', html).group(0)
    assert "checked" in box
    # the typed box of that row is hidden; the row's list is shown, the other facts' lists not
    assert re.search(r'<div data-typed-value hidden>\s*<div id="div_id_rules-0-value"', html)
    assert '<fieldset class="mb-2" data-values-of="five_types">' in html
    assert '<fieldset class="mb-2" data-values-of="hukou" hidden>' in html


def test_a_yes_or_no_fact_is_ticked_too(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    programme = create(
        client, hrss, dianjiang_park, **ticked(fact="hukou_in_county", op="eq", chosen=[
            "hukou_in_county:no"
        ])
    )  # fmt: skip
    assert programme.rules["all"] == [{"fact": "hukou_in_county", "op": "eq", "value": False}]


def test_one_value_test_with_two_ticks_says_what_to_do(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    html, errors = refused_row(
        client, hrss, dianjiang_park, fact="hukou", op="eq", chosen=["hukou:rural", "hukou:urban"]
    )
    assert list(errors) == ["chosen"]
    assert "只能勾选一项" in errors["chosen"][0]
    assert 'aria-describedby="id_rules-0-chosen-error"' in html


def test_a_fact_with_choices_and_nothing_ticked_asks_for_ticks(
    client, manager, hrss, dianjiang_park
):
    client.force_login(manager)
    _html, errors = refused_row(client, hrss, dianjiang_park, fact="hukou", op="in", chosen=[])
    assert errors == {"chosen": ["请勾选符合这个条件的选项。"]}


def test_ticked_rules_saved_unchanged_change_nothing(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    programme = create(
        client,
        hrss,
        dianjiang_park,
        **ticked(fact="hukou", op="in", chosen=["hukou:rural", "hukou:urban"]),
    )
    data = programme_form(
        hrss, dianjiang_park, **ticked(fact="hukou", op="in", chosen=["hukou:rural", "hukou:urban"])
    )
    response = client.post(reverse("services:manage_edit", args=[programme.slug]), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.rules_version == 1


# --- The history in sentences ------------------------------------------------------------------


def history(client, programme, language):
    page = client.get(
        reverse("services:manage_edit", args=[programme.slug]), HTTP_ACCEPT_LANGUAGE=language
    )
    return [line["text"] for line in page.context["changes"]]


def test_the_history_reads_as_sentences_with_labels_and_readable_values(
    client, manager, hrss, dianjiang_park, changshou_park
):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park)
    closes = timezone.localdate() + datetime.timedelta(days=120)
    data = programme_form(
        hrss,
        dianjiang_park,
        once_per_person="on",
        closes_on=closes.isoformat(),
        **ticked(fact="hukou", op="eq", chosen=["hukou:rural"]),
    )
    client.post(reverse("services:manage_edit", args=[programme.slug]), data)
    publish(client, programme)
    lines = history(client, programme, "zh-hans")
    manager_name = str(manager)
    assert f"{manager_name}将“状态”从“草稿”改为“已发布”。" in lines
    assert f"{manager_name}将“每人限享受一次”从“否”改为“是”。" in lines
    day = f"{closes.year}年{closes.month}月{closes.day}日"
    assert any("“截止申请日期”" in line and day in line for line in lines)
    rules = f"{manager_name}将“申请条件规则”从“要求：年龄在16到60岁之间。至少满足以下一项："
    assert rules in lines[2]
    assert lines[2].endswith("改为“要求：户口类型为农村。”。")
    assert lines[-1] == f"{manager_name}创建了项目“焊工培训”。"
    every = " ".join(lines)
    assert "draft" not in every and "{" not in every and "[" not in every and "True" not in every
    english = history(client, programme, "en")
    assert f"{manager_name} changed “status” from “Draft” to “Published”." in english


def test_the_history_names_parks_documents_and_sessions(
    client, manager, hrss, dianjiang_park, id_card
):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park)
    actions.programme_update(programme=programme, by=manager, data={"documents": [id_card]})
    start = timezone.make_aware(datetime.datetime(2027, 1, 5, 9, 0))
    actions.session_save(
        programme=programme,
        by=manager,
        data={
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=3),
            "place_zh": "垫江县就业中心",
            "place_en": "",
            "seats": 20,
        },
    )
    with translation.override("zh-hans"):
        lines = history(client, programme, "zh-hans")
    assert any("“所需材料”" in line and id_card.name_zh in line for line in lines)
    added = next(line for line in lines if "新增了一期培训" in line)
    assert "垫江县就业中心" in added and "2027年1月5日" in added and "20" in added


def test_the_edit_page_queries_do_not_grow_with_the_history(
    client, manager, hrss, dianjiang_park, id_card
):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park)
    url = reverse("services:manage_edit", args=[programme.slug])
    counts = []
    for edits in (2, 12):
        for number in range(edits):
            actions.programme_update(
                programme=programme,
                by=manager,
                data={"sla_days": 20 + number, "documents": [id_card] if number % 2 else []},
            )
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert len(page.context["changes"]) > edits
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_rules_listed_in_another_order_are_the_same_rules(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park)
    # stored with the values in another order than the page ticks them
    Programme.objects.filter(pk=programme.pk).update(
        rules={
            "all": [{"fact": "five_types", "op": "any_of", "value": ["unemployed", "poor_family"]}]
        }
    )
    page = client.get(reverse("services:manage_edit", args=[programme.slug]))
    chosen = page.context["formset"].forms[0].initial["chosen"]
    data = programme_form(
        hrss, dianjiang_park, **ticked(fact="five_types", op="any_of", chosen=sorted(chosen))
    )
    client.post(reverse("services:manage_edit", args=[programme.slug]), data)
    programme.refresh_from_db()
    assert programme.rules_version == 1
    assert not ProgrammeChange.objects.filter(programme=programme, field="rules").exists()


def test_a_tab_opened_before_the_address_changed_still_saves(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    programme = create(client, hrss, dianjiang_park)
    move(client, hrss, dianjiang_park, "welding-training", "hangong")
    # the old tab posts to the old address, with the address it showed then
    stale = programme_form(
        hrss, dianjiang_park, slug="welding-training", benefit_text_zh="免费培训，发证书"
    )
    response = client.post(reverse("services:manage_edit", args=["welding-training"]), stale)
    assert response.status_code == 302 and response.url.endswith("/hangong/")
    programme.refresh_from_db()
    assert programme.benefit_text_zh == "免费培训，发证书"
    assert programme.slug == "hangong"  # not moved back by the old tab
    bookmark = client.get(reverse("services:manage_edit", args=["welding-training"]))
    assert bookmark.status_code == 302 and bookmark.url.endswith("/hangong/")


def test_ticks_left_under_a_fact_no_longer_chosen_leave_the_row_empty(
    client, manager, hrss, dianjiang_park
):
    client.force_login(manager)
    programme = create(
        client, hrss, dianjiang_park, **ticked(fact="", op="", chosen=["gender:female"])
    )
    assert programme.rules == {"all": []}


@pytest.mark.parametrize("typed", ["18-45岁", "18至45周岁", "18－45", "１８-４５", "18 到 45"])
def test_ages_are_read_as_people_write_them(typed):
    from services.eligibility import FACTS
    from services.manage_forms import parse_condition_value

    assert parse_condition_value(FACTS["age"], "between", typed) == [18, 45]


def test_a_test_the_fact_does_not_allow_names_the_ones_it_does(
    client, manager, hrss, dianjiang_park
):
    client.force_login(manager)
    _html, errors = refused_row(
        client, hrss, dianjiang_park, fact="five_types", op="eq", chosen=["five_types:poor_family"]
    )
    assert list(errors) == ["op"]
    assert "“所属人群”的判断方式请在这些里选：包含任一、不包含任何" in errors["op"][0]


def test_a_refused_address_leaves_the_page_acting_on_its_own_programme(
    client, manager, hrss, dianjiang_park
):
    client.force_login(manager)
    mine = create(client, hrss, dianjiang_park)
    other = create(client, hrss, dianjiang_park, slug="other-training")
    response = client.post(
        reverse("services:manage_edit", args=[mine.slug]),
        programme_form(hrss, dianjiang_park, slug="other-training"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert "另一个项目正在用或用过这个地址" in response.context["form"].errors["slug"][0]
    html = response.content.decode()
    assert f'action="/manage/programmes/{mine.slug}/status/"' in html
    assert f"/manage/programmes/{other.slug}/" not in html
    assert response.context["form"]["slug"].value() == "other-training"  # what was typed, kept

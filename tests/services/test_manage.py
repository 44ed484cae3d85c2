"""Park managers publish their centres' programmes; nobody touches another park's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import Programme, ProgrammeChange

pytestmark = pytest.mark.django_db


def programme_form(hrss, park, **overrides):
    today = timezone.localdate()
    data = {
        "slug": "welding-training",
        "department": hrss.pk,
        "kind": "training",
        "parks": [park.pk],
        "title_zh": "焊工培训",
        "title_en": "Welding training",
        "summary_zh": "免费学习焊接技术。",
        "summary_en": "Learn welding for free.",
        "description_zh": "为期两周的焊工培训，结业发证。",
        "description_en": "A two-week welding course with a certificate.",
        "benefit_min": "",
        "benefit_max": "",
        "benefit_text_zh": "免费培训",
        "benefit_text_en": "Free training",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=60)).isoformat(),
        "sla_days": "10",
        "channel": "both",
        "policy_reference": "",
        "policy_url": "",
        "appeal_zh": "",
        "appeal_en": "",
        "rules-TOTAL_FORMS": "3",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "30",
        "rules-0-group": "",
        "rules-0-fact": "age",
        "rules-0-op": "between",
        "rules-0-value": "16-60",
        "rules-1-group": "A",
        "rules-1-fact": "ready_to_start_business",
        "rules-1-op": "eq",
        "rules-1-value": "是",
        "rules-2-group": "A",
        "rules-2-fact": "five_types",
        "rules-2-op": "any_of",
        "rules-2-value": "poor_family, 城镇登记失业人员",
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    response = client.post(reverse("services:manage_create"), programme_form(hrss, dianjiang_park))
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["formset"].errors,
        response.context["formset"].non_form_errors(),
    )
    return Programme.objects.get(slug="welding-training")


def test_manager_creates_a_draft_with_grouped_rules(draft, manager):
    assert draft.status == Programme.Status.DRAFT
    assert draft.rules == {
        "all": [
            {"fact": "age", "op": "between", "value": [16, 60]},
            {
                "any": [
                    {"fact": "ready_to_start_business", "op": "eq", "value": True},
                    {
                        "fact": "five_types",
                        "op": "any_of",
                        "value": ["poor_family", "registered_unemployed"],
                    },
                ]
            },
        ]
    }
    created = ProgrammeChange.objects.get(programme=draft)
    assert created.field == "created" and created.changed_by == manager


def test_a_bad_rule_value_is_refused_next_to_its_field(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    data = programme_form(hrss, dianjiang_park, **{"rules-0-value": "sixty"})
    response = client.post(reverse("services:manage_create"), data)
    assert response.status_code == 200
    assert "value" in response.context["formset"].forms[0].errors
    assert not Programme.objects.exists()
    assert 'value="焊工培训"' in response.content.decode()  # nothing typed is lost


def test_manager_cannot_offer_a_programme_in_another_park(client, manager, hrss, changshou_park):
    client.force_login(manager)
    response = client.post(reverse("services:manage_create"), programme_form(hrss, changshou_park))
    assert "parks" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_closing_before_opening_is_refused_on_the_closing_date(
    client, manager, hrss, dianjiang_park
):
    client.force_login(manager)
    data = programme_form(hrss, dianjiang_park, closes_on="2020-01-01")
    response = client.post(reverse("services:manage_create"), data)
    assert "closes_on" in response.context["form"].errors


def test_edits_are_recorded_field_by_field_and_rules_get_a_new_version(
    client, draft, manager, hrss, dianjiang_park
):
    data = programme_form(
        hrss, dianjiang_park, title_en="Welding course", **{"rules-0-value": "18-55"}
    )
    data.pop("slug")
    response = client.post(reverse("services:manage_edit", args=[draft.slug]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "Welding course"
    assert draft.rules["all"][0]["value"] == [18, 55]
    assert draft.rules_version == 2
    fields = set(
        ProgrammeChange.objects.filter(programme=draft, changed_by=manager).values_list(
            "field", flat=True
        )
    )
    assert fields == {"created", "title_en", "rules", "rules_version"}
    page = client.get(reverse("services:manage_edit", args=[draft.slug])).content.decode()
    assert "Welding course" in page and "标题（英文）" in page  # the history names the field


def test_edit_form_shows_the_stored_rules_as_rows(client, draft):
    response = client.get(reverse("services:manage_edit", args=[draft.slug]))
    rows = [form.initial for form in response.context["formset"].forms if form.initial]
    assert rows[0] == {"group": "", "fact": "age", "op": "between", "value": "16-60"}
    assert rows[1]["group"] == rows[2]["group"] == "A"


def test_publishing_an_incomplete_training_lists_what_is_missing(client, draft):
    response = client.post(
        reverse("services:manage_status", args=[draft.slug]), {"action": "publish"}, follow=True
    )
    draft.refresh_from_db()
    assert draft.status == Programme.Status.DRAFT
    assert "至少添加一期培训" in response.content.decode()


def test_publish_then_close(client, draft):
    start = timezone.now() + datetime.timedelta(days=10)
    response = client.post(
        reverse("services:manage_session_add", args=[draft.slug]),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "place_zh": "垫江县返乡创业园培训室",
            "place_en": "Training room",
            "seats": "30",
        },
    )
    assert response.status_code == 302
    client.post(reverse("services:manage_status", args=[draft.slug]), {"action": "publish"})
    draft.refresh_from_db()
    assert draft.status == Programme.Status.PUBLISHED and draft.published_at
    catalogue = client.get(reverse("services:catalogue"), {"q": "焊工"})
    assert [programme.slug for programme in catalogue.context["page"]] == ["welding-training"]
    client.post(reverse("services:manage_status", args=[draft.slug]), {"action": "close"})
    catalogue = client.get(reverse("services:catalogue"), {"q": "焊工"})
    assert list(catalogue.context["page"]) == []
    statuses = ProgrammeChange.objects.filter(programme=draft, field="status")
    assert list(statuses.values_list("new_value", flat=True)) == ["closed", "published"]


def test_archived_cannot_be_published_again(client, draft):
    client.post(reverse("services:manage_status", args=[draft.slug]), {"action": "archive"})
    response = client.post(
        reverse("services:manage_status", args=[draft.slug]), {"action": "publish"}, follow=True
    )
    draft.refresh_from_db()
    assert draft.status == Programme.Status.ARCHIVED
    assert list(response.context["messages"])


def test_a_session_must_end_after_it_starts(client, draft):
    start = timezone.now() + datetime.timedelta(days=10)
    response = client.post(
        reverse("services:manage_session_add", args=[draft.slug]),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "place_zh": "培训室",
            "place_en": "",
            "seats": "30",
        },
    )
    assert "ends_at" in response.context["form"].errors
    assert not draft.sessions.exists()


def test_preview_shows_the_draft_only_to_its_manager(client, draft, other_manager):
    response = client.get(reverse("services:manage_preview", args=[draft.slug]))
    assert response.status_code == 200 and response.context["preview"]
    assert client.get(reverse("services:programme", args=[draft.slug])).status_code == 404
    client.force_login(other_manager)
    assert client.get(reverse("services:manage_preview", args=[draft.slug])).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("services:manage_edit", "get"),
        ("services:manage_edit", "post"),
        ("services:manage_preview", "get"),
        ("services:manage_status", "post"),
        ("services:manage_session_add", "get"),
    ],
)
def test_another_parks_manager_gets_404(client, draft, other_manager, name, method):
    client.force_login(other_manager)
    response = getattr(client, method)(reverse(name, args=[draft.slug]), {"action": "close"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Programme.Status.DRAFT


@pytest.mark.parametrize("person", ["applicant", "official", "head"])
def test_people_who_are_not_managers_get_404(client, person, request):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("services:manage_list")).status_code == 404


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get(reverse("services:manage_list"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_manager_list_shows_only_programmes_of_their_parks(
    client, manager, make_programme, changshou_park
):
    make_programme("mine")
    make_programme("theirs", parks=[changshou_park])
    client.force_login(manager)
    response = client.get(reverse("services:manage_list"))
    assert [programme.slug for programme in response.context["page"]] == ["mine"]


@pytest.mark.parametrize("count", [3, 30])
def test_manager_list_runs_a_fixed_number_of_queries(
    client, manager, make_programme, count, django_assert_num_queries
):
    for number in range(count):
        make_programme(f"p-{number}")
    client.force_login(manager)
    # session, user, count, page with departments, parks of the page, the manager's parks,
    # unread notifications
    with django_assert_num_queries(7):
        client.get(reverse("services:manage_list"))


def test_the_admin_shows_programmes_but_leaves_editing_to_the_manager_pages(
    client, administrator, make_programme
):
    programme = make_programme("shown-in-admin")
    client.force_login(administrator)
    assert client.get(reverse("admin:services_programme_changelist")).status_code == 200
    change = reverse("admin:services_programme_change", args=[programme.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"title_zh": "改名"}).status_code == 403
    assert client.get(reverse("services:manage_edit", args=[programme.slug])).status_code == 200


def test_untouched_extra_rule_rows_are_ignored(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    data = programme_form(hrss, dianjiang_park)
    data["rules-TOTAL_FORMS"] = "5"
    for index in (3, 4):  # what a browser posts for rows left alone
        data.update(
            {f"rules-{index}-group": "", f"rules-{index}-fact": "", f"rules-{index}-op": ""}
        )
        data[f"rules-{index}-value"] = ""
    response = client.post(reverse("services:manage_create"), data)
    assert response.status_code == 302
    assert len(Programme.objects.get().rules["all"]) == 2


def test_a_half_filled_rule_row_says_what_is_missing(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    data = programme_form(hrss, dianjiang_park, **{"rules-0-op": "", "rules-0-value": ""})
    response = client.post(reverse("services:manage_create"), data)
    errors = response.context["formset"].forms[0].errors
    assert set(errors) == {"op", "value"}
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("fact", "op", "typed", "stored", "shown"),
    [
        ("return_date", "between", "2024-01-01 to 2027-06-30", ["2024-01-01", "2027-06-30"], None),
        ("age", "in", "16, 60", [16, 60], "16, 60"),
        ("age", "between", "16-60", [16, 60], "16-60"),
    ],
)
def test_rule_values_survive_a_second_save(
    client, manager, hrss, dianjiang_park, fact, op, typed, stored, shown
):
    client.force_login(manager)
    data = programme_form(
        hrss,
        dianjiang_park,
        **{
            "rules-0-fact": fact,
            "rules-0-op": op,
            "rules-0-value": typed,
            "rules-TOTAL_FORMS": "1",
        },
    )
    assert client.post(reverse("services:manage_create"), data).status_code == 302
    programme = Programme.objects.get()
    assert programme.rules["all"][0]["value"] == stored
    page = client.get(reverse("services:manage_edit", args=[programme.slug]))
    assert page.context["formset"].forms[0].initial["value"] == (shown or typed)


def test_the_save_button_comes_before_publishing(client, draft):
    page = client.get(reverse("services:manage_edit", args=[draft.slug])).content.decode()
    # saving the changes comes first; publishing (which does not save them) after
    assert page.index("保存修改") < page.index('value="publish"')

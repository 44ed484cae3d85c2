"""From the screener or a programme page to a draft: a new one, or the unsent one added to."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import actions
from applications.models import Application
from services.eligibility import validate_rules
from services.models import Programme
from tests.data import pdf
from tests.factories import ProgrammeFactory
from tests.fixtures import file_at_the_counter

pytestmark = pytest.mark.django_db

YOUNG = validate_rules({"all": [{"fact": "age", "op": "between", "value": [16, 35]}]})
RURAL = validate_rules({"all": [{"fact": "hukou", "op": "eq", "value": "rural"}]})


def ticked(response) -> list[str]:
    """The programmes shown ticked on the page."""
    boxes = re.findall(r"<input[^>]*>", response.content.decode())
    return sorted(
        re.search(r'value="([^"]+)"', box).group(1)
        for box in boxes
        if 'name="programmes"' in box and "checked" in box
    )


def test_apply_for_these_starts_a_draft_with_the_programmes_the_screener_found(client, hrss, sms):
    ProgrammeFactory(slug="youth-training", title_zh="青年培训", department=hrss, rules=YOUNG)
    ProgrammeFactory(slug="youth-loan", title_zh="青年贷款", department=hrss, rules=YOUNG)
    ProgrammeFactory(slug="rural-support", title_zh="农村扶持", department=hrss, rules=RURAL)
    results = client.post(reverse("services:screener"), {"age": "30"}, follow=True)
    page = results.content.decode()
    assert 'action="/applications/new/"' in page
    assert "申请这些项目" in page
    # each programme that fits or may fit has its own button; the one that does not fit has none
    assert page.count('href="/applications/new/?programmes=') == 3

    # The visitor has no account yet: "apply" asks them to sign up, then comes back ticked.
    start = "/applications/new/?programmes=youth-loan&programmes=youth-training"
    response = client.get(start)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    signed_up = client.post(
        reverse("accounts:signup") + "?next=" + start.replace("&", "%26").replace("?", "%3F"),
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
    signed_up = client.post(
        reverse("accounts:signup_code"), {"code": sms.code("13912345678")}, follow=True
    )
    assert signed_up.request["PATH_INFO"] == "/applications/new/"
    assert ticked(signed_up) == ["youth-loan", "youth-training"]

    client.post(start, {"programmes": ["youth-loan", "youth-training"]})
    application = Application.objects.get(applicant__username="meiling")
    assert sorted(application.items.values_list("programme__slug", flat=True)) == [
        "youth-loan",
        "youth-training",
    ]


def test_apply_with_a_draft_unsent_adds_to_it_instead_of_starting_another(
    client, applicant, five_programmes
):
    draft = actions.application_start(applicant=applicant, programmes=five_programmes[:1])
    client.force_login(applicant)
    response = client.get(
        reverse("applications:start") + "?programmes=sme-subsidy,registration-guidance",
        follow=True,
    )
    assert response.request["PATH_INFO"] == f"/applications/{draft.pk}/programmes/"
    assert ticked(response) == ["registration-guidance", "sme-subsidy", "syb-training"]
    assert "您还有一份没有发送的申请" in response.content.decode()

    client.post(
        response.request["PATH_INFO"],
        {"programmes": ["syb-training", "sme-subsidy", "registration-guidance"]},
    )
    assert Application.objects.filter(applicant=applicant).count() == 1
    assert draft.items.count() == 3


def test_a_link_to_a_closed_programme_says_it_is_not_ticked(client, applicant, five_programmes):
    five_programmes[0].status = Programme.Status.CLOSED
    five_programmes[0].save()
    client.force_login(applicant)
    response = client.get(reverse("applications:start") + "?programmes=syb-training,sme-subsidy")
    assert ticked(response) == ["sme-subsidy"]
    assert "不接受申请" in response.content.decode()


def test_a_programme_page_asks_the_screener_about_that_programme_first(client, hrss):
    ProgrammeFactory(slug="rural-support", title_zh="农村扶持", department=hrss, rules=RURAL)
    ProgrammeFactory(slug="youth-training", title_zh="青年培训", department=hrss, rules=YOUNG)
    programme_page = client.get(reverse("services:programme", args=["rural-support"]))
    assert 'href="/screener/?programme=rural-support"' in programme_page.content.decode()

    questions = client.get("/screener/?programme=rural-support")
    form = questions.context["form"]
    assert [field.name for field in form.focus_fields()] == ["hukou"]
    assert "hukou" not in [field.name for field in form.main_fields() + form.more_fields()]
    page = questions.content.decode()
    assert page.index("“农村扶持”要问的") < page.index('name="age"')
    assert 'action="/screener/?programme=rural-support"' in page

    results = client.post("/screener/?programme=rural-support", {"hukou": "rural"}, follow=True)
    assert results.request["QUERY_STRING"] == "programme=rural-support"
    assert results.context["focus_verdict"].status == "eligible"
    page = results.content.decode()
    focus = page[page.index('id="focus-heading"') : page.index("其他可能适合您的项目")]
    assert "农村扶持" in focus and "您的情况：农村" in focus
    assert 'href="/applications/new/?programmes=rural-support"' in focus


def test_the_screener_for_an_unknown_programme_is_the_plain_screener(client, hrss):
    response = client.get("/screener/?programme=no-such-thing")
    assert response.status_code == 200
    assert response.context["focus"] is None
    assert response.context["form"].focus_fields() == []


# --- What the applicant already has -----------------------------------------------------------


def decide(submitted, slug, official_of, decision, reason=""):
    item = submitted.items.select_related("referral").get(programme__slug=slug)
    actions.referral_act(
        referral=item.referral, by=official_of(item), action=decision, item_id=item.pk, text=reason
    )


@pytest.fixture
def deciders(official, hrss, market, scitech):
    from tests.factories import UserFactory

    officials = {
        hrss.pk: official,
        market.pk: UserFactory(role="official", department=market),
        scitech.pk: UserFactory(role="official", department=scitech),
    }
    return lambda item: officials[item.referral.department_id]


def test_a_programme_waiting_for_a_decision_is_marked_and_cannot_be_chosen_again(
    client, submitted, applicant
):
    client.force_login(applicant)
    page = client.get(reverse("applications:start")).content.decode()
    sent_on = timezone.localdate(submitted.submitted_at)
    assert f"（已于{sent_on.year}年{sent_on.month}月{sent_on.day}日申请，等待审核结果）" in page

    response = client.post(reverse("applications:start"), {"programmes": ["syb-training"]})
    assert response.status_code == 200
    assert "还在等待审核结果，不能重复申请" in response.content.decode()
    assert Application.objects.filter(applicant=applicant).count() == 1


def test_once_per_person_is_refused_after_an_approval_across_applications(
    client, submitted, applicant, deciders
):
    Programme.objects.filter(slug="sme-subsidy").update(once_per_person=True)
    decide(submitted, "sme-subsidy", deciders, "approve")
    decide(submitted, "registration-guidance", deciders, "approve")  # not once per person
    decide(submitted, "scitech-enterprise-support", deciders, "reject", reason="不符合条件")
    client.force_login(applicant)

    refused = client.post(reverse("applications:start"), {"programmes": ["sme-subsidy"]})
    assert "每人只能享受一次" in refused.content.decode()
    # approved before but not limited, or refused before: both may be applied for again
    again = client.post(
        reverse("applications:start"),
        {"programmes": ["registration-guidance", "scitech-enterprise-support"]},
    )
    assert again.status_code == 302
    page = client.get(reverse("applications:start")).content.decode()
    title = Programme.objects.get(slug="registration-guidance").title_zh
    today = timezone.localdate()
    assert f"{title}（已于{today.year}年{today.month}月{today.day}日获批）" in page


def test_a_withdrawn_application_holds_nothing(client, submitted, applicant):
    actions.application_withdraw(application=submitted, by=applicant)
    client.force_login(applicant)
    response = client.post(reverse("applications:start"), {"programmes": ["syb-training"]})
    assert response.status_code == 302


def test_two_drafts_with_the_same_programme_cannot_both_be_sent(client, applicant, draft, id_card):
    second = actions.application_start(
        applicant=applicant, programmes=[draft.items.get(programme__slug="syb-training").programme]
    )
    actions.document_upload(
        application=second, by=applicant, upload=pdf("id.pdf"), document_type=id_card
    )
    actions.application_submit(application=draft, by=applicant)
    with pytest.raises(ValidationError) as refused:
        actions.application_submit(application=second, by=applicant)
    assert any("不能重复申请" in message for message in refused.value.messages)
    client.force_login(applicant)
    review = client.get(reverse("applications:step_review", args=[second.pk]))
    assert "不能重复申请" in review.content.decode()


def test_the_api_refuses_a_programme_already_waiting_for_a_decision(client, submitted, applicant):
    client.force_login(applicant)
    response = client.post(
        "/api/v1/applications/", {"programmes": ["syb-training"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "不能重复申请" in response.json()["programmes"][0]


# --- Programmes applied for at the service centre only ----------------------------------------


@pytest.fixture
def centre_only(hrss, dianjiang_park):
    dianjiang_park.address_zh = "桂溪街道返乡创业园服务中心"
    dianjiang_park.hours_zh = "周一至周五 9:00—17:30"
    dianjiang_park.save()
    return ProgrammeFactory(
        slug="guarantee-loan",
        title_zh="担保贷款",
        department=hrss,
        channel=Programme.Channel.OFFLINE,
        parks=[dianjiang_park],
    )


def test_a_centre_only_programme_is_not_chosen_online_but_says_where_and_when_to_go(
    client, applicant, centre_only, five_programmes
):
    client.force_login(applicant)
    page = client.get(reverse("applications:start")).content.decode()
    assert 'value="guarantee-loan"' not in page
    section = page[page.index('id="centre-only-heading"') :]
    assert "担保贷款" in section
    assert "桂溪街道返乡创业园服务中心" in section and "办公时间：周一至周五 9:00—17:30" in section

    refused = client.post(reverse("applications:start"), {"programmes": ["guarantee-loan"]})
    assert refused.status_code == 200
    assert not Application.objects.filter(applicant=applicant).exists()
    # the API too, by the action's own rule
    response = client.post(
        "/api/v1/applications/", {"programmes": ["guarantee-loan"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "只能到服务中心办理" in str(response.json())


def test_the_programme_page_and_the_screener_send_to_the_centre_instead_of_the_form(
    client, centre_only
):
    page = client.get(reverse("services:programme", args=["guarantee-loan"])).content.decode()
    assert "/applications/new/?programmes=guarantee-loan" not in page
    assert '<a class="btn btn-primary" href="#process-heading">到服务中心办理</a>' in page
    assert "桂溪街道返乡创业园服务中心" in page
    results = client.post(reverse("services:screener"), {}, follow=True).content.decode()
    assert 'href="/programmes/guarantee-loan/#process-heading"' in results
    assert 'value="guarantee-loan"' not in results  # not among "apply for these"


def test_a_park_manager_filing_at_the_centre_can_choose_it(client, manager, centre_only, sms):
    client.force_login(manager)
    file_at_the_counter(
        client,
        sms,
        {
            "phone": "13912340000",
            "name": "李大山",
            "consent": "on",
            "programmes": ["guarantee-loan"],
        },
    )
    application = Application.objects.get(filed_by=manager)
    assert list(application.items.values_list("programme__slug", flat=True)) == ["guarantee-loan"]
    step = client.get(reverse("applications:step_programmes", args=[application.pk]))
    assert 'value="guarantee-loan"' in step.content.decode()


def test_the_filing_manager_does_not_see_what_the_returnee_already_has(
    client, manager, submitted, applicant, five_programmes
):
    draft = actions.application_start(
        applicant=applicant, programmes=[ProgrammeFactory()], filed_by=manager
    )
    client.force_login(manager)
    page = client.get(reverse("applications:step_programmes", args=[draft.pk])).content.decode()
    assert "等待审核结果" not in page and "获批" not in page
    client.force_login(applicant)
    page = client.get(reverse("applications:step_programmes", args=[draft.pk])).content.decode()
    assert "等待审核结果" in page


def test_a_link_to_a_centre_only_programme_says_where_it_is_listed(client, applicant, centre_only):
    client.force_login(applicant)
    page = client.get(reverse("applications:start") + "?programmes=guarantee-loan")
    html = page.content.decode()
    assert "只能到服务中心办理：它们列在表格下面" in html
    assert "现在不接受申请" not in html


def test_what_the_person_already_applied_for_is_not_ticked_for_them(
    client, submitted, applicant, five_programmes
):
    from services.models import ScreenerAnswers

    answers = ScreenerAnswers.objects.create(user=applicant, facts={"age": 30})
    answers.matched.set(five_programmes)  # the screener matched them all, sent ones included
    client.force_login(applicant)
    for url in (
        reverse("applications:start"),
        reverse("applications:start") + "?programmes=syb-training",
    ):
        page = client.get(url)
        assert page.context["form"]["programmes"].initial == []
        assert 'value="syb-training" checked' not in page.content.decode()


def test_screener_answers_given_before_signing_in_are_kept_and_fill_what_the_profile_lacks(
    client, applicant, profile, five_programmes
):
    from django.core.cache import cache

    from services.models import ScreenerAnswers
    from tests.factories import PASSWORD

    cache.clear()
    client.post(
        reverse("services:screener"),
        {"age": "36", "hukou": "urban", "ready_to_start_business": "yes"},
    )
    response = client.post(
        reverse("accounts:login"), {"username": applicant.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    kept = ScreenerAnswers.objects.get(user=applicant)
    assert kept.facts["ready_to_start_business"] is True
    page = client.get(reverse("applications:profile"))
    form = page.context["form"]
    assert form["ready_to_start_business"].value() in (True, "True", "yes")  # not answered yet
    assert form["hukou"].value() == "rural"  # answered in the profile: left as it is


def test_the_programme_step_says_which_programmes_seem_to_fit(
    client, applicant, profile, five_programmes
):
    Programme.objects.filter(slug="syb-training").update(
        rules={"all": [{"fact": "hukou", "op": "eq", "value": "rural"}]}
    )
    Programme.objects.filter(slug="sme-subsidy").update(
        rules={"all": [{"fact": "hukou", "op": "eq", "value": "urban"}]}
    )
    client.force_login(applicant)
    page = client.get(reverse("applications:start"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    labels = dict(page.context["form"].fields["programmes"].choices)
    titles = {p.slug: p.title_zh for p in five_programmes}
    assert labels["syb-training"] == f"{titles['syb-training']}（看起来符合条件）"
    assert labels["sme-subsidy"] == f"{titles['sme-subsidy']}（看起来不符合条件）"


def test_answers_given_long_before_signing_in_are_not_taken_for_the_persons_own(
    client, applicant, profile, five_programmes, time_machine
):
    """At a shared computer, an earlier visitor's answers stay in the browser's session."""
    from django.core.cache import cache

    from services.models import ScreenerAnswers
    from tests.factories import PASSWORD

    cache.clear()
    time_machine.move_to("2026-12-02 09:00:00+08:00", tick=False)
    client.post(reverse("services:screener"), {"age": "61", "hukou": "urban"})
    time_machine.move_to("2026-12-02 10:00:00+08:00", tick=False)
    client.post(reverse("accounts:login"), {"username": applicant.username, "password": PASSWORD})
    assert not ScreenerAnswers.objects.filter(user=applicant).exists()

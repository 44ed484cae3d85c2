"""After sending: a receipt with a random reference, the departments and their due dates, to
print (also for the park manager who filed it); and the look-up of the progress with the
reference and the mobile number, without signing in, throttled, with no personal details."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from applications import actions, receipts
from applications.models import Referral
from services.models import DocumentType

LOOKUP = "/track/"


def test_a_reference_is_random_readable_and_not_the_id(submitted):
    assert re.fullmatch(r"FX-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", submitted.reference)
    assert str(submitted.pk) not in submitted.reference.split("-")[1]
    assert len({receipts.new_reference() for _ in range(2000)}) == 2000


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("fx-7k3m-9qpa", "FX-7K3M-9QPA"),
        (" FX 7K3M 9QPA ", "FX-7K3M-9QPA"),
        ("7K3M9QPA", "FX-7K3M-9QPA"),
        ("FX-7K3M-9QP0", ""),  # 0 is never in a reference
        ("FX-7K3M", ""),
        ("", ""),
    ],
)
def test_a_reference_is_read_however_it_is_typed(typed, kept):
    assert receipts.normalised_reference(typed) == kept


def test_sending_shows_the_receipt_with_every_department_and_its_due_date(client, applicant, draft):
    client.force_login(applicant)
    response = client.post(
        reverse("applications:step_review", args=[draft.pk]), {"submit_token": "t"}, follow=True
    )
    draft.refresh_from_db()
    assert response.redirect_chain[-1][0] == reverse("applications:receipt", args=[draft.pk])
    page = response.content.decode()
    assert draft.reference in page and "申请回执" in page
    for referral in Referral.objects.filter(application=draft).select_related("department"):
        part = re.search(
            rf"<h3 class=\"h6 mb-1\">{referral.department.name}</h3>.*?</li>", page, re.S
        ).group(0)
        assert f"{referral.due_on.year}年{referral.due_on.month}月{referral.due_on.day}日" in part
    assert "138****0001" in page or "****" in page
    assert "data-print hidden" in page  # shown by the script; the browser's menu prints too
    detail = client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert draft.reference in detail and reverse("applications:receipt", args=[draft.pk]) in detail


def test_the_park_manager_who_filed_it_prints_the_receipt_and_nobody_else_sees_it(
    client, applicant, profile, five_programmes, manager, other_manager, other_applicant, official
):
    filed = actions.application_start(
        applicant=applicant, programmes=five_programmes[3:4], filed_by=manager
    )
    client.force_login(manager)
    response = client.post(
        reverse("applications:step_review", args=[filed.pk]), {"submit_token": "m"}, follow=True
    )
    filed.refresh_from_db()
    assert response.redirect_chain[-1][0] == reverse("applications:receipt", args=[filed.pk])
    assert filed.reference in response.content.decode()
    url = reverse("applications:receipt", args=[filed.pk])
    for somebody in (other_manager, other_applicant, official):
        client.force_login(somebody)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


@pytest.fixture
def looked_up(submitted):
    cache.clear()
    return submitted


def _lookup(client, reference, phone="13800000001", **headers):
    return client.post(LOOKUP, {"reference": reference, "phone": phone}, **headers)


def test_anyone_with_the_reference_and_the_phone_sees_the_status_per_department_only(
    client, looked_up, profile, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = _lookup(client, looked_up.reference.lower().replace("-", " "))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"申请 {looked_up.reference}" in page
    for referral in looked_up.referrals.select_related("department"):
        assert referral.department.name in page
    assert "已收到，等待审核" in page
    # no personal details: neither the name, the numbers nor a document
    for private in ("王小红", "13800000001", profile.id_number, "id_card.pdf", "/documents/"):
        assert private not in page


@pytest.mark.parametrize("wrong", ["reference", "phone"])
def test_a_wrong_pair_says_the_same_whichever_is_wrong(client, looked_up, wrong):
    reference = "FX-2222-2222" if wrong == "reference" else looked_up.reference
    phone = "13900000000" if wrong == "phone" else "13800000001"
    page = _lookup(client, reference, phone).content.decode()
    assert "没有找到这个编号和手机号对应的申请" in page
    assert looked_up.reference not in page.split("<form")[0]


def test_a_malformed_reference_or_phone_is_refused_beside_its_field_and_kept(client, looked_up):
    page = _lookup(client, "FX-12", "1380").content.decode()
    assert "编号是 FX 加 8 个字母和数字" in page and "请填写 11 位手机号" in page
    assert 'value="FX-12"' in page and 'value="1380"' in page


def test_look_ups_are_throttled_per_reference_and_per_address(
    client, looked_up, settings, time_machine
):
    time_machine.move_to("2026-12-02 10:05:00+08:00", tick=False)  # well inside one period
    settings.PROGRESS_LOOKUP_REFERENCE_LIMIT = 3
    for _ in range(3):
        assert _lookup(client, looked_up.reference, "13900000000").status_code == 200
    refused = _lookup(client, looked_up.reference)  # even with the right phone now
    assert refused.status_code == 429
    assert "查询次数太多" in refused.content.decode()
    assert looked_up.reference not in refused.content.decode().split("<form")[0]

    cache.clear()
    settings.PROGRESS_LOOKUP_REFERENCE_LIMIT = 100
    settings.PROGRESS_LOOKUP_ADDRESS_LIMIT = 2
    _lookup(client, "FX-2222-2222")
    _lookup(client, "FX-3333-3333")
    assert _lookup(client, "FX-4444-4444").status_code == 429
    assert _lookup(client, looked_up.reference, REMOTE_ADDR="10.1.2.3").status_code == 200


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "回执编号是"), ("en", "Its reference is")]
)
def test_the_applicant_hears_of_the_sending_with_the_reference_and_the_due_dates(
    applicant, draft, language, words, settings
):
    from portal.notifications.models import Delivery, Notification
    from portal.notifications.rendering import render

    applicant.language = language
    applicant.save(update_fields=["language"])
    actions.application_submit(application=draft, by=applicant)
    actions.application_submit(application=draft, by=applicant)  # a second click: no second
    draft.refresh_from_db()
    notification = Notification.objects.get(recipient=applicant, kind="application_sent")
    text = render(notification).text
    assert words in text and draft.reference in text
    with translation.override(language):
        for referral in draft.referrals.select_related("department"):
            assert referral.department.name in text
    assert text.endswith(reverse("applications:receipt", args=[draft.pk]))
    assert Delivery.objects.filter(notification=notification).exists()


@pytest.mark.parametrize("count", [1, 6])
def test_the_park_manager_lists_what_they_filed_with_each_receipt(
    client, manager, other_manager, five_programmes, count, django_assert_num_queries
):
    import datetime

    from tests.data import id_number_for
    from tests.factories import UserFactory

    for n in range(count):
        returnee = UserFactory(username=f"walk-in-{n}", name=f"返乡人员{n}")
        actions.profile_save(
            user=returnee,
            data={
                "name": f"返乡人员{n}",
                "gender": "male",
                "birth_date": datetime.date(1985, 1, 1),
                "phone": f"139000000{n:02d}",
                "id_number": id_number_for(datetime.date(1985, 1, 1), "male", n),
                "hukou": "rural",
                "hukou_in_county": True,
            },
            consent=True,
        )
        filed = actions.application_start(
            applicant=returnee, programmes=five_programmes[3:4], filed_by=manager
        )
        actions.application_submit(application=filed, by=manager)
    client.force_login(manager)
    with django_assert_num_queries(QUERIES_ON_ASSIST):
        page = client.get(reverse("applications:assist")).content.decode()
    for filed in manager_filed(manager):
        assert filed.reference in page
        assert reverse("applications:receipt", args=[filed.pk]) in page
    assert page.count("已提交，等待审核") == count
    client.force_login(other_manager)
    assert (
        manager_filed(manager)[0].reference
        not in client.get(reverse("applications:assist")).content.decode()
    )


def manager_filed(manager):
    from applications.models import Application

    return list(Application.objects.filter(filed_by=manager, submitted_at__isnull=False))


# session, user, the district of the manager's parks, open programmes and their departments,
# drafts, the sent ones, their referrals, the unread count: the same however many were sent
QUERIES_ON_ASSIST = 8


def test_the_owner_looking_often_is_not_locked_out(client, looked_up, settings, time_machine):
    time_machine.move_to("2026-12-02 10:05:00+08:00", tick=False)  # well inside one period
    settings.PROGRESS_LOOKUP_REFERENCE_LIMIT = 3
    for _ in range(6):  # right answers do not count against the reference
        assert _lookup(client, looked_up.reference).status_code == 200
    for _ in range(3):
        _lookup(client, looked_up.reference, "13900000000")
    assert _lookup(client, looked_up.reference).status_code == 429


@pytest.fixture
def sent_with_words_to_follow(applicant, profile, five_programmes, id_card, dianjiang_park):
    """Sent with the ID card uploaded, the hukou booklet to bring and the plan not had yet."""
    from tests.data import pdf

    for programme in five_programmes:
        programme.parks.add(dianjiang_park)
    application = actions.application_start(applicant=applicant, programmes=five_programmes)
    actions.document_upload(
        application=application, by=applicant, upload=pdf("id.pdf"), document_type=id_card
    )
    for code, reason in (("hukou_booklet", "bring"), ("business_plan", "not_yet")):
        actions.document_to_follow(
            application=application,
            document_type=DocumentType.objects.get(code=code),
            reason=reason,
        )
    actions.application_submit(application=application, by=applicant)
    return application


def test_the_receipt_and_the_application_say_what_is_still_to_give_and_where(
    client, applicant, sent_with_words_to_follow, dianjiang_park
):
    client.force_login(applicant)
    for url in (
        reverse("applications:receipt", args=[sent_with_words_to_follow.pk]),
        reverse("applications:detail", args=[sent_with_words_to_follow.pk]),
    ):
        page = client.get(url).content.decode()
        owed = page[page.index('id="owed-heading"') :].split("</section>")[0]
        assert "还要交的材料" in owed
        assert "户口簿" in owed and "我会带到服务中心" in owed
        assert "创业计划书" in owed and "我还没有这份材料" in owed
        assert "居民身份证" not in owed
        assert dianjiang_park.name_zh in owed


def test_the_notice_of_the_sending_names_what_is_still_to_give(
    applicant, sent_with_words_to_follow
):
    from portal.notifications.models import Notification
    from portal.notifications.rendering import render

    notification = Notification.objects.get(recipient=applicant, kind="application_sent")
    text = render(notification).text
    assert "还要交：创业计划书、户口簿" in text

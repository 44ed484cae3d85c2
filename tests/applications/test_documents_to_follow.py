"""Not every document at once: each says which programmes ask for it, and the applicant may
say they will bring it to the service centre or do not have it yet, and still send."""

import re

import pytest
from django.urls import reverse

from applications import actions
from applications.models import Application, DocumentToFollow, Referral
from tests.data import pdf
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def card(page: str, code: str) -> str:
    found = re.search(rf'<li class="card mb-3" id="document-{code}">.*?</li>', page, re.S)
    return found.group(0)


def say(client, application, code, reason):
    return client.post(
        reverse("applications:step_documents", args=[application.pk]),
        {"document_type": code, "reason": reason},
        follow=True,
    )


def test_each_document_says_which_programmes_ask_for_it(client, applicant, started):
    client.force_login(applicant)
    page = client.get(reverse("applications:step_documents", args=[started.pk])).content.decode()
    titles = {item.programme.slug: item.programme.title for item in started.items.all()}
    plan = card(page, "business_plan")
    expected = sorted([titles["startup-guarantee-loan"], titles["scitech-enterprise-support"]])
    assert f"需要它的项目：{'、'.join(expected)}" in plan
    assert titles["syb-training"] not in plan
    assert "我会带到服务中心" in card(page, "hukou_booklet")
    assert "我会带到服务中心" not in card(page, "id_card")  # uploaded: nothing to say instead


def test_a_document_brought_later_lets_the_draft_go_and_the_department_sees_it(
    client, applicant, started, official, other_official
):
    client.force_login(applicant)
    review = reverse("applications:step_review", args=[started.pk])
    refused = client.post(review, follow=True).content.decode()
    assert "请上传户口簿，或者说明您会带到服务中心、或者现在还没有" in refused

    shown = say(client, started, "hukou_booklet", "bring").content.decode()
    assert "“户口簿”：我会带到服务中心" in shown
    assert "您会带来" in card(shown, "hukou_booklet")
    say(client, started, "business_plan", "not_yet")
    page = client.get(review).content.decode()
    assert "户口簿：我会带到服务中心" in page.replace("\n", "")
    client.post(review)
    started.refresh_from_db()
    assert started.submitted_at is not None

    hrss = Referral.objects.get(application=started, department__code="hrss")
    client.force_login(official)
    case = client.get(reverse("applications:case", args=[hrss.pk])).content.decode()
    assert "户口簿：申请人说“我会带到服务中心”" in case
    assert "创业计划书：申请人说“我还没有这份材料”" in case
    assert re.search(
        r'<textarea name="text" id="ask-documents-text"[^>]*>请上传以下材料，或者带到服务中心：'
        r"创业计划书、户口簿</textarea>",
        case,
    )
    # another department sees only what its own programmes ask for
    market = Referral.objects.get(application=started, department__code="market")
    client.force_login(other_official)
    case = client.get(reverse("applications:case", args=[market.pk])).content.decode()
    assert "户口簿" not in case and "还没有上传" not in case


def test_uploading_after_all_replaces_what_was_said(client, applicant, started, hukou_booklet):
    client.force_login(applicant)
    say(client, started, "hukou_booklet", "bring")
    actions.document_upload(
        application=started, by=applicant, upload=pdf("hukou.pdf"), document_type=hukou_booklet
    )
    assert not DocumentToFollow.objects.filter(application=started).exists()


def test_taking_it_back_asks_for_the_upload_again(client, applicant, started):
    client.force_login(applicant)
    say(client, started, "hukou_booklet", "bring")
    page = say(client, started, "hukou_booklet", "").content.decode()
    assert "“户口簿”：您会上传。" in page
    assert "还没上传" in card(page, "hukou_booklet")
    assert not DocumentToFollow.objects.filter(application=started).exists()


def test_a_document_the_programmes_do_not_ask_for_or_a_made_up_answer_is_refused(
    client, applicant, profile, id_card, hukou_booklet
):
    application = actions.application_start(
        applicant=applicant, programmes=[ProgrammeFactory(documents=[id_card])]
    )
    client.force_login(applicant)
    page = say(client, application, "hukou_booklet", "bring").content.decode()
    assert "您选的项目不需要这份材料" in page
    page = say(client, application, "id_card", "lost_it").content.decode()
    assert "为什么没有上传" in page  # the field is named in the error
    actions.document_upload(
        application=application, by=applicant, upload=pdf("id.pdf"), document_type=id_card
    )
    page = say(client, application, "id_card", "bring").content.decode()
    assert "这份材料已经上传了" in page
    assert not DocumentToFollow.objects.exists()


def test_nobody_else_says_it_for_the_applicant(client, started, other_applicant):
    client.force_login(other_applicant)
    response = say(client, started, "hukou_booklet", "bring")
    assert response.status_code == 404
    assert not DocumentToFollow.objects.exists()
    assert Application.objects.get(pk=started.pk).is_draft


@pytest.mark.parametrize("count", [2, 12])
def test_the_documents_step_runs_a_fixed_number_of_queries(
    client, applicant, profile, id_card, hukou_booklet, count, django_assert_num_queries
):
    programmes = [ProgrammeFactory(documents=[id_card, hukou_booklet]) for _ in range(count)]
    application = actions.application_start(applicant=applicant, programmes=programmes)
    client.force_login(applicant)
    # session, user, the draft, the documents asked for with their programmes, the uploads,
    # what the applicant said instead, the unread count of the inbox
    with django_assert_num_queries(8):
        client.get(reverse("applications:step_documents", args=[application.pk]))

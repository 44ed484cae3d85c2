"""The intake through the browser's eyes: steps, uploads, status, queue, case, access."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import actions, staff_views, transitions
from applications.models import Application, ApplicationItem, Document, Referral
from services.models import Programme
from tests.data import PDF, PNG, VALID_ID, pdf
from tests.factories import ProgrammeFactory, UserFactory
from tests.fixtures import file_at_the_counter

pytestmark = pytest.mark.django_db


def profile_post(**overrides):
    data = {
        "name": "王小红",
        "gender": "female",
        "birth_date": "1990-01-01",
        "phone": "13800000001",
        "id_number": VALID_ID,
        "district": "500231",
        "hukou": "rural",
        "hukou_in_county": "yes",
        "five_types": ["poor_family"],
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_the_whole_application_step_by_step(client, applicant, five_programmes, id_card):
    client.force_login(applicant)
    slugs = "syb-training,sme-subsidy,scitech-enterprise-support"
    page = client.get(reverse("applications:start") + f"?programmes={slugs}")
    assert set(page.context["form"].initial["programmes"]) == set(slugs.split(","))
    response = client.post(reverse("applications:start"), {"programmes": slugs.split(",")})
    application = Application.objects.get(applicant=applicant)
    assert response.url == reverse("applications:step_profile", args=[application.pk])
    response = client.post(response.url, profile_post())
    assert response.url == reverse("applications:step_documents", args=[application.pk])
    checklist = client.get(response.url).context["checklist"]
    assert [row.document_type.code for row in checklist] == ["business_plan", "id_card"]
    for code in ("business_plan", "id_card"):
        client.post(response.url, {"document_type": code, "file": pdf(f"{code}.pdf")})
    review = client.get(reverse("applications:step_review", args=[application.pk]))
    assert review.context["problems"] == []
    assert VALID_ID not in review.content.decode()  # masked
    response = client.post(reverse("applications:step_review", args=[application.pk]))
    assert response.url == reverse("applications:receipt", args=[application.pk])
    status = client.get(response.url)
    page = status.content.decode()
    for department in ("人力资源和社会保障局", "市场监督管理局", "科学技术局"):
        assert department in page
    assert Referral.objects.filter(application=application).count() == 3


def test_double_click_on_send_makes_one_set_of_referrals(client, draft, applicant):
    client.force_login(applicant)
    url = reverse("applications:step_review", args=[draft.pk])
    client.post(url)
    second = client.post(url)
    assert second.status_code == 302
    assert Referral.objects.filter(application=draft).count() == 3


def test_sending_an_incomplete_draft_lists_what_is_missing(client, applicant, five_programmes):
    client.force_login(applicant)
    application = actions.application_start(applicant=applicant, programmes=five_programmes[:1])
    response = client.post(reverse("applications:step_review", args=[application.pk]), follow=True)
    page = response.content.decode()
    assert "居民身份证" in page
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "10 MB"),
        ("empty.pdf", b"", "empty"),
        ("notes.pdf", b"just some text, not a PDF", "not a PDF"),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "not a PDF"),
    ],
)
def test_bad_uploads_are_refused_with_a_message_and_nothing_else_is_lost(
    client, draft, applicant, id_card, name, content, message
):
    client.force_login(applicant)
    before = set(Document.objects.values_list("pk", flat=True))
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(
        reverse("applications:step_documents", args=[draft.pk]),
        {"document_type": "id_card", "file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    assert set(Document.objects.values_list("pk", flat=True)) == before
    assert draft.items.count() == 5  # the draft keeps everything else


def test_a_path_in_the_file_name_never_reaches_the_disk(client, draft, applicant, id_card):
    client.force_login(applicant)
    upload = SimpleUploadedFile("../../etc/passwd.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("applications:step_documents", args=[draft.pk]),
        {"document_type": "id_card", "file": upload},
    )
    document = Document.objects.get(application=draft, document_type=id_card)
    assert "/" not in document.original_name and ".." not in document.original_name
    assert document.file.name == f"applications/{draft.pk}/{document.token}"


def test_a_second_upload_replaces_the_first(client, draft, applicant, id_card):
    client.force_login(applicant)
    url = reverse("applications:step_documents", args=[draft.pk])
    client.post(url, {"document_type": "id_card", "file": SimpleUploadedFile("id.png", PNG)})
    documents = Document.objects.filter(application=draft, document_type=id_card)
    assert [document.content_type for document in documents] == ["image/png"]


def test_the_applicant_answers_a_request_with_a_document(client, submitted, applicant, official):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    actions.referral_act(
        referral=referral, by=official, action="request_info", text="请补充营业执照"
    )
    client.force_login(applicant)
    page = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert "请补充营业执照" in page
    response = client.post(
        reverse("applications:answer", args=[submitted.pk, referral.pk]),
        {"text": "营业执照已上传", "files": pdf("licence.pdf")},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "in_review"
    attached = Document.objects.get(message__referral=referral)
    assert attached.original_name == "licence.pdf"
    client.force_login(official)
    case = client.get(reverse("applications:case", args=[referral.pk])).content.decode()
    assert "营业执照已上传" in case and "licence.pdf" in case


def test_official_decides_and_the_applicant_sees_both_decisions(
    client, submitted, applicant, official
):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    client.force_login(official)
    url = reverse("applications:case", args=[referral.pk])
    items = {item.programme.slug: item for item in referral.items.select_related("programme")}
    client.post(url, {"action": "approve", "version": 1, "item": items["syb-training"].pk})
    response = client.post(
        url,
        {"action": "reject", "version": 1, "item": items["startup-guarantee-loan"].pk, "text": "x"},
        follow=True,
    )
    assert "有人先处理了" in response.content.decode()  # the second official is told
    client.post(
        url,
        {
            "action": "reject",
            "version": 2,
            "item": items["startup-guarantee-loan"].pk,
            "text": "自筹资金不足",
        },
    )
    client.force_login(applicant)
    page = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert "自筹资金不足" in page
    decisions = ApplicationItem.objects.filter(referral=referral).values_list("decision", flat=True)
    assert sorted(decisions) == ["approved", "rejected"]


def test_internal_notes_stay_off_the_applicant_page(client, submitted, applicant, official):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    actions.referral_act(referral=referral, by=official, action="note", text="内部备注不公开")
    client.force_login(applicant)
    page = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert "内部备注不公开" not in page


# --- Access: everyone else's data is a 404 ------------------------------------------------------


def test_another_applicant_cannot_see_or_fetch(client, submitted, other_applicant):
    client.force_login(other_applicant)
    document = Document.objects.filter(application=submitted).first()
    referral = Referral.objects.filter(application=submitted).first()
    for url in (
        reverse("applications:detail", args=[submitted.pk]),
        reverse("applications:step_documents", args=[submitted.pk]),
        reverse("applications:document", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("applications:withdraw", args=[submitted.pk])).status_code == 404
    response = client.post(
        reverse("applications:answer", args=[submitted.pk, referral.pk]), {"text": "x"}
    )
    assert response.status_code == 404


def test_an_official_of_another_department_gets_404(client, submitted, official):
    client.force_login(official)  # hrss
    scitech = Referral.objects.get(application=submitted, department__code="scitech")
    assert client.get(reverse("applications:case", args=[scitech.pk])).status_code == 404
    response = client.post(
        reverse("applications:case", args=[scitech.pk]), {"action": "start_review", "version": 1}
    )
    assert response.status_code == 404
    scitech.refresh_from_db()
    assert scitech.status == "submitted"


def test_officials_open_the_documents_of_applications_sent_to_them(client, submitted, official):
    document = Document.objects.filter(application=submitted).first()
    client.force_login(official)
    response = client.get(reverse("applications:document", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_official_cannot_open_a_draft_s_documents(client, draft, official):
    document = Document.objects.filter(application=draft).first()
    client.force_login(official)
    assert client.get(reverse("applications:document", args=[document.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, submitted):
    response = client.get(reverse("applications:detail", args=[submitted.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_queue_shows_only_the_officials_department(client, submitted, official, other_official):
    client.force_login(official)
    referrals = client.get(reverse("applications:queue")).context["referrals"]
    assert {referral.department.code for referral in referrals} == {"hrss"}
    client.force_login(other_official)
    referrals = client.get(reverse("applications:queue")).context["referrals"]
    assert {referral.department.code for referral in referrals} == {"market"}


def test_applicants_cannot_open_the_queue(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("applications:queue")).status_code == 404


def test_queue_marks_overdue_cases_and_filters_them(client, submitted, official):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    Referral.objects.filter(pk=referral.pk).update(due_on=datetime.date(2020, 1, 1))
    client.force_login(official)
    response = client.get(reverse("applications:queue"), {"overdue": "1"})
    assert [item.pk for item in response.context["referrals"]] == [referral.pk]
    assert response.context["marks"] == {referral.pk: "overdue"}


# --- Assisted filing ----------------------------------------------------------------------------


def test_a_park_manager_files_for_a_walk_in_returnee(client, manager, five_programmes, sms):
    client.force_login(manager)
    data = {
        "phone": "13912340000",
        "name": "李大山",
        "consent": "on",
        "programmes": ["registration-guidance"],
    }
    assert not Application.objects.exists()
    response = file_at_the_counter(client, sms, data, follow=True)
    application = Application.objects.get(filed_by=manager)
    assert application.applicant.phone == "13912340000"
    assert application.applicant.phone_verified_at is not None  # they showed the code
    assert not application.applicant.has_usable_password()  # no password to hand over
    assert application.assisted_consent_at is not None
    page = response.content.decode()
    assert "139****0000" in page and "一次性密码" not in page  # no password handed over
    # The returnee sees it in their own account.
    client.force_login(application.applicant)
    applications = client.get(reverse("applications:list")).context["rows"]
    assert [row[0].pk for row in applications] == [application.pk]


def test_assisted_filing_needs_the_returnee_s_consent(client, manager, five_programmes):
    client.force_login(manager)
    response = client.post(
        reverse("applications:assist"),
        {"phone": "13912340000", "name": "李大山", "programmes": ["registration-guidance"]},
    )
    assert "consent" in response.context["form"].errors
    assert not Application.objects.exists()


# --- Query budgets ------------------------------------------------------------------------------


def _many_applications(applicant, programme, count):
    applications = Application.objects.bulk_create(
        Application(applicant=applicant) for _ in range(count)
    )
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=application, programme=programme)
        for application in applications
    )
    return applications


@pytest.mark.parametrize("count", [10, 1000])
def test_my_applications_runs_a_fixed_number_of_queries(
    client, applicant, count, django_assert_num_queries
):
    programme = ProgrammeFactory()
    _many_applications(applicant, programme, count)
    client.force_login(applicant)
    # session, user, count, page, items with programmes, referrals with departments, the
    # requests waiting for an answer, unread notifications
    with django_assert_num_queries(8):
        response = client.get(reverse("applications:list"))
    assert len(response.context["rows"]) == min(count, 20)


@pytest.mark.parametrize("count", [10, 1000])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, official, hrss, count, django_assert_num_queries
):
    programme = ProgrammeFactory(department=hrss)
    applicant = UserFactory()
    applications = _many_applications(applicant, programme, count)
    referrals = Referral.objects.bulk_create(
        Referral(application=application, department=hrss, due_on=datetime.date(2026, 12, 1))
        for application in applications
    )
    items = list(ApplicationItem.objects.order_by("application_id"))
    for referral, item in zip(referrals, items, strict=True):
        item.referral = referral
    ApplicationItem.objects.bulk_update(items, ["referral"])
    client.force_login(official)
    # session, user, count, page with applicants, items with programmes, holidays,
    # the department, programmes of the department, unread notifications
    with django_assert_num_queries(9):
        response = client.get(reverse("applications:queue"))
    assert len(response.context["referrals"]) == min(count, 20)


def test_a_long_queue_is_counted_up_to_a_cap(client, official, hrss, monkeypatch):
    programme = ProgrammeFactory(department=hrss)
    applications = _many_applications(UserFactory(), programme, 45)
    Referral.objects.bulk_create(
        Referral(application=application, department=hrss, due_on=datetime.date(2026, 12, 1))
        for application in applications
    )
    client.force_login(official)
    monkeypatch.setattr(staff_views, "QUEUE_COUNT_CAP", 30)

    capped = client.get(reverse("applications:queue"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Page 1 of more than 2" in capped.content.decode()
    assert "Only the first 30 are counted" in capped.content.decode()

    monkeypatch.setattr(staff_views, "QUEUE_COUNT_CAP", 45)
    exact = client.get(reverse("applications:queue"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Page 1 of 3" in exact.content.decode()
    assert "are counted" not in exact.content.decode()


def test_the_open_queue_indexes_cover_exactly_the_open_statuses():
    indexes = {index.name: index for index in Referral._meta.indexes}
    for name in ("referral_open_queue", "referral_open_assignee", "referral_running_queue"):
        assert set(dict(indexes[name].condition.children)["status__in"]) == transitions.OPEN


def test_a_department_with_many_programmes_filters_by_typing_part_of_a_name(
    client, submitted, official, hrss, monkeypatch
):
    client.force_login(official)
    queue = reverse("applications:queue")
    assert '<select name="programme"' in client.get(queue).content.decode()

    monkeypatch.setattr(staff_views, "QUEUE_PROGRAMME_CHOICES", 1)  # hrss owns two of them
    page = client.get(queue, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<select name="programme"' not in page
    assert 'type="search" name="programme"' in page and "Part of the programme" in page

    applied = Referral.objects.get(application=submitted, department=hrss)
    title = applied.items.first().programme.title_en
    found = client.get(queue, {"programme": title[1:6].upper()})
    assert applied in found.context["referrals"]
    none = client.get(queue, {"programme": "没有这个项目"})
    assert list(none.context["referrals"]) == []
    assert 'value="没有这个项目"' in none.content.decode()


def test_the_administrator_edits_the_holiday_calendar_and_reads_cases(
    client, administrator, submitted
):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:applications_holiday_add"),
        {"date": "2026-10-01", "name_zh": "国庆节", "name_en": "National Day"},
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:applications_application_changelist")).status_code == 200
    change = reverse("admin:applications_referral_change", args=[submitted.referrals.first().pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"status": "decided"}).status_code == 403


def test_the_status_page_shows_each_department_s_timeline(
    client, submitted, applicant, official, head
):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    actions.referral_act(referral=referral, by=official, action="start_review")
    actions.referral_act(referral=referral, by=head, action="assign", assignee_id=official.pk)
    actions.referral_act(referral=referral, by=official, action="request_info", text="请补充")
    client.force_login(applicant)
    page = client.get(
        reverse("applications:detail", args=[submitted.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The department started the review" in page
    # the request above the answer box, and once in the timeline
    assert page.count("请补充") == 2
    box = page[page.index(f'id="answer-{referral.pk}"') :]
    assert box.index("请补充") < box.index('name="text"')
    assert "Waiting for your answer" in page
    assert "Assign" not in page


def test_the_profile_starts_from_the_screener_answers(client, applicant):
    client.force_login(applicant)
    answers = {"gender": "female", "hukou": "rural", "age": "35", "hukou_in_county": "yes"}
    client.post(reverse("services:screener"), answers)
    client.get(reverse("services:screener_results"))  # keeps them on the account
    form = client.get(reverse("applications:profile")).context["form"]
    assert form.initial["gender"] == "female" and form.initial["hukou"] == "rural"
    assert form.initial["hukou_in_county"] == "yes"


def test_the_filing_manager_opens_the_draft_s_files_until_it_is_sent(
    client, manager, five_programmes, sms
):
    client.force_login(manager)
    file_at_the_counter(
        client,
        sms,
        {"phone": "13912340001", "name": "周立", "consent": "on", "programmes": ["sme-subsidy"]},
    )
    application = Application.objects.get(filed_by=manager)
    client.post(
        reverse("applications:step_documents", args=[application.pk]),
        {"document_type": "id_card", "file": pdf("id.pdf")},
    )
    document = Document.objects.get(application=application)
    assert client.get(reverse("applications:document", args=[document.pk])).status_code == 200
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now())
    assert client.get(reverse("applications:document", args=[document.pk])).status_code == 404


def test_after_each_action_the_official_is_told_what_was_done(client, submitted, official, head):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    items = {item.programme.slug: item for item in referral.items.select_related("programme")}
    url = reverse("applications:case", args=[referral.pk])

    def act(person, **data):
        client.force_login(person)
        referral.refresh_from_db()
        response = client.post(url, {"version": referral.version, **data}, follow=True)
        return [str(message) for message in response.context["messages"]]

    syb = items["syb-training"]
    assert act(official, action="start_review") == ["已开始审核。"]
    assert act(head, action="assign", assignee=official.pk) == [f"已分派给{official.name}。"]
    assert act(head, action="assign") == ["这个案件已不再分派给任何人。"]
    assert act(official, action="approve", item=syb.pk) == [f"已批准：{syb.programme.title}"]
    loan = items["startup-guarantee-loan"]
    assert act(official, action="reject", item=loan.pk, text="自筹资金不足") == [
        f"未批准：{loan.programme.title}"
    ]
    assert act(official, action="note", text="已电话联系") == ["已添加您的备注。"]


def test_assigning_an_official_of_another_department_on_the_case_page_is_refused(
    client, submitted, official, head, other_official
):
    """The page used to unassign the case silently; it now says why, as the API does."""
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    actions.referral_act(referral=referral, by=head, action="assign", assignee_id=official.pk)
    referral.refresh_from_db()
    client.force_login(head)
    response = client.post(
        reverse("applications:case", args=[referral.pk]),
        {"action": "assign", "version": referral.version, "assignee": other_official.pk},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["请选择本部门的工作人员。"]
    referral.refresh_from_db()
    assert referral.assignee == official


def test_the_case_page_shows_why_each_programme_looked_eligible_in_the_reader_s_language(
    client, draft, applicant, official
):
    Programme.objects.filter(slug="syb-training").update(
        rules={"all": [{"fact": "hukou", "op": "eq", "value": "rural"}]}
    )
    actions.application_submit(application=draft, by=applicant)
    # a later change of the rules does not rewrite what the applicant was judged on
    Programme.objects.filter(slug="syb-training").update(
        rules={"all": [{"fact": "hukou", "op": "eq", "value": "urban"}]}
    )
    referral = Referral.objects.get(application=draft, department__code="hrss")
    client.force_login(official)
    url = reverse("applications:case", args=[referral.pk])
    page = client.get(url).content.decode()
    assert "依据（申请人发送申请时填写的信息）" in page
    met = r'reason-met">\s*<span aria-hidden="true">✔</span>.*户口类型为农村'
    assert re.search(met, page, re.S)
    client.cookies["fanxiang_language"] = "en"
    page = client.get(url).content.decode()
    assert "Household registration (hukou) is rural" in page

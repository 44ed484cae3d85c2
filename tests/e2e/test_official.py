"""Journey 2: the official of one department sees only their part in the queue, requests
information; the applicant finds the request in the inbox, answers with a document; the
official approves one item and rejects the other with a reason; the applicant sees both
decisions. A real Celery worker sends the e-mails of the decisions."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from applications import actions
from applications.models import ApplicationItem, Message, Referral
from applications.selectors import required_documents
from portal.notifications.models import Channel, Delivery, Kind, Notification
from services.models import Jurisdiction, Programme
from tests.data import PDF, VALID_ID
from tests.e2e.conftest import DESKTOP
from tests.fixtures import first_sessions

pytestmark = [pytest.mark.django_db(transaction=True)]

HRSS_PROGRAMMES = ["syb-training", "vocational-skills-training"]
MARKET_PROGRAMME = "registration-guidance"
PROGRAMMES = [*HRSS_PROGRAMMES, MARKET_PROGRAMME]
PASSWORD = "demo12345"


def demo_profile(applicant):
    """A complete profile, with consent, for the demo applicant (who has none)."""
    actions.profile_save(
        user=applicant,
        data={
            "name": applicant.name,
            "gender": "female",
            "birth_date": datetime.date(1990, 1, 1),
            "phone": applicant.phone,
            "id_number": VALID_ID,
            "district": Jurisdiction.objects.get(code="500231"),
            "hukou": "rural",
            "hukou_in_county": True,
        },
        consent=True,
    )


def submitted_application(applicant):
    """The demo applicant's application to two hrss programmes and one market programme."""
    demo_profile(applicant)
    programmes = list(Programme.objects.filter(slug__in=PROGRAMMES))
    assert len(programmes) == 3
    application = actions.application_start(applicant=applicant, programmes=programmes)
    for document_type in required_documents(application):
        actions.document_upload(
            application=application,
            by=applicant,
            upload=SimpleUploadedFile(
                f"{document_type.code}.pdf", PDF, content_type="application/pdf"
            ),
            document_type=document_type,
        )
    actions.application_submit(
        application=application, by=applicant, sessions=first_sessions(application)
    )
    application.refresh_from_db()
    return application


def choose_sessions(page):
    """At the review step, choose the first session with a seat of each training programme."""
    for fieldset in page.locator("main fieldset[id^=sessions-]").all():
        fieldset.locator("input[type=radio]:not([disabled])").first.check()


def log_in(person, username):
    person.open("/accounts/login/")
    page = person.page
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    person.check()
    assert page.locator("[data-testid=current-user]").count() == 1


def wait_until_sent(deliveries, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        statuses = list(deliveries.values_list("status", flat=True))
        if statuses and all(status == Delivery.Status.SENT for status in statuses):
            return statuses
        if time.monotonic() > deadline:
            return statuses
        time.sleep(0.25)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_official_asks_decides_and_the_applicant_follows(
    journey, demo, celery_worker, language, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    User = get_user_model()
    # The language each person chose for their account (logging in switches to it).
    User.objects.filter(username__in=["applicant", "official-hrss"]).update(language=language)
    applicant = User.objects.get(username="applicant")
    application = submitted_application(applicant)
    hrss_case = Referral.objects.get(application=application, department__code="hrss")
    market_case = Referral.objects.get(application=application, department__code="market")

    # The hrss official, at a desk: only the hrss part of the application is in the queue.
    official = journey("2-official", language, DESKTOP)
    page = official.page
    log_in(official, "official-hrss")
    official.open("/queue/")
    official.shot("queue")
    assert page.locator(f"main a[href='/cases/{hrss_case.pk}/']").count() == 1
    assert page.locator(f"main a[href='/cases/{market_case.pk}/']").count() == 0
    listed = page.locator("main table tbody").inner_text()
    with translation.override(language):
        titles = {p.slug: p.title for p in Programme.objects.filter(slug__in=PROGRAMMES)}
    assert all(titles[slug] in listed for slug in HRSS_PROGRAMMES)
    assert titles[MARKET_PROGRAMME] not in listed
    # Nor can the market part be opened by its address.
    assert page.request.get(f"{official.base}/cases/{market_case.pk}/").status == 404

    page.locator(f"main a[href='/cases/{hrss_case.pk}/']").click()
    official.check()
    assert page.url.endswith(f"/cases/{hrss_case.pk}/")
    official.shot("case")
    question = "请上传您的退役证或离职证明。 Please upload your discharge letter."
    page.fill("#request-text", question)
    page.locator("button[name=action][value=request_info]").click()
    official.check()
    hrss_case.refresh_from_db()
    assert hrss_case.status == Referral.Status.INFO_REQUESTED
    assert page.locator("#request-text").count() == 0  # no second request while waiting

    # The applicant, on a phone: the request is in the inbox and leads to the status page.
    person = journey("2-official-applicant", language)
    mine = person.page
    log_in(person, "applicant")
    request = Notification.objects.get(recipient=applicant, kind=Kind.INFO_REQUESTED)
    # the home page opens with what the department is waiting for, and when by
    person.open("/")
    waiting = mine.locator("section[aria-labelledby=waiting-heading]")
    assert waiting.locator("a[href*='#answer-']").count() == 1
    person.shot("home-with-request")
    person.open("/inbox/")
    person.shot("inbox")
    mine.locator(f"main a[href='/inbox/{request.pk}/']").click()
    person.check()
    referral = Referral.objects.get(application=application, department__code="hrss")
    # the inbox opens the answer box, with the question above it
    assert mine.url.endswith(f"/applications/{application.pk}/#answer-{referral.pk}")
    assert question in mine.locator(f"#answer-{referral.pk}").inner_text()
    person.shot("request")
    answer = mine.locator(f"form[action$='/referrals/{hrss_case.pk}/answer/']")
    answer.locator("textarea[name=text]").fill("退役证已上传。 The letter is attached.")
    document = tmp_path / "discharge-letter.pdf"
    document.write_bytes(PDF)
    answer.locator("input[type=file][name=files]").set_input_files(str(document))
    answer.locator("button[type=submit]").click()
    person.check()
    assert mine.url.endswith(f"/applications/{application.pk}/")
    assert mine.locator("main a", has_text="discharge-letter.pdf").count() >= 1
    reply = Message.objects.get(referral=hrss_case, kind=Message.Kind.ANSWER)
    assert [d.original_name for d in reply.documents.all()] == ["discharge-letter.pdf"]
    person.shot("answered")

    # The official sees the answer with its document, approves one item, rejects the other.
    official.open(f"/cases/{hrss_case.pk}/")
    assert page.locator(
        f"#messages-heading ~ ol a[href='/documents/{reply.documents.get().pk}/']"
    ).is_visible()
    items = list(
        ApplicationItem.objects.filter(referral=hrss_case)
        .order_by("pk")
        .select_related("programme")
    )
    assert len(items) == 2
    approved, rejected = items
    page.locator(f"form:has(#reason-{approved.pk}) button[value=approve]").click()
    official.check()
    reason = "您已参加过同类培训。 You already took a training of this kind."
    page.fill(f"#reason-{rejected.pk}", reason)
    page.locator(f"form:has(#reason-{rejected.pk}) button[value=reject]").click()
    official.check()
    official.shot("decided")
    hrss_case.refresh_from_db()
    assert hrss_case.status == Referral.Status.DECIDED
    assert page.locator("textarea[id^=reason-]").count() == 0

    # The applicant sees both decisions, and the reason of the refusal.
    person.open(f"/applications/{application.pk}/")
    person.shot("decisions")
    part = mine.locator(f"section[aria-labelledby=referral-{hrss_case.pk}]")
    with translation.override(language):
        yes = str(ApplicationItem.Decision.APPROVED.label)
        no = str(ApplicationItem.Decision.REJECTED.label)
        approved_title, rejected_title = approved.programme.title, rejected.programme.title
    approved_row = part.locator(".card-body > ul > li", has_text=approved_title)
    rejected_row = part.locator(".card-body > ul > li", has_text=rejected_title)
    assert approved_row.locator("strong.text-success").inner_text().strip() == yes
    assert rejected_row.locator("strong.text-danger").inner_text().strip() == no
    assert reason in rejected_row.inner_text()
    assert reason not in approved_row.inner_text()

    # The worker delivers the decisions by e-mail (and the request before them).
    decisions = Delivery.objects.filter(
        notification__recipient=applicant,
        notification__kind=Kind.DECISION,
        channel=Channel.EMAIL,
    )
    assert wait_until_sent(decisions) == [Delivery.Status.SENT] * 2
    asked = Delivery.objects.filter(notification=request, channel=Channel.EMAIL)
    assert wait_until_sent(asked) == [Delivery.Status.SENT]
    sent_notice = Delivery.objects.filter(
        notification__recipient=applicant,
        notification__kind=Kind.APPLICATION_SENT,
        channel=Channel.EMAIL,
    )
    assert wait_until_sent(sent_notice) == [Delivery.Status.SENT]
    # the notice of the sending, the request and the two decisions
    assert len([email for email in mail.outbox if email.to == [applicant.email]]) == 4

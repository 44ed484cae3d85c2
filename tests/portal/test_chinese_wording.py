"""The Chinese interface reads as Chinese: on every main page of every demo person, no English
punctuation after Chinese text, one form of address (您), one name per programme, 姓名 for a
person, money with its digits grouped."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from applications import actions
from applications.models import Application, Referral
from applications.selectors import required_documents
from services.models import Jurisdiction, Programme
from tests.data import id_number_for, pdf
from tests.factories import PASSWORD
from tests.fixtures import first_sessions

pytestmark = pytest.mark.django_db
MORNING = datetime.datetime(
    2026, 12, 1, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)
CHINESE = "\u4e00-\u9fff"
# An ASCII full stop, comma, colon, semicolon, question or exclamation mark right after Chinese
# text (or its closing brackets and quotes), not part of a number, a name or an address.
ENGLISH_PUNCTUATION = re.compile(rf"[{CHINESE}）”][.,:;?!](?![\w/])")


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.parts


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True
    with time_machine.travel(MORNING, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        settings.DEBUG = False
        from django.contrib.auth import get_user_model

        people = {user.username: user for user in get_user_model().objects.all()}
        for user in people.values():
            user.set_password(PASSWORD)
            user.save()
        applicant = people["applicant"]
        actions.profile_save(
            user=applicant,
            data={
                "name": "王小红",
                "phone": "13800000001",
                "id_number": id_number_for(datetime.date(1990, 1, 1)),
                "district": Jurisdiction.objects.get(code="500231"),
                "hukou": "rural",
                "hukou_in_county": True,
                "skills": "电焊",
            },
            consent=True,
        )
        programmes = list(Programme.objects.filter(slug__in=["syb-training", "sme-subsidy"]))
        application = actions.application_start(applicant=applicant, programmes=programmes)
        for document_type in required_documents(application):
            actions.document_upload(
                application=application,
                by=applicant,
                upload=pdf(f"{document_type.code}.pdf"),
                document_type=document_type,
            )
        actions.application_submit(
            application=application, by=applicant, sessions=first_sessions(application)
        )
        referral = Referral.objects.filter(application=application).first()
        official = next(
            user for user in people.values() if user.department_id == referral.department_id
        )
        actions.referral_act(referral=referral, by=official, action="start_review")
        actions.referral_act(
            referral=referral, by=official, action="request_info", text="请补充户口簿"
        )
        actions.referral_answer(referral=referral, by=applicant, text="户口簿已上传", uploads=[])
        referral.refresh_from_db()
        # Decided on, so the applicant's timeline shows a decision.
        for item in referral.items.select_related("programme"):
            referral.refresh_from_db()
            actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)
        other = Referral.objects.filter(application=application).exclude(pk=referral.pk).first()
        if other is not None:
            other_official = next(
                user for user in people.values() if user.department_id == other.department_id
            )
            for item in other.items.all():
                other.refresh_from_db()
                actions.referral_act(
                    referral=other,
                    by=other_official,
                    action="reject",
                    item_id=item.pk,
                    text="材料不全",
                )
        draft = actions.application_start(applicant=applicant, programmes=programmes[:1])
        yield {
            "people": people,
            "application": application,
            "draft": draft,
            "referral": referral,
            "official": official,
        }


def pages_of(world):
    application, draft, referral = world["application"], world["draft"], world["referral"]
    public = [
        reverse("home"),
        reverse("services:catalogue"),
        reverse("services:departments"),
        reverse("services:screener"),
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password_reset"),
        *(
            reverse("services:programme", args=[slug])
            for slug in Programme.objects.values_list("slug", flat=True)
        ),
    ]
    applicant = [
        reverse("applications:list"),
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:profile"),
        reverse("applications:my_data"),
        reverse("applications:step_programmes", args=[draft.pk]),
        reverse("applications:step_profile", args=[draft.pk]),
        reverse("applications:step_documents", args=[draft.pk]),
        reverse("applications:step_review", args=[draft.pk]),
        reverse("notifications:inbox"),
        reverse("notifications:preferences"),
        reverse("accounts:password_change"),
    ]
    official = [
        reverse("applications:queue"),
        reverse("applications:case", args=[referral.pk]),
        reverse("notifications:preferences"),
    ]
    # A programme of Dianjiang's own, which Dianjiang's park manager edits (not a municipal one).
    slug = (
        Programme.objects.filter(parks__isnull=False, department__jurisdiction__code="500231")
        .values_list("slug", flat=True)
        .first()
    )
    manager = [
        reverse("services:manage_list"),
        reverse("services:manage_create"),
        reverse("services:manage_edit", args=[slug]),
        reverse("applications:assist"),
    ]
    return {
        None: public,
        "applicant": applicant,
        world["official"].username: official,
        "head-hrss": [reverse("applications:queue")],
        "manager-dianjiang": manager,
    }


def chinese_pages(client, world):
    """(who, path, visible text) of every main page, in Chinese."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    for username, paths in pages_of(world).items():
        client.logout()
        if username:
            client.force_login(world["people"][username])
        for path in paths:
            with time_machine.travel(MORNING, tick=False):
                response = client.get(path)
            assert response.status_code == 200, (username, path, response.status_code)
            yield username, path, visible_text(response.content.decode())


def test_no_english_punctuation_after_chinese_text(client, world):
    found = [
        (who, path, part)
        for who, path, parts in chinese_pages(client, world)
        for part in parts
        if ENGLISH_PUNCTUATION.search(part)
    ]
    assert found == []


def test_one_form_of_address_and_one_name_per_programme(client, world):
    found = [
        (who, path, part)
        for who, path, parts in chinese_pages(client, world)
        for part in parts
        if "你" in part or "女企业家协会" in part or "我能得到什么" in part
    ]
    assert found == []


def test_a_person_has_a_full_name_not_a_title(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    application, referral = world["application"], world["referral"]
    client.force_login(world["people"]["applicant"])
    for path in (
        reverse("applications:step_review", args=[world["draft"].pk]),
        reverse("applications:my_data"),
    ):
        text = visible_text(client.get(path).content.decode())
        assert "姓名" in text and "名称" not in text, path
    client.force_login(world["official"])
    text = visible_text(
        client.get(reverse("applications:case", args=[referral.pk])).content.decode()
    )
    assert "姓名" in text and "名称" not in text
    assert Application.objects.filter(pk=application.pk).exists()


def test_money_is_written_with_its_digits_grouped(client, world):
    programme = Programme.objects.filter(benefit_max__gte=10000).first()
    assert programme is not None, "the demo has a programme worth 10,000 yuan or more"
    amount = f"{int(programme.benefit_max):,}"
    for language, unit in (("zh-hans", " 元"), ("en", " yuan")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        with time_machine.travel(MORNING, tick=False):
            page = client.get(reverse("services:programme", args=[programme.slug]))
        assert f"{amount}{unit}" in page.content.decode(), language


def test_the_applicant_reads_their_own_answer_as_theirs(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(world["people"]["applicant"])
    url = reverse("applications:detail", args=[world["application"].pk])
    text = " ".join(visible_text(client.get(url).content.decode()))
    assert "您的回复" in text and "申请人的回复" not in text


def test_each_language_is_offered_in_its_own_name(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    text = visible_text(client.get(reverse("accounts:signup")).content.decode())
    assert "English" in text and "英语" not in text

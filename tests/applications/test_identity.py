"""Who a profile is: dates that can be true, a date of birth and a gender that agree with the
ID card number (which holds both), and one ID card number on one profile only."""

import datetime
import importlib
import io
import time
import types

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from applications import actions, encryption
from applications.models import ApplicantProfile
from applications.profiles import validate_id_number
from portal.accounts import reauth
from tests.applications.test_api import PROFILE, api, profile_body
from tests.applications.test_pages import profile_post
from tests.data import PDF, VALID_ID, id_number_for, with_check_character
from tests.factories import PASSWORD, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)
# The clock of these tests: the morning of TODAY in the portal's time zone.
MORNING = datetime.datetime(
    2026, 12, 1, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)
PROFILE_PAGE = reverse("applications:profile")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(MORNING, tick=False):
        yield


def post_profile(client, user, **overrides):
    client.force_login(user)
    return client.post(PROFILE_PAGE, profile_post(**overrides))


def field_errors(response, name):
    return [str(error) for error in response.context["form"].errors.get(name, [])]


# --- Dates that can be true ---------------------------------------------------------------------


def test_a_birth_date_in_the_future_is_refused_naming_the_field(client, applicant):
    future = id_number_for(datetime.date(2030, 1, 1))
    response = post_profile(client, applicant, birth_date="2030-01-01", id_number=future)
    assert response.status_code == 200
    assert not ApplicantProfile.objects.filter(user=applicant).exists()
    # The number holds the same impossible date: refused too, each beside its own field.
    assert field_errors(response, "id_number")
    response = post_profile(client, applicant, birth_date="2030-01-01")
    assert field_errors(response, "birth_date") == ["出生日期不能晚于今天。"]
    assert not ApplicantProfile.objects.filter(user=applicant).exists()
    # What was typed stays in the form.
    assert response.context["form"]["name"].value() == "王小红"


def test_a_birth_date_before_1900_is_refused(client, applicant):
    response = post_profile(client, applicant, birth_date="1899-12-31")
    assert field_errors(response, "birth_date") == ["出生日期不能早于 1900 年。"]


def test_a_profile_holds_any_true_birth_date_whatever_the_screener_asks(client, applicant):
    """The screener takes ages from 14 to 100 (what a rule may ask); a profile holds any date
    of birth from 1900 to today (what a person may be)."""
    oldest = id_number_for(datetime.date(1900, 1, 1))
    response = post_profile(client, applicant, birth_date="1900-01-01", id_number=oldest)
    assert response.status_code == 302
    assert ApplicantProfile.objects.get(user=applicant).birth_date == datetime.date(1900, 1, 1)


def test_a_return_before_birth_is_refused(client, applicant):
    response = post_profile(client, applicant, return_date="1989-06-01")
    assert field_errors(response, "return_date") == ["返乡日期不能早于您的出生日期。"]


def test_an_id_number_whose_birth_date_is_in_the_future_is_not_valid():
    with pytest.raises(ValidationError) as refused:
        validate_id_number(id_number_for(datetime.date(2027, 1, 1)))
    assert refused.value.code == "id_birth_date"


# --- Agreeing with the ID card number -----------------------------------------------------------


def test_a_birth_date_other_than_the_id_number_s_is_refused(client, applicant):
    response = post_profile(client, applicant, birth_date="1991-05-05")
    assert field_errors(response, "birth_date") == [
        "出生日期与您的身份证号码中的日期（1990年1月1日）不一致。请核对日期和号码。"
    ]
    assert not ApplicantProfile.objects.filter(user=applicant).exists()


def test_a_gender_other_than_the_id_number_s_is_refused(client, applicant):
    response = post_profile(client, applicant, gender="male")
    assert field_errors(response, "gender") == ["身份证号码显示为女性。请核对性别和号码。"]


def test_left_empty_the_birth_date_and_gender_come_from_the_id_number(client, applicant):
    number = id_number_for(datetime.date(1988, 7, 15), "male")
    response = post_profile(client, applicant, birth_date="", gender="", id_number=number)
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=applicant)
    assert (profile.birth_date, profile.gender) == (datetime.date(1988, 7, 15), "male")


def test_without_a_valid_id_number_the_birth_date_is_still_needed(client, applicant):
    response = post_profile(client, applicant, birth_date="", id_number="123")
    assert field_errors(response, "birth_date") == [
        "请填写出生日期，或者填好身份证号码：号码里有出生日期。"
    ]


def test_the_api_names_the_field_that_contradicts_the_id_number(applicant):
    response = api(applicant).put(PROFILE, profile_body(birth_date="1991-05-05"), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["birth_date"]
    response = api(applicant).put(PROFILE, profile_body(birth_date="2030-01-01"), format="json")
    assert "future" in response.json()["birth_date"][0]


def test_the_api_takes_birth_date_and_gender_from_the_id_number(applicant):
    body = profile_body()
    del body["birth_date"], body["gender"]
    response = api(applicant).put(PROFILE, body, format="json")
    assert response.status_code == 201
    assert (response.json()["birth_date"], response.json()["gender"]) == ("1990-01-01", "female")


# --- One person, one profile --------------------------------------------------------------------


def test_an_id_number_on_another_account_is_refused_without_saying_whose(
    client, applicant, other_applicant, profile
):
    # The same number, typed with spaces and a small x where it has one: the same number.
    response = post_profile(client, other_applicant, name="赵大山", phone="13800000002")
    assert response.status_code == 200
    [message] = field_errors(response, "id_number")
    assert "登录" in message and "服务中心" in message
    page = response.content.decode()
    assert "王小红" not in page and applicant.username not in page  # whose is never said
    assert not ApplicantProfile.objects.filter(user=other_applicant).exists()
    spaced = f"{VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:].lower()}"
    response = post_profile(client, other_applicant, id_number=spaced, phone="13800000002")
    assert field_errors(response, "id_number") == [message]
    assert ApplicantProfile.objects.get(user=applicant).id_number == VALID_ID


def test_the_same_number_in_full_width_digits_is_the_same_number(
    client, applicant, other_applicant, profile
):
    full_width = VALID_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    response = post_profile(client, other_applicant, id_number=full_width, phone="13800000002")
    assert "另一个账户" in field_errors(response, "id_number")[0]
    assert not ApplicantProfile.objects.filter(user=other_applicant).exists()
    # Typed so by its owner, it is stored as the digits it is.
    assert post_profile(client, applicant, id_number=full_width).status_code == 302
    assert ApplicantProfile.objects.get(user=applicant).id_number == VALID_ID


def test_the_api_refuses_an_id_number_on_another_account(applicant, other_applicant, profile):
    response = api(other_applicant, "zh-hans").put(PROFILE, profile_body(), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["id_number"]
    assert not ApplicantProfile.objects.filter(user=other_applicant).exists()


def test_saving_one_s_own_number_again_is_fine(client, applicant, profile):
    assert post_profile(client, applicant).status_code == 302


def test_two_saving_the_same_number_at_once_make_one_profile(
    applicant, other_applicant, profile, monkeypatch
):
    """The look finds nothing when both look before either saves: the unique column decides."""
    monkeypatch.setattr(actions.profile, "id_number_taken", lambda **kwargs: False)
    with pytest.raises(actions.IdNumberTaken):
        actions.profile_save(
            user=other_applicant,
            data={"name": "赵大山", "phone": "13800000002", "id_number": VALID_ID},
            consent=True,
        )
    assert not ApplicantProfile.objects.filter(user=other_applicant).exists()


def test_after_a_new_key_a_number_hashed_with_the_old_one_is_still_found(
    settings, applicant, other_applicant, profile
):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    assert actions.id_number_taken(number=VALID_ID)
    with pytest.raises(actions.IdNumberTaken):
        actions.profile_save(
            user=other_applicant, data={"name": "赵大山", "id_number": VALID_ID}, consent=True
        )
    # The command rewrites the hash with the newest key; then the old key may go.
    call_command("reencrypt_id_numbers", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    stored = ApplicantProfile.objects.get(pk=profile.pk)
    assert stored.id_number_digest == encryption.digest(VALID_ID)
    assert actions.id_number_taken(number=VALID_ID)


def test_the_migration_hashes_stored_numbers_and_the_oldest_keeps_a_shared_one(
    applicant, other_applicant, profile
):
    second = actions.profile_save(
        user=other_applicant,
        data={"name": "赵大山", "id_number": id_number_for(datetime.date(1990, 1, 1), n=5)},
        consent=True,
    )
    # As before hashes were kept: no hash, and the second holding the first's number.
    ApplicantProfile.objects.update(id_number_digest=None)
    ApplicantProfile.objects.filter(pk=second.pk).update(id_number=VALID_ID)  # encrypted
    migration = importlib.import_module("applications.migrations.0008_id_number_digest")
    editor = types.SimpleNamespace(connection=connection)
    migration.hash_id_numbers(apps, editor)
    digests = dict(ApplicantProfile.objects.values_list("pk", "id_number_digest"))
    assert digests == {profile.pk: encryption.digest(VALID_ID), second.pk: None}
    # Until the centre has found out whose it is, the later one cannot send an application.
    draft = actions.application_start(applicant=other_applicant, programmes=[ProgrammeFactory()])
    problems = actions.submission_problems(draft, TODAY)
    assert "您的身份证号码也在另一个账户里。请带上身份证到服务中心处理。" in problems


# --- Trying numbers one after the other ---------------------------------------------------------


def test_an_applicant_trying_many_new_numbers_is_stopped_with_what_they_typed_kept(
    client, applicant, settings
):
    settings.ID_NUMBER_ACCOUNT_LIMIT = 3
    taken = []
    for n in range(3):
        number = id_number_for(datetime.date(1990, 1, 1), n=n + 10)
        actions.profile_save(user=UserFactory(), data={"id_number": number}, consent=True)
        taken.append(number)
    client.force_login(applicant)
    assert client.post(PROFILE_PAGE, profile_post()).status_code == 302  # their own: 1
    session = client.session  # the password confirmed, as a change of number needs
    session[reauth.SESSION_KEY] = time.time()
    session.save()
    for number in taken[:2]:  # 2 and 3: on other accounts
        response = client.post(PROFILE_PAGE, profile_post(id_number=number))
        assert "另一个账户" in field_errors(response, "id_number")[0]
    response = client.post(PROFILE_PAGE, profile_post(id_number=taken[2], name="王红"))
    assert response.status_code == 429
    [message] = field_errors(response, "id_number")
    assert message.startswith("尝试的身份证号码太多。")
    assert response.context["form"]["name"].value() == "王红"
    assert ApplicantProfile.objects.get(user=applicant).name == "王小红"
    # Saving again without a new number is never stopped.
    assert client.post(PROFILE_PAGE, profile_post(name="王红")).status_code == 302
    assert ApplicantProfile.objects.get(user=applicant).name == "王红"


def test_the_api_stops_many_new_numbers_with_when_to_try_again(applicant, settings):
    settings.ID_NUMBER_ACCOUNT_LIMIT = 1
    client = api(applicant)
    assert client.put(PROFILE, profile_body(), format="json").status_code == 201
    other = id_number_for(datetime.date(1990, 1, 1), n=30)
    response = client.put(PROFILE, profile_body(id_number=other, password=PASSWORD), format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_a_park_manager_filing_for_returnees_has_a_limit_of_their_own(
    client, manager, five_programmes, settings
):
    settings.ID_NUMBER_ACCOUNT_LIMIT = 1
    settings.ID_NUMBER_STAFF_LIMIT = 3
    client.force_login(manager)
    statuses = []
    for n in range(4):
        returnee = actions.applicant_for_assisted_filing(
            phone=f"1390000010{n}", name=f"返乡人员{n}", by=manager, confirmed=True
        )
        draft = actions.application_start(
            applicant=returnee, programmes=five_programmes[:1], filed_by=manager
        )
        number = with_check_character(f"50023119900101{2 * n + 40:03d}")
        response = client.post(
            reverse("applications:step_profile", args=[draft.pk]),
            profile_post(
                id_number=number,
                phone=f"1390000010{n}",
                name=f"返乡人员{n}",
                consent_scan=SimpleUploadedFile("signed.pdf", PDF),
            ),
        )
        statuses.append(response.status_code)
    # More than an applicant's share, and still not without end.
    assert statuses == [302, 302, 302, 429]


# --- A rule between fields: one place (ApplicantProfile.clean), every way in ------------------

NO_LICENCE = "您说没有营业执照：那就不要填办理日期，或者把上一题改成“是”。"


def test_a_licence_date_without_a_licence_is_refused_on_the_page(client, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("applications:profile"),
        profile_post(has_business_licence="no", business_licence_date="2025-12-01"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["business_licence_date"] == [NO_LICENCE]
    assert not ApplicantProfile.objects.filter(user=applicant).exists()


def test_a_licence_date_without_a_licence_is_refused_by_the_api(applicant):
    response = api(applicant, language="zh-hans").put(
        PROFILE,
        profile_body(has_business_licence=False, business_licence_date="2025-12-01", consent=True),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"business_licence_date": [NO_LICENCE]}
    assert not ApplicantProfile.objects.filter(user=applicant).exists()


def test_a_licence_date_without_a_licence_is_refused_by_the_action(applicant):
    with pytest.raises(ValidationError) as refused:
        actions.profile_save(
            user=applicant,
            data={
                "name": "王小红",
                "phone": "13800000001",
                "id_number": VALID_ID,
                "hukou": "rural",
                "has_business_licence": False,
                "business_licence_date": datetime.date(2025, 12, 1),
            },
            consent=True,
        )
    assert list(refused.value.message_dict) == ["business_licence_date"]


def test_a_mistake_elsewhere_in_the_profile_costs_no_try_of_a_new_number(applicant, settings):
    """The rules between fields are checked before a new ID card number counts as a try."""
    settings.ID_NUMBER_ACCOUNT_LIMIT = 2
    for n in range(4):
        response = api(applicant, language="zh-hans").put(
            PROFILE,
            profile_body(
                id_number=id_number_for(datetime.date(1990, 1, 1), n=n),
                has_business_licence=False,
                business_licence_date="2025-12-01",
                consent=True,
            ),
            format="json",
        )
        assert response.status_code == 400, response.json()
        assert list(response.json()) == ["business_licence_date"]

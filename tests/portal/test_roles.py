import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_an_official_must_belong_to_a_department(db):
    user = UserFactory.build(role="official", department=None)
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()
    assert "department" in excinfo.value.message_dict


def test_the_database_refuses_an_official_without_department(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role="official", department=None)


def test_the_database_refuses_an_applicant_with_a_department(hrss):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role="applicant", department=hrss)


def test_phone_numbers_are_unique(applicant):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(phone=applicant.phone)


def test_role_helpers(applicant, official, head, manager, administrator, dianjiang_park):
    assert applicant.is_applicant and not applicant.is_official
    assert official.is_official and not official.is_department_head
    assert head.is_official and head.is_department_head
    assert manager.is_park_manager and list(manager.managed_parks.all()) == [dianjiang_park]
    assert administrator.is_administrator


@pytest.mark.parametrize(
    ("person", "shown"),
    [("applicant", "申请人"), ("official", "部门工作人员"), ("manager", "园区管理员")],
)
def test_the_role_is_shown_in_the_navigation(client, request, person, shown):
    client.force_login(request.getfixturevalue(person))
    navigation = client.get(reverse("home")).content.decode()
    assert shown in navigation


def test_only_administrators_reach_the_admin(client, official, administrator):
    client.force_login(official)
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin login
    client.force_login(administrator)
    assert client.get(reverse("admin:index")).status_code == 200


def test_administrator_makes_an_official_account_in_the_admin(client, administrator, hrss):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new-official",
            "name": "新同事",
            "role": "official",
            "department": hrss.pk,
            "phone": "13700000000",
            "email": "",
            "usable_password": "true",
            "password1": "county-office-2026",
            "password2": "county-office-2026",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    made = User.objects.get(username="new-official")
    assert made.department == hrss and made.is_official


def test_admin_refuses_an_official_without_department(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "lost-official",
            "name": "无部门",
            "role": "official",
            "phone": "13700000001",
            "usable_password": "true",
            "password1": "county-office-2026",
            "password2": "county-office-2026",
        },
    )
    assert response.status_code == 200
    assert "department" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="lost-official").exists()


def test_createsuperuser_makes_an_administrator(db):
    user = User.objects.create_superuser("chief", "chief@example.com", "a-strong-password-1")
    assert user.is_administrator and user.is_staff

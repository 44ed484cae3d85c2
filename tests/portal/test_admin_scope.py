"""The Django admin of an administrator of one district (portal/admin_scope.py): that district's
departments, parks, programmes, people and cases only, its choices only in every form, shared
records read-only, the rest of the admin closed; an administrator of all sees everything."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from applications import actions
from applications.models import ApplicantProfile, Referral
from portal.accounts.models import User
from portal.accounts.tokens import token_issue
from services.models import Department, DocumentType, Park
from tests.data import id_number_for
from tests.factories import ParkFactory, UserFactory, municipality
from tests.services import test_jurisdictions as base
from tests.services.test_jurisdictions import returnee, send

pytestmark = pytest.mark.django_db
places = base.places  # Dianjiang, Changshou and Fuling with their bureaus and programmes
PASSWORD = "county-office-2026"


@pytest.fixture
def world(places):
    """Changshou's administrator beside an administrator of all, with one of each record in
    Changshou and in Dianjiang."""
    where, bureau, programmes = places
    people = {
        "cs-admin": UserFactory(
            username="admin-changshou",
            role="admin",
            jurisdiction=where["changshou"],
            is_staff=True,
            is_superuser=True,
        ),
        "root": UserFactory(username="root-admin", role="admin", is_staff=True, is_superuser=True),
        "cs-official": UserFactory(role="official", department=bureau["cs-hrss"]),
        "dj-official": UserFactory(role="official", department=bureau["dj-hrss"]),
        "cs-returnee": returnee(where["changshou"], 1),
        "dj-returnee": returnee(where["dianjiang"], 2),
    }
    parks = {
        "cs": ParkFactory(slug="changshou-park", jurisdiction=where["changshou"]),
        "dj": ParkFactory(slug="dianjiang-park", jurisdiction=where["dianjiang"]),
    }
    people["cs-manager"] = UserFactory(role="manager", parks=[parks["cs"]])
    people["dj-manager"] = UserFactory(role="manager", parks=[parks["dj"]])
    send(people["cs-returnee"], [programmes["syb"]])  # to Changshou's HRSS
    send(people["dj-returnee"], [programmes["dj-subsidy"]])  # to Dianjiang's market bureau
    return SimpleNamespace(
        where=where, bureau=bureau, programmes=programmes, people=people, parks=parks
    )


def listed(client, name) -> set:
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200, name
    return set(response.context["cl"].result_list)


def test_a_district_administrator_lists_that_district_s_records_only(client, world):
    client.force_login(world.people["cs-admin"])
    assert listed(client, "services_department") == {
        world.bureau["cs-hrss"],
        world.bureau["cs-women"],
    }
    assert listed(client, "services_park") == {world.parks["cs"]}
    assert listed(client, "services_programme") == {world.programmes["association"]}
    assert listed(client, "services_jurisdiction") == {world.where["changshou"]}
    assert listed(client, "accounts_user") == {
        world.people[key] for key in ("cs-admin", "cs-official", "cs-returnee", "cs-manager")
    }
    cases = listed(client, "applications_referral")
    assert {case.department for case in cases} == {world.bureau["cs-hrss"]}
    assert {app.applicant for app in listed(client, "applications_application")} == {
        world.people["cs-returnee"]
    }
    assert {profile.user for profile in listed(client, "applications_applicantprofile")} == {
        world.people["cs-returnee"]
    }
    assert {event.application.applicant for event in listed(client, "applications_auditevent")} == {
        world.people["cs-returnee"]
    }
    noted = {note.recipient for note in listed(client, "notifications_notification")}
    assert world.people["cs-returnee"] in noted  # "application sent"
    assert world.people["dj-returnee"] not in noted


def test_an_administrator_of_all_lists_everything(client, world):
    client.force_login(world.people["root"])
    assert listed(client, "services_department") == set(Department.objects.all())
    assert listed(client, "services_park") == set(Park.objects.all())
    assert listed(client, "accounts_user") == set(User.objects.all())
    assert listed(client, "applications_referral") == set(Referral.objects.all())


def test_a_list_s_filter_offers_the_district_s_departments_only(client, world):
    client.force_login(world.people["cs-admin"])
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert world.bureau["cs-hrss"].name_zh in page
    assert world.bureau["dj-hrss"].name_zh not in page


def test_another_district_s_record_does_not_open(client, world):
    client.force_login(world.people["cs-admin"])
    for name, record in [
        ("services_department", world.bureau["dj-hrss"]),
        ("services_park", world.parks["dj"]),
        ("accounts_user", world.people["dj-official"]),
        ("applications_referral", Referral.objects.get(department=world.bureau["dj-market"])),
    ]:
        response = client.get(reverse(f"admin:{name}_change", args=[record.pk]))
        assert response.status_code == 302, name  # "does not exist", back to the index
        assert response.url == reverse("admin:index")
    posted = client.post(
        reverse("admin:services_department_change", args=[world.bureau["dj-hrss"].pk]),
        {"name_zh": "改名", "name_en": "Renamed"},
    )
    assert posted.status_code == 302
    world.bureau["dj-hrss"].refresh_from_db()
    assert world.bureau["dj-hrss"].name_zh != "改名"
    device = TOTPDevice.objects.create(user=world.people["dj-official"], name="phone")
    for view in ("config", "qrcode"):
        url = reverse(f"admin:otp_totp_totpdevice_{view}", args=[device.pk])
        assert client.get(url).status_code == 404, view


def test_a_new_department_is_made_in_the_administrator_s_district_only(client, world):
    client.force_login(world.people["cs-admin"])
    form = client.get(reverse("admin:services_department_add")).context["adminform"].form
    assert list(form.fields["jurisdiction"].queryset) == [world.where["changshou"]]
    assert form.initial["jurisdiction"] == world.where["changshou"].pk  # chosen already
    data = {
        "code": "agri",
        "kind": "agri",
        "name_zh": "长寿区农业农村委员会",
        "name_en": "Changshou Agriculture Commission",
        "phone": "023-40247000",
    }
    refused = client.post(
        reverse("admin:services_department_add"),
        {**data, "jurisdiction": world.where["dianjiang"].pk},
    )
    assert refused.status_code == 200
    assert "jurisdiction" in refused.context["adminform"].form.errors
    assert not Department.objects.filter(code="agri").exists()
    made = client.post(
        reverse("admin:services_department_add"),
        {**data, "jurisdiction": world.where["changshou"].pk},
    )
    assert made.status_code == 302, made.context and made.context["adminform"].form.errors
    assert Department.objects.get(code="agri").jurisdiction == world.where["changshou"]


def test_a_park_s_managers_are_chosen_among_the_district_s_people(client, world):
    client.force_login(world.people["cs-admin"])
    form = (
        client.get(reverse("admin:services_park_change", args=[world.parks["cs"].pk]))
        .context["adminform"]
        .form
    )
    assert world.people["cs-manager"] in form.fields["managers"].queryset
    assert world.people["dj-manager"] not in form.fields["managers"].queryset


def new_account(client, **fields):
    data = {
        "username": "new-person",
        "name": "新同事",
        "phone": "13700000000",
        "email": "",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post(reverse("admin:accounts_user_add"), data)


def test_a_district_administrator_makes_staff_of_that_district_only(client, world):
    client.force_login(world.people["cs-admin"])
    form = client.get(reverse("admin:accounts_user_add")).context["adminform"].form
    assert set(form.fields["department"].queryset) == {
        world.bureau["cs-hrss"],
        world.bureau["cs-women"],
    }
    assert list(form.fields["jurisdiction"].queryset) == [world.where["changshou"]]

    for refused in [
        {"role": "official", "department": world.bureau["dj-hrss"].pk},
        {"role": "admin"},  # an administrator of all
        {"role": "manager"},  # nobody's manager: they would not see the account again
        {"role": "applicant"},
    ]:
        response = new_account(client, **refused)
        assert response.status_code == 200, refused
        assert response.context["adminform"].form.errors, refused
        assert not User.objects.filter(username="new-person").exists()

    made = new_account(client, role="admin", jurisdiction=world.where["changshou"].pk)
    assert made.status_code == 302, made.context and made.context["adminform"].form.errors
    assert User.objects.get(username="new-person").jurisdiction == world.where["changshou"]


def change_data(person, **fields):
    return {
        "username": person.username,
        "name": person.name,
        "phone": person.phone,
        "email": person.email,
        "language": person.language,
        "role": person.role,
        "department": person.department_id or "",
        "jurisdiction": person.jurisdiction_id or "",
        "is_active": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        **fields,
    }


def test_nobody_is_let_into_the_administration_for_more_than_the_district(client, world):
    client.force_login(world.people["cs-admin"])
    official = world.people["cs-official"]
    url = reverse("admin:accounts_user_change", args=[official.pk])
    response = client.post(url, change_data(official, is_staff="on", is_superuser="on"))
    assert response.status_code == 200
    assert "jurisdiction" in response.context["adminform"].form.errors
    official.refresh_from_db()
    assert not official.is_staff and not official.is_superuser
    # Their own account: they cannot make themselves an administrator of all.
    me = world.people["cs-admin"]
    response = client.post(
        reverse("admin:accounts_user_change", args=[me.pk]),
        change_data(me, jurisdiction="", is_staff="on", is_superuser="on"),
    )
    assert response.status_code == 200
    me.refresh_from_db()
    assert me.jurisdiction == world.where["changshou"]


def test_staff_acting_for_more_than_the_district_are_not_changed_by_its_administrator(
    client, world
):
    city = municipality()
    # The municipality's manager runs a Changshou park too: listed there, not theirs to change.
    city_manager = UserFactory(role="manager", jurisdiction=city, parks=[world.parks["cs"]])
    client.force_login(world.people["cs-admin"])
    assert city_manager in listed(client, "accounts_user")
    password = reverse("admin:auth_user_password_change", args=[city_manager.pk])
    assert client.get(password).status_code == 403
    response = client.post(
        reverse("admin:accounts_user_change", args=[city_manager.pk]),
        change_data(city_manager, name="改了"),
    )
    assert response.status_code == 403
    city_manager.refresh_from_db()
    assert city_manager.name != "改了"
    # Nor one who runs a park elsewhere too, or a bureau's official living in Changshou.
    two_parks = UserFactory(role="manager", parks=[world.parks["cs"], world.parks["dj"]])
    dj_official = world.people["dj-official"]
    actions.profile_save(
        user=dj_official,
        data={
            "name": dj_official.name,
            "phone": dj_official.phone,
            "id_number": id_number_for(datetime.date(1988, 5, 5), n=40),
            "district": world.where["changshou"],
            "hukou": "rural",
        },
        consent=True,
    )
    for beyond in (two_parks, dj_official):
        assert beyond in listed(client, "accounts_user")
        url = reverse("admin:auth_user_password_change", args=[beyond.pk])
        assert client.get(url).status_code == 403
        device = TOTPDevice.objects.create(user=beyond, name="phone")
        change = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
        assert client.post(change, {"user": beyond.pk, "name": "mine now"}).status_code == 403
        device.refresh_from_db()
        assert device.name == "phone"
        assert (
            client.get(reverse("admin:otp_totp_totpdevice_add"))
            .context["adminform"]
            .form.fields["user"]
            .queryset.filter(pk=beyond.pk)
            .exists()
            is False
        )
    # "Sign out everywhere" passes over them, not over their own district's manager.
    mine = world.people["cs-manager"]
    token_issue(user=two_parks), token_issue(user=mine)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "sign_out_everywhere", "_selected_action": [two_parks.pk, mine.pk]},
    )
    assert AuthToken.objects.filter(user=two_parks).exists()
    assert not AuthToken.objects.filter(user=mine).exists()
    # One of their own district's managers, they do change.
    assert client.get(reverse("admin:auth_user_password_change", args=[mine.pk])).status_code == 200


def test_shared_records_are_read_only_and_the_rest_closed_to_a_district_administrator(
    client, world
):
    client.force_login(world.people["cs-admin"])
    assert client.get(reverse("admin:services_documenttype_changelist")).status_code == 200
    refused = client.post(
        reverse("admin:services_documenttype_add"),
        {"code": "new", "name_zh": "新材料", "name_en": "New", "valid_months": 0},
    )
    assert refused.status_code == 403
    assert not DocumentType.objects.filter(code="new").exists()
    assert client.get(reverse("admin:applications_holiday_add")).status_code == 403
    assert client.get(reverse("admin:services_jurisdiction_add")).status_code == 403
    changshou = world.where["changshou"]
    renamed = client.post(
        reverse("admin:services_jurisdiction_change", args=[changshou.pk]),
        {"code": changshou.code, "level": "district", "name_zh": "改名", "name_en": "Renamed"},
    )
    assert renamed.status_code == 403
    changshou.refresh_from_db()
    assert changshou.name_zh == "长寿区"
    for closed in [
        "admin:django_celery_beat_periodictask_changelist",
        "admin:axes_accessattempt_changelist",
        "admin:knox_authtoken_changelist",
        "admin:auth_group_changelist",
    ]:
        assert client.get(reverse(closed)).status_code == 403, closed
    index = client.get(reverse("admin:index")).content.decode()
    assert "django_celery_beat" not in index and "/admin/axes/" not in index
    client.force_login(world.people["root"])
    assert (
        client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 200
    )
    assert client.get(reverse("admin:services_documenttype_add")).status_code == 200


@pytest.mark.parametrize("name", ["accounts_user", "applications_referral"])
def test_a_district_administrator_s_list_costs_the_same_at_two_sizes(client, world, name):
    client.force_login(world.people["cs-admin"])
    url = reverse(f"admin:{name}_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(3, 9):
        send(returnee(world.where["changshou"], n), [world.programmes["syb"]])
        send(returnee(world.where["dianjiang"], n + 10), [world.programmes["dj-subsidy"]])
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.context["cl"].result_count > 3
    assert len(large) == len(small)


def test_only_managers_and_administrators_act_for_a_jurisdiction(world):
    official = world.people["cs-official"]
    official.jurisdiction = world.where["changshou"]
    with pytest.raises(ValidationError) as error:
        official.full_clean()
    assert "jurisdiction" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        official.save()


def test_every_model_of_the_admin_is_scoped_shared_or_closed_to_a_district_administrator(world):
    from django.contrib import admin
    from django.test import RequestFactory

    from portal.admin_scope import JurisdictionScoped

    request = RequestFactory().get("/admin/")
    request.user = world.people["cs-admin"]
    open_to_them = []
    for model, model_admin in admin.site._registry.items():
        declared = isinstance(model_admin, JurisdictionScoped) and (
            model_admin.shared or model_admin._has_ways()
        )
        if not declared and model_admin.has_module_permission(request):
            open_to_them.append(model._meta.label)
    assert open_to_them == []
    # And the registry does hold models of each kind.
    labels = {model._meta.label for model in admin.site._registry}
    assert {
        "services.Department",
        "services.DocumentType",
        "django_celery_beat.PeriodicTask",
    } <= labels


def test_a_returnee_who_moves_leaves_their_sent_cases_with_the_district_that_decides_them(
    client, world
):
    moved = world.people["dj-returnee"]
    ApplicantProfile.objects.filter(user=moved).update(district=world.where["changshou"])
    draft = actions.application_start(applicant=moved, programmes=[world.programmes["loan"]])
    client.force_login(world.people["cs-admin"])
    applications = listed(client, "applications_application")
    assert draft in applications  # not sent yet: where they live now
    assert not any(app.applicant == moved and app.submitted_at for app in applications)
    client.force_login(world.people["root"])
    assert any(
        app.applicant == moved and app.submitted_at
        for app in listed(client, "applications_application")
    )

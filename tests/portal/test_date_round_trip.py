"""Every form with a date: a saved record, opened in Chinese or English and saved unchanged
(exactly what the browser holds of the rendered page), is not changed.

A date rendered in the locale's format (1991/05/05) is thrown away by `<input type="date">`,
so the field shows empty and saving erases the date. The first test finds every form of the
portal with a date or datetime field; a new one without a case here fails it.
"""

import contextlib
import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.conf import settings
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from applications import actions
from applications.models import ApplicantProfile, Holiday
from services.models import Programme, ScreenerAnswers, TrainingSession
from services.views import SESSION_FACTS
from tests.browser_form import form_data
from tests.data import dated_profile_data, with_check_character
from tests.factories import ProgrammeFactory, TrainingSessionFactory, UserFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["zh-hans", "en"]
OUR_PACKAGES = ("portal", "services", "applications")

# Each case: the form classes it covers, and a function making a saved record that returns
# (who opens it, the page, a field of the form on that page, what must not change).
CASES = {}
# A man born on 1988-07-15 (the 17th digit: odd for men).
MALE_ID = with_check_character("50023119880715003")


def case(*form_classes):
    def register(make):
        CASES[make.__name__] = (form_classes, make)
        return make

    return register


def _profile_of(user, **fields):
    data = dated_profile_data(
        years_away=12, five_types=["transferred_rural_labourer"], goals=["business"]
    )
    return actions.profile_save(user=user, data={**data, **fields}, consent=True)


def _profile_snapshot(user):
    def snapshot():
        profile = ApplicantProfile.objects.get(user=user)
        return model_to_dict(profile, exclude=["id", "updated_at"])

    return snapshot


@case("applications.forms.ProfileForm")
def profile_page(client, hrss, dianjiang_park):
    owner = UserFactory()
    _profile_of(owner)
    return owner, reverse("applications:profile"), "birth_date", _profile_snapshot(owner)


@case("applications.forms.ProfileForm")
def application_profile_step(client, hrss, dianjiang_park):
    owner = UserFactory()
    _profile_of(owner)
    draft = actions.application_start(applicant=owner, programmes=[ProgrammeFactory()])
    url = reverse("applications:step_profile", args=[draft.pk])
    return owner, url, "birth_date", _profile_snapshot(owner)


@case("applications.forms.ProfileForm")
def assisted_filing_profile_step(client, hrss, dianjiang_park):
    manager = UserFactory(role="manager", parks=[dianjiang_park])
    returnee = actions.applicant_for_assisted_filing(
        phone="13900000077", name="周大海", by=manager, confirmed=True
    )
    draft = actions.application_start(
        applicant=returnee, programmes=[ProgrammeFactory()], filed_by=manager
    )
    _profile_of(
        returnee,
        name="周大海",
        gender="male",
        phone="13900000077",
        id_number=MALE_ID,
        birth_date=datetime.date(1988, 7, 15),
    )
    url = reverse("applications:step_profile", args=[draft.pk])
    return manager, url, "birth_date", _profile_snapshot(returnee)


@case("services.forms.ScreenerForm")
def screener_change_answers(client, hrss, dianjiang_park):
    owner = UserFactory()
    ScreenerAnswers.objects.create(
        user=owner,
        facts={
            "age": 35,
            "gender": "male",
            "has_business_licence": True,
            "business_licence_date": "2025-12-01",
            "return_date": "2026-03-15",
        },
    )

    def snapshot():
        kept = ScreenerAnswers.objects.get(user=owner).facts
        return client.session.get(SESSION_FACTS, kept)

    return owner, reverse("services:screener"), "business_licence_date", snapshot


@case("services.manage_forms.ProgrammeForm")
def programme_edit(client, hrss, dianjiang_park):
    manager = UserFactory(role="manager", parks=[dianjiang_park])
    programme = ProgrammeFactory(
        department=hrss,
        opens_on=datetime.date(2026, 11, 1),
        closes_on=datetime.date(2027, 2, 28),
        description_zh="第一段。\n第二段。",
        rules={
            "all": [
                {"fact": "age", "op": "between", "value": [16, 60]},
                {"fact": "return_date", "op": "between", "value": ["2024-01-01", "2026-12-31"]},
            ]
        },
    )
    programme.parks.set([dianjiang_park])

    def snapshot():
        fresh = Programme.objects.get(pk=programme.pk)
        return {
            **model_to_dict(fresh, exclude=["id", "updated_at", "search_vector"]),
            "changes": fresh.changes.count(),
        }

    return manager, reverse("services:manage_edit", args=[programme.slug]), "closes_on", snapshot


@case("services.manage_forms.SessionForm")
def session_edit(client, hrss, dianjiang_park):
    manager = UserFactory(role="manager", parks=[dianjiang_park])
    programme = ProgrammeFactory(department=hrss, kind=Programme.Kind.TRAINING)
    programme.parks.set([dianjiang_park])
    starts = timezone.make_aware(datetime.datetime(2027, 1, 11, 9, 0))
    session = TrainingSessionFactory(
        programme=programme, starts_at=starts, ends_at=starts + datetime.timedelta(days=4, hours=8)
    )
    url = reverse("services:manage_session_edit", args=[programme.slug, session.pk])

    def snapshot():
        return model_to_dict(TrainingSession.objects.get(pk=session.pk))

    return manager, url, "starts_at", snapshot


@case("portal.accounts.admin.StaffChangeForm")
def admin_user_change(client, hrss, dianjiang_park):
    administrator = UserFactory(role="admin", is_staff=True, is_superuser=True)
    official = UserFactory(
        role="official",
        department=hrss,
        last_login=timezone.make_aware(datetime.datetime(2026, 11, 30, 17, 45, 12)),
        date_joined=timezone.make_aware(datetime.datetime(2026, 5, 5, 8, 0)),
    )
    url = reverse("admin:accounts_user_change", args=[official.pk])

    def snapshot():
        return model_to_dict(type(official).objects.get(pk=official.pk))

    return administrator, url, "username", snapshot


@case("admin:applications.Holiday")
def admin_holiday_change(client, hrss, dianjiang_park):
    administrator = UserFactory(role="admin", is_staff=True, is_superuser=True)
    holiday = Holiday.objects.create(
        date=datetime.date(2027, 2, 5), name_zh="春节", name_en="Spring Festival"
    )
    url = reverse("admin:applications_holiday_change", args=[holiday.pk])

    def snapshot():
        return model_to_dict(Holiday.objects.get(pk=holiday.pk))

    return administrator, url, "date", snapshot


def _admin_forms_with_dates():
    """The administrators' forms (made by the admin, not declared) that edit a date."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_change_permission(request):
            continue  # read-only: nothing is saved back
        fields = model_admin.get_form(request).base_fields.values()
        if any(isinstance(field, forms.DateField | forms.DateTimeField) for field in fields):
            yield f"admin:{model._meta.label}"


def _our_form_classes():
    for package_name in OUR_PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if ".migrations" in module_info.name or "management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def _has_a_date(cls) -> bool:
    fields = dict(cls.base_fields)
    # Fields added in __init__ (the screener's questions); a form that needs arguments to be
    # made has its dates among its declared fields.
    with contextlib.suppress(TypeError):
        fields.update(cls().fields)
    return any(
        isinstance(field, forms.DateField | forms.DateTimeField) for field in fields.values()
    )


def test_every_form_with_a_date_has_a_round_trip_case():
    with_dates = {
        f"{cls.__module__}.{cls.__name__}" for cls in _our_form_classes() if _has_a_date(cls)
    } | set(_admin_forms_with_dates())
    covered = {name for form_classes, _make in CASES.values() for name in form_classes}
    assert with_dates, "no form with a date found: the search itself is broken"
    assert with_dates <= covered, (
        f"forms with a date and no round-trip case: {with_dates - covered}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_saved_record_opened_and_saved_unchanged_stays_the_same(
    client, hrss, dianjiang_park, name, language
):
    _forms, make = CASES[name]
    user, url, field, snapshot_of = make(client, hrss, dianjiang_park)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    before = snapshot_of()

    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), containing=field)
    response = client.post(url, data)

    assert response.status_code == 302, _errors(response)
    assert snapshot_of() == before


def _errors(response):
    context = response.context
    if context is None:
        return response.status_code
    names = context.keys()  # a ContextList: iterating it gives contexts, not names
    return {key: context[key].errors for key in names if hasattr(context[key], "errors")}


def test_a_date_in_the_chinese_interface_is_rendered_as_the_browser_needs_it(client, applicant):
    _profile_of(applicant)
    client.force_login(applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(reverse("applications:profile")).content.decode()
    assert form_data(html, containing="birth_date")["birth_date"] == ["1991-05-05"]

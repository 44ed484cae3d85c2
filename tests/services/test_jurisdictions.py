"""Two jurisdictions, one portal (services/jurisdictions.py, applications/routing.py): a
district's programme goes to its own department; a municipal programme to the bureau of the
same kind in the district where the applicant lives, and is not offered where there is none."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from applications import actions
from applications.actions.intake import submission_problems
from applications.models import ApplicantProfile, Referral
from services.jurisdictions import delivered_by, delivering_departments, offered_in
from services.models import Department, Programme
from tests.data import id_number_for
from tests.factories import (
    DepartmentFactory,
    JurisdictionFactory,
    ParkFactory,
    ProgrammeFactory,
    UserFactory,
    changshou,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    """Dianjiang and Changshou with an HRSS bureau each, Changshou's women's federation, a
    Dianjiang market bureau, the municipal HRSS bureau; and a third district with no HRSS."""
    dianjiang, chang = JurisdictionFactory(), changshou()
    fuling = JurisdictionFactory(
        code="500102", name_zh="涪陵区", name_en="Fuling District", parent=municipality()
    )
    bureau = {
        "city-hrss": DepartmentFactory(jurisdiction=municipality(), code="hrss", kind="hrss"),
        "dj-hrss": DepartmentFactory(jurisdiction=dianjiang, code="hrss", kind="hrss"),
        "dj-market": DepartmentFactory(jurisdiction=dianjiang, code="market", kind="market"),
        "cs-hrss": DepartmentFactory(jurisdiction=chang, code="hrss", kind="hrss"),
        "cs-women": DepartmentFactory(jurisdiction=chang, code="women", kind="women"),
        "fl-market": DepartmentFactory(jurisdiction=fuling, code="market", kind="market"),
    }
    programmes = {
        "syb": ProgrammeFactory(slug="syb-training", department=bureau["city-hrss"]),
        "loan": ProgrammeFactory(slug="startup-guarantee-loan", department=bureau["city-hrss"]),
        "dj-subsidy": ProgrammeFactory(slug="sme-subsidy", department=bureau["dj-market"]),
        "association": ProgrammeFactory(
            slug="female-entrepreneurs-association", department=bureau["cs-women"]
        ),
    }
    return {"dianjiang": dianjiang, "changshou": chang, "fuling": fuling}, bureau, programmes


def returnee(district, n: int):
    user = UserFactory(username=f"returnee-{n}")
    actions.profile_save(
        user=user,
        data={
            "name": f"返乡人员{n}",
            "phone": user.phone,
            "id_number": id_number_for(datetime.date(1990, 1, 1), n=n),
            "district": district,
            "hukou": "rural",
        },
        consent=True,
    )
    return user


def send(user, programmes):
    application = actions.application_start(applicant=user, programmes=programmes)
    return application, actions.application_submit(application=application, by=user)


def test_a_municipal_programme_goes_to_the_hrss_bureau_of_where_the_applicant_lives(places):
    districts, bureau, programme = places
    for place, n in (("dianjiang", 1), ("changshou", 2)):
        _application, referrals = send(returnee(districts[place], n), [programme["syb"]])
        (referral,) = referrals
        expected = bureau["dj-hrss" if place == "dianjiang" else "cs-hrss"]
        assert referral.department == expected


def test_a_district_s_programme_goes_to_its_own_department_for_the_people_living_there(
    places,
):
    districts, bureau, programme = places
    _application, (referral,) = send(returnee(districts["dianjiang"], 3), [programme["dj-subsidy"]])
    assert referral.department == bureau["dj-market"]
    # Someone living in Changshou is told it is Dianjiang's, and nothing is sent.
    user = returnee(districts["changshou"], 12)
    application = actions.application_start(applicant=user, programmes=[programme["dj-subsidy"]])
    with translation.override("zh-hans"):
        problems = submission_problems(application, datetime.date.today())
    assert any("垫江县" in problem and "长寿区" in problem for problem in problems), problems
    with pytest.raises(ValidationError):
        actions.application_submit(application=application, by=user)


def test_one_application_reaches_several_departments_of_the_applicant_s_district(places):
    districts, bureau, programme = places
    user = returnee(districts["changshou"], 4)
    _application, referrals = send(
        user, [programme["syb"], programme["loan"], programme["association"]]
    )
    assert {referral.department for referral in referrals} == {
        bureau["cs-hrss"],
        bureau["cs-women"],
    }
    assert not Referral.objects.filter(department__jurisdiction=districts["dianjiang"]).exists()


def test_a_municipal_programme_is_not_offered_where_the_district_has_no_such_bureau(places):
    districts, _bureau, programme = places
    user = returnee(districts["fuling"], 5)
    application = actions.application_start(applicant=user, programmes=[programme["syb"]])
    with translation.override("zh-hans"):
        problems = submission_problems(application, datetime.date.today())
    assert any("涪陵区" in problem and "还没有" in problem for problem in problems), problems
    with pytest.raises(ValidationError):
        actions.application_submit(application=application, by=user)
    assert not Referral.objects.exists()
    assert delivered_by(programme["syb"], districts["fuling"]) is None
    assert delivered_by(programme["syb"], None) is None
    # The catalogue filter: Fuling's people are offered Fuling's own programmes only.
    offered = set(Programme.objects.filter(offered_in(districts["fuling"])))
    assert offered == set()
    offered = set(Programme.objects.filter(offered_in(districts["changshou"])))
    assert offered == {programme["syb"], programme["loan"], programme["association"]}


def test_without_a_district_a_municipal_programme_asks_where_the_applicant_lives(places):
    _districts, _bureau, programme = places
    user = returnee(None, 6)
    application = actions.application_start(applicant=user, programmes=[programme["syb"]])
    with translation.override("zh-hans"):
        problems = submission_problems(application, datetime.date.today())
    assert any("现在住在哪个区县" in problem for problem in problems), problems


def test_a_case_stays_with_its_department_when_the_applicant_moves(places):
    districts, bureau, programme = places
    user = returnee(districts["dianjiang"], 7)
    _application, (referral,) = send(user, [programme["syb"]])
    actions.profile_save(user=user, data={"district": districts["changshou"]})
    referral.refresh_from_db()
    assert referral.department == bureau["dj-hrss"]


def test_the_delivering_departments_are_read_in_one_query_whatever_the_number(places):
    districts, _bureau, _programme = places
    programmes = list(Programme.objects.select_related("department__jurisdiction").order_by("slug"))
    for count in (1, len(programmes)):
        with CaptureQueriesContext(connection) as queries:
            found = delivering_departments(programmes[:count], districts["changshou"])
        assert len(found) == count
        assert len(queries) <= 1


def test_officials_of_one_district_never_see_the_other_s_cases(client, places):
    districts, bureau, programme = places
    _a, (dianjiang_case,) = send(returnee(districts["dianjiang"], 8), [programme["syb"]])
    _b, (changshou_case,) = send(returnee(districts["changshou"], 9), [programme["syb"]])
    for mine, theirs, department in (
        (dianjiang_case, changshou_case, bureau["dj-hrss"]),
        (changshou_case, dianjiang_case, bureau["cs-hrss"]),
    ):
        for role in ("official", "head"):
            client.force_login(UserFactory(role=role, department=department))
            queue = client.get(reverse("applications:queue"))
            assert [row.pk for row in queue.context["referrals"]] == [mine.pk]
            assert client.get(reverse("applications:case", args=[theirs.pk])).status_code == 404
            assert client.get(reverse("applications:case", args=[mine.pk])).status_code == 200


def test_department_codes_are_unique_within_a_jurisdiction_only(places):
    districts, bureau, _programme = places
    assert Department.objects.filter(code="hrss").count() == 3
    assert len({department.hsds_key for department in bureau.values()}) == len(bureau)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(
            jurisdiction=districts["changshou"], code="hrss", kind="other", name_zh="x"
        )
    # One bureau of each kind in a jurisdiction: where a municipal programme goes is never
    # a choice between two.
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(
            jurisdiction=districts["changshou"], code="hrss2", kind="hrss", name_zh="x"
        )


def test_profiles_record_where_the_applicant_lives(places):
    districts, _bureau, _programme = places
    user = returnee(districts["changshou"], 10)
    assert ApplicantProfile.objects.get(user=user).district == districts["changshou"]


# --- Who edits what ------------------------------------------------------------------------------


@pytest.fixture
def offered(places):
    """The municipal SYB and Dianjiang's subsidy offered in a Dianjiang park, the association
    in a Changshou park."""
    districts, _bureau, programme = places
    dianjiang_park = ParkFactory(slug="dianjiang-startup-park", jurisdiction=districts["dianjiang"])
    changshou_park = ParkFactory(
        slug="changshou-industrial-park", jurisdiction=districts["changshou"]
    )
    programme["syb"].parks.add(dianjiang_park, changshou_park)
    programme["dj-subsidy"].parks.add(dianjiang_park)
    programme["association"].parks.add(changshou_park)
    return dianjiang_park, changshou_park


def editable(client, user, programme):
    client.force_login(user)
    return client.get(reverse("services:manage_edit", args=[programme.slug])).status_code


def test_a_park_manager_edits_their_district_s_programmes_not_the_municipal_ones(
    client, places, offered
):
    _districts, bureau, programme = places
    dianjiang_park, changshou_park = offered
    manager = UserFactory(role="manager", parks=[dianjiang_park])
    listed = client_list(client, manager)
    assert listed == {programme["dj-subsidy"].slug}
    assert editable(client, manager, programme["dj-subsidy"]) == 200
    assert editable(client, manager, programme["syb"]) == 404  # offered in their park, municipal
    assert editable(client, manager, programme["association"]) == 404
    new = client.get(reverse("services:manage_create"))
    departments = set(new.context["form"].fields["department"].queryset)
    assert departments == {bureau["dj-hrss"], bureau["dj-market"]}
    changshou_manager = UserFactory(role="manager", parks=[changshou_park])
    assert client_list(client, changshou_manager) == {programme["association"].slug}


def test_the_municipality_s_staff_edit_the_municipal_programmes_in_every_park(
    client, places, offered
):
    _districts, bureau, programme = places
    staff = UserFactory(role="manager", jurisdiction=municipality())
    assert client_list(client, staff) == {programme["syb"].slug, programme["loan"].slug}
    assert editable(client, staff, programme["syb"]) == 200
    assert editable(client, staff, programme["dj-subsidy"]) == 404
    form = client.get(reverse("services:manage_create")).context["form"]
    assert set(form.fields["department"].queryset) == {bureau["city-hrss"]}
    assert set(form.fields["parks"].queryset) == set(offered)


def test_a_district_administrator_sees_that_district_s_programmes_only(client, places, offered):
    districts, _bureau, programme = places
    admin = UserFactory(role="admin", jurisdiction=districts["changshou"])
    assert client_list(client, admin) == {programme["association"].slug}
    assert editable(client, admin, programme["syb"]) == 404
    everyone = UserFactory(role="admin")
    assert client_list(client, everyone) == {p.slug for p in programme.values()}


def client_list(client, user) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("services:manage_list"))
    assert page.status_code == 200
    return {programme.slug for programme in page.context["page"]}


def test_the_profile_page_shows_the_district_saved_and_saving_it_unchanged_keeps_it(client, places):
    districts, _bureau, _programme = places
    user = returnee(districts["changshou"], 11)
    client.force_login(user)
    page = client.get(reverse("applications:profile"))
    assert page.context["form"]["district"].value() == "500115"
    assert '<option value="500115" selected>' in page.content.decode()


def test_a_district_bureau_finds_the_municipal_programmes_it_handles_in_its_queue(client, places):
    districts, bureau, programme = places
    _application, (case,) = send(returnee(districts["changshou"], 13), [programme["syb"]])
    client.force_login(UserFactory(role="official", department=bureau["cs-hrss"]))
    queue = client.get(reverse("applications:queue"), {"programme": programme["syb"].slug})
    assert [row.pk for row in queue.context["referrals"]] == [case.pk]
    offered = {listed.slug for listed in queue.context["programmes"]}
    assert programme["syb"].slug in offered
    assert programme["dj-subsidy"].slug not in offered

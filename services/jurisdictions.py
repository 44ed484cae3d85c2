"""Who delivers a programme where. A district's programme is delivered by the department that
owns it, to the people who live in that district. A municipal programme (owned by a bureau of
Chongqing Municipality: the start-up trainings, the guarantee loan) is delivered locally: an
application goes to the bureau of the same kind in the district where the applicant lives,
and where that district has no such bureau the programme is not offered there."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from services.models import Department, Jurisdiction, Programme

# Where the visitor lives, for the catalogue's default: the district chosen on the catalogue
# (a cookie, kept a year), else the signed-in applicant's (the session, set at sign-in and
# when the profile is saved, by the applications app). A division code, or "all".
DISTRICT_COOKIE = "fanxiang_district"
DISTRICT_SESSION = "district"
DISTRICT_VALUE = r"^([0-9]{6}|all)$"


DISTRICT_CODES_KEY = "jurisdictions:district-codes"


def district_codes() -> frozenset[str]:
    """The districts' division codes, kept in the cache (Jurisdiction.save forgets them)."""
    codes = cache.get(DISTRICT_CODES_KEY)
    if codes is None:
        codes = frozenset(districts().values_list("code", flat=True))
        cache.set(DISTRICT_CODES_KEY, codes, 3600)
    return codes


def known_district(value: str | None) -> str:
    """A district's code or "all" as given, else "": no page is made (or cached, or kept in a
    cookie) for a code that names no district."""
    if not value or not re.fullmatch(DISTRICT_VALUE, value):
        return ""
    return value if value == "all" or value in district_codes() else ""


def remember_choice(response, value: str) -> None:
    """Keep a district chosen on the catalogue (or "all") for the visitor's next visits."""
    if chosen := known_district(value):
        response.set_cookie(
            DISTRICT_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )


def visitor_district(request) -> str:
    """The district whose programmes the catalogue shows by default ("" or "all" for all)."""
    for value in (request.COOKIES.get(DISTRICT_COOKIE), request.session.get(DISTRICT_SESSION)):
        if known := known_district(value):
            return known
    return ""


def is_municipal(programme: Programme) -> bool:
    return programme.department.jurisdiction.is_municipal


def bureaus_of(district: Jurisdiction | None) -> dict[str, Department]:
    """The district's departments by kind (one query): where its municipal programmes go."""
    if district is None:
        return {}
    return {
        department.kind: department
        for department in Department.objects.filter(jurisdiction=district)
        .exclude(kind=Department.Kind.OTHER)
        .select_related("jurisdiction")
    }


def delivered_by(
    programme: Programme,
    district: Jurisdiction | None,
    bureaus: dict[str, Department] | None = None,
) -> Department | None:
    """The department an application for this programme goes to from someone living in this
    district; None for a municipal programme the district has no bureau for (or no district
    known). `bureaus`: `bureaus_of(district)`, read once for several programmes."""
    owner = programme.department
    if not owner.jurisdiction.is_municipal:
        # A district's own programme is for the people who live there (its rules, such as
        # "hukou in the district where you live", are written for them).
        if district is not None and owner.jurisdiction_id != district.pk:
            return None
        return owner
    if bureaus is None:
        bureaus = bureaus_of(district)
    return bureaus.get(owner.kind)


def delivering_departments(
    programmes: list[Programme], district: Jurisdiction | None
) -> dict[int, Department | None]:
    """`delivered_by` for several programmes (their department and its jurisdiction loaded):
    programme id to department. The district's bureaus are read only when a programme is
    municipal (one query)."""
    bureaus = None
    found: dict[int, Department | None] = {}
    for programme in programmes:
        if bureaus is None and is_municipal(programme):
            bureaus = bureaus_of(district)
        found[programme.pk] = delivered_by(programme, district, bureaus or {})
    return found


def not_delivered_message(programme: Programme, district: Jurisdiction | None) -> str:
    owner = programme.department.jurisdiction
    if not owner.is_municipal:
        return _(
            "“%(programme)s” is a programme of %(owner)s, for the people who live there. Your "
            "details say you live in %(district)s: remove it, or correct where you live."
        ) % {"programme": programme.title, "owner": owner.name, "district": district.name}
    if district is None:
        return _(
            "“%(programme)s” is delivered by the bureau of the district where you live: say in "
            "your details where you live now."
        ) % {"programme": programme.title}
    return _(
        "“%(programme)s” is not offered in %(district)s yet: %(district)s has no %(kind)s bureau "
        "on the portal. Ask at your service centre."
    ) % {
        "programme": programme.title,
        "district": district.name,
        "kind": programme.department.get_kind_display(),
    }


def offered_in(district: Jurisdiction) -> Q:
    """Programmes for the people of this district (a filter on Programme): its own departments',
    and the municipal ones it has a bureau for."""
    kinds = Department.objects.filter(jurisdiction=district).values("kind")
    return Q(department__jurisdiction=district) | Q(
        department__jurisdiction__level=Jurisdiction.Level.MUNICIPALITY,
        department__kind__in=kinds,
    )


def districts() -> QuerySet[Jurisdiction]:
    """The districts and counties, in code order: where a person may live."""
    return Jurisdiction.objects.filter(level=Jurisdiction.Level.DISTRICT).order_by("code")


def session_districts(programme: Programme) -> QuerySet[Jurisdiction]:
    """Where a training programme's sessions may be held (each is offered to the people living
    there): its own district, or every district for a municipal programme."""
    if is_municipal(programme):
        return districts()
    return districts().filter(pk=programme.department.jurisdiction_id)

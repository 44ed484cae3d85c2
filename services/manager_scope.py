"""What a park manager or administrator may edit: the programmes of their parks' districts
(a municipal programme is the municipality's staff's), the departments and parks they may
choose; an administrator of one jurisdiction sees that jurisdiction's only."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from services.models import Department, Jurisdiction, Park, Programme


def _municipal_staff(user) -> bool:
    return user.jurisdiction_id is not None and user.jurisdiction.is_municipal


def parks_for_manager(*, user) -> QuerySet[Park]:
    """The parks a manager offers programmes in: their own; every park for the municipality's
    staff (its programmes are offered everywhere) and administrators (of a district: its)."""
    parks = Park.objects.order_by("slug")
    if user.is_administrator or _municipal_staff(user):
        if user.jurisdiction_id is not None and not user.jurisdiction.is_municipal:
            return parks.filter(jurisdiction_id=user.jurisdiction_id)
        return parks
    return parks.filter(managers=user)


def departments_for_manager(*, user) -> QuerySet[Department]:
    """The departments a manager may make a programme of: those of their parks' districts; the
    municipal ones for the municipality's staff; every one (or their district's) for admins."""
    departments = Department.objects.select_related("jurisdiction").order_by(
        "jurisdiction__code", "code"
    )
    if user.is_administrator or _municipal_staff(user):
        if user.jurisdiction_id is not None:
            return departments.filter(jurisdiction_id=user.jurisdiction_id)
        return departments
    return departments.filter(jurisdiction__parks__managers=user).distinct()


def programmes_for_manager(*, user) -> QuerySet[Programme]:
    """The programmes a manager may edit: those offered in any park they run, of their parks'
    districts (a municipal programme is edited by the municipality's staff only); for the
    municipality's staff, the municipal ones; for administrators, every one (or their
    jurisdiction's)."""
    programmes = Programme.objects.all()
    if user.is_administrator or _municipal_staff(user):
        if user.jurisdiction_id is not None:
            programmes = programmes.filter(department__jurisdiction_id=user.jurisdiction_id)
    else:
        programmes = programmes.filter(
            pk__in=Programme.objects.filter(parks__managers=user).values("pk"),
            department__jurisdiction__level=Jurisdiction.Level.DISTRICT,
        )
    return programmes.select_related("department__jurisdiction").prefetch_related(
        Prefetch("parks", queryset=Park.objects.order_by("slug"))
    )


def programme_for_manager(*, user, slug: str) -> Programme:
    """One programme this manager may edit, or 404: other parks' programmes do not exist to them."""
    if not (user.is_authenticated and (user.is_park_manager or user.is_administrator)):
        raise Http404("No such programme")
    mine = programmes_for_manager(user=user)
    # An address it had before finds it too: a bookmark, or a tab opened before it changed.
    found = mine.filter(Q(slug=slug) | Q(former_slugs__slug=slug)).first()
    if found is None:
        raise Http404("No such programme")
    return found

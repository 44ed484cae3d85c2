"""What a returnee may apply for: the programmes taking applications today, those offered
where they live, and, at a service centre's counter, those offered where the centre is."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from services.models import Programme


def programmes_open_for_application(
    *,
    today: datetime.date | None = None,
    online: bool = False,
    district: int | None = None,
    keep: list[str] | None = None,
) -> QuerySet[Programme]:
    """The programmes taking applications today; `online`: without those applied for at the
    service centre only (a park manager filing there may choose them); `district` (an id):
    those offered to the people living there, and the ones in `keep` (slugs of a draft's)."""
    from services.jurisdictions import offered_in
    from services.selectors import open_condition

    today = today or timezone.localdate()
    programmes = Programme.objects.filter(open_condition(today))
    if district is not None:
        programmes = programmes.filter(offered_in(district) | Q(slug__in=keep or []))
    if online:
        programmes = programmes.exclude(channel=Programme.Channel.OFFLINE)
    return programmes.select_related("department__jurisdiction").order_by(
        "department__jurisdiction__code", "department__code", "title_zh"
    )


def centre_district(*, user) -> int | None:
    """The district (id) of the service centre a park manager files at, where a returnee who
    walks in most likely lives: their parks' one district (None for a manager of parks in
    several, or for anyone else)."""
    if not (user.is_authenticated and user.is_park_manager):
        return None
    here = set(user.managed_parks.values_list("jurisdiction_id", flat=True))
    return here.pop() if len(here) == 1 else None


def programmes_at_the_centre_only(
    *, today: datetime.date | None = None, district: int | None = None
) -> QuerySet[Programme]:
    """The open programmes applied for at a service centre only, with where (and when) to go:
    those offered in the district (id) where the applicant lives, with its centres, if known."""
    from services.models import Park

    parks = Park.objects.order_by("slug")
    if district is not None:
        parks = parks.filter(jurisdiction_id=district)
    return (
        programmes_open_for_application(today=today, district=district)
        .filter(channel=Programme.Channel.OFFLINE)
        .prefetch_related(Prefetch("parks", queryset=parks))
    )

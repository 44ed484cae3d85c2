"""Reads from the catalogue: what the public, the screener and park managers may see."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from services import public_cache, search
from services.jurisdictions import delivered_by, districts, offered_in
from services.models import (
    Department,
    DocumentType,
    Jurisdiction,
    Park,
    Programme,
    TrainingSession,
)

Status = Programme.Status

SORT_RELEVANCE = "relevance"
SORT_CLOSING = "closing"
SORT_NEWEST = "newest"
SORTS = (SORT_RELEVANCE, SORT_CLOSING, SORT_NEWEST)


def departments_directory(*, today: datetime.date | None = None) -> list[Department]:
    """Every department, each with `programme_count`: how many programmes of the public
    catalogue it handles today: its own, and for a district's bureau the municipal ones of its
    kind, which it handles for the people living there (two queries)."""
    today = today or timezone.localdate()
    listed = Q(programmes__status=Status.PUBLISHED) & (
        Q(programmes__closes_on__isnull=True) | Q(programmes__closes_on__gte=today)
    )
    departments = list(
        Department.objects.annotate(programme_count=Count("programmes", filter=listed))
        .select_related("jurisdiction")
        .order_by("jurisdiction__code", "code")
    )
    municipal = Counter()
    for department in departments:
        if department.jurisdiction.is_municipal and department.kind != Department.Kind.OTHER:
            municipal[department.kind] += department.programme_count
    for department in departments:
        if not department.jurisdiction.is_municipal:
            department.programme_count += municipal[department.kind]
    return departments


def open_condition(today: datetime.date) -> Q:
    """Published and inside the intake window on `today`."""
    return (
        Q(status=Status.PUBLISHED)
        & (Q(opens_on__isnull=True) | Q(opens_on__lte=today))
        & (Q(closes_on__isnull=True) | Q(closes_on__gte=today))
    )


def programmes_public(*, today: datetime.date, include_closed: bool = False) -> QuerySet[Programme]:
    """What the public catalogue lists: published programmes whose intake has not closed.

    With include_closed, closed programmes and those past their window are listed too.
    Drafts and archived programmes are never public.
    """
    if include_closed:
        return Programme.objects.filter(status__in=[Status.PUBLISHED, Status.CLOSED])
    return Programme.objects.filter(status=Status.PUBLISHED).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    department: str = ""  # its hsds_key (a Dianjiang department's code, else "<division>-<code>")
    kind: str = ""
    park: str = ""
    include_closed: bool = False
    sort: str = ""
    district: str = ""  # a district's division code: what is offered to the people living there

    @property
    def chosen(self) -> int:
        """How many filters narrow the list (the order is not one)."""
        return sum(bool(value) for value in (self.department, self.kind, self.park)) + int(
            self.include_closed
        )


@dataclass
class Catalogue:
    """The matching programmes' ids in order, and each filter value with its count.

    `page(number, size)` gives a page of the programmes themselves.
    """

    ids: list[int]
    ranked: bool
    sort: str
    departments: list[Department] = field(default_factory=list)  # each with .count
    parks: list[Park] = field(default_factory=list)  # each with .count
    districts: list[Jurisdiction] = field(default_factory=list)  # where a visitor may live
    kinds: list[dict[str, Any]] = field(default_factory=list)  # value, label, count
    # With a district chosen: its bureaus by kind (who delivers a municipal programme there).
    district: Jurisdiction | None = None
    bureaus: dict[str, Department] = field(default_factory=dict)

    def page(self, number, size: int) -> Page:
        """One page of the programmes, with their departments and parks: two queries. With a
        district chosen, each says who delivers it there (`delivered_here`) and which of its
        service centres are the district's (`parks_here`)."""
        page = Paginator(self.ids, size).get_page(number)
        found = (
            Programme.objects.select_related("department__jurisdiction")
            .prefetch_related(Prefetch("parks", queryset=Park.objects.order_by("slug")))
            .defer(*CARD_DEFERRED)
            .in_bulk(list(page.object_list))
        )
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
        if self.district is not None:
            for programme in page.object_list:
                programme.delivered_here = delivered_by(programme, self.district, self.bureaus)
                programme.parks_here = [
                    park
                    for park in programme.parks.all()
                    if park.jurisdiction_id == self.district.pk
                ]
        return page

    @property
    def programmes(self) -> list[Programme]:
        """Every matching programme, in order (for small catalogues and tests)."""
        return list(self.page(1, max(1, len(self.ids))))


# What a programme card does not show: not fetched for a page of the catalogue.
CARD_DEFERRED = (
    "search_vector",
    "search_document",
    "description_zh",
    "description_en",
    "rules",
    "appeal_zh",
    "appeal_en",
)


def _filtered(base: QuerySet, filters: CatalogueFilters, skip: str = "") -> QuerySet:
    if filters.district:
        district = districts().filter(code=filters.district).first()
        base = base.filter(offered_in(district)) if district else base.none()
    if filters.department and skip != "department":
        wanted = Q(department__hsds_key=filters.department)
        if filters.district and district is not None:
            # There a municipal programme is handled by the district's bureau of its kind:
            # asking for either gives both.
            kinds = (
                Department.objects.filter(hsds_key=filters.department)
                .filter(
                    Q(jurisdiction=district)
                    | Q(jurisdiction__level=Jurisdiction.Level.MUNICIPALITY)
                )
                .exclude(kind=Department.Kind.OTHER)
                .values("kind")
            )
            wanted |= Q(department__kind__in=kinds) & (
                Q(department__jurisdiction=district)
                | Q(department__jurisdiction__level=Jurisdiction.Level.MUNICIPALITY)
            )
        base = base.filter(wanted)
    if filters.kind and skip != "kind":
        base = base.filter(kind=filters.kind)
    if filters.park and skip != "park":
        base = base.filter(parks__slug=filters.park)
    return base


def programmes_listed(
    *, filters: CatalogueFilters, today: datetime.date, open_only: bool = False
) -> tuple[QuerySet[Programme], bool, str]:
    """Public programmes matching the filters, in order, with their departments and parks.

    Returns the queryset, whether it is ranked by relevance, and the order applied. A page of
    it costs three queries whatever the number of rows: count, page, parks.
    """
    base = programmes_public(today=today, include_closed=filters.include_closed)
    if open_only:
        base = base.filter(open_condition(today))
    searched, ranked = _searched(base, filters.q, today)
    sort = _sort(filters, ranked)
    ordering = {
        SORT_RELEVANCE: [F("rank").desc(), "title_zh", "pk"],
        SORT_CLOSING: [F("closes_on").asc(nulls_last=True), "title_zh", "pk"],
        SORT_NEWEST: [F("published_at").desc(nulls_last=True), "-pk"],
    }[sort]
    programmes = (
        _filtered(searched, filters)
        .select_related("department__jurisdiction")
        .prefetch_related(Prefetch("parks", queryset=Park.objects.order_by("slug")))
        .order_by(*ordering)
    )
    return programmes, ranked, sort


def _sort(filters: CatalogueFilters, ranked: bool) -> str:
    sort = filters.sort if filters.sort in SORTS else ""
    if sort == SORT_RELEVANCE and not ranked:
        sort = ""
    return sort or (SORT_RELEVANCE if ranked else SORT_NEWEST)


def programmes_catalogue(*, filters: CatalogueFilters, today: datetime.date) -> Catalogue:
    """The catalogue page: matching programmes, and beside each filter value how many match.

    Each facet counts with the other filters applied but not its own, so a visitor sees what
    choosing another value would give. The search runs once: one query reads what the filters,
    facets and order need of every matching programme, one the parks of all public programmes,
    and the counts and order are made here; with the departments and parks, four queries,
    and two more for the page shown.
    """
    base = programmes_public(today=today, include_closed=filters.include_closed)
    searched, ranked = _searched(base, filters.q, today)
    sort = _sort(filters, ranked)
    columns = ["pk", "department_id", "kind", "title_zh", "closes_on", "published_at"]
    rows = list(searched.values_list(*columns, *(["rank"] if ranked else [])))
    departments = list(
        Department.objects.select_related("jurisdiction").order_by("jurisdiction__code", "code")
    )
    districts = sorted(
        {d.jurisdiction for d in departments if not d.jurisdiction.is_municipal},
        key=lambda district: district.code,
    )
    district, bureaus, handled_by = None, {}, {}
    by_key = {d.hsds_key: d.pk for d in departments}
    if filters.district:
        # What the district's people are offered: its own departments' programmes and the
        # municipal ones it has a bureau for (services.jurisdictions.offered_in, read here
        # from the departments already loaded).
        kinds = {d.kind for d in departments if d.jurisdiction.code == filters.district}
        offering = {
            d.pk
            for d in departments
            if d.jurisdiction.code == filters.district
            or (d.jurisdiction.is_municipal and d.kind in kinds)
        }
        district = next((d for d in districts if d.code == filters.district), None)
        bureaus = {d.kind: d for d in departments if district and d.jurisdiction_id == district.pk}
        # There, a municipal programme is its bureau's, who handles it: listed (and counted in
        # the filter) under the district's department.
        handled_by = {
            d.pk: (bureaus[d.kind] if d.jurisdiction.is_municipal else d).pk
            for d in departments
            if d.pk in offering
        }
        rows = [(row[0], handled_by[row[1]], *row[2:]) for row in rows if row[1] in handled_by]
        departments = [
            d for d in departments if d.pk in offering and not d.jurisdiction.is_municipal
        ]
    parks_of: dict[int, set[int]] = {}
    public = Programme.parks.through.objects.filter(
        programme__status__in=[Status.PUBLISHED, Status.CLOSED]
    )
    for programme_id, park_id in public.values_list("programme_id", "park_id"):
        parks_of.setdefault(programme_id, set()).add(park_id)
    parks = Park.objects.order_by("slug")
    if filters.district:  # the service centres of the district
        parks = parks.filter(jurisdiction__code=filters.district)
    parks = list(parks)
    department_id = {d.hsds_key: d.pk for d in departments}.get(filters.department)
    if filters.district and department_id is None:
        # A municipal department asked for: its bureau there.
        department_id = handled_by.get(by_key.get(filters.department))
    park_id = {p.slug: p.pk for p in parks}.get(filters.park)

    def fits(row, skip: str = "") -> bool:
        return (
            (skip == "department" or not filters.department or row[1] == department_id)
            and (skip == "kind" or not filters.kind or row[2] == filters.kind)
            and (skip == "park" or not filters.park or park_id in parks_of.get(row[0], ()))
        )

    by_department = Counter(row[1] for row in rows if fits(row, "department"))
    by_kind = Counter(row[2] for row in rows if fits(row, "kind"))
    by_park = Counter(
        park for row in rows if fits(row, "park") for park in parks_of.get(row[0], ())
    )
    for department in departments:
        department.count = by_department[department.pk]
    for park in parks:
        park.count = by_park[park.pk]
    order = {
        SORT_RELEVANCE: lambda row: (-row[6], row[3], row[0]),
        SORT_CLOSING: lambda row: (row[4] is None, row[4] or datetime.date.max, row[3], row[0]),
        SORT_NEWEST: lambda row: (row[5] is None, -(row[5].timestamp() if row[5] else 0), -row[0]),
    }[sort]
    return Catalogue(
        ids=[row[0] for row in sorted(filter(fits, rows), key=order)],
        ranked=ranked,
        sort=sort,
        departments=departments,
        parks=parks,
        districts=districts,
        district=district,
        bureaus=bureaus,
        kinds=[
            {"value": value, "label": label, "count": by_kind[value]}
            for value, label in Programme.Kind.choices
        ],
    )


def search_vocabulary(*, today: datetime.date) -> search.Vocabulary:
    """The words of the public catalogue (search.vocabulary): what "did you mean" offers and a
    misspelt English word is matched against. Kept in the cache until the catalogue changes,
    one for both languages."""

    def read():
        documents = programmes_public(today=today).values_list("search_document", flat=True)
        return search.vocabulary(documents.iterator(chunk_size=2000))

    with translation.override(settings.LANGUAGE_CODE):
        return public_cache.cached("vocabulary", (), read)


def _searched(base: QuerySet, query: str, today: datetime.date) -> tuple[QuerySet, bool]:
    """The search of `base`; with a misspelt English word, its neighbours in the catalogue."""
    known = search_vocabulary(today=today) if search.may_be_misspelt(query) else None
    return search.apply_search(base, query, known)


def programme_public(*, slug: str) -> Programme:
    """One programme as the public sees it (published or closed), or 404."""
    try:
        return (
            Programme.objects.select_related("department__jurisdiction")
            .prefetch_related(
                Prefetch("parks", queryset=Park.objects.order_by("slug")),
                Prefetch("documents", queryset=DocumentType.objects.order_by("code")),
                Prefetch(
                    "sessions",
                    queryset=TrainingSession.objects.select_related("jurisdiction").order_by(
                        "starts_at"
                    ),
                ),
            )
            .get(slug=slug, status__in=[Status.PUBLISHED, Status.CLOSED])
        )
    except Programme.DoesNotExist:
        raise Http404("No such programme") from None


# --- Screening ---------------------------------------------------------------------------------


def sessions_to_choose(programmes, *, district=None, now=None) -> dict[int, list[TrainingSession]]:
    """The sessions to come of each training programme among `programmes` (full ones too, to
    show as full), by programme id, earliest first: those held in `district` (where the
    applicant lives) when it is known. One query."""
    now = now or timezone.now()
    training = [p.pk for p in programmes if p.kind == Programme.Kind.TRAINING]
    found: dict[int, list[TrainingSession]] = {}
    if not training:
        return found
    sessions = TrainingSession.objects.filter(programme_id__in=training, starts_at__gt=now)
    if district is not None:
        sessions = sessions.filter(jurisdiction=district)
    for session in sessions.order_by("starts_at", "pk"):
        found.setdefault(session.programme_id, []).append(session)
    return found

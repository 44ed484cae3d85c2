"""The screener's reads: every open programme judged against a person's facts (compiled
rules, no explanation), the shown ones explained, and the first steps towards what a programme
asks for; for the people of one district, only what is offered there."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import TextField
from django.db.models.functions import Cast

from services.eligibility import (
    ELIGIBLE,
    FACTS,
    INELIGIBLE,
    UNKNOWN,
    Verdict,
    compiled_from_text,
    evaluate,
    first_step_facts,
)
from services.jurisdictions import delivering_departments, offered_in
from services.models import Jurisdiction, Programme
from services.selectors import Status, open_condition


def programme_to_screen(*, slug: str | None) -> Programme | None:
    """The public programme a screener was opened for ("Am I eligible?"), if there is one."""
    if not slug:
        return None
    return (
        Programme.objects.select_related("department__jurisdiction")
        .filter(slug=slug[:80], status__in=[Status.PUBLISHED, Status.CLOSED])
        .first()
    )


SCREEN_FIELDS = (
    "slug",
    "title_zh",
    "title_en",
    "summary_zh",
    "summary_en",
    "kind",
    "status",
    "rules",
    "opens_on",
    "closes_on",
    "channel",
    "department__code",
    "department__name_zh",
    "department__name_en",
    "department__kind",
    "department__jurisdiction__level",
    "department__jurisdiction__name_zh",
    "department__jurisdiction__name_en",
)
SCREEN_PAGE_SIZE = 20
GROUPS = (ELIGIBLE, UNKNOWN, INELIGIBLE)


@dataclass
class Screening:
    """One person's screening: every open programme judged, the shown ones explained.

    `eligible`, `maybe` and `ineligible` hold (programme, verdict) pairs for the page shown of
    each group; `pages` the page of programme ids of each group (its paginator counts them all);
    `eligible_ids` every programme the person seems to qualify for.
    """

    eligible: list[tuple[Programme, Verdict]]
    maybe: list[tuple[Programme, Verdict]]
    ineligible: list[tuple[Programme, Verdict]]
    pages: dict[str, Page]
    eligible_ids: list[int]


def programmes_judged(
    *,
    facts: dict[str, Any],
    today: datetime.date,
    slugs: list[str] | None = None,
    district: Jurisdiction | None = None,
) -> dict[str, list[int]]:
    """The id of every programme open today (or of the given ones) by verdict, by title; only
    those offered to the people of `district` (where the person lives) when it is given.

    One query for the ids and rule texts; each distinct rule text is compiled once per process
    (`compiled_from_text`), and no reason is written: see `programmes_explained` for those.
    """
    programmes = Programme.objects.filter(open_condition(today))
    if slugs is not None:
        programmes = programmes.filter(slug__in=slugs)
    if district is not None:
        programmes = programmes.filter(offered_in(district))
    rows = (
        programmes.annotate(rules_text=Cast("rules", TextField()))
        .order_by("title_zh", "pk")
        .values_list("pk", "rules_text")
    )
    groups: dict[str, list[int]] = {status: [] for status in GROUPS}
    outcome = {True: groups[ELIGIBLE], False: groups[INELIGIBLE], None: groups[UNKNOWN]}
    for pk, text in rows:
        outcome[compiled_from_text(text)(facts, today)].append(pk)
    return groups


def programmes_explained(
    pks: list[int], *, facts: dict[str, Any], today: datetime.date
) -> list[tuple[Programme, Verdict]]:
    """The given programmes, in the order given, each with its verdict and reasons. One query."""
    if not pks:
        return []
    found = (
        Programme.objects.select_related("department__jurisdiction")
        .only(*SCREEN_FIELDS)
        .in_bulk(pks)
    )
    return [(found[pk], evaluate(found[pk].rules, facts, today=today)) for pk in pks if pk in found]


def add_first_steps(
    screened: list[tuple[Programme, Verdict]],
    *,
    facts: dict[str, Any],
    today: datetime.date,
    district: Jurisdiction | None = None,
) -> None:
    """Where something a programme asks for can be got first through another programme (a
    business licence through registration guidance), say so on the verdict: one offered in the
    district where the person lives, if known. One query, and none when nothing stands in the
    way."""
    wanted = {
        programme.pk: first_step_facts(verdict.reasons, facts) for programme, verdict in screened
    }
    needed = {name for names in wanted.values() for name in names}
    if not needed:
        return
    helpers: dict[str, list[Programme]] = {}
    offered = Programme.objects.filter(open_condition(today), provides__in=needed)
    if district is not None:
        offered = offered.filter(offered_in(district))
    for helper in offered.only("slug", "title_zh", "title_en", "provides").order_by("title_zh"):
        helpers.setdefault(helper.provides, []).append(helper)
    for programme, verdict in screened:
        verdict.first_steps = [
            (FACTS[name].first_step, helper)
            for name in wanted[programme.pk]
            for helper in helpers.get(name, [])
            if helper.pk != programme.pk
        ]


def programmes_screen(
    *,
    facts: dict[str, Any],
    today: datetime.date,
    slugs: list[str] | None = None,
    pages: dict[str, Any] | None = None,
    per_page: int = SCREEN_PAGE_SIZE,
    district: Jurisdiction | None = None,
) -> Screening:
    """Judge the facts against every programme open today (or the given ones), and explain the
    page asked for of each group (`pages`: page number by group, the first by default).

    Two queries, whatever the number of programmes, and one for the first steps if any.
    """
    judged = programmes_judged(facts=facts, today=today, slugs=slugs, district=district)
    shown = {
        status: Paginator(judged[status], per_page).get_page((pages or {}).get(status))
        for status in GROUPS
    }
    explained = {
        programme.pk: (programme, verdict)
        for programme, verdict in programmes_explained(
            [pk for status in GROUPS for pk in shown[status].object_list],
            facts=facts,
            today=today,
        )
    }
    listed = {
        status: [explained[pk] for pk in shown[status].object_list if pk in explained]
        for status in GROUPS
    }
    add_first_steps(
        listed[UNKNOWN] + listed[INELIGIBLE], facts=facts, today=today, district=district
    )
    if district is not None:
        # Who handles each there: a municipal programme's district bureau (one query).
        programmes = [programme for status in GROUPS for programme, _verdict in listed[status]]
        handled = delivering_departments(programmes, district)
        for programme in programmes:
            programme.delivered_here = handled[programme.pk]
    return Screening(
        eligible=listed[ELIGIBLE],
        maybe=listed[UNKNOWN],
        ineligible=listed[INELIGIBLE],
        pages=shown,
        eligible_ids=judged[ELIGIBLE],
    )


# --- Park managers -----------------------------------------------------------------------------

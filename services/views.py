import time

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.generic import ListView

from services import (
    actions,
    addresses,
    jurisdictions,
    public_cache,
    screening,
    search,
    selectors,
)
from services.eligibility import (
    ELIGIBLE,
    INELIGIBLE,
    UNKNOWN,
    FactError,
    describe_rules,
    evaluate,
    parse_facts,
    questions_for,
)
from services.forms import DISTRICT_ALL, SORT_LABELS, CatalogueFilterForm, ScreenerForm
from services.models import Jurisdiction, ScreenerAnswers
from services.search_log import search_miss_record

PAGE_SIZE = 20
SESSION_FACTS = "screener_facts"
SESSION_FACTS_AT = "screener_facts_at"


class DepartmentListView(ListView):
    """Who does what: every department with what it offers and how to reach it, under its
    jurisdiction, where the visitor lives first, then the municipality's."""

    template_name = "services/department_list.html"
    context_object_name = "departments"

    def get_queryset(self):
        return selectors.departments_directory()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lives = jurisdictions.visitor_district(self.request)
        groups: dict[int, tuple] = {}
        for department in context["departments"]:
            place = department.jurisdiction
            groups.setdefault(place.pk, (place, []))[1].append(department)
        context["groups"] = sorted(
            groups.values(),
            key=lambda group: (group[0].code != lives, not group[0].is_municipal, group[0].code),
        )
        return context


def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters(district=jurisdictions.visitor_district(request))
    page_number = request.GET.get("page", "")[:12]

    def build():
        today = timezone.localdate()
        result = selectors.programmes_catalogue(filters=filters, today=today)
        page = result.page(page_number, PAGE_SIZE)
        suggestion = ""
        if filters.q and not page.paginator.count:
            # Nothing found: the closest words of the catalogue, by sound or spelling.
            suggestion = search.did_you_mean(filters.q, selectors.search_vocabulary(today=today))
        sorts = [(value, label) for value, label in SORT_LABELS.items()]
        if not result.ranked:
            sorts = [(value, label) for value, label in sorts if value != "relevance"]
        return page.paginator.count, render_to_string(
            "services/includes/catalogue_content.html",
            {
                "form": form,
                "filters": filters,
                "catalogue": result,
                "page": page,
                "sorts": sorts,
                "today": today,
                "suggestion": suggestion,
                "filtered": bool(filters.department or filters.kind or filters.park),
                "district": filters.district,
            },
            request=request,
        )

    # The same for every visitor: rendered once per query, language and day, until it changes.
    # The rendered template is a SafeString, and stays one through the cache (pickled). (The
    # entry holds how many were found too: "catalogue-found", not the older "catalogue".)
    found, content = public_cache.cached("catalogue-found", (filters, page_number), build)
    if filters.q and not found and not (filters.department or filters.kind or filters.park):
        search_miss_record(query=filters.q)  # the words, not the person
    response = render(request, "services/catalogue.html", {"content": content})
    if form.is_valid():  # a district chosen on the page: the default from now on
        jurisdictions.remember_choice(response, request.GET.get("district", ""))
    return response


def _session_facts(request) -> dict:
    """The screener answers of this visit, else those kept on the account; always valid facts."""
    raw = request.session.get(SESSION_FACTS)
    if raw is None and request.user.is_authenticated:
        answers = ScreenerAnswers.objects.filter(user=request.user).first()
        raw = answers.facts if answers else None
    try:
        return parse_facts(raw or {})
    except FactError:
        request.session.pop(SESSION_FACTS, None)
        return {}


def keep_answers_on_sign_in(sender, request, user, **kwargs):
    """user_logged_in: the screener answers of this visit, to keep on the account
    (actions.screener_answers_keep_at_sign_in says whose and how fresh)."""
    if request is None or SESSION_FACTS not in request.session or not _session_facts(request):
        return
    actions.screener_answers_keep_at_sign_in(
        user=user,
        facts=request.session[SESSION_FACTS],
        age_seconds=time.time() - request.session.get(SESSION_FACTS_AT, 0),
    )


# Where the part of a programme page that depends on the visitor goes in the cached page (the
# content template writes it when given no visitor part).
VISITOR_PART = "<!-- visitor -->"


def programme_detail(request, slug):
    # A municipal programme names the bureau of the visitor's district: one page per district.
    district = jurisdictions.visitor_district(request)
    district = "" if district == "all" else district

    def build():
        try:
            programme = selectors.programme_public(slug=slug)
        except Http404:
            return {"missing": True}
        is_open = programme.is_open_on(timezone.localdate())
        return {
            "html": _programme_content(request, programme, is_open=is_open, district=district),
            "title": programme.title,
            "slug": programme.slug,
            "rules": programme.rules,
            "is_open": is_open,
            "centre_only": programme.centre_only,
        }

    # The same for every visitor but for the verdict on their answers: the page is rendered
    # once per language and day until the programme changes, and that part is put in.
    page = public_cache.cached("programme", (slug, district), build)
    if page.get("missing"):
        return addresses.redirect_if_moved(request, slug, "services:programme")
    visitor = _visitor_part(
        request,
        rules=page["rules"],
        is_open=page["is_open"],
        slug=page["slug"],
        preview=False,
        centre_only=page.get("centre_only", False),
    )
    # Both parts were rendered (and escaped) by our templates: joined, they stay safe HTML.
    joined = page["html"].replace(VISITOR_PART, visitor, 1)
    content = mark_safe(joined)  # noqa: S308  # nosec B308 B703
    return render(
        request, "services/programme_detail.html", {"title": page["title"], "content": content}
    )


def render_preview(request, programme):
    """A park manager's preview: the programme as it will look once published, never cached."""
    prefetch_related_objects([programme], "sessions__jurisdiction")
    is_open = programme.window_open_on(timezone.localdate())
    visitor = _visitor_part(
        request,
        rules=programme.rules,
        is_open=is_open,
        slug=programme.slug,
        preview=True,
        centre_only=programme.centre_only,
    )
    content = _programme_content(
        request, programme, is_open=is_open, preview=True, visitor_part=visitor
    )
    return render(
        request, "services/programme_detail.html", {"title": programme.title, "content": content}
    )


def _programme_content(
    request, programme, *, is_open, preview=False, visitor_part=None, district=""
):
    """The programme page's content; without a visitor part, VISITOR_PART marks its place.
    `district`: where the visitor lives, whose bureau a municipal programme names."""
    municipal = jurisdictions.is_municipal(programme)
    here = None
    centres = programme.parks.all()
    if municipal and district:
        place = Jurisdiction.objects.filter(code=district).first()
        here = jurisdictions.delivered_by(programme, place) if place else None
        # A municipal programme is applied for at the centres of the visitor's district.
        centres = [park for park in centres if place and park.jurisdiction_id == place.pk]
    # The sessions held where the visitor lives (all of them, each with its district, when
    # the visitor has not said).
    sessions = programme.sessions.all()
    local = [s for s in sessions if s.jurisdiction.code == district] if district else []
    context = {
        "programme": programme,
        "municipal": municipal,
        "delivered_here": here,
        "centres": centres,
        "sessions": local if district else sessions,
        "sessions_elsewhere": bool(district and sessions and not local),
        "sessions_anywhere": not district,
        "requirements": describe_rules(programme.rules),
        "is_open": is_open,
        "today": timezone.localdate(),
        "preview": preview,
        "visitor_part": visitor_part,
    }
    return render_to_string("services/includes/programme_content.html", context, request)


def _visitor_part(request, *, rules, is_open, slug, preview, centre_only):
    """The verdict on this visitor's screener answers, and the buttons."""
    facts = _session_facts(request)
    context = {
        "verdict": evaluate(rules, facts) if facts else None,
        "is_open": is_open,
        "preview": preview,
        "slug": slug,
        "centre_only": centre_only,
    }
    return render_to_string("services/includes/programme_visitor.html", context, request)


def screener(request):
    """The questionnaire; opened from a programme ("Am I eligible?"), its questions come first."""
    focus = screening.programme_to_screen(slug=request.GET.get("programme"))
    focus_facts = questions_for(focus.rules) if focus else frozenset()
    if request.method == "POST":
        form = ScreenerForm(request.POST, focus=focus_facts)
        if form.is_valid():
            request.session[SESSION_FACTS] = form.facts()
            request.session[SESSION_FACTS_AT] = int(time.time())
            district = form.district() or DISTRICT_ALL
            request.session[jurisdictions.DISTRICT_SESSION] = district
            response = redirect(_results_url(focus))
            jurisdictions.remember_choice(response, district)
            return response
    else:
        lives = jurisdictions.visitor_district(request)
        initial = ScreenerForm.initial_from_facts(_session_facts(request))
        if lives and lives != DISTRICT_ALL:
            initial["district"] = lives
        form = ScreenerForm(
            initial=initial,
            focus=focus_facts,
        )
    return render(request, "services/screener.html", {"form": form, "focus": focus})


def _results_url(focus) -> str:
    url = reverse("services:screener_results")
    return f"{url}?{urlencode({'programme': focus.slug})}" if focus else url


def screener_results(request):
    facts = _session_facts(request)
    focus = screening.programme_to_screen(slug=request.GET.get("programme"))
    if not facts and SESSION_FACTS not in request.session:
        questions = reverse("services:screener")
        return redirect(
            f"{questions}?{urlencode({'programme': focus.slug})}" if focus else questions
        )
    today = timezone.localdate()
    lives = jurisdictions.visitor_district(request)
    known = lives and lives != DISTRICT_ALL
    district = Jurisdiction.objects.filter(code=lives).first() if known else None
    focus_verdict = None
    if focus:
        focus_verdict = evaluate(focus.rules, facts, today=today)
        screening.add_first_steps(
            [(focus, focus_verdict)], facts=facts, today=today, district=district
        )
        if district:
            focus.delivered_here = jurisdictions.delivered_by(focus, district)
    results = screening.programmes_screen(
        facts=facts,
        today=today,
        pages={status: request.GET.get(param) for param, status in SCREEN_PAGE_PARAMS.items()},
        district=district,
    )
    kept = False
    if request.user.is_authenticated and SESSION_FACTS in request.session:
        actions.screener_answers_keep(
            user=request.user,
            facts=request.session[SESSION_FACTS],
            matched=results.eligible_ids,
        )
        kept = True
    pagers = {
        status: _group_pager(request, param, results.pages[status])
        for param, status in SCREEN_PAGE_PARAMS.items()
    }
    return render(
        request,
        "services/screener_results.html",
        {
            "screening": results,
            "district": district,
            "facts": facts,
            "kept": kept,
            "pagers": pagers,
            "focus": focus,
            "focus_verdict": focus_verdict,
            "focus_open": focus.is_open_on(today) if focus else False,
            "results_url": _results_url(focus),
        },
    )


# The screener lists each group a page at a time, each group with its own page number.
SCREEN_PAGE_PARAMS = {"eligible": ELIGIBLE, "maybe": UNKNOWN, "not": INELIGIBLE}


def _group_pager(request, param: str, page) -> dict:
    """Links to the previous and next page of one group, keeping the other groups' pages."""

    def link(number):
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}#{param}-heading"

    return {
        "page": page,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }

"""The park managers' pages: their programmes, editing and publishing one, its sessions;
the searches that found nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import role_required
from services import actions, history, manager_scope, search_log, selectors
from services.eligibility import fact_reference
from services.manage_forms import (
    ConditionFormSet,
    ProgrammeForm,
    SessionForm,
    operators_by_fact,
    rules_to_initial,
    value_lists,
)
from services.models import TrainingSession
from services.views import PAGE_SIZE, render_preview

_manager_required = role_required(lambda user: user.is_park_manager or user.is_administrator)


@_manager_required
def manage_list(request):
    status = request.GET.get("status", "")
    programmes = manager_scope.programmes_for_manager(user=request.user).order_by("-updated_at")
    if status in dict(selectors.Status.choices):
        programmes = programmes.filter(status=status)
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "services/manage/list.html",
        {
            "page": page,
            "status": status,
            "statuses": selectors.Status.choices,
            "parks": manager_scope.parks_for_manager(user=request.user),
        },
    )


@_manager_required
def manage_searches(request):
    """What people searched for and did not find: the words to add to the programmes (their
    texts, or the vocabulary)."""
    return render(
        request, "services/manage/searches.html", {"misses": search_log.frequent_misses()}
    )


def _programme_data(form, formset) -> dict:
    data = {name: form.cleaned_data[name] for name in form.fields if not form.fields[name].disabled}
    data["rules"] = formset.rules()
    return data


def _editor_context() -> dict:
    lists = value_lists()
    return {
        "operators_by_fact": operators_by_fact(),
        "fact_reference": fact_reference(),
        "value_lists": lists,
        "listed_facts": [listed["name"] for listed in lists],
    }


@_manager_required
def manage_create(request):
    parks = manager_scope.parks_for_manager(user=request.user)
    departments = manager_scope.departments_for_manager(user=request.user)
    if request.method == "POST":
        form = ProgrammeForm(request.POST, parks=parks, departments=departments)
        formset = ConditionFormSet(request.POST, prefix="rules")
        if form.is_valid() and formset.is_valid():
            try:
                programme = actions.programme_create(
                    by=request.user, data=_programme_data(form, formset)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The draft is saved. Preview it, then publish it."))
                return redirect("services:manage_edit", slug=programme.slug)
    else:
        form = ProgrammeForm(parks=parks, departments=departments)
        formset = ConditionFormSet(prefix="rules")
    return render(
        request,
        "services/manage/edit.html",
        {"form": form, "formset": formset, "programme": None, **_editor_context()},
    )


@_manager_required
def manage_edit(request, slug):
    programme = manager_scope.programme_for_manager(user=request.user, slug=slug)
    if request.method != "POST" and programme.slug != slug:
        return redirect("services:manage_edit", slug=programme.slug)  # a former address
    parks = manager_scope.parks_for_manager(user=request.user)
    departments = manager_scope.departments_for_manager(user=request.user)
    if request.method == "POST":
        posted = request.POST
        if programme.slug != slug and posted.get("slug", "").strip() == slug:
            # A tab opened before the address changed still shows the old one: keep the new.
            posted = posted.copy()
            posted["slug"] = programme.slug
        form = ProgrammeForm(posted, instance=programme, parks=parks, departments=departments)
        formset = ConditionFormSet(request.POST, prefix="rules")
        current_slug = programme.slug
        if form.is_valid() and formset.is_valid():
            data = _programme_data(form, formset)
            # Parks this manager does not run stay as they are.
            others = programme.parks.exclude(pk__in=parks.values("pk"))
            data["parks"] = [*data["parks"], *others]
            try:
                changes = actions.programme_update(programme=programme, by=request.user, data=data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if changes:
                    messages.success(request, _("Your changes are saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("services:manage_edit", slug=programme.slug)
        # Refused: the form keeps what was typed; the page's links and buttons keep the
        # programme's own address (the form wrote the typed one onto the instance).
        programme.slug = current_slug
    else:
        form = ProgrammeForm(instance=programme, parks=parks, departments=departments)
        formset = ConditionFormSet(prefix="rules", initial=rules_to_initial(programme.rules))
    return render(
        request,
        "services/manage/edit.html",
        {
            "form": form,
            "formset": formset,
            "programme": programme,
            "sessions": programme.sessions.order_by("starts_at"),
            "problems": actions.publish_problems(programme)
            if programme.status == selectors.Status.DRAFT
            else [],
            "changes": history.change_lines(programme.changes.select_related("changed_by")[:50]),
            **_editor_context(),
        },
    )


@_manager_required
def manage_preview(request, slug):
    programme = manager_scope.programme_for_manager(user=request.user, slug=slug)
    return render_preview(request, programme)


STATUS_ACTIONS = {
    "publish": selectors.Status.PUBLISHED,
    "close": selectors.Status.CLOSED,
    "archive": selectors.Status.ARCHIVED,
}


@_manager_required
@require_POST
def manage_status(request, slug):
    programme = manager_scope.programme_for_manager(user=request.user, slug=slug)
    status = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if status is None:
        messages.error(request, _("Choose publish, close or archive."))
    else:
        try:
            actions.programme_set_status(programme=programme, by=request.user, status=status)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The programme is now %(status)s.") % {"status": programme.get_status_display()},
            )
    return redirect("services:manage_edit", slug=programme.slug)


@_manager_required
def manage_session(request, slug, session_id=None):
    programme = manager_scope.programme_for_manager(user=request.user, slug=slug)
    session = None
    if session_id is not None:
        try:
            session = programme.sessions.get(pk=session_id)
        except TrainingSession.DoesNotExist:
            raise Http404("No such session") from None
    form = SessionForm(request.POST or None, instance=session, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            actions.session_save(
                programme=programme,
                by=request.user,
                data=data,
                session=session,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("services:manage_edit", slug=programme.slug)
    return render(
        request,
        "services/manage/session.html",
        {"form": form, "programme": programme, "session": session},
    )

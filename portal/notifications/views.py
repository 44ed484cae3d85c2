from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.notifications import actions, selectors
from portal.notifications.messenger import APPLICANT_KINDS, DEFAULTS
from portal.notifications.models import Channel, Kind, Preference
from portal.notifications.rendering import contexts
from portal.notifications.rendering import render as render_notification

PAGE_SIZE = 20


@login_required
def inbox(request):
    page = Paginator(selectors.inbox_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    notifications = list(page)
    found = contexts(notifications)
    rows = [
        (
            notification,
            render_notification(
                notification, found.get(notification.pk, {}), language=get_language()
            ),
        )
        for notification in notifications
    ]
    return render(request, "notifications/inbox.html", {"page": page, "rows": rows})


@login_required
def open_notification(request, notification_id):
    notification = selectors.notification_for(user=request.user, notification_id=notification_id)
    actions.notification_mark_read(notification=notification)
    target = contexts([notification]).get(notification.pk, {}).get("path", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    actions.inbox_mark_all_read(user=request.user)
    return redirect("notifications:inbox")


def _kinds_for(user) -> list[Kind]:
    return [kind for kind in Kind if (kind in APPLICANT_KINDS) == user.is_applicant]


@login_required
def preferences(request):
    kinds = _kinds_for(request.user)
    chosen = {
        (preference.kind, preference.channel): preference.enabled
        for preference in Preference.objects.filter(user=request.user)
    }
    if request.method == "POST":
        choices = {
            (kind, channel): f"{kind}:{channel}" in request.POST.getlist("on")
            for kind in kinds
            for channel in Channel
        }
        actions.preferences_save(user=request.user, choices=choices)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    rows = [
        (
            kind,
            [
                (channel, chosen.get((kind, channel), DEFAULTS[(kind, channel)]))
                for channel in Channel
            ],
        )
        for kind in kinds
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "channels": list(Channel)},
    )

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.notifications import actions, selectors
from portal.notifications.kinds import KINDS
from portal.notifications.messenger import frequency_of
from portal.notifications.models import Channel, Frequency, Kind, Preference
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
    """A person's own kinds: an applicant's, or staff's."""
    return [kind for kind in Kind if KINDS[kind].for_applicants == user.is_applicant]


@login_required
def preferences(request):
    kinds = _kinds_for(request.user)
    chosen = {
        (preference.kind, preference.channel): preference.frequency
        for preference in Preference.objects.filter(user=request.user)
    }
    if request.method == "POST":
        # A choice left out, or not one of the frequencies, keeps what it was.
        posted = {
            (kind, channel): request.POST.get(f"{kind}:{channel}")
            for kind in kinds
            for channel in Channel
        }
        choices = {key: value for key, value in posted.items() if value in Frequency.values}
        actions.preferences_save(user=request.user, choices=choices)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    rows = [
        (
            kind,
            [(channel, frequency_of(kind, channel, chosen)) for channel in Channel],
        )
        for kind in kinds
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "channels": list(Channel), "frequencies": Frequency.choices},
    )

from django.db.models import Prefetch, QuerySet

from portal.notifications.models import Delivery, Notification


def inbox_for(*, user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("recipient")
        .order_by("-created_at", "-id")
    )


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_for(*, user, notification_id: int) -> Notification:
    from django.http import Http404

    try:
        return Notification.objects.select_related("recipient").get(
            pk=notification_id, recipient=user
        )
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404("No such notification") from None


def sent_about_referral(*, referral_id: int) -> QuerySet[Notification]:
    """What was sent to whom about a case, with each channel's outcome (officials' view)."""
    return (
        Notification.objects.filter(referral_id=referral_id)
        .select_related("recipient")
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("channel")))
        .order_by("-created_at")
    )

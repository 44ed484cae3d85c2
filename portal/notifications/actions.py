from django.db import transaction
from django.utils import timezone

from portal.notifications.models import Notification, Preference


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def inbox_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user, choices: dict[tuple[str, str], bool]) -> None:
    """Keep the person's choice for each (kind, channel)."""
    for (kind, channel), enabled in choices.items():
        Preference.objects.update_or_create(
            user=user, kind=kind, channel=channel, defaults={"enabled": enabled}
        )

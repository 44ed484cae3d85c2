from django.db import transaction
from django.utils import timezone

from portal.notifications.messenger import frequency_of
from portal.notifications.models import Frequency, Notification, Preference


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def inbox_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user, choices: dict[tuple[str, str], str]) -> None:
    """Keep how often the person wants each (kind, channel). A choice that is the kind's own
    default and was never changed is not stored: it follows the default, as before."""
    stored = {
        (preference.kind, preference.channel): preference
        for preference in Preference.objects.filter(user=user)
    }
    for (kind, channel), frequency in choices.items():
        Frequency(frequency)  # a value that is none of them is a bug of the caller
        preference = stored.get((kind, channel))
        if preference is None and frequency == frequency_of(kind, channel):
            continue
        if preference is None:
            Preference.objects.create(user=user, kind=kind, channel=channel, frequency=frequency)
        elif preference.frequency != frequency:
            preference.frequency = frequency
            preference.save(update_fields=["frequency"])

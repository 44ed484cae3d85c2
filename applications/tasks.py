from celery import shared_task

from applications import reminders


@shared_task(acks_late=True)
def sweep_reminders() -> dict[str, int]:
    """Find every reminder due now and write it once; run by beat (see the admin's periodic
    tasks). Safe to run twice or from two beats at once."""
    return reminders.sweep()

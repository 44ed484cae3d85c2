from celery import shared_task

from applications import reminders


@shared_task(acks_late=True)
def sweep_reminders() -> dict[str, int]:
    """Find every reminder due now and write it once; run by beat (see the admin's periodic
    tasks). Safe to run twice or from two beats at once."""
    return reminders.sweep()


@shared_task(acks_late=True)
def purge_abandoned_drafts() -> dict[str, int]:
    """Delete drafts untouched past the retention period, with their files; run daily by beat."""
    from applications.privacy import drafts_purge

    return drafts_purge()

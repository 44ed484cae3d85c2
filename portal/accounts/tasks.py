from celery import shared_task

from portal.accounts.codes import codes_prune


@shared_task(acks_late=True)
def prune_phone_codes() -> dict[str, int]:
    """Once a day (beat): SMS codes older than their limits' period are of no use."""
    return {"deleted": codes_prune()}

from celery import shared_task

from portal.accounts.codes import codes_prune
from portal.accounts.tokens import tokens_prune


@shared_task(acks_late=True)
def prune_phone_codes() -> dict[str, int]:
    """Once a day (beat): SMS codes older than their limits' period, and expired API tokens,
    are of no use."""
    return {"deleted": codes_prune(), "tokens": tokens_prune()}

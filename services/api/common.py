"""What the catalogue API's parts share: the day of the request, stable ids, numbers."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import cached_property

from services.eligibility import (
    conditions_in,
    describe_condition,
)
from services.models import Programme


def requirements_of(programme: Programme) -> list[str]:
    return [describe_condition(condition) for condition in conditions_in(programme.rules)]


def stable_id(*parts: str) -> str:
    """A UUID that stays the same for the same record, so aggregators can follow changes."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, ":".join(("fanxiang", *parts))))


def plain_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class TodayMixin:
    """Every date check of a request uses the same day, in the portal's time zone."""

    @cached_property
    def today(self) -> datetime.date:
        return timezone.localdate()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.today}

"""Paging long lists without counting every row."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows.

    Counting a queue of a million referrals costs more than showing a page of it, and nobody
    pages past the first thousands: beyond the cap the page says "more than" and the filters
    narrow the list. Below the cap it is exact, like Django's paginator.
    """

    def __init__(self, object_list, per_page, cap: int = 10_000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()  # counting needs no order: the database may pick any index
        counted = rows[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    capped = False

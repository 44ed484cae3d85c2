"""The searches that found nothing, counted by their words (never who searched): the park
managers see the most frequent, so that the catalogue's words grow from what people type.
Part of the app's models (models.py imports it)."""

from __future__ import annotations

import re

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.search import query_words

MAX_WORDS_LENGTH = 200
SHOWN_FROM = 2  # a search made once is not listed (nor can one visitor put words at the top)
# Somebody's: a number as long as a phone or ID card number, however it is spaced, or an
# e-mail address. Such a search is not kept.
_PERSONAL = re.compile(r"\d{6,}|@")
_SEPARATORS = re.compile(r"[\s\-+().,，、_/]")


class SearchMiss(models.Model):
    """A search of the catalogue that found nothing: its words, how often, since when."""

    words = models.CharField(_("words searched"), max_length=MAX_WORDS_LENGTH, unique=True)
    count = models.PositiveIntegerField(_("times"), default=1)
    first_at = models.DateTimeField(_("first searched"), default=timezone.now)
    last_at = models.DateTimeField(_("last searched"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        indexes = [models.Index(fields=["-count", "-last_at"], name="search_miss_frequent")]

    def __str__(self):
        return self.words


def search_miss_record(*, query: str) -> None:
    """Count one search that found nothing, by its words (search.query_words)."""
    if _PERSONAL.search(_SEPARATORS.sub("", query or "")):
        return
    text = " ".join(query_words(query))[:MAX_WORDS_LENGTH]
    if not text:
        return
    now = timezone.now()
    if SearchMiss.objects.filter(words=text).update(count=F("count") + 1, last_at=now):
        return
    try:
        with transaction.atomic():
            SearchMiss.objects.create(words=text, first_at=now, last_at=now)
    except IntegrityError:  # counted by another request meanwhile
        SearchMiss.objects.filter(words=text).update(count=F("count") + 1, last_at=now)


def frequent_misses(*, most: int = 50):
    """The searches that found nothing more than once, the most frequent first."""
    return SearchMiss.objects.filter(count__gte=SHOWN_FROM).order_by("-count", "-last_at")[:most]

"""The public catalogue pages, rendered once and kept in the cache until the catalogue changes.

The catalogue and programme pages are the same for every visitor with the same language, day
and query, and are read far more often than programmes change. Their content is kept in the
cache under a key holding the catalogue's version; any change to a programme, its sessions,
parks, departments, jurisdictions or documents (through the portal, the admin or a seat
booked) sets a new version after its transaction commits, so the next visitor sees it. Entries
also expire after CACHE_SECONDS, which bounds how stale a page can be where the cache is per
process (the in-memory cache of `make run`); in production the cache is Redis, shared by every
worker.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "catalogue:version"
CACHE_SECONDS = 300


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        current = cache.get(VERSION_KEY, 0)
    return current


def changed() -> None:
    """The catalogue changed: pages rendered before are not used again.

    The version is set at once and again after the commit: a page rendered in between from
    what was committed before would otherwise be kept under the new version.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def cached(name: str, parts: Any, build: Callable[[], Any]) -> Any:
    """What `build` returns for these parts in the active language today, from the cache when
    the catalogue has not changed since it was built."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"public:{name}:{version()}:{get_language()}:{timezone.localdate()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _changed_signal(sender, **kwargs) -> None:
    changed()


def connect() -> None:
    """Every save or delete of what the public pages show sets a new version."""
    from services.models import (
        Department,
        DocumentType,
        Jurisdiction,
        Park,
        Programme,
        TrainingSession,
    )

    # A jurisdiction's name is on the catalogue's "where you live" choice and its cards.
    for model in (Programme, TrainingSession, Department, Park, DocumentType, Jurisdiction):
        uid = f"public-cache-{model.__name__}"
        post_save.connect(_changed_signal, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed_signal, sender=model, dispatch_uid=uid)
    for through in (Programme.parks.through, Programme.documents.through):
        m2m_changed.connect(_changed_signal, sender=through, dispatch_uid=f"public-{through}")

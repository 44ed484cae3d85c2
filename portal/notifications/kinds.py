"""Each kind of notification declared once: who gets it by which channel unless they choose
otherwise, how its occasion key is built and read, where its templates are, and what fills
them. See docs/notifications.md for how to add one.

The kinds themselves are choices of `models.Kind` (stored in the database); the app that
causes a kind declares it (`applications/notices.py`), so this app knows no other app.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from string import Formatter

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from portal.notifications.models import Channel, Notification

ContextProvider = Callable[[list[Notification]], dict[int, dict]]


@dataclass(frozen=True)
class Occasion:
    """What a notification is about, as the text key that makes it happen once per recipient,
    written as a pattern: "request:{request}:day{day}".

    `key()` builds it in Python (an event as it happens), `sql()` in a sweep's query (an
    expression per field), and `read()` gives the fields back to whoever renders it. The keys
    stored so far keep their meaning: a pattern is never changed once in use."""

    pattern: str

    @cached_property
    def _pieces(self) -> list[tuple[str, str | None]]:
        return [(text, name) for text, name, _spec, _conv in Formatter().parse(self.pattern)]

    @cached_property
    def _regex(self) -> re.Pattern:
        return re.compile(
            "".join(
                re.escape(text) + (f"(?P<{name}>.+?)" if name is not None else "")
                for text, name in self._pieces
            )
        )

    def key(self, **values) -> str:
        return self.pattern.format(**values)

    def sql(self, **expressions) -> Concat:
        parts: list = []
        for text, name in self._pieces:
            if text:
                parts.append(Value(text))
            if name is not None:
                parts.append(_as_text(expressions[name]))
        return Concat(*parts, output_field=CharField())

    def read(self, occasion: str) -> dict[str, str] | None:
        """The fields of an occasion of this pattern, or None when it is not one."""
        found = self._regex.fullmatch(occasion)
        return found.groupdict() if found else None

    def id(self, occasion: str, name: str) -> int | None:
        """One field that is a record id, as a number (None when absent or not a number)."""
        value = (self.read(occasion) or {}).get(name, "")
        return int(value) if value.isdigit() else None


def _as_text(value):
    if hasattr(value, "resolve_expression"):
        return Cast(value, output_field=CharField())
    return Value(str(value))


@dataclass(frozen=True)
class NotificationKind:
    kind: str
    # The channels it goes by unless the person chooses otherwise (the inbox always has it).
    channels: frozenset[str]
    occasion: Occasion
    context: ContextProvider = field(compare=False)
    # Whose it is: the preference page lists a person's own kinds only.
    for_applicants: bool = True

    @property
    def subject_template(self) -> str:
        return f"notifications/{self.kind}_subject.txt"

    @property
    def body_template(self) -> str:
        return f"notifications/{self.kind}.txt"

    def wanted_by_default(self, channel: str) -> bool:
        return channel in self.channels


KINDS: dict[str, NotificationKind] = {}

EMAIL_ONLY = frozenset({Channel.EMAIL})
EMAIL_AND_SMS = frozenset({Channel.EMAIL, Channel.SMS})


def declare(
    kind: str,
    *,
    channels: frozenset[str],
    occasion: Occasion,
    context: ContextProvider,
    for_applicants: bool = True,
) -> NotificationKind:
    """Declare a kind (once, when its app loads)."""
    declared = NotificationKind(kind, frozenset(channels), occasion, context, for_applicants)
    KINDS[kind] = declared
    return declared


def declared(kind: str) -> NotificationKind:
    return KINDS[kind]

"""A programme's history of changes in sentences, as the park manager reads it.

Each ProgrammeChange keeps one field's value before and after as text (lists and rules as
JSON, see services.actions). Here each becomes a sentence with the field's label and readable
values: statuses and kinds by their names, parks and documents by their names, rules as the
programme page words them, dates and amounts as people write them.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.bilingual import label_separator, list_separator, sentences
from portal.templatetags.portal_tags import money
from services.eligibility import RuleError, describe_rules
from services.models import DocumentType, Park, Programme, ProgrammeChange, TrainingSession

LONGEST = 120
LISTED = {"parks": Park, "documents": DocumentType}
SESSION_FIELDS = ("starts_at", "ends_at", "place_zh", "place_en", "seats")


def _quoted(text: str, *, whole: bool = False) -> str:
    return f"“{text if whole else Truncator(text).chars(LONGEST)}”"


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _when(text: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


class _Reader:
    """Reads the stored values of the changes on one page, with the names they need."""

    def __init__(self, changes: list[ProgrammeChange]):
        wanted: dict[str, set[str]] = {name: set() for name in LISTED}
        for change in changes:
            if change.field in LISTED:
                for text in (change.old_value, change.new_value):
                    wanted[change.field].update(_loads(text) or [])
        self.names = {
            "parks": {
                park.slug: park.name for park in Park.objects.filter(slug__in=wanted["parks"])
            },
            "documents": {
                kind.code: kind.name
                for kind in DocumentType.objects.filter(code__in=wanted["documents"])
            },
        }

    def value(self, field: str, text: str) -> str:
        """A stored value as the manager reads it (no quotes), or "" for none."""
        if text == "":
            return ""
        if field in LISTED:
            keys = _loads(text) or []
            return list_separator().join(self.names[field].get(key, key) for key in keys)
        if field == "rules":
            try:
                lines = describe_rules(_loads(text) or {})
            except (RuleError, KeyError, TypeError):
                return text
            if not lines:
                return _("open to everyone")
            parts = [
                line["text"]
                if "text" in line
                else sentences(_("At least one of these:"), *line["any"])
                for line in lines
            ]
            return sentences(*parts)  # in full: the rules are what changed
        if field == "status":
            return str(Programme.Status(text).label) if text in Programme.Status else text
        try:
            model_field = Programme._meta.get_field(field)
        except FieldDoesNotExist:  # a field no longer on the model: its text as kept
            return text
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(text, text))
        if isinstance(model_field, models.BooleanField):
            return _("Yes") if text == "True" else _("No")
        if isinstance(model_field, models.DateField):
            try:
                return formats.date_format(datetime.date.fromisoformat(text), "DATE_FORMAT")
            except ValueError:
                return text
        if isinstance(model_field, models.DecimalField):
            try:
                return _("%(low)s yuan") % {"low": money(Decimal(text))}
            except InvalidOperation:
                return text
        return text

    def session(self, change: ProgrammeChange) -> str:
        before, after = _loads(change.old_value) or {}, _loads(change.new_value) or {}
        parts = []
        for name in SESSION_FIELDS:
            if name not in after:
                continue
            label = TrainingSession._meta.get_field(name).verbose_name
            new = _when(after[name]) if name.endswith("_at") else after[name]
            if not before:
                if new in ("", None):
                    continue
                parts.append(f"{label}{label_separator()}{_quoted(new)}")
            elif before.get(name) != after[name]:
                old = _when(before[name]) if name.endswith("_at") else before.get(name, "")
                parts.append(
                    _("%(field)s from %(old)s to %(new)s")
                    % {"field": label, "old": _quoted(old), "new": _quoted(new)}
                )
        return list_separator().join(parts) or _("nothing")


def _label(field: str) -> str:
    if field == "slug":
        return str(_("Address on the portal"))  # as the form names it
    try:
        return str(Programme._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field no longer on the model
        return field


def sentence(change: ProgrammeChange, reader: _Reader) -> str:
    """One change as a sentence: who did what, with the values before and after."""
    who = str(change.changed_by) if change.changed_by_id else _("A removed account")
    field = change.field
    if field == "created":
        return _("%(who)s created the programme %(title)s.") % {
            "who": who,
            "title": _quoted(change.new_value),
        }
    if field == "rules_version":
        return _(
            "%(who)s made the rules version %(number)s; applications sent before keep the "
            "rules they were sent under."
        ) % {"who": who, "number": change.new_value}
    if field == "session added":
        return _("%(who)s added a training session: %(details)s.") % {
            "who": who,
            "details": reader.session(change),
        }
    if field == "session changed":
        return _("%(who)s changed a training session: %(details)s.") % {
            "who": who,
            "details": reader.session(change),
        }
    values = {
        "who": who,
        "field": _quoted(_label(field)),
        "old": _quoted(reader.value(field, change.old_value), whole=field == "rules"),
        "new": _quoted(reader.value(field, change.new_value), whole=field == "rules"),
    }
    if not change.old_value:
        return _("%(who)s set %(field)s to %(new)s.") % values
    if not change.new_value:
        return _("%(who)s emptied %(field)s (it was %(old)s).") % values
    return _("%(who)s changed %(field)s from %(old)s to %(new)s.") % values


def change_lines(changes) -> list[dict[str, Any]]:
    """The changes as {"at": when, "text": sentence}, newest first as given."""
    changes = list(changes)
    reader = _Reader(changes)
    return [{"at": change.changed_at, "text": sentence(change, reader)} for change in changes]

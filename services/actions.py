"""Writes to the catalogue: creating, editing and publishing programmes and their sessions.

Every change to a programme is recorded field by field (who, when, before, after), and every
write keeps the programme's search words up to date.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from services import addresses, screening, search
from services.eligibility import ELIGIBLE, LIST_OPERATORS, parse_facts, validate_rules
from services.jurisdictions import session_districts
from services.models import (
    FormerSlug,
    Programme,
    ProgrammeChange,
    ScreenerAnswers,
    TrainingSession,
)

MANY_TO_MANY = {"parks": "slug", "documents": "code"}
Status = Programme.Status

# Which status may follow which: a closed programme can be reopened; archived is final.
TRANSITIONS = {
    Status.DRAFT: {Status.PUBLISHED, Status.ARCHIVED},
    Status.PUBLISHED: {Status.CLOSED},
    Status.CLOSED: {Status.PUBLISHED, Status.ARCHIVED},
    Status.ARCHIVED: set(),
}


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _unordered(node: Any) -> Any:
    """A rule tree in which a list of values (“is one of”) is a set: the same rules whatever the
    order the values were ticked or typed in."""
    if isinstance(node, dict):
        if node.get("op") in LIST_OPERATORS and isinstance(node.get("value"), list):
            return {**node, "value": sorted(node["value"], key=repr)}
        return {key: _unordered(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_unordered(child) for child in node]
    return node


def programme_reindex(*, programme: Programme) -> None:
    """Store the programme's words for search (and its weighted tsvector on PostgreSQL)."""
    department = programme.department
    parks = list(programme.parks.all())
    kind_labels = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            kind_labels.append(str(programme.get_kind_display()))
    parts = search.document_parts(search.programme_texts(programme, department, parks, kind_labels))
    document = " ".join(parts.values())
    updates: dict[str, Any] = {"search_document": document}
    if connection.vendor == "postgresql":
        updates["search_vector"] = search.weighted_vector(parts)
    Programme.objects.filter(pk=programme.pk).update(**updates)
    programme.search_document = document


def _check_slug_free(slug: str, *, programme_id: int | None) -> None:
    if addresses.slug_taken(slug, programme_id=programme_id):
        raise ValidationError(
            {
                "slug": _(
                    "Another programme has or had this address: choose another, or leave it "
                    "empty and one is made."
                )
            },
            code="slug_taken",
        )


def _move_address(programme: Programme, new: str) -> None:
    """The programme's address becomes `new`; the old one keeps leading to it."""
    _check_slug_free(new, programme_id=programme.pk)
    FormerSlug.objects.filter(programme=programme, slug=new).delete()
    FormerSlug.objects.get_or_create(slug=programme.slug, defaults={"programme": programme})


def _record(programme, by, field, old, new, now) -> ProgrammeChange:
    return ProgrammeChange(
        programme=programme,
        changed_by=by,
        changed_at=now,
        field=field,
        old_value=_as_text(old),
        new_value=_as_text(new),
    )


@transaction.atomic
def programme_create(*, by, data: dict[str, Any]) -> Programme:
    """A new draft programme. `data` holds model fields, `parks` and `documents` querysets."""
    fields = {key: value for key, value in data.items() if key not in MANY_TO_MANY}
    fields["rules"] = validate_rules(fields.get("rules"))
    if fields.get("slug"):
        _check_slug_free(fields["slug"], programme_id=None)
    else:
        fields["slug"] = addresses.slug_for(fields.get("title_zh", ""), fields.get("title_en", ""))
    programme = Programme(status=Status.DRAFT, **fields)
    programme.full_clean()
    programme.save()
    for name in MANY_TO_MANY:
        if name in data:
            getattr(programme, name).set(data[name])
    ProgrammeChange.objects.create(
        programme=programme,
        changed_by=by,
        field="created",
        new_value=programme.title_zh,
    )
    programme_reindex(programme=programme)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, by, data: dict[str, Any]) -> list[ProgrammeChange]:
    """Apply the changed fields and record each one; changed rules get a new version number.

    The rules version is what an application keeps, so a rule change never rewrites what
    somebody applied under.
    """
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    now = timezone.now()
    changes = []
    for name, new in data.items():
        if name in MANY_TO_MANY:
            key = MANY_TO_MANY[name]
            manager = getattr(locked, name)
            old_keys = sorted(manager.values_list(key, flat=True))
            new_keys = sorted(getattr(item, key) for item in new)
            if old_keys != new_keys:
                manager.set(new)
                changes.append(_record(locked, by, name, old_keys, new_keys, now))
            continue
        if name == "rules":
            new = validate_rules(new)
            if _unordered(new) == _unordered(locked.rules):
                continue  # the same rules, the values listed in another order
        if name == "slug" and not new:
            continue  # an emptied address stays as it is
        old = getattr(locked, name)
        if name == "slug" and old != new:
            _move_address(locked, new)
        if old != new:
            setattr(locked, name, new)
            changes.append(_record(locked, by, name, old, new, now))
    if any(change.field == "rules" for change in changes):
        changes.append(
            _record(
                locked, by, "rules_version", locked.rules_version, locked.rules_version + 1, now
            )
        )
        locked.rules_version += 1
    if changes:
        locked.full_clean()
        locked.save()
        ProgrammeChange.objects.bulk_create(changes)
        programme_reindex(programme=locked)
    programme.refresh_from_db()
    return changes


def publish_problems(programme: Programme) -> list[str]:
    """What stops a programme from being published, in words for the park manager."""
    problems = []
    # The English text is optional: English readers see the Chinese, marked as such.
    for field in ("title_zh", "summary_zh", "description_zh"):
        if not getattr(programme, field).strip():
            label = Programme._meta.get_field(field).verbose_name
            problems.append(_("Fill in the %(field)s.") % {"field": label})
    if not programme.parks.exists():
        problems.append(_("Choose at least one park where the programme is offered."))
    if programme.closes_on and programme.closes_on < timezone.localdate():
        problems.append(_("The intake window has already closed; change its closing date."))
    if programme.kind == Programme.Kind.TRAINING and not programme.sessions.exists():
        problems.append(_("Add at least one training session."))
    return problems


@transaction.atomic
def programme_set_status(*, programme: Programme, by, status: str) -> Programme:
    """Move a programme along draft → published → closed → archived, recording who did it."""
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if status not in TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A programme that is %(current)s cannot become %(new)s.")
            % {"current": locked.get_status_display(), "new": Status(status).label},
            code="invalid_transition",
        )
    if status == Status.PUBLISHED:
        problems = publish_problems(locked)
        if problems:
            raise ValidationError(problems, code="incomplete")
        locked.published_at = locked.published_at or timezone.now()
    ProgrammeChange.objects.create(
        programme=locked, changed_by=by, field="status", old_value=locked.status, new_value=status
    )
    locked.status = status
    locked.save(update_fields=["status", "published_at", "updated_at"])
    programme.refresh_from_db()
    return locked


@transaction.atomic
def session_save(
    *, programme: Programme, by, data: dict[str, Any], session: TrainingSession | None = None
) -> TrainingSession:
    """Add or change a training session; seats cannot drop below the seats already taken."""
    is_new = session is None
    session = (
        TrainingSession(programme=programme)
        if is_new
        else TrainingSession.objects.select_for_update().get(pk=session.pk)
    )
    before = {name: getattr(session, name) for name in data} if not is_new else {}
    for name, value in data.items():
        setattr(session, name, value)
    if session.jurisdiction_id is None and not programme.department.jurisdiction.is_municipal:
        session.jurisdiction_id = programme.department.jurisdiction_id  # its only place
    if (
        session.jurisdiction_id is not None
        and not session_districts(programme).filter(pk=session.jurisdiction_id).exists()
    ):
        raise ValidationError(
            {
                "jurisdiction": _("A session of “%(programme)s” is held in %(district)s.")
                % {
                    "programme": programme.title,
                    "district": programme.department.jurisdiction.name,
                }
            }
        )
    if session.seats is not None and session.seats < session.seats_taken:
        raise ValidationError(
            {"seats": _("%(taken)s seats are already taken.") % {"taken": session.seats_taken}}
        )
    session.full_clean()
    if is_new:
        session.save()
    else:
        session.save(update_fields=list(data))  # never write back an old seats_taken
    field = "session added" if is_new else "session changed"
    changed = [name for name in data if is_new or before[name] != getattr(session, name)]
    if not changed:
        return session  # saved as it was: nothing to record
    old = "" if is_new else {name: _as_text(before[name]) for name in changed}
    new = {name: _as_text(getattr(session, name)) for name in changed}
    ProgrammeChange.objects.create(
        programme=programme,
        changed_by=by,
        field=field,
        old_value=_as_text(old),
        new_value=_as_text(new),
    )
    return session


# Answers given this long before signing in are the signed-in person's own: older ones may be
# another visitor's, left in the browser's session at a shared computer of a service centre.
FRESH_ANSWERS_SECONDS = 30 * 60


def screener_answers_keep_at_sign_in(*, user, facts: dict[str, Any], age_seconds: float):
    """Keep the screener answers given in this visit on the account signing in, if it is an
    applicant's and they were given just before (FRESH_ANSWERS_SECONDS); their matches are
    the programmes they fit today. None when nothing is kept."""
    if not user.is_applicant or not facts or age_seconds > FRESH_ANSWERS_SECONDS:
        return None
    judged = screening.programmes_judged(facts=parse_facts(facts), today=timezone.localdate())
    return screener_answers_keep(user=user, facts=facts, matched=judged[ELIGIBLE])


@transaction.atomic
def screener_answers_keep(*, user, facts: dict[str, Any], matched: list[Programme]):
    """Keep a person's latest screener answers and matches on their account."""
    answers, _created = ScreenerAnswers.objects.update_or_create(
        user=user, defaults={"facts": facts}
    )
    answers.matched.set(matched)
    return answers

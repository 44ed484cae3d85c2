"""A programme's address on the portal (its slug): made for the park manager, kept when it moves.

Park managers write Chinese titles; an address has to be small Latin letters, digits and "-".
So the address is made from the Chinese title in pinyin, word by word (jieba's words, so
返乡创业补贴 becomes fanxiang-chuangye-butie), or from a number when the title gives nothing.
When a manager changes the address, the old one is kept (FormerSlug) and leads to the new one:
links in posters, messages and bookmarks keep working.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pypinyin import lazy_pinyin

from services import search

SLUG_MAX = 60
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _trimmed(slug: str, limit: int) -> str:
    """At most `limit` characters, cut between words where it can be."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    if "-" in cut and slug[limit] != "-":
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


def pinyin_slug(text: str) -> str:
    """An address made from a title in any script: Chinese words in pinyin, joined by "-"."""
    text = unicodedata.normalize("NFKC", text or "")
    parts = []
    for word in search._jieba().lcut(text):
        part = slugify("".join(lazy_pinyin(word, errors="default")))
        if part:
            parts.append(part)
    return _trimmed("-".join(parts), SLUG_MAX)


def slug_taken(slug: str, *, programme_id: int | None = None) -> bool:
    """Another programme has this address now, or had it before (it still leads there)."""
    from services.models import FormerSlug, Programme

    current = Programme.objects.filter(slug=slug)
    former = FormerSlug.objects.filter(slug=slug)
    if programme_id is not None:
        current = current.exclude(pk=programme_id)
        former = former.exclude(programme_id=programme_id)
    return current.exists() or former.exists()


def free_slug(base: str, *, programme_id: int | None = None) -> str:
    """`base`, or `base-2`, `base-3` … : the first that no other programme uses."""
    base = base or "programme"
    candidate, number = base, 1
    while slug_taken(candidate, programme_id=programme_id):
        number += 1
        suffix = f"-{number}"
        candidate = _trimmed(base, SLUG_MAX - len(suffix)) + suffix
    return candidate


def slug_for(title_zh: str, title_en: str = "", *, programme_id: int | None = None) -> str:
    """A new address for a programme with these titles."""
    return free_slug(pinyin_slug(title_zh) or pinyin_slug(title_en), programme_id=programme_id)


def clean_slug(text: str) -> str:
    """What a manager typed as an address, tidied (capitals, spaces), or a plain message."""
    typed = unicodedata.normalize("NFKC", text or "").strip()
    slug = re.sub(r"[\s_]+", "-", typed.lower())
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if _SLUG.fullmatch(slug) and len(slug) <= SLUG_MAX:
        return slug
    if len(slug) > SLUG_MAX:
        message = _("The address is too long: at most %(count)s characters.") % {"count": SLUG_MAX}
    elif _CJK.search(typed):
        message = _(
            "An address cannot hold Chinese characters: use small letters, digits and “-”, "
            "such as %(example)s. Or leave it empty and it is made from the Chinese title."
        ) % {"example": pinyin_slug(typed) or "chuangye-butie"}
    else:
        message = _(
            "An address may hold only small letters (a–z), digits and “-”. Or leave it empty "
            "and it is made from the Chinese title."
        )
    raise ValidationError(message, code="invalid_slug")


def moved_to(slug: str):
    """The programme the public can see that had this address before, or None."""
    from services.models import FormerSlug, Programme

    former = (
        FormerSlug.objects.select_related("programme")
        .filter(
            slug=slug,
            programme__status__in=[Programme.Status.PUBLISHED, Programme.Status.CLOSED],
        )
        .first()
    )
    return former.programme if former else None


def redirect_if_moved(request, slug: str, url_name: str) -> HttpResponseRedirect:
    """To the programme's new address (same query), or 404 when no programme had this one.
    Not a permanent redirect: an address may come back to the programme (or move again), and
    browsers keep a 301 for good."""
    programme = moved_to(slug)
    if programme is None:
        raise Http404("No such programme")
    url = reverse(url_name, kwargs={"slug": programme.slug})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(f"{url}?{query}" if query else url)

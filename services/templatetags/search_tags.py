"""Where a search matched: the words of the query marked in a programme's text."""

import re

from django import template
from django.utils.html import escape, format_html

from portal.templatetags.portal_tags import in_its_language
from services.search import normalized, query_words

register = template.Library()


def marked(text: str, query: str) -> str:
    """The text, escaped, with each word of the query in it marked (<mark>)."""
    terms = sorted(query_words(query or ""), key=len, reverse=True)
    if not terms or not text:
        return escape(text or "")
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    # Matched on the text as searched (full-width folded, traditional as simplified) where that
    # keeps its length, else on the text as written (the pattern ignores case).
    searched = normalized(text)
    plain = searched if len(searched) == len(text) else text
    parts, last = [], 0
    for match in pattern.finditer(plain):
        parts += [escape(text[last : match.start()]), text[match.start() : match.end()]]
        last = match.end()
    parts.append(escape(text[last:]))
    template_html = "".join("{}" if i % 2 == 0 else "<mark>{}</mark>" for i in range(len(parts)))
    return format_html(template_html, *parts)


@register.simple_tag
def found_in(item, field: str, query: str) -> str:
    """`item.<field>` in the active language (as `localized`), the query's words marked."""
    return in_its_language(marked(item.localized(field), query), item.fallback_language(field))

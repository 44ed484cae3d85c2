from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from portal.bilingual import clause_separator, label_separator, list_separator

register = template.Library()


@register.filter
def join_names(items) -> str:
    """Names in a list, joined the way the active language joins them."""
    return list_separator().join(str(item) for item in items)


@register.filter
def label(names, code) -> str:
    """The name of a code in a table of names (a state, an event), or "" if it has none."""
    return names.get(code, "")


@register.filter
def join_clauses(items) -> str:
    """Items that hold commas themselves, joined by the active language's semicolon."""
    return clause_separator().join(str(item) for item in items)


@register.simple_tag
def colon() -> str:
    """Between a label and its value, as the active language writes it (：or : )."""
    return label_separator()


@register.simple_tag
def semicolon() -> str:
    return clause_separator()


@register.filter
def money(value) -> str:
    """An amount of yuan with its digits grouped by three, in every language: 200,000 (and
    2,500.50 when it has fen). The Chinese locale groups nothing by itself."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


@register.simple_tag
def localized(item, field: str) -> str:
    """`item.<field>` in the active language; where only the other language has it, that text
    in its own language (for screen readers and fonts), marked as such."""
    return in_its_language(item.localized(field), item.fallback_language(field))


def in_its_language(text, language: str | None) -> str:
    """A text (escaped unless safe) marked with its language when it is not the page's."""
    if language is None:
        return format_html("{}", text)
    marker = _("in Chinese") if language == "zh-Hans" else _("in English")
    return format_html(
        '<span lang="{}">{}</span> <small class="badge text-bg-light border fw-normal '
        'fallback-language">{}</small>',
        language,
        text,
        marker,
    )


@register.inclusion_tag("includes/nav_link.html", takes_context=True)
def nav_link(context, view_name: str, text) -> dict:
    """A link of the main menu, marked as the current page when it is the one shown."""
    match = getattr(context.get("request"), "resolver_match", None)
    return {
        "url": reverse(view_name),
        "text": text,
        "current": match is not None and match.view_name == view_name,
    }

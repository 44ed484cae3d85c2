from django import template

from portal.bilingual import list_separator

register = template.Library()


@register.filter
def join_names(items) -> str:
    """Names in a list, joined the way the active language joins them."""
    return list_separator().join(str(item) for item in items)

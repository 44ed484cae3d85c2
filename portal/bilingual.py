"""Content kept in both languages as <field>_zh and <field>_en, shown in the active one."""

from django.utils.translation import get_language


def active_suffixes() -> tuple[str, str]:
    """The field suffix for the active language first, the other as a fallback."""
    language = get_language() or "zh-hans"
    return ("en", "zh") if language.startswith("en") else ("zh", "en")


LANGUAGE_OF_SUFFIX = {"zh": "zh-Hans", "en": "en"}


class BilingualMixin:
    def localized(self, field: str) -> str:
        primary, fallback = active_suffixes()
        return getattr(self, f"{field}_{primary}") or getattr(self, f"{field}_{fallback}")

    def fallback_language(self, field: str) -> str | None:
        """The language of the text shown for `field` when it is not the active one (the
        Chinese shown to an English reader), else None."""
        primary, fallback = active_suffixes()
        if getattr(self, f"{field}_{primary}") or not getattr(self, f"{field}_{fallback}"):
            return None
        return LANGUAGE_OF_SUFFIX[fallback]


class Localized:
    """`title = Localized("title")` reads title_zh or title_en, whichever the language wants."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.localized(self.field)


def list_separator() -> str:
    """Chinese lists take the enumeration comma 、; English ones a comma and a space."""
    return ", " if active_suffixes()[0] == "en" else "、"


def label_separator() -> str:
    """Between a label and its value: the full-width colon in Chinese, ": " in English."""
    return ": " if active_suffixes()[0] == "en" else "："


def sentences(*parts: str) -> str:
    """Sentences one after another: no space after Chinese punctuation, one in English."""
    return (" " if active_suffixes()[0] == "en" else "").join(str(part) for part in parts if part)


def clause_separator() -> str:
    """Between items that hold commas themselves: "；" in Chinese, "; " in English."""
    return "; " if active_suffixes()[0] == "en" else "；"

"""Chinese is the default language and its catalogue must be complete."""

from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def load():
    with CATALOGUE.open("rb") as stream:
        return read_po(stream)


def test_every_message_has_a_chinese_translation():
    missing = [
        message.id
        for message in load()
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    assert missing == []


def test_no_translation_is_left_fuzzy():
    assert [message.id for message in load() if message.id and message.fuzzy] == []


def test_compiled_catalogue_is_newer_than_its_source():
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "run `make messages`"
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime

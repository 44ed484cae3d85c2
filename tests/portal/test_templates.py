"""Templates stay readable: no form control buried in a line of more than 300 characters, and
no label looked up by looping over a dict (a filter or the view gives it)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CONTROL = re.compile(r"<(input|select|textarea|button|form)\b")
DICT_LOOP = re.compile(r"{%\s*for\s+\w+\s*,\s*\w+\s+in\s+[\w.]+\.items\s*%}")


def lines():
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{path.relative_to(TEMPLATES)}:{number}", line


def test_no_form_control_is_in_a_line_of_more_than_300_characters():
    assert [where for where, line in lines() if len(line) > 300 and CONTROL.search(line)] == []


def test_no_template_loops_over_a_dict_to_find_a_label():
    assert [where for where, line in lines() if DICT_LOOP.search(line)] == []

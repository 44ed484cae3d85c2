"""What a browser would send for a form of a rendered page, left as the page shows it.

A browser keeps only values its controls can hold: `<input type="date">` drops a value that is
not an ISO date (2027-02-28), `datetime-local` one that is not 2027-02-28T09:30, `number` one
that is not a number. Posting the raw `value` attributes would hide exactly the bug these
helpers exist to catch (a date rendered as 1991/05/05 shows empty and is erased on saving).
"""

import datetime
import re
from html.parser import HTMLParser

_TEXT_LIKE = {"", "text", "search", "tel", "email", "url", "password", "hidden"}


def _sanitized(kind: str, value: str) -> str:
    """The value sanitisation algorithm of the HTML standard, for the input types we use."""
    if kind == "date":
        if re.fullmatch(r"\d{4,}-\d{2}-\d{2}", value):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return ""
            return value
        return ""
    if kind == "datetime-local":
        match = re.fullmatch(
            r"(\d{4,}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)", value
        )
        if not match:
            return ""
        try:
            moment = datetime.datetime.fromisoformat(f"{match[1]}T{match[2]}")
        except ValueError:
            return ""
        # Normalised: seconds only when not zero.
        return moment.strftime("%Y-%m-%dT%H:%M" + (":%S" if moment.second else ""))
    if kind == "number":
        try:
            float(value)
        except ValueError:
            return ""
        return value
    if kind in _TEXT_LIKE:
        return value.replace("\r", "").replace("\n", "") if kind != "hidden" else value
    return value


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attributes, "controls": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input":
            self._form["controls"].append({"tag": "input", **attributes})
        elif tag == "select":
            self._select = {"tag": "select", **attributes, "options": []}
            self._form["controls"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {**attributes, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", **attributes, "text": ""}
            self._form["controls"].append(self._textarea)
        elif tag == "button":
            self._form["controls"].append({"tag": "button", **attributes})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data


def page_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_data(html: str, *, containing: str) -> dict[str, list[str]]:
    """The data set of the page's form that has a control named `containing`, as a browser
    submits it without a named button (the files left out)."""
    for form in page_forms(html):
        if any(control.get("name") == containing for control in form["controls"]):
            return _data_set(form)
    raise AssertionError(f"No form on the page has a field named {containing!r}")


def _data_set(form: dict) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}

    def add(name, value):
        data.setdefault(name, []).append(value)

    for control in form["controls"]:
        name = control.get("name")
        if not name or "disabled" in control:
            continue
        if control["tag"] == "input":
            kind = control.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if "checked" in control:
                    add(name, control.get("value", "on"))
                continue
            add(name, _sanitized(kind, control.get("value", "")))
        elif control["tag"] == "select":
            options = [option for option in control["options"] if "disabled" not in option]
            chosen = [option for option in options if "selected" in option]
            if not chosen and "multiple" not in control and options:
                chosen = options[:1]
            for option in chosen:
                add(name, option.get("value", option["text"].strip()))
        elif control["tag"] == "textarea":
            text = control["text"]
            # The parser keeps the newline the HTML standard drops after <textarea>; a
            # browser sends every line break as CR LF.
            text = text[1:] if text.startswith("\n") else text
            add(name, text.replace("\r\n", "\n").replace("\n", "\r\n"))
    return data

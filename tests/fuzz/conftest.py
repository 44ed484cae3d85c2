"""Bad input for every form and endpoint: what people paste, what scripts send, what breaks.

The strategies start from a valid post and spoil some of its fields (script tags, SQL, very
long text, NUL bytes, invalid UTF-8, emoji, right-to-left text, numbers out of range, wrong
types), leave some out and add unknown ones. Each example runs in a transaction that is
rolled back, so one example never changes what the next one sees.
"""

import contextlib
from urllib.parse import quote, quote_from_bytes

import pytest
from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Few examples per form: the whole part runs in about two minutes on two cores.
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is a failure every time
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
NASTY = [
    SCRIPT,
    ATTRIBUTE,
    "' OR '1'='1' --",
    "'; DROP TABLE applications_application; --",
    "\x00",
    "a\x00b",
    "😀👨\u200d👩\u200d👧 焊工",
    "\u202eFDP.exe",
    "مرحبا بالعالم",
    "שלום",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "true",
    "null",
    "[]",
    '{"a": 1}',
    " ",
    "",
    "x" * 100_000,
    "身" * 3000,
    "../../etc/passwd",
    "%00",
    "\r\nSet-Cookie: x=1",
]
# Bytes that are not UTF-8 (a lone surrogate as UTF-8, a stray continuation byte, Latin-1).
BAD_BYTES = [b"\xed\xa0\x80", b"\xff\xfe", b"\x80abc", b"caf\xe9", b"\xc3"]

# One value as sent: text, or raw bytes that may not be UTF-8.
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.sampled_from(BAD_BYTES),
    st.binary(max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _quoted(value) -> str:
    if isinstance(value, bytes):
        return quote_from_bytes(value)
    return quote(str(value).encode("utf-8", "surrogatepass"))


def urlencoded(data: dict) -> bytes:
    """A form body as a browser (or a script) sends it; lists post a field several times."""
    pairs = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append(f"{_quoted(name)}={_quoted(one)}")
    return "&".join(pairs).encode("ascii")


@st.composite
def spoiled(draw, valid: dict, extra=True):
    """A valid post with some fields spoiled, some left out and perhaps unknown ones added."""
    data = dict(valid)
    names = sorted(data)
    for name in draw(st.sets(st.sampled_from(names), max_size=len(names))) if names else ():
        if draw(st.integers(0, 4)) == 0:
            del data[name]
        elif draw(st.booleans()):
            data[name] = draw(values)
        else:
            data[name] = draw(st.lists(values, min_size=1, max_size=3))
    if extra and draw(st.booleans()):
        data[draw(st.sampled_from(["is_superuser", "role", "id", "status", "\x00", "a" * 300]))] = (
            draw(values)
        )
    return data


@contextlib.contextmanager
def rolled_back():
    """Everything an example writes is undone before the next one."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def post_form(client, url, data):
    return client.generic(
        "POST", url, urlencoded(data), content_type="application/x-www-form-urlencoded"
    )


def get_query(client, url, data):
    return client.get(f"{url}?{urlencoded(data).decode()}")


def assert_handled(response, *, named=True):
    """Never a server error, never a stack trace; a refused field is named beside its error.

    Filters in a query string (named=False) drop what they cannot use instead.
    """
    assert response.status_code < 500, response.status_code
    body = response.content.decode("utf-8", "replace")
    assert "Traceback" not in body
    assert 'File "/' not in body
    if not named or response.status_code != 200 or response.context is None:
        return
    for key in ("form", "programmes_form", "formset"):
        form = response.context.get(key)
        if form is None or not form.is_bound:
            continue
        for each in getattr(form, "forms", [form]):
            for field, errors in each.errors.items():
                assert field == "__all__" or field in each.fields, field
                for error in errors:
                    assert escape(error) in body, (response.request["PATH_INFO"], field, error)


@pytest.fixture
def case_referral(submitted):
    """The part of the submitted application that the HRSS department handles."""
    return submitted.referrals.get(department__code="hrss")

"""Form widgets whose rendered value the browser can read back, in every language.

`<input type="date">` accepts only an ISO date (2027-02-28) as its value and
`<input type="datetime-local">` only 2027-02-28T09:30; anything else (the Chinese locale's
1991/05/05) is thrown away by the browser, so the field shows empty and saving the form again
erases the date. Django renders a date in the active locale's first input format unless the
widget names its own, so every date and datetime field of the portal uses these.
`tests/portal/test_date_round_trip.py` fails for a form with a date that does not.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """A local date and time to the minute, in the portal's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_LOCAL_DATETIME)


class Textarea(forms.Textarea):
    """A browser sends every line break of a textarea as CR LF; kept as one LF, so a text
    saved unchanged stays the same (and the change history shows no change)."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value

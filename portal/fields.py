"""Fields for the ids and counters typed into forms and API bodies: bounded by what the
database can hold (a bigint), so that 2⁷⁰ is a field error, not a database error."""

from django import forms
from rest_framework import serializers

MAX_ID = 2**63 - 1  # PostgreSQL's bigint, the type of every id
MAX_COUNT = 2**31 - 1  # its integer, the type of counters such as a referral's version


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdSerializerField(serializers.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
